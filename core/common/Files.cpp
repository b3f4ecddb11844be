#include "core/common/Files.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace avocet::core {

namespace fs = std::filesystem;

namespace {
std::atomic<RenameFunction> g_rename{nullptr};

int doRename(const char* from, const char* to)
{
    const RenameFunction hook = g_rename.load();
    return hook != nullptr ? hook(from, to) : ::rename(from, to);
}

Error ioError(const std::string& what, const fs::path& path, int err)
{
    return makeError(err == ENOSPC ? ErrorCode::StoreDiskFull : ErrorCode::IoError,
                     what + " " + path.filename().string() + ": " + std::strerror(err));
}
} // namespace

Result<std::string> readWholeFile(const fs::path& path, std::size_t maxBytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? makeError(ErrorCode::NotFound, path.filename().string() + " does not exist")
                               : ioError("Cannot read", path, errno);
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return ioError("Cannot read", path, err);
        }
        if (n == 0)
            break;
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > maxBytes) {
            ::close(fd);
            return makeError(ErrorCode::InvalidArgument,
                             path.filename().string() + " is larger than " + std::to_string(maxBytes) + " bytes");
        }
    }
    ::close(fd);
    return out;
}

Status fsyncPath(const fs::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError("Cannot open", path, errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0)
        return ioError("Cannot flush", path, err);
    return {};
}

Status writeFileAtomically(const fs::path& path, std::string_view content, unsigned mode)
{
    const fs::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0)
        return ioError("Cannot write", tmp, errno);
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return ioError("Cannot write", tmp, err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return ioError("Cannot flush", tmp, err);
    }
    ::close(fd);
    if (Status st = renameDurably(tmp, path); !st) {
        ::unlink(tmp.c_str()); // our own copy: the file at path is as it was
        return st;
    }
    return {};
}

Status renameDurably(const fs::path& from, const fs::path& to)
{
    if (doRename(from.c_str(), to.c_str()) != 0)
        return ioError("Cannot replace", to, errno);
    return fsyncPath(to.parent_path().empty() ? fs::path(".") : to.parent_path());
}

void setRenameFunctionForTesting(RenameFunction rename) { g_rename.store(rename); }

Status createPrivateDirectory(const fs::path& path)
{
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec)
        return makeError(ErrorCode::IoError, "Cannot create the folder " + path.string() + ": " + ec.message());
    if (::chmod(path.c_str(), 0700) != 0)
        return ioError("Cannot protect the folder", path, errno);
    return {};
}

FileLock::~FileLock() { release(); }

FileLock::FileLock(FileLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept
{
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

Result<FileLock> FileLock::acquire(const fs::path& path)
{
    FileLock lock;
    lock.m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock.m_fd < 0)
        return ioError("Cannot open", path, errno);
    if (::flock(lock.m_fd, LOCK_EX | LOCK_NB) != 0)
        return makeError(ErrorCode::ProfileInUse,
                         "This profile is already open in another Avocet window or program. Close it there first.");
    return lock;
}

void FileLock::release()
{
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
        m_fd = -1;
    }
}

} // namespace avocet::core
