#pragma once
#include <string>

#include <gtest/gtest.h>

#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "tests/support/TempDir.h"
#include "tests/unit/forms/FhirPathTestSupport.h"

namespace avocet::test {

inline core::forms::Questionnaire loadFixture(const std::string& name)
{
    auto q = core::forms::Questionnaire::fromText(readFile(fixturePath("questionnaires/" + name)));
    EXPECT_TRUE(q.ok()) << name << ": " << q.message();
    return std::move(q).value();
}

inline core::forms::Questionnaire loadInline(const std::string& text)
{
    auto q = core::forms::Questionnaire::fromText(text);
    EXPECT_TRUE(q.ok()) << q.message();
    return std::move(q).value();
}

inline core::forms::FormSession openSession(const core::forms::Questionnaire& q)
{
    core::forms::SessionOptions options;
    options.clock = fixedClock;
    auto s = core::forms::FormSession::open(q, options);
    EXPECT_TRUE(s.ok()) << s.message();
    return std::move(s).value();
}

// The single answer's numeric value as text ("27"), or "" when unanswered.
inline std::string scoreText(const core::forms::FormSession& s, const std::string& linkId)
{
    auto answers = s.answers(linkId);
    if (answers.empty()) {
        return "";
    }
    const auto& a = answers.front();
    for (const char* key : {"valueDecimal", "valueInteger"}) {
        if (a.contains(key)) {
            return a[key].dump();
        }
    }
    if (a.contains("valueQuantity")) {
        return a["valueQuantity"]["value"].dump();
    }
    return a.dump();
}

} // namespace avocet::test
