#include "core/documents/DocumentBundle.h"

#include "core/forms/Questionnaire.h"
#include "core/identity/NhsNumber.h"

#include <map>
#include <set>

namespace avocet::core::documents {

using nlohmann::json;

namespace {

constexpr const char* kDefinitionBase = "http://hl7.org/fhir/StructureDefinition/";

std::string escapeXml(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\n':
            out += "<br/>";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// The resource type and element an item's definition names ("Patient", "Patient.birthDate").
std::pair<std::string, std::string> definitionOf(const json& item)
{
    const std::string definition = item.is_object() ? item.value("definition", "") : "";
    const auto hash = definition.find('#');
    if (definition.rfind(kDefinitionBase, 0) != 0 || hash == std::string::npos)
        return {};
    return {definition.substr(std::char_traits<char>::length(kDefinitionBase), hash - std::char_traits<char>::length(kDefinitionBase)),
            definition.substr(hash + 1)};
}

struct DefinedItem
{
    std::string heading; // the top-level group holding it
    std::string linkId;
    std::string group;   // the group directly holding it
    std::string type;    // resource type of its definition
    std::string element; // element path of its definition
};

void collectDefined(const json& items, const std::string& heading, const std::string& group,
                    std::vector<DefinedItem>& out)
{
    if (!items.is_array())
        return;
    for (const auto& item : items) {
        if (!item.is_object())
            continue;
        const auto [type, element] = definitionOf(item);
        if (!type.empty())
            out.push_back({heading, item.value("linkId", ""), group, type, element});
        if (item.contains("item"))
            collectDefined(item["item"], heading, item.value("linkId", ""), out);
    }
}

json reference(const std::string& fullUrl)
{
    return {{"reference", fullUrl}};
}

json codeableText(const std::string& text)
{
    return {{"text", text}};
}

class Builder
{
public:
    Builder(const forms::Questionnaire& questionnaire, const TransferTemplate& transfer, const json& response,
            const DocumentView& view)
        : m_questionnaire(questionnaire), m_transfer(transfer), m_response(response), m_view(view)
    {
        std::string key = view.version.setId;
        if (key.empty()) // not signed off: named by the response itself
            key = response.value("id", "") + "|" + response.value("authored", "") + "|" + transfer.canonical;
        m_base = key + "#v" + std::to_string(view.version.number);
        for (const auto& item : questionnaire.json().value("item", json::array()))
            if (item.is_object() && item.contains("item"))
                collectDefined(item["item"], item.value("linkId", ""), item.value("linkId", ""), m_defined);
    }

    Result<DocumentBundle> build()
    {
        const std::string patient = addPatient();
        m_patient = patient;
        addOrganisations();
        const std::string sender = add("sender", organisation(m_view.sender.odsCode, m_view.sender.name));
        const std::string author = addAuthor();
        const std::string encounter = addEncounter();
        addAnswerResources();

        DocumentBundle result;
        result.identifier = m_view.version.setId.empty() ? stableUuid(m_base + "#bundle")
                                                         : bundleIdentifierFor(m_view.version.setId, m_view.version.number);
        result.compositionStatus = !m_view.signOff ? "preliminary" : m_view.version.number > 1 ? "amended" : "final";
        const std::string date = m_view.signOff ? m_view.signOff->at : m_response.value("authored", "");
        if (date.empty())
            return makeError(ErrorCode::FormNotValid, "the response has no authored time and no sign-off time");

        json composition = {
            {"resourceType", "Composition"},
            {"status", result.compositionStatus},
            {"type", {{"coding", json::array({m_transfer.documentType.toJson()})}, {"text", m_transfer.documentType.display}}},
            {"subject", reference(patient)},
            {"date", date},
            {"author", json::array({reference(author.empty() ? sender : author)})},
            {"title", m_transfer.title},
            {"custodian", reference(sender)},
        };
        if (!m_view.version.setId.empty())
            composition["identifier"] = {{"system", kDocumentSetSystem}, {"value", m_view.version.setId}};
        if (!encounter.empty())
            composition["encounter"] = reference(encounter);
        if (m_view.signOff)
            composition["attester"] = json::array(
                {{{"mode", "legal"}, {"time", m_view.signOff->at}, {"party", reference(author.empty() ? sender : author)}}});
        if (!m_view.version.supersedes.empty())
            composition["relatesTo"] = json::array(
                {{{"code", "replaces"},
                  {"targetIdentifier", {{"system", "urn:ietf:rfc:3986"}, {"value", m_view.version.supersedes}}}}});
        json sections = json::array();
        for (const auto& section : m_view.sections)
            sections.push_back(sectionJson(section));
        composition["section"] = std::move(sections);

        json entries = json::array({{{"fullUrl", stableUuid(m_base + "#composition")}, {"resource", composition}}});
        for (auto& [fullUrl, resource] : m_entries)
            entries.push_back({{"fullUrl", fullUrl}, {"resource", std::move(resource)}});
        result.bundle = {{"resourceType", "Bundle"},
                         {"identifier", {{"system", "urn:ietf:rfc:3986"}, {"value", result.identifier}}},
                         {"type", "document"},
                         {"timestamp", date},
                         {"entry", std::move(entries)}};
        return result;
    }

private:
    std::string add(const std::string& role, json resource)
    {
        const std::string fullUrl = stableUuid(m_base + "#" + role);
        m_entries.emplace_back(fullUrl, std::move(resource));
        return fullUrl;
    }

    void referencedFrom(const std::string& heading, const std::string& fullUrl)
    {
        auto& list = m_sectionEntries[heading];
        if (std::find(list.begin(), list.end(), fullUrl) == list.end())
            list.push_back(fullUrl);
    }

    std::string answerOf(const DefinedItem& item, bool codeOnly = false) const
    {
        return firstAnswerText(m_response, item.linkId, codeOnly);
    }

    const DefinedItem* defined(const std::string& type, const std::string& element) const
    {
        for (const auto& item : m_defined)
            if (item.type == type && item.element == element)
                return &item;
        return nullptr;
    }

    static json organisation(const std::string& ods, const std::string& name)
    {
        json org = {{"resourceType", "Organization"}, {"name", name}};
        if (!ods.empty())
            org["identifier"] = json::array({{{"system", kOdsSystem}, {"value", ods}}});
        return org;
    }

    std::string addPatient()
    {
        json patient = {{"resourceType", "Patient"}};
        std::string digits;
        for (char c : m_view.nhsNumber)
            if (c >= '0' && c <= '9')
                digits += c;
        if (digits.size() == 10)
            patient["identifier"] = json::array({{{"system", std::string(identity::kNhsNumberSystem)}, {"value", digits}}});
        if (!m_view.patientName.empty())
            patient["name"] = json::array({{{"text", m_view.patientName}}});
        if (const auto* birth = defined("Patient", "Patient.birthDate")) {
            const std::string date = answerOf(*birth);
            if (date.size() >= 10)
                patient["birthDate"] = date.substr(0, 10);
        }
        if (const auto* address = defined("Patient", "Patient.address"))
            if (const std::string text = answerOf(*address); !text.empty())
                patient["address"] = json::array({{{"text", text}}});
        const std::string fullUrl = add("patient", std::move(patient));
        for (const auto& item : m_defined)
            if (item.type == "Patient")
                referencedFrom(item.heading, fullUrl);
        return fullUrl;
    }

    // One Organization per ODS code answered (the GP practice, the social care team), named by the
    // name item in the same group or the code's display.
    void addOrganisations()
    {
        for (const auto& item : m_defined) {
            if (item.type != "Organization" || item.element != "Organization.identifier")
                continue;
            const std::string ods = answerOf(item, true);
            if (ods.empty())
                continue;
            std::string name;
            for (const auto& other : m_defined)
                if (other.type == "Organization" && other.element == "Organization.name" && other.group == item.group)
                    name = answerOf(other);
            if (name.empty())
                name = answerOf(item);
            if (name == ods && ods == m_view.recipientCode && !m_view.recipientName.empty())
                name = m_view.recipientName;
            std::string fullUrl;
            const auto known = m_organisations.find(ods);
            if (known != m_organisations.end()) {
                fullUrl = known->second;
            } else {
                fullUrl = add("organisation-" + ods, organisation(ods, name.empty() ? ods : name));
                m_organisations[ods] = fullUrl;
            }
            referencedFrom(item.heading, fullUrl);
            for (const auto& heading : m_transfer.headings)
                if (heading.code && heading.code->code == "886711000000101" && heading.linkId == item.heading)
                    m_gpPractice = fullUrl;
        }
        if (!m_gpPractice.empty())
            for (auto& [fullUrl, resource] : m_entries)
                if (fullUrl == m_patient)
                    resource["generalPractitioner"] = json::array({reference(m_gpPractice)});
        // The distribution list names the recipient.
        const auto recipient = m_organisations.find(m_view.recipientCode);
        if (recipient != m_organisations.end())
            for (const auto& heading : m_transfer.headings)
                if (heading.code && heading.code->code == "887261000000109")
                    referencedFrom(heading.linkId, recipient->second);
    }

    std::string addAuthor()
    {
        std::string name = m_view.signOff ? m_view.signOff->by : std::string();
        const auto* named = defined("Practitioner", "Practitioner.name");
        if (name.empty() && named)
            name = answerOf(*named);
        if (name.empty())
            return {};
        json practitioner = {{"resourceType", "Practitioner"}, {"name", json::array({{{"text", name}}})}};
        if (m_view.signOff && !m_view.signOff->username.empty())
            practitioner["identifier"] = json::array({{{"system", "urn:avocet:user"}, {"value", m_view.signOff->username}}});
        // The signer's role and grade as they gave it ("Consultant psychiatrist"), in words.
        if (m_view.signOff && !m_view.signOff->role.empty())
            practitioner["qualification"] = json::array({{{"code", {{"text", m_view.signOff->role}}}}});
        const std::string fullUrl = add("author", std::move(practitioner));
        if (named)
            referencedFrom(named->heading, fullUrl);
        return fullUrl;
    }

    std::string addEncounter()
    {
        const auto* start = defined("Encounter", "Encounter.period.start");
        const auto* end = defined("Encounter", "Encounter.period.end");
        const std::string started = start ? answerOf(*start) : std::string();
        const std::string ended = end ? answerOf(*end) : std::string();
        if (started.empty() && ended.empty())
            return {};
        const bool inpatient = m_transfer.kind != DocumentKind::ClinicLetter;
        json encounter = {{"resourceType", "Encounter"},
                          {"status", ended.empty() && inpatient ? "in-progress" : "finished"},
                          {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"},
                                     {"code", inpatient ? "IMP" : "AMB"},
                                     {"display", inpatient ? "inpatient encounter" : "ambulatory"}}},
                          {"subject", reference(m_patient)}};
        json period = json::object();
        if (!started.empty())
            period["start"] = started;
        if (!ended.empty())
            period["end"] = ended;
        encounter["period"] = period;
        const std::string fullUrl = add("encounter", std::move(encounter));
        for (const auto* item : {start, end})
            if (item)
                referencedFrom(item->heading, fullUrl);
        return fullUrl;
    }

    // One resource per answer of the items whose definition names a clinical resource.
    void addAnswerResources()
    {
        for (const auto& item : m_defined) {
            if (item.type != "Condition" && item.type != "AllergyIntolerance" && item.type != "MedicationStatement" &&
                item.type != "Flag")
                continue;
            int n = 0;
            for (const auto& answer : answersOf(m_response, item.linkId)) {
                json resource = resourceFor(item.type, answer);
                if (resource.is_null())
                    continue;
                const std::string fullUrl = add(item.linkId + "-" + std::to_string(++n), std::move(resource));
                referencedFrom(item.heading, fullUrl);
            }
        }
    }

    json resourceFor(const std::string& type, const json& answer) const
    {
        json code;
        std::string text;
        if (answer.contains("valueCoding") && answer["valueCoding"].is_object()) {
            const json& coding = answer["valueCoding"];
            text = coding.value("display", coding.value("code", ""));
            code = {{"coding", json::array({coding})}, {"text", text}};
        } else if (answer.contains("valueString") && answer["valueString"].is_string()) {
            text = answer["valueString"].get<std::string>();
            code = codeableText(text);
        } else {
            return nullptr;
        }
        if (text.empty())
            return nullptr;
        if (type == "Condition")
            return {{"resourceType", "Condition"},
                    {"clinicalStatus", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"},
                                                                  {"code", "active"}}})}}},
                    {"verificationStatus", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/condition-ver-status"},
                                                                      {"code", "confirmed"}}})}}},
                    {"category", json::array({{{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/condition-category"},
                                                                        {"code", "encounter-diagnosis"}}})}}})},
                    {"code", code},
                    {"subject", reference(m_patient)}};
        if (type == "AllergyIntolerance")
            return {{"resourceType", "AllergyIntolerance"},
                    {"clinicalStatus", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"},
                                                                  {"code", "active"}}})}}},
                    {"code", code},
                    {"patient", reference(m_patient)}};
        if (type == "Flag")
            return {{"resourceType", "Flag"}, {"status", "active"}, {"code", code}, {"subject", reference(m_patient)}};
        // MedicationStatement: "name: dose and directions".
        json statement = {{"resourceType", "MedicationStatement"}, {"status", "active"}, {"subject", reference(m_patient)}};
        const auto colon = text.find(": ");
        if (code.contains("coding") || colon == std::string::npos) {
            statement["medicationCodeableConcept"] = code;
        } else {
            statement["medicationCodeableConcept"] = codeableText(text.substr(0, colon));
            statement["dosage"] = json::array({{{"text", text.substr(colon + 2)}}});
        }
        return statement;
    }

    json sectionJson(const DocumentSection& section) const
    {
        json out = {{"title", section.heading.title},
                    {"text", {{"status", "generated"}, {"div", sectionNarrative(section)}}}};
        if (section.heading.code)
            out["code"] = {{"coding", json::array({section.heading.code->toJson()})}, {"text", section.heading.title}};
        const auto entries = m_sectionEntries.find(section.heading.linkId);
        if (entries != m_sectionEntries.end() && !entries->second.empty()) {
            json list = json::array();
            for (const auto& fullUrl : entries->second)
                list.push_back(reference(fullUrl));
            out["entry"] = std::move(list);
        } else if (section.rows.empty()) {
            out["emptyReason"] = {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/list-empty-reason"},
                                                           {"code", "unavailable"},
                                                           {"display", "Unavailable"}}})}};
        }
        return out;
    }

    const forms::Questionnaire& m_questionnaire;
    const TransferTemplate& m_transfer;
    const json& m_response;
    const DocumentView& m_view;
    std::string m_base;
    std::string m_patient;
    std::string m_gpPractice;
    std::vector<DefinedItem> m_defined;
    std::vector<std::pair<std::string, json>> m_entries;
    std::map<std::string, std::vector<std::string>> m_sectionEntries;
    std::map<std::string, std::string> m_organisations; // ODS code → fullUrl
};

} // namespace

std::string bundleIdentifierFor(const std::string& setId, int versionNumber)
{
    return stableUuid(setId + "#v" + std::to_string(versionNumber) + "#bundle");
}

std::string sectionNarrative(const DocumentSection& section)
{
    std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
    if (section.rows.empty()) {
        div += "<p>Nothing recorded under this heading.</p>";
    } else {
        div += "<table><tbody>";
        for (const auto& row : section.rows)
            div += "<tr><th>" + escapeXml(row.label) + "</th><td>" + escapeXml(row.value) + "</td></tr>";
        div += "</tbody></table>";
    }
    return div + "</div>";
}

Result<DocumentBundle> buildDocumentBundle(const forms::Questionnaire& questionnaire, const TransferTemplate& transfer,
                                           const json& response, const DocumentView& view)
{
    return Builder(questionnaire, transfer, response, view).build();
}

} // namespace avocet::core::documents
