#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace avocet::test {

struct FileState
{
    std::string sha256;
    long long mtimeNs = 0;
    std::uintmax_t size = 0;
    unsigned mode = 0;
};

// Every regular file below dir (recursively), keyed by its path relative to dir.
std::map<std::string, FileState> snapshotDirectory(const std::filesystem::path& dir);

// "file: needle" for each needle found in the raw bytes of any file below dir (like grep -a).
std::vector<std::string> findInFiles(const std::filesystem::path& dir, const std::vector<std::string>& needles);

std::string sha256Hex(const std::string& bytes);

} // namespace avocet::test
