#include "core/forms/ObservationExtract.h"
#include "core/forms/ScoreRule.h"

#include <map>
#include <optional>

namespace avocet::core::forms {

using nlohmann::json;

namespace {

constexpr const char* kClientIdSystem = "urn:avocet:client-id"; // core/sync SyncTypes.h, not included here
constexpr const char* kCategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";

// The observationExtract flag stated in this JSON element's extensions, if any.
std::optional<bool> statedFlag(const json& element)
{
    if (!element.is_object() || !element.contains("extension") || !element["extension"].is_array())
        return std::nullopt;
    for (const auto& extension : element["extension"])
        if (extension.is_object() && extension.value("url", "") == kObservationExtractExtension &&
            extension.contains("valueBoolean") && extension["valueBoolean"].is_boolean())
            return extension["valueBoolean"].get<bool>();
    return std::nullopt;
}

bool hasCode(const QuestionnaireItem& item)
{
    if (item.source == nullptr || !item.source->contains("code"))
        return false;
    const json& codes = (*item.source)["code"];
    if (!codes.is_array())
        return false;
    for (const auto& coding : codes)
        if (coding.is_object() && coding.contains("code") && coding["code"].is_string())
            return true;
    return false;
}

json codingsOf(const QuestionnaireItem& item)
{
    json codings = json::array();
    for (const auto& coding : (*item.source)["code"]) {
        if (!coding.is_object() || !coding.contains("code"))
            continue;
        json kept = json::object();
        for (const char* key : {"system", "version", "code", "display"})
            if (coding.contains(key))
                kept[key] = coding[key];
        codings.push_back(std::move(kept));
    }
    return codings;
}

json numberValue(const Decimal& number)
{
    if (auto whole = number.toInteger())
        return {{"valueInteger", *whole}};
    return {{"valueQuantity", {{"value", number.toDouble()}}}};
}

bool sameCoding(const json& a, const json& b)
{
    if (!a.is_object() || !b.is_object())
        return false;
    if (a.value("code", "") != b.value("code", ""))
        return false;
    const std::string sa = a.value("system", "");
    const std::string sb = b.value("system", "");
    return sa.empty() || sb.empty() || sa == sb;
}

// The Observation's value[x] for one answer, or null when the answer's type is not extracted.
json valueFor(const QuestionnaireItem& item, const json& answer)
{
    if (!answer.is_object())
        return nullptr;
    if (answer.contains("valueInteger") && answer["valueInteger"].is_number_integer())
        return {{"valueInteger", answer["valueInteger"]}};
    if (answer.contains("valueDecimal") && answer["valueDecimal"].is_number())
        return {{"valueQuantity", {{"value", answer["valueDecimal"]}}}};
    if (answer.contains("valueCoding")) {
        const json& coding = answer["valueCoding"];
        // "Declined to answer" is no value: the Observation says why it has none (FHIR's
        // dataAbsentReason), so nothing downstream can read it as a score of 0.
        if (coding.is_object() && coding.value("system", "") == kDataAbsentReasonSystem)
            return {{"dataAbsentReason", {{"coding", json::array({coding})}}}};
        for (const auto& option : item.answerOptions) {
            if (option.valueKey != "valueCoding" || !sameCoding(option.value, coding))
                continue;
            if (option.ordinalValue)
                return numberValue(*option.ordinalValue);
            if (option.itemWeight)
                return numberValue(*option.itemWeight);
        }
        return {{"valueCodeableConcept", {{"coding", json::array({coding})}}}};
    }
    if (answer.contains("valueQuantity"))
        return {{"valueQuantity", answer["valueQuantity"]}};
    if (answer.contains("valueBoolean"))
        return {{"valueBoolean", answer["valueBoolean"]}};
    if (answer.contains("valueString"))
        return {{"valueString", answer["valueString"]}};
    if (answer.contains("valueDate"))
        return {{"valueDateTime", answer["valueDate"]}};
    if (answer.contains("valueDateTime"))
        return {{"valueDateTime", answer["valueDateTime"]}};
    if (answer.contains("valueTime"))
        return {{"valueTime", answer["valueTime"]}};
    return nullptr; // attachment, reference, uri: not extracted
}

class Extractor
{
public:
    Extractor(const Questionnaire& questionnaire, const json& response, const std::string& clientId)
        : m_questionnaire(questionnaire), m_response(response), m_clientId(clientId)
    {
    }

    void walk(const json& items)
    {
        if (!items.is_array())
            return;
        for (const auto& responseItem : items) {
            if (!responseItem.is_object())
                continue;
            const std::string linkId = responseItem.value("linkId", "");
            const QuestionnaireItem* item = linkId.empty() ? nullptr : m_questionnaire.findItem(linkId);
            const json& answers = responseItem.contains("answer") ? responseItem["answer"] : json();
            if (item && answers.is_array() && isExtracted(*item, m_questionnaire))
                for (const auto& answer : answers)
                    add(*item, answer);
            if (answers.is_array())
                for (const auto& answer : answers)
                    if (answer.is_object() && answer.contains("item"))
                        walk(answer["item"]);
            if (responseItem.contains("item"))
                walk(responseItem["item"]);
        }
    }

    std::vector<ExtractedObservation> take() { return std::move(m_out); }

private:
    void add(const QuestionnaireItem& item, const json& answer)
    {
        json value = valueFor(item, answer);
        if (value.is_null())
            return;
        const int n = m_seen[item.linkId]++;
        std::string key = m_clientId + "#" + item.linkId;
        if (n > 0)
            key += "#" + std::to_string(n);
        json observation = {
            {"resourceType", "Observation"},
            {"identifier", json::array({{{"system", kDerivedObservationSystem}, {"value", key}}})},
            {"status", "final"},
            {"category", json::array({{{"coding", json::array({{{"system", kCategorySystem},
                                                                {"code", "survey"},
                                                                {"display", "Survey"}}})}}})},
            {"code", {{"coding", codingsOf(item)}}}};
        if (m_response.contains("subject"))
            observation["subject"] = m_response["subject"];
        if (m_response.contains("authored"))
            observation["effectiveDateTime"] = m_response["authored"];
        if (m_response.contains("author") && m_response["author"].is_object())
            observation["performer"] = json::array({m_response["author"]});
        for (auto it = value.begin(); it != value.end(); ++it)
            observation[it.key()] = it.value();
        observation["derivedFrom"] =
            json::array({{{"type", "QuestionnaireResponse"},
                          {"identifier", {{"system", kClientIdSystem}, {"value", m_clientId}}}}});
        m_out.push_back({item.linkId, std::move(key), std::move(observation)});
    }

    const Questionnaire& m_questionnaire;
    const json& m_response;
    std::string m_clientId;
    std::map<std::string, int> m_seen;
    std::vector<ExtractedObservation> m_out;
};

} // namespace

bool isExtracted(const QuestionnaireItem& item, const Questionnaire& questionnaire)
{
    if (!item.isQuestion() || !hasCode(item))
        return false;
    for (const QuestionnaireItem* at = &item; at != nullptr; at = at->parent)
        if (at->source != nullptr)
            if (auto flag = statedFlag(*at->source))
                return *flag;
    return statedFlag(questionnaire.json()).value_or(false);
}

std::vector<ExtractedObservation> extractObservations(const Questionnaire& questionnaire,
                                                      const json& response,
                                                      const std::string& responseClientId)
{
    if (!response.is_object() || responseClientId.empty())
        return {};
    Extractor extractor(questionnaire, response, responseClientId);
    if (response.contains("item"))
        extractor.walk(response["item"]);
    return extractor.take();
}

std::string derivedObservationKey(const json& observation)
{
    if (!observation.is_object() || !observation.contains("identifier") ||
        !observation["identifier"].is_array())
        return {};
    for (const auto& identifier : observation["identifier"])
        if (identifier.is_object() && identifier.value("system", "") == kDerivedObservationSystem &&
            identifier.contains("value") && identifier["value"].is_string())
            return identifier["value"].get<std::string>();
    return {};
}

} // namespace avocet::core::forms
