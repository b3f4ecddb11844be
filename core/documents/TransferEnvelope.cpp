#include "core/documents/TransferEnvelope.h"

#include "core/common/JsonFields.h"
#include "core/documents/TransferTemplate.h"
#include "core/identity/NhsNumber.h"

#include <sodium.h>

namespace avocet::core::documents {

using nlohmann::json;

using jsonfields::member;
using jsonfields::text;

std::string toBase64(const std::string& bytes)
{
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

Result<std::string> fromBase64(const std::string& text)
{
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \n\r",
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return makeError(ErrorCode::ParseError, "an attachment is not valid base64");
    out.resize(length);
    return out;
}

json documentReferenceFor(const TransferEnvelope& envelope)
{
    json reference = {
        {"resourceType", "DocumentReference"},
        {"masterIdentifier", {{"system", "urn:ietf:rfc:3986"}, {"value", envelope.bundleIdentifier}}},
        {"identifier", json::array({{{"system", kDocumentSetSystem}, {"value", envelope.setId}}})},
        {"status", "current"},
        {"docStatus", envelope.version > 1 ? "amended" : "final"},
        {"type", {{"coding", json::array({envelope.documentType})}, {"text", envelope.title}}},
        {"category", json::array({{{"coding", json::array({{{"system", kTransferCategorySystem},
                                                              {"code", envelope.kind}}})}}})},
        {"subject", {{"identifier", {{"system", std::string(identity::kNhsNumberSystem)}, {"value", envelope.nhsNumber}}}}},
        {"date", envelope.signedAt},
        {"author", json::array({{{"display", envelope.signedBy}}})},
        {"authenticator", {{"display", envelope.signedBy}}},
        {"custodian", {{"identifier", {{"system", kOdsSystem}, {"value", envelope.senderCode}}}, {"display", envelope.sender}}},
        {"description", envelope.title},
    };
    json bundleAttachment = {{"contentType", "application/fhir+json"},
                             {"title", envelope.title + " (FHIR document)"},
                             {"data", toBase64(envelope.bundle.dump())}};
    json pdfAttachment = {{"contentType", "application/pdf"},
                          {"title", envelope.title + " (PDF)"},
                          {"data", toBase64(envelope.pdf)}};
    json documentFormat = {{"system", "urn:oid:1.3.6.1.4.1.19376.1.2.3"}, {"code", "urn:hl7-org:sdwg:fhir-document"}};
    reference["content"] = json::array();
    reference["content"].push_back({{"attachment", bundleAttachment}, {"format", documentFormat}});
    reference["content"].push_back({{"attachment", pdfAttachment}});
    json recipient = {{"identifier", {{"system", kOdsSystem}, {"value", envelope.recipientCode}}},
                      {"display", envelope.recipientName}};
    reference["extension"] = json::array();
    reference["extension"].push_back({{"url", kRecipientExtension}, {"valueReference", recipient}});
    reference["extension"].push_back({{"url", kDocumentVersionExtension}, {"valueInteger", envelope.version}});
    if (!envelope.replaces.empty())
        reference["relatesTo"] = json::array(
            {{{"code", "replaces"},
              {"target", {{"identifier", {{"system", "urn:ietf:rfc:3986"}, {"value", envelope.replaces}}}}}}});
    json context = json::object();
    if (!envelope.encounterReference.empty())
        context["encounter"] = json::array({{{"reference", envelope.encounterReference}}});
    if (!envelope.admittedAt.empty() || !envelope.dischargedAt.empty()) {
        json period = json::object();
        if (!envelope.admittedAt.empty())
            period["start"] = envelope.admittedAt;
        if (!envelope.dischargedAt.empty())
            period["end"] = envelope.dischargedAt;
        context["period"] = period;
    }
    if (!envelope.responseClientId.empty())
        context["related"] = json::array(
            {{{"identifier", {{"system", "urn:avocet:client-id"}, {"value", envelope.responseClientId}}}}});
    if (!context.empty())
        reference["context"] = context;
    return reference;
}

Result<TransferEnvelope> readDocumentReference(const json& resource, bool withContent)
{
    if (text(resource, "resourceType") != "DocumentReference")
        return makeError(ErrorCode::InvalidArgument, "not a DocumentReference");
    TransferEnvelope envelope;
    for (const auto& category : member(resource, "category"))
        for (const auto& coding : member(category, "coding"))
            if (text(coding, "system") == kTransferCategorySystem)
                envelope.kind = text(coding, "code");
    if (envelope.kind.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "DocumentReference.category names no transfer-of-care document (" +
                             std::string(kTransferCategorySystem) + ")");
    envelope.title = text(resource, "description");
    if (const json& type = member(resource, "type"); type.is_object() && !member(type, "coding").empty())
        envelope.documentType = member(type, "coding")[0];
    envelope.bundleIdentifier = text(member(resource, "masterIdentifier"), "value");
    for (const auto& identifier : member(resource, "identifier"))
        if (text(identifier, "system") == kDocumentSetSystem)
            envelope.setId = text(identifier, "value");
    for (const auto& extension : member(resource, "extension")) {
        if (text(extension, "url") == kRecipientExtension) {
            const json& value = member(extension, "valueReference");
            envelope.recipientCode = text(member(value, "identifier"), "value");
            envelope.recipientName = text(value, "display");
        } else if (text(extension, "url") == kDocumentVersionExtension && member(extension, "valueInteger").is_number_integer()) {
            envelope.version = member(extension, "valueInteger").get<int>();
        }
    }
    if (envelope.recipientCode.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "DocumentReference.extension transfer-recipient names no recipient (ODS code)");
    for (const auto& relation : member(resource, "relatesTo"))
        if (text(relation, "code") == "replaces")
            envelope.replaces = text(member(member(relation, "target"), "identifier"), "value");
    envelope.signedAt = text(resource, "date");
    envelope.signedBy = text(member(resource, "authenticator"), "display");
    envelope.nhsNumber = text(member(member(resource, "subject"), "identifier"), "value");
    envelope.sender = text(member(resource, "custodian"), "display");
    envelope.senderCode = text(member(member(resource, "custodian"), "identifier"), "value");
    const json& context = member(resource, "context");
    if (!member(context, "encounter").empty())
        envelope.encounterReference = text(member(context, "encounter")[0], "reference");
    envelope.admittedAt = text(member(context, "period"), "start");
    envelope.dischargedAt = text(member(context, "period"), "end");
    for (const auto& related : member(context, "related"))
        if (text(member(related, "identifier"), "system") == "urn:avocet:client-id")
            envelope.responseClientId = text(member(related, "identifier"), "value");
    if (!withContent)
        return envelope;
    for (const auto& content : member(resource, "content")) {
        const json& attachment = member(content, "attachment");
        const std::string type = text(attachment, "contentType");
        if (type != "application/fhir+json" && type != "application/pdf")
            continue;
        auto bytes = fromBase64(text(attachment, "data"));
        if (!bytes)
            return makeError(ErrorCode::InvalidArgument, "DocumentReference.content (" + type + "): " + bytes.message());
        if (type == "application/pdf") {
            envelope.pdf = std::move(*bytes);
        } else {
            envelope.bundle = json::parse(*bytes, nullptr, false);
            if (envelope.bundle.is_discarded() || text(envelope.bundle, "resourceType") != "Bundle")
                return makeError(ErrorCode::InvalidArgument,
                                 "DocumentReference.content (application/fhir+json) is not a FHIR Bundle");
        }
    }
    if (envelope.bundle.is_null() || envelope.pdf.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "DocumentReference.content needs the FHIR document (application/fhir+json) and its PDF");
    return envelope;
}

} // namespace avocet::core::documents
