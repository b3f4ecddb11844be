#pragma once
// Small POSIX file helpers for crash-safe writes (write a sibling, fsync, rename, fsync the folder).

#include <filesystem>
#include <string>
#include <string_view>

#include "core/common/Result.h"

namespace avocet::core {

Result<std::string> readWholeFile(const std::filesystem::path& path, std::size_t maxBytes = 16u << 20);
// Writes `content` to path atomically: path + ".tmp", fsync, rename over path, fsync the folder.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view content, unsigned mode = 0600);
// Renames from over to and fsyncs the folder. A failed rename leaves both files as they were: the
// source is never deleted (late in a rekey it can be the only wrap of the key the cache is under).
Status renameDurably(const std::filesystem::path& from, const std::filesystem::path& to);
Status fsyncPath(const std::filesystem::path& path);
// Creates the folder (and parents) and forces its permissions to 0700.
Status createPrivateDirectory(const std::filesystem::path& path);

// Tests only: replaces ::rename for every rename these helpers do (nullptr restores it), so a test
// can make any one of them fail and check that nothing is lost.
using RenameFunction = int (*)(const char* from, const char* to);
void setRenameFunctionForTesting(RenameFunction rename);

// An exclusive advisory lock held on a file for the object's life (flock).
class FileLock
{
public:
    FileLock() = default;
    ~FileLock();
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    // Busy when another process (or another FileLock in this one) holds it.
    static Result<FileLock> acquire(const std::filesystem::path& path);
    bool isHeld() const { return m_fd >= 0; }
    void release();

private:
    int m_fd = -1;
};

} // namespace avocet::core
