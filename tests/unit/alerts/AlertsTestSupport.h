#pragma once
// Shared by the alerts tests: the built-in rule tables, and ISO times and dates that must parse.

#include <gtest/gtest.h>

#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"

namespace avocet::core::alerts::testing {

inline const RuleLibrary& builtinRules()
{
    static const RuleLibrary library = [] {
        auto loaded = RuleLibrary::builtin();
        if (!loaded.ok())
            ADD_FAILURE() << loaded.message();
        return loaded.ok() ? std::move(loaded).value() : RuleLibrary{};
    }();
    return library;
}

inline Instant instant(const char* iso)
{
    auto parsed = parseIsoInstant(iso);
    EXPECT_TRUE(parsed.ok()) << iso << ": " << parsed.message();
    return parsed.ok() ? parsed.value() : Instant{};
}

inline LocalDate day(const char* iso)
{
    auto parsed = parseIsoDate(iso);
    EXPECT_TRUE(parsed.ok()) << iso << ": " << parsed.message();
    return parsed.ok() ? parsed.value() : LocalDate{};
}

} // namespace avocet::core::alerts::testing
