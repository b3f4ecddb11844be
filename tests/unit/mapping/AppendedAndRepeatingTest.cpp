// Items appended to a free-text field come back inbound (every shipped mapping), and repeating
// groups map to numbered native fields or follow an explicit per-copy policy.
#include "core/mapping/Coverage.h"
#include "core/mapping/InboundMapper.h"
#include "core/mapping/OutboundMapper.h"
#include "core/mapping/NativePayload.h"
#include "tests/unit/mapping/MappingTestSupport.h"

using namespace avocet::test::mapping;

TEST(MappingAppended, EveryAppendedItemOfEveryShippedMappingComesBackInbound)
{
    int appendedChecked = 0;
    for (const auto& s : shippedMappings()) {
        SCOPED_TRACE(s.mapping);
        const json questionnaire = readJson(s.templ);
        const auto outline = loadOutline(s.templ);
        const auto mapping = loadMapping(s.mapping);
        for (int variant = 0; variant < 6; ++variant) {
            const RoundTrip trip = roundTripAllAnswered(questionnaire, outline, mapping, variant);
            ASSERT_TRUE(trip.failure.empty()) << trip.failure;
            const auto before = flattenAnswers(trip.response);
            const auto after = flattenAnswers(trip.back);
            for (const auto& entry : mapping.entries) {
                if (entry.policy != m::ItemPolicy::AppendToField)
                    continue;
                std::string path;
                for (const auto& g : entry.groupPath)
                    path += g + "/";
                path += entry.linkId;
                ASSERT_TRUE(after.contains(path)) << path << " was not read back (variant " << variant << ")";
                EXPECT_EQ(after.at(path), before.at(path)) << path;
                ++appendedChecked;
                // The free text the EPR shows still reads "[Label] answer", and the field's own text
                // comes back without the appended sections.
                const std::string text = trip.payload["fields"][entry.field].get<std::string>();
                EXPECT_NE(text.find("[" + entry.label + "] "), std::string::npos) << text;
            }
            for (const auto& w : trip.inboundWarnings)
                EXPECT_NE(w.code, "appendedNotRead") << w.message;
        }
    }
    // Mobius CPA review (attendees, a repeating choice) and SystmOne risk (safeguarding, a boolean).
    EXPECT_EQ(appendedChecked, 2 * 6);
}

TEST(MappingAppended, ReadsTheAttachedFullTextWhenTheFieldWasCutAndNeverGuessesFromACutSection)
{
    const json questionnaire = readJson("resources/templates/risk-assessment-1.0.0.json");
    const auto mapping = loadMapping("resources/mappings/risk-assessment/1.0.0/systmone.json");
    const std::string longText(700, 'x'); // SystmOne Summary holds 500 characters
    const json response =
        makeResponse(questionnaire, {{"risk-summary", json::array({{{"valueString", longText}}})},
                                     {"safeguarding-concern", json::array({{{"valueBoolean", true}}})}});
    auto out = m::applyOutbound(mapping, response);
    ASSERT_TRUE(out.ok()) << out.message();
    ASSERT_EQ(out->payload["attachments"].size(), 1u);
    auto back = m::applyInbound(mapping, out->payload);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(flattenAnswers(back->response).at("risk-to-others/safeguarding-concern")[0]["valueBoolean"], true);

    // Without the attachment the section is gone from the cut field: nothing is read back for it.
    json noAttachment = out->payload;
    noAttachment["attachments"] = json::array();
    auto lost = m::applyInbound(mapping, noAttachment);
    ASSERT_TRUE(lost.ok()) << lost.message();
    EXPECT_FALSE(flattenAnswers(lost->response).contains("risk-to-others/safeguarding-concern"));

    // A section the limit cut in the middle is never guessed from what is left of it.
    const json record = {{"epr", "SystmOne"},
                         {"form", {{"id", "S1-RISK"}}},
                         {"fields", {{"Summary", "Calm.\n\n[Safeguarding concern] Ye" + std::string(m::kTruncatedMarker)}}}};
    auto cut = m::applyInbound(mapping, record);
    ASSERT_TRUE(cut.ok()) << cut.message();
    EXPECT_FALSE(flattenAnswers(cut->response).contains("risk-to-others/safeguarding-concern"));
    bool warned = false;
    for (const auto& w : cut->warnings)
        warned = warned || (w.code == "appendedNotRead" && w.linkId == "safeguarding-concern" &&
                            w.message.find("cut short") != std::string::npos);
    EXPECT_TRUE(warned);
}

TEST(MappingAppended, TextThatIsNotAnAnswerStaysInTheFieldWithAWarning)
{
    const auto mapping = loadMapping("resources/mappings/risk-assessment/1.0.0/systmone.json");
    json record = {{"epr", "SystmOne"},
                   {"form", {{"id", "S1-RISK"}}},
                   {"fields", {{"Date", "20250314"}, {"Summary", "Calm.\n\n[Safeguarding concern] Perhaps"}}}};
    auto back = m::applyInbound(mapping, record);
    ASSERT_TRUE(back.ok()) << back.message();
    const auto answers = flattenAnswers(back->response);
    EXPECT_FALSE(answers.contains("risk-to-others/safeguarding-concern"));
    ASSERT_EQ(back->warnings.size(), 1u);
    EXPECT_EQ(back->warnings[0].code, "appendedNotRead");
}

namespace {

// A medication review: a repeating group of medicines, each with a name and whether it continues.
const json kMedsTemplate = json::parse(R"({"resourceType":"Questionnaire",
  "url":"https://fhir.avocet.example/Questionnaire/meds","version":"1.0.0","status":"active","item":[
  {"linkId":"review","type":"group","item":[{"linkId":"review-date","type":"date","text":"Date"}]},
  {"linkId":"medicine","type":"group","repeats":true,"text":"Medicine","item":[
    {"linkId":"med-name","type":"string","text":"Name"},
    {"linkId":"med-continue","type":"boolean","text":"Continue"},
    {"linkId":"med-note","type":"string","text":"Note"}]}]})");

const json kMedsCatalogue = json::parse(R"({"format":"avocet-epr-catalogue","epr":"Paris","version":"1",
  "illustrative":"ILLUSTRATIVE test catalogue","forms":[{"id":"PAR_MEDS","version":"1","title":"Medication review",
  "fields":[{"id":"MED_DATE","label":"Date","type":"date","format":"DD/MM/YYYY"},
    {"id":"MED_1_NAME","label":"Medicine 1","type":"text","maxLength":100},
    {"id":"MED_2_NAME","label":"Medicine 2","type":"text","maxLength":100},
    {"id":"MED_1_CONT","label":"Continue 1","type":"code","codes":[{"code":"Y"},{"code":"N"}]},
    {"id":"MED_2_CONT","label":"Continue 2","type":"code","codes":[{"code":"Y"},{"code":"N"}]},
    {"id":"MED_NOTES","label":"Notes","type":"text","maxLength":2000}]}]})");

json medsMapping()
{
    return json::parse(R"({"format":"avocet-epr-mapping","formatVersion":1,"id":"meds.paris","version":"1.0.0",
      "title":"test","status":"active","illustrative":"ILLUSTRATIVE test","epr":"Paris",
      "template":{"url":"https://fhir.avocet.example/Questionnaire/meds","version":"1.0.0","fits":"^1.0.0"},
      "nativeForm":"PAR_MEDS","entries":[
      {"linkId":"review-date","type":"date","groupPath":["review"],"field":"MED_DATE","transform":{"date":"DD/MM/YYYY"}},
      {"linkId":"med-name","type":"string","groupPath":["medicine"],"field":"MED_{n}_NAME","overLimit":"reject",
       "repeat":{"group":"medicine","max":2}},
      {"linkId":"med-continue","type":"boolean","groupPath":["medicine"],"field":"MED_{n}_CONT",
       "transform":{"boolean":{"true":"Y","false":"N"}},"repeat":{"group":"medicine","max":2}},
      {"linkId":"med-note","type":"string","groupPath":["medicine"],"policy":"appendToField","field":"MED_NOTES",
       "label":"Note","overLimit":"reject","repeat":{"group":"medicine"},
       "signOff":{"by":"Test safety officer","date":"2026-11-30","why":"appended notes are read back"}}]})");
}

m::EprMapping parseMeds(const json& document)
{
    auto catalogue = m::parseCatalogue(kMedsCatalogue, "meds-catalogue");
    EXPECT_TRUE(catalogue.ok()) << catalogue.message();
    auto parsed = m::parseMapping(document, "meds.json", &*catalogue);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return parsed.ok() ? *parsed : m::EprMapping{};
}

json medicine(const std::string& name, bool keep, const std::string& note)
{
    return {{"linkId", "medicine"},
            {"item",
             {{{"linkId", "med-name"}, {"answer", {{{"valueString", name}}}}},
              {{"linkId", "med-continue"}, {"answer", {{{"valueBoolean", keep}}}}},
              {{"linkId", "med-note"}, {"answer", {{{"valueString", note}}}}}}}};
}

json medsResponse(const json& medicines)
{
    json items = json::array({{{"linkId", "review"}, {"item", {{{"linkId", "review-date"}, {"answer", {{{"valueDate", "2025-03-14"}}}}}}}}});
    for (const auto& m : medicines)
        items.push_back(m);
    return {{"resourceType", "QuestionnaireResponse"},
            {"questionnaire", "https://fhir.avocet.example/Questionnaire/meds|1.0.0"},
            {"status", "completed"},
            {"item", items}};
}

} // namespace

TEST(MappingRepeatingGroups, EachCopyGoesToItsNumberedFieldsAndComesBackAsItsOwnCopy)
{
    const auto mapping = parseMeds(medsMapping());
    const json response = medsResponse({medicine("Sertraline 50 mg", true, "Review in 6 weeks"),
                                        medicine("Zopiclone 7.5 mg", false, "Stop; taper over 2 weeks")});
    auto out = m::applyOutbound(mapping, response);
    ASSERT_TRUE(out.ok()) << out.message();
    const json& fields = out->payload["fields"];
    EXPECT_EQ(fields["MED_1_NAME"], "Sertraline 50 mg");
    EXPECT_EQ(fields["MED_2_NAME"], "Zopiclone 7.5 mg");
    EXPECT_EQ(fields["MED_1_CONT"], "Y");
    EXPECT_EQ(fields["MED_2_CONT"], "N");
    EXPECT_EQ(fields["MED_NOTES"], "[Note (1)] Review in 6 weeks\n\n[Note (2)] Stop; taper over 2 weeks");

    auto back = m::applyInbound(mapping, out->payload);
    ASSERT_TRUE(back.ok()) << back.message();
    const json& items = back->response["item"];
    std::vector<json> copies;
    for (const auto& item : items)
        if (item["linkId"] == "medicine")
            copies.push_back(item);
    ASSERT_EQ(copies.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        std::map<std::string, json> got;
        for (const auto& child : copies[i]["item"])
            got[child["linkId"]] = child["answer"];
        const json& expected = response["item"][i + 1]["item"];
        EXPECT_EQ(got["med-name"], expected[0]["answer"]) << "copy " << i;
        EXPECT_EQ(got["med-continue"], expected[1]["answer"]) << "copy " << i;
        EXPECT_EQ(got["med-note"], expected[2]["answer"]) << "copy " << i;
    }
    EXPECT_TRUE(back->warnings.empty());
}

TEST(MappingRepeatingGroups, MoreCopiesThanTheEprHasFieldsForAreRefusedNamingTheCopy)
{
    const auto mapping = parseMeds(medsMapping());
    auto out = m::applyOutbound(mapping, medsResponse({medicine("A", true, "a"), medicine("B", true, "b"),
                                                       medicine("C", false, "c")}));
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.message().find("copy 3 of 'medicine'"), std::string::npos) << out.message();
    EXPECT_NE(out.message().find("MED_1_NAME to MED_2_NAME"), std::string::npos) << out.message();
}

TEST(MappingRepeatingGroups, CoverageReportsTheRuleAndATemplateCheckDemandsOne)
{
    const auto outline = m::readTemplate(kMedsTemplate, "meds-template");
    ASSERT_TRUE(outline.ok()) << outline.message();
    const auto mapping = parseMeds(medsMapping());
    const auto report = m::assessCoverage(*outline, mapping);
    EXPECT_TRUE(report.isComplete()) << report.toText();
    EXPECT_TRUE(report.unfilledFields.empty()) << report.toText();
    for (const auto& item : report.items) {
        if (item.linkId == "med-name") {
            EXPECT_EQ(item.status, "mapped");
            EXPECT_NE(item.detail.find("MED_{n}_NAME (n = 1 to 2); more copies are refused"), std::string::npos)
                << item.detail;
        }
        if (item.linkId == "med-note") {
            EXPECT_NE(item.detail.find("[Note (n)] answer"), std::string::npos) << item.detail;
        }
    }

    json noRule = medsMapping();
    noRule["entries"][2].erase("repeat");
    noRule["entries"][2]["field"] = "MED_1_CONT";
    const auto plain = parseMeds(noRule);
    const auto problems = m::checkAgainstTemplate(plain, *outline);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("sits inside repeating group 'medicine'"), std::string::npos) << problems[0];
}

TEST(MappingRepeatingGroups, BadRepeatRulesAreRefusedNamingTheEntry)
{
    json missingPlaceholder = medsMapping();
    missingPlaceholder["entries"][1]["field"] = "MED_1_NAME";
    auto catalogue = m::parseCatalogue(kMedsCatalogue, "meds-catalogue");
    ASSERT_TRUE(catalogue.ok());
    auto a = m::parseMapping(missingPlaceholder, "meds.json", &*catalogue);
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.message().find("/entries/1/field"), std::string::npos) << a.message();

    json tooMany = medsMapping();
    tooMany["entries"][1]["repeat"]["max"] = 3; // there is no MED_3_NAME
    auto b = m::parseMapping(tooMany, "meds.json", &*catalogue);
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.message().find("no field 'MED_3_NAME'"), std::string::npos) << b.message();

    json noLabel = medsMapping();
    noLabel["entries"][3].erase("label");
    auto c = m::parseMapping(noLabel, "meds.json", &*catalogue);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.message().find("needs a label"), std::string::npos) << c.message();
}
