#include "core/documents/TransferTemplate.h"

#include "core/forms/ResponseItems.h"

#include "core/forms/Questionnaire.h"

#include <sodium.h>

#include <cstdio>

namespace avocet::core::documents {

using nlohmann::json;

namespace {

const json* subExtension(const json& extension, const std::string& url)
{
    if (!extension.contains("extension") || !extension["extension"].is_array())
        return nullptr;
    for (const auto& part : extension["extension"])
        if (part.is_object() && part.value("url", "") == url)
            return &part;
    return nullptr;
}

std::string stringPart(const json& extension, const std::string& url, const char* valueKey)
{
    const json* part = subExtension(extension, url);
    if (!part || !part->contains(valueKey) || !(*part)[valueKey].is_string())
        return {};
    return (*part)[valueKey].get<std::string>();
}

const json* extensionOf(const json& resource, const std::string& url)
{
    if (!resource.is_object() || !resource.contains("extension") || !resource["extension"].is_array())
        return nullptr;
    for (const auto& extension : resource["extension"])
        if (extension.is_object() && extension.value("url", "") == url)
            return &extension;
    return nullptr;
}

void removeExtension(json& resource, const std::string& url)
{
    if (!resource.contains("extension") || !resource["extension"].is_array())
        return;
    auto& list = resource["extension"];
    for (auto it = list.begin(); it != list.end();)
        it = it->is_object() && it->value("url", "") == url ? list.erase(it) : it + 1;
    if (list.empty())
        resource.erase("extension");
}

} // namespace

std::string kindCode(DocumentKind kind)
{
    switch (kind) {
    case DocumentKind::DischargeSummary:
        return "discharge-summary";
    case DocumentKind::ClinicLetter:
        return "clinic-letter";
    case DocumentKind::CareActAssessment:
        return "care-act-assessment";
    case DocumentKind::CareActDischarge:
        return "care-act-discharge";
    case DocumentKind::CareActWithdrawal:
        return "care-act-withdrawal";
    }
    return {};
}

std::optional<DocumentKind> kindFromCode(const std::string& code)
{
    for (auto kind : {DocumentKind::DischargeSummary, DocumentKind::ClinicLetter, DocumentKind::CareActAssessment,
                      DocumentKind::CareActDischarge, DocumentKind::CareActWithdrawal})
        if (kindCode(kind) == code)
            return kind;
    return std::nullopt;
}

bool isForGpPractice(DocumentKind kind)
{
    return kind == DocumentKind::DischargeSummary || kind == DocumentKind::ClinicLetter;
}

json Coding::toJson() const
{
    json coding = {{"system", system}, {"code", code}};
    if (!display.empty())
        coding["display"] = display;
    return coding;
}

Result<std::optional<TransferTemplate>> transferTemplateOf(const forms::Questionnaire& questionnaire)
{
    const json* extension = extensionOf(questionnaire.json(), kTransferOfCareExtension);
    if (!extension)
        return std::optional<TransferTemplate>();
    const std::string where = questionnaire.canonical() + ", extension transfer-of-care";
    TransferTemplate result;
    result.canonical = questionnaire.canonical();
    result.title = questionnaire.title();
    const std::string kind = stringPart(*extension, "kind", "valueCode");
    const auto parsedKind = kindFromCode(kind);
    if (!parsedKind)
        return makeError(ErrorCode::FormInvalid,
                         where + ": kind '" + kind +
                             "' is not a document Avocet sends (discharge-summary, clinic-letter, care-act-assessment, "
                             "care-act-discharge, care-act-withdrawal)");
    result.kind = *parsedKind;
    if (const json* type = subExtension(*extension, "documentType");
        type && type->contains("valueCoding") && (*type)["valueCoding"].is_object()) {
        const json& coding = (*type)["valueCoding"];
        result.documentType = {coding.value("system", ""), coding.value("code", ""), coding.value("display", "")};
    }
    if (result.documentType.code.empty())
        return makeError(ErrorCode::FormInvalid, where + ": documentType needs a Coding (SNOMED CT document type)");
    result.recipientItem = stringPart(*extension, "recipientItem", "valueString");
    result.recipientNameItem = stringPart(*extension, "recipientNameItem", "valueString");
    result.dischargeItem = stringPart(*extension, "dischargeItem", "valueString");
    if (result.recipientNameItem.empty())
        result.recipientNameItem = result.recipientItem;
    for (const auto& [name, linkId] : {std::pair<const char*, const std::string*>{"recipientItem", &result.recipientItem},
                                       {"recipientNameItem", &result.recipientNameItem},
                                       {"dischargeItem", &result.dischargeItem}}) {
        if (std::string(name) == "recipientItem" && linkId->empty())
            return makeError(ErrorCode::FormInvalid, where + ": recipientItem names no item");
        if (!linkId->empty() && !questionnaire.findItem(*linkId))
            return makeError(ErrorCode::FormInvalid,
                             where + ": " + name + " names '" + *linkId + "', which is not an item of this form");
    }
    if (result.kind == DocumentKind::DischargeSummary && result.dischargeItem.empty())
        return makeError(ErrorCode::FormInvalid, where + ": a discharge summary needs a dischargeItem");

    const json& items = questionnaire.json().value("item", json::array());
    for (const auto& item : items) {
        if (!item.is_object() || item.value("type", "") != "group")
            continue;
        Heading heading{item.value("linkId", ""), item.value("text", ""), std::nullopt};
        if (item.contains("code") && item["code"].is_array() && !item["code"].empty() && item["code"][0].is_object()) {
            const json& code = item["code"][0];
            heading.code = Coding{code.value("system", ""), code.value("code", ""), code.value("display", "")};
        }
        result.headings.push_back(std::move(heading));
    }
    if (result.headings.empty())
        return makeError(ErrorCode::FormInvalid, where + ": the form has no headings (top-level groups)");
    return std::optional<TransferTemplate>(std::move(result));
}

std::optional<SignOff> signOffOf(const json& response)
{
    const json* extension = extensionOf(response, kSignOffExtension);
    if (!extension)
        return std::nullopt;
    SignOff signOff{stringPart(*extension, "by", "valueString"), stringPart(*extension, "role", "valueString"),
                    stringPart(*extension, "username", "valueString"), stringPart(*extension, "at", "valueDateTime")};
    if (signOff.by.empty() || signOff.at.empty())
        return std::nullopt;
    return signOff;
}

std::optional<DocumentVersion> documentVersionOf(const json& response)
{
    const json* set = extensionOf(response, kDocumentSetExtension);
    if (!set || !set->contains("valueIdentifier") || !(*set)["valueIdentifier"].is_object())
        return std::nullopt;
    DocumentVersion version;
    version.setId = (*set)["valueIdentifier"].value("value", "");
    if (version.setId.empty())
        return std::nullopt;
    if (const json* number = extensionOf(response, kDocumentVersionExtension);
        number && number->contains("valueInteger") && (*number)["valueInteger"].is_number_integer())
        version.number = (*number)["valueInteger"].get<int>();
    if (const json* replaced = extensionOf(response, kSupersedesExtension);
        replaced && replaced->contains("valueIdentifier") && (*replaced)["valueIdentifier"].is_object())
        version.supersedes = (*replaced)["valueIdentifier"].value("value", "");
    return version;
}

void markSignedOff(json& response, const SignOff& signOff, const DocumentVersion& version)
{
    for (const char* url : {kSignOffExtension, kDocumentSetExtension, kDocumentVersionExtension, kSupersedesExtension})
        removeExtension(response, url);
    json parts = json::array({{{"url", "by"}, {"valueString", signOff.by}}, {{"url", "at"}, {"valueDateTime", signOff.at}}});
    if (!signOff.role.empty())
        parts.push_back({{"url", "role"}, {"valueString", signOff.role}});
    if (!signOff.username.empty())
        parts.push_back({{"url", "username"}, {"valueString", signOff.username}});
    auto& extensions = response["extension"];
    if (!extensions.is_array())
        extensions = json::array();
    extensions.push_back({{"url", kSignOffExtension}, {"extension", parts}});
    extensions.push_back({{"url", kDocumentSetExtension},
                          {"valueIdentifier", {{"system", "urn:ietf:rfc:3986"}, {"value", version.setId}}}});
    extensions.push_back({{"url", kDocumentVersionExtension}, {"valueInteger", version.number}});
    if (!version.supersedes.empty())
        extensions.push_back({{"url", kSupersedesExtension},
                              {"valueIdentifier", {{"system", "urn:ietf:rfc:3986"}, {"value", version.supersedes}}}});
}

std::vector<json> answersOf(const json& response, const std::string& linkId)
{
    std::vector<json> answers;
    if (!response.is_object() || !response.contains("item"))
        return answers;
    const json* item = forms::findResponseItem(response["item"], linkId);
    if (!item || !item->contains("answer") || !(*item)["answer"].is_array())
        return answers;
    for (const auto& answer : (*item)["answer"])
        if (answer.is_object())
            answers.push_back(answer);
    return answers;
}

std::string firstAnswerText(const json& response, const std::string& linkId, bool codeOnly)
{
    for (const auto& answer : answersOf(response, linkId)) {
        for (const auto& [key, value] : answer.items()) {
            if (key == "valueCoding" && value.is_object())
                return codeOnly ? value.value("code", "") : value.value("display", value.value("code", ""));
            if (key.rfind("value", 0) == 0 && value.is_string())
                return value.get<std::string>();
        }
    }
    return {};
}

std::string stableUuid(const std::string& key)
{
    unsigned char hash[16];
    static const char kContext[] = "avocet transfer-of-care document v1";
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                       reinterpret_cast<const unsigned char*>(kContext), sizeof kContext - 1);
    hash[6] = static_cast<unsigned char>((hash[6] & 0x0f) | 0x80); // version 8 (custom, RFC 9562)
    hash[8] = static_cast<unsigned char>((hash[8] & 0x3f) | 0x80); // variant 10
    char text[46];
    std::snprintf(text, sizeof text,
                  "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", hash[0], hash[1],
                  hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9], hash[10], hash[11], hash[12],
                  hash[13], hash[14], hash[15]);
    return text;
}

} // namespace avocet::core::documents
