#include "tests/support/FileScan.h"

#include <sodium.h>
#include <sys/stat.h>

#include "core/crypto/SecureBuffer.h"
#include "tests/support/TempDir.h"

namespace avocet::test {

namespace fs = std::filesystem;

std::string sha256Hex(const std::string& bytes)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return core::crypto::toHex(digest, sizeof digest);
}

std::map<std::string, FileState> snapshotDirectory(const fs::path& dir)
{
    std::map<std::string, FileState> out;
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return out;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
        if (!entry.is_regular_file())
            continue;
        struct stat st{};
        ::stat(entry.path().c_str(), &st);
        FileState state;
        state.sha256 = sha256Hex(readFile(entry.path()));
        state.mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
        state.size = static_cast<std::uintmax_t>(st.st_size);
        state.mode = st.st_mode & 07777;
        out[fs::relative(entry.path(), dir).string()] = state;
    }
    return out;
}

std::vector<std::string> findInFiles(const fs::path& dir, const std::vector<std::string>& needles)
{
    std::vector<std::string> hits;
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return hits;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
        if (!entry.is_regular_file())
            continue;
        const std::string bytes = readFile(entry.path());
        for (const auto& needle : needles)
            if (bytes.find(needle) != std::string::npos)
                hits.push_back(entry.path().filename().string() + ": " + needle);
    }
    return hits;
}

} // namespace avocet::test
