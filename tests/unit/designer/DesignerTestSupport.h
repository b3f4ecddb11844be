#pragma once
// Helpers for the designer's core tests: shipped files by relative name and golden comparison
// (AVOCET_UPDATE_GOLDEN=1 rewrites a golden after a reviewed, intended change).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/mapping/EprMapping.h"

namespace avocet::test::designer {

namespace fs = std::filesystem;
using nlohmann::json;

inline fs::path sourcePath(const std::string& relative) { return fs::path(AVOCET_SOURCE_DIR) / relative; }

inline json readJson(const std::string& relative)
{
    auto parsed = core::mapping::readJsonFile(sourcePath(relative));
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return parsed.ok() ? *parsed : json();
}

inline void expectGolden(const std::string& name, const json& actual)
{
    const fs::path path = sourcePath("tests/unit/designer/golden/" + name);
    const char* update = std::getenv("AVOCET_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(path) << actual.dump(2) << "\n";
        return;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << "missing golden " << path << " (run with AVOCET_UPDATE_GOLDEN=1 once reviewed)";
    std::stringstream text;
    text << in.rdbuf();
    const json expected = json::parse(text.str());
    EXPECT_EQ(expected, actual) << "golden " << name << " differs; actual:\n" << actual.dump(2);
}

} // namespace avocet::test::designer
