// core/mapping reads imported templates: a wrongly typed element is an error naming the file, never
// an exception (the designer, avocetctl and the hub all call readTemplate on files they did not write).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/mapping/TemplateOutline.h"

using nlohmann::json;

TEST(TemplateOutlineTypes, AWronglyTypedElementIsAnErrorNamingTheFileNotAnException)
{
    const json cases[] = {
        json::parse(R"({"resourceType":"Questionnaire","item":[{"linkId":"a","type":"boolean","required":"yes"}]})"),
        json::parse(R"({"resourceType":"Questionnaire","item":[{"linkId":"a","type":"group","repeats":"no","item":[]}]})"),
        json::parse(R"({"resourceType":"Questionnaire","item":[{"linkId":"a","type":"choice","answerOption":[{"valueCoding":"x"}]}]})"),
        json::parse(R"({"resourceType":"Questionnaire","item":"not an array"})"),
        json::parse(R"({"resourceType":"Questionnaire","item":[{"linkId":7,"type":"string"}]})"),
    };
    int refused = 0;
    for (const auto& questionnaire : cases) {
        avocet::core::Result<avocet::core::mapping::TemplateOutline> outline =
            avocet::core::makeError(avocet::core::ErrorCode::InvalidArgument, "not read");
        EXPECT_NO_THROW(outline = avocet::core::mapping::readTemplate(questionnaire, "imported.json"))
            << questionnaire.dump();
        if (!outline.ok()) {
            ++refused;
            EXPECT_NE(outline.message().find("imported.json"), std::string::npos) << outline.message();
        }
    }
    EXPECT_GT(refused, 0); // at least the non-array item list and the numeric linkId are refused
}
