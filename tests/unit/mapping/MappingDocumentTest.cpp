// Loading mapping documents: every shipped one loads and fits its template; bad documents are
// refused with the file, the JSON pointer / linkId and what is wrong.
#include "core/mapping/SemVer.h"
#include "tests/unit/mapping/MappingTestSupport.h"

using namespace avocet::test::mapping;
using avocet::core::ErrorCode;

namespace {

json parisRisk() { return readJson("resources/mappings/risk-assessment/1.0.0/paris.json"); }

std::string loadError(const json& document)
{
    const auto catalogue = catalogueFor("Paris");
    auto parsed = m::parseMapping(document, "bad.json", &catalogue);
    EXPECT_FALSE(parsed.ok());
    if (parsed.ok())
        return {};
    EXPECT_EQ(parsed.code(), ErrorCode::MappingInvalid);
    return parsed.message();
}

json& entry(json& document, const std::string& linkId)
{
    for (auto& e : document["entries"])
        if (e["linkId"] == linkId)
            return e;
    throw std::runtime_error("no entry " + linkId);
}

} // namespace

TEST(VersionRange, AcceptsCaretTildeWildcardComparatorsAndAlternatives)
{
    const auto v = [](const char* text) { return *m::SemVer::parse(text); };
    const auto r = [](const char* text) { return *m::VersionRange::parse(text); };
    EXPECT_TRUE(r("^1.2.0").contains(v("1.9.3")));
    EXPECT_FALSE(r("^1.2.0").contains(v("2.0.0")));
    EXPECT_FALSE(r("^1.2.0").contains(v("1.1.9")));
    EXPECT_TRUE(r("~1.2.0").contains(v("1.2.7")));
    EXPECT_FALSE(r("~1.2.0").contains(v("1.3.0")));
    EXPECT_TRUE(r("1.0.x").contains(v("1.0.4")));
    EXPECT_TRUE(r(">=1.0.0 <1.1.0").contains(v("1.0.9")));
    EXPECT_FALSE(r(">=1.0.0 <1.1.0").contains(v("1.1.0")));
    EXPECT_TRUE(r("1.0.0 || 2.0.0").contains(v("2.0.0")));
    EXPECT_FALSE(m::VersionRange::parse(">=banana").ok());
    EXPECT_FALSE(m::SemVer::parse("1.02.0").ok());
}

TEST(MappingDocument, EveryShippedMappingLoadsWithItsCatalogueAndFitsItsTemplateExactly)
{
    for (const auto& s : shippedMappings()) {
        SCOPED_TRACE(s.mapping);
        auto loaded = m::loadMappingFile(sourcePath(s.mapping));
        ASSERT_TRUE(loaded.ok()) << loaded.message();
        ASSERT_TRUE(loaded->nativeForm.has_value());
        EXPECT_FALSE(loaded->illustrative.empty());
        const auto problems = m::checkAgainstTemplate(*loaded, loadOutline(s.templ));
        EXPECT_TRUE(problems.empty()) << problems.front();
    }
}

TEST(MappingDocument, EveryShippedCatalogueSaysItIsIllustrative)
{
    for (const char* epr : {"Paris", "Mobius", "SystmOne"}) {
        const auto catalogue = catalogueFor(epr);
        EXPECT_NE(catalogue.illustrative.find("ILLUSTRATIVE"), std::string::npos) << epr;
        EXPECT_GE(catalogue.forms.size(), 3u) << epr;
    }
}

TEST(MappingDocument, RefusesAFieldTheEprFormDoesNotHaveNamingTheEntry)
{
    json doc = parisRisk();
    entry(doc, "risk-summary")["field"] = "RA_NO_SUCH";
    const std::string message = loadError(doc);
    EXPECT_NE(message.find("bad.json#/entries/6"), std::string::npos) << message;
    EXPECT_NE(message.find("risk-summary"), std::string::npos) << message;
    EXPECT_NE(message.find("RA_NO_SUCH"), std::string::npos) << message;
}

TEST(MappingDocument, RefusesANativeCodeOutsideTheEprCodeList)
{
    json doc = parisRisk();
    entry(doc, "self-harm-risk")["codes"][3]["native"] = "EXTREME";
    const std::string message = loadError(doc);
    EXPECT_NE(message.find("#/entries/1/codes/3/native"), std::string::npos) << message;
    EXPECT_NE(message.find("'EXTREME' is not in Paris field RA_SH_LVL"), std::string::npos) << message;
}

TEST(MappingDocument, RefusesALimitedTextFieldWithoutAnExplicitTruncationPolicy)
{
    json doc = parisRisk();
    entry(doc, "risk-summary").erase("overLimit");
    const std::string message = loadError(doc);
    EXPECT_NE(message.find("RA_NARR holds 1000 characters"), std::string::npos) << message;
}

TEST(MappingDocument, RefusesADateFormatThatDisagreesWithTheEprField)
{
    json doc = parisRisk();
    entry(doc, "assessment-date")["transform"]["date"] = "YYYY-MM-DD";
    EXPECT_NE(loadError(doc).find("disagrees with Paris field RA_DATE (DD/MM/YYYY)"), std::string::npos);
    entry(doc, "assessment-date")["transform"]["date"] = "QQ/MM";
    EXPECT_NE(loadError(doc).find("#/entries/0/transform/date"), std::string::npos);
}

TEST(MappingDocument, RefusesUnknownKeysAndPoliciesSoTyposAreNeverSilentlyIgnored)
{
    json doc = parisRisk();
    entry(doc, "risk-summary")["feild"] = "RA_NARR";
    EXPECT_NE(loadError(doc).find("unknown key 'feild'"), std::string::npos);
    doc = parisRisk();
    entry(doc, "risk-summary")["policy"] = "drop";
    EXPECT_NE(loadError(doc).find("policy 'drop'"), std::string::npos);
}

TEST(MappingDocument, RequiresAReasonForEveryItemTheEprCannotHold)
{
    json doc = readJson("resources/mappings/risk-assessment/1.0.0/mobius.json");
    entry(doc, "protective-factors").erase("reason");
    const auto catalogue = catalogueFor("Mobius");
    auto parsed = m::parseMapping(doc, "mobius.json", &catalogue);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.message().find("attachRendered needs a reason"), std::string::npos) << parsed.message();
}

TEST(MappingDocument, RefusesAManyToOneCodeMapWithoutAChosenReverseAnswer)
{
    json doc = parisRisk();
    entry(doc, "self-harm-risk")["codes"][3]["native"] = "H";
    EXPECT_NE(loadError(doc).find("native code 'H' is the target of 2 answer codes"), std::string::npos);
}

TEST(MappingDocument, RefusesAFitsRangeThatExcludesItsOwnTemplateVersion)
{
    json doc = parisRisk();
    doc["template"]["fits"] = "^2.0.0";
    EXPECT_NE(loadError(doc).find("#/template/fits"), std::string::npos);
}

TEST(MappingDocument, ReportsEveryDisagreementWithATemplateItCannotServe)
{
    auto mapping = loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json");
    const auto problems =
        m::checkAgainstTemplate(mapping, loadOutline("tests/unit/mapping/data/risk-assessment-1.1.0.json"));
    std::string all;
    for (const auto& p : problems)
        all += p + "\n";
    EXPECT_NE(all.find("template version 1.1.0 is outside '~1.0.0'"), std::string::npos) << all;
    EXPECT_NE(all.find("(linkId 'suicidal-ideation'): the template has no item"), std::string::npos) << all;
    EXPECT_NE(all.find("written for type boolean, the template item is choice"), std::string::npos) << all;
    EXPECT_NE(all.find("not-assessed' (Not assessed) has no Paris code"), std::string::npos) << all;
    EXPECT_NE(all.find("template item 'substance-misuse'"), std::string::npos) << all;
}

TEST(MappingDocument, NamesTheFileAndLineWhenItIsNotJson)
{
    avocet::test::TempDir dir("map");
    std::ofstream(dir / "broken.json") << "{\n  \"format\": \"avocet-epr-mapping\",\n  oops\n}";
    auto loaded = m::loadMappingFile(dir / "broken.json");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.code(), ErrorCode::ParseError);
    EXPECT_NE(loaded.message().find("broken.json"), std::string::npos);
    EXPECT_NE(loaded.message().find("line 3"), std::string::npos) << loaded.message();
}
