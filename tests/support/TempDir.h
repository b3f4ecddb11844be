#pragma once
#include <filesystem>
#include <string>

namespace avocet::test {

// A fresh directory under the build tree (never /tmp, so point 7 can watch /tmp), removed on scope exit.
class TempDir
{
public:
    explicit TempDir(const std::string& tag = "t");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// Path to a file in ../shared/fixtures (the real public questionnaires).
std::filesystem::path fixturePath(const std::string& relative);
std::string readFile(const std::filesystem::path& path);

} // namespace avocet::test
