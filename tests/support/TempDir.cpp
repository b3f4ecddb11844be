#include "tests/support/TempDir.h"

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace avocet::test {

namespace fs = std::filesystem;

TempDir::TempDir(const std::string& tag)
{
    static std::atomic<int> counter{0};
    std::random_device rd;
    fs::path root = fs::path(AVOCET_BINARY_DIR) / "test-tmp";
    fs::create_directories(root);
    m_path = root / (tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                     std::to_string(rd() % 100000));
    fs::create_directories(m_path);
}

TempDir::~TempDir()
{
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

fs::path fixturePath(const std::string& relative)
{
    return fs::path(AVOCET_FIXTURES_DIR) / relative;
}

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace avocet::test
