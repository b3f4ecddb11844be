#include "server/EprChannel.h"

#include "core/documents/TransferTemplate.h"
#include "core/mapping/NativePayload.h"
#include "core/mapping/OutboundMapper.h"
#include "server/HubSql.h"
#include "server/Log.h"

namespace avocet::hub {

namespace identity = core::identity;
namespace mapping = core::mapping;
using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

std::string lower(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::vector<std::string> tagCodes(const json& resource, const std::string& system)
{
    std::vector<std::string> codes;
    if (!resource.contains("meta") || !resource["meta"].is_object() || !resource["meta"].contains("tag") ||
        !resource["meta"]["tag"].is_array())
        return codes;
    for (const auto& tag : resource["meta"]["tag"]) {
        if (tag.is_object() && tag.value("system", "") == system && tag.contains("code") && tag["code"].is_string())
            codes.push_back(tag["code"].get<std::string>());
    }
    return codes;
}

std::string taskStatus(const std::string& state, bool transfer)
{
    if (state == "delivered")
        return transfer ? "received" : "completed"; // a recipient has it; its decision is still to come
    if (state == "accepted")
        return "completed";
    if (state == "rejected")
        return "rejected";
    if (state == "failing")
        return "in-progress";
    if (state == "failed")
        return "failed";
    return "requested";
}

struct PlannedMessage
{
    std::string epr; // the channel: an EPR, or "ods:<code>" for a transfer-of-care recipient
    std::string key;
    std::optional<std::string> mappingId;
    std::optional<std::string> mappingVersion;
    std::optional<json> payload;
    std::string failure; // non-empty: recorded as failed, never sent
    std::string recipientName; // transfer-of-care: who the channel reaches, for the receipt
};

core::Status storeMessage(PgConnection& connection, ResourceRepository& repository, const StoredResource& response,
                          const PlannedMessage& planned)
{
    const bool failed = !planned.failure.empty();
    auto rows = connection.queryPrepared(
        sql::insertChannelMessage(),
        {planned.epr, planned.key, response.id, std::to_string(response.versionId),
         response.compartment.empty() ? SqlParam() : SqlParam(response.compartment), newResourceId(),
         planned.mappingId ? SqlParam(*planned.mappingId) : SqlParam(),
         planned.mappingVersion ? SqlParam(*planned.mappingVersion) : SqlParam(),
         planned.payload ? SqlParam(planned.payload->dump(-1, ' ', false, json::error_handler_t::replace)) : SqlParam(),
         failed ? "failed" : "pending", failed ? SqlParam(planned.failure) : SqlParam(), response.type,
         planned.recipientName.empty() ? SqlParam() : SqlParam(planned.recipientName)});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return core::Status::success(); // this version was already planned
    return writeReceipt(repository, readChannelMessage(rows.value(), 0), true);
}

} // namespace

std::string channelMessageColumns()
{
    return sql::channelMessageColumns();
}

ChannelMessage readChannelMessage(const PgResult& rows, int row)
{
    ChannelMessage message;
    message.id = rows.integer(row, 0);
    message.epr = rows.text(row, 1);
    message.idempotencyKey = rows.text(row, 2);
    message.responseId = rows.text(row, 3);
    message.responseVersion = static_cast<int>(rows.integer(row, 4));
    message.patientRef = rows.text(row, 5);
    message.receiptId = rows.text(row, 6);
    message.mappingLabel = rows.text(row, 7);
    message.nativeForm = rows.text(row, 8);
    message.state = rows.text(row, 9);
    message.attempts = static_cast<int>(rows.integer(row, 10));
    message.nextAttemptAt = rows.text(row, 11);
    message.lastStatus = static_cast<int>(rows.integer(row, 12));
    message.lastError = rows.text(row, 13);
    message.deliveredAt = rows.text(row, 14);
    message.createdAt = rows.text(row, 15);
    message.focusType = rows.text(row, 16);
    message.recipientName = rows.text(row, 17);
    message.warnings = json::parse(rows.text(row, 18), nullptr, false);
    if (!message.warnings.is_array())
        message.warnings = json::array();
    return message;
}

json receiptFor(const ChannelMessage& message)
{
    const bool transfer = message.focusType == "DocumentReference";
    const std::string recipientCode = transfer && message.epr.rfind(kRecipientChannelPrefix, 0) == 0
                                          ? message.epr.substr(std::char_traits<char>::length(kRecipientChannelPrefix))
                                          : std::string();
    const std::string eprLabel = transfer ? (message.recipientName.empty() ? recipientCode : message.recipientName)
                                 : message.epr == "none" ? "EPR routing"
                                                         : message.epr;
    std::string text = eprLabel + ": " + message.state;
    if (message.state == "delivered" || message.state == "accepted")
        text += " " + message.deliveredAt;
    else if (message.state == "rejected")
        text += ": " + message.lastError;
    else if (message.state == "failing")
        text += " (attempt " + std::to_string(message.attempts) + "): " + message.lastError + "; retry at " +
                message.nextAttemptAt;
    else if (message.state == "failed")
        text += ": " + message.lastError;

    json task = {
        {"resourceType", "Task"},
        {"identifier", json::array({{{"system", transfer ? kTransferDeliverySystem : kDeliveryIdentifierSystem},
                                     {"value", message.idempotencyKey}},
                                    {{"system", transfer ? kTransferDocumentSystem : kDeliveryResponseSystem},
                                     {"value", message.responseId}}})},
        {"status", taskStatus(message.state, transfer)},
        {"businessStatus", {{"coding", json::array({{{"system", kDeliveryStateSystem}, {"code", message.state}}})},
                            {"text", text}}},
        {"intent", "order"},
        {"code", {{"coding", json::array({{{"system", kTaskTypeSystem},
                                            {"code", transfer ? "transfer-of-care-delivery" : "epr-delivery"},
                                            {"display", transfer ? "Transfer of care delivery receipt"
                                                                 : "EPR delivery receipt"}}})}}},
        {"focus", {{"reference", (transfer ? "DocumentReference/" : "QuestionnaireResponse/") + message.responseId +
                                     "/_history/" + std::to_string(message.responseVersion)}}},
        {"authoredOn", message.createdAt},
        {"owner", {{"display", eprLabel}}},
        {"extension", json::array({{{"url", kAttemptsExtension}, {"valueInteger", message.attempts}}})},
    };
    if (transfer)
        task["owner"]["identifier"] = {{"system", "https://fhir.nhs.uk/Id/ods-organization-code"}, {"value", recipientCode}};
    else if (message.epr != "none")
        task["owner"]["identifier"] = {{"system", "https://fhir.avocet.example/CodeSystem/epr"}, {"value", message.epr}};
    if (!message.patientRef.empty())
        task["for"] = {{"reference", message.patientRef}};
    if (!message.lastError.empty() && message.state != "delivered")
        task["statusReason"] = {{"text", message.lastError}};
    if (message.state == "failing" || message.state == "pending")
        task["extension"].push_back({{"url", kNextAttemptExtension}, {"valueDateTime", message.nextAttemptAt}});
    if (message.lastStatus != 0)
        task["extension"].push_back({{"url", kLastStatusExtension}, {"valueInteger", message.lastStatus}});
    auto input = json::array();
    if (!message.mappingLabel.empty())
        input.push_back({{"type", {{"text", "mapping"}}}, {"valueString", message.mappingLabel}});
    if (!message.nativeForm.empty())
        input.push_back({{"type", {{"text", "nativeForm"}}}, {"valueString", message.nativeForm}});
    if (!input.empty())
        task["input"] = input;
    // What the EPR's copy loses (an omitted, appended, attached or truncated item, a shared code),
    // so the author sees it on the receipt: names items and fields, never answers.
    auto notes = json::array();
    for (const auto& warning : message.warnings)
        if (warning.is_object())
            notes.push_back({{"text", eprLabel + ": " + warning.value("message", std::string())},
                             {"extension", json::array({{{"url", kMappingWarningExtension},
                                                         {"valueCode", warning.value("code", std::string())}},
                                                        {{"url", kMappingWarningItemExtension},
                                                         {"valueString", warning.value("linkId", std::string())}}})}});
    if (!notes.empty())
        task["note"] = std::move(notes);
    if (message.state == "delivered" || message.state == "accepted" || message.state == "rejected") {
        task["executionPeriod"] = {{"start", message.createdAt}, {"end", message.deliveredAt}};
        task["output"] = json::array({{{"type", {{"text", "deliveredAt"}}}, {"valueDateTime", message.deliveredAt}}});
    }
    return task;
}

core::Status writeReceipt(ResourceRepository& repository, const ChannelMessage& message, bool isNew)
{
    int version = 1;
    if (!isNew) {
        auto current = repository.current("Task", message.receiptId);
        if (!current)
            return current.error();
        version = current.value() ? (*current)->versionId + 1 : 1;
    }
    auto written = repository.write("Task", message.receiptId, version, version == 1 ? "POST" : "PUT",
                                    receiptFor(message), message.patientRef);
    if (!written)
        return written.error();
    return core::Status::success();
}

namespace {

json resendAuditEvent(const ChannelMessage& message, const ResendRequest& request, const std::string& recorded)
{
    json entities = json::array({{{"what", {{"reference", "Task/" + message.receiptId}}}},
                                 {{"what", {{"reference", message.focusType + "/" + message.responseId + "/_history/" +
                                                               std::to_string(message.responseVersion)}}}}});
    if (!message.patientRef.empty())
        entities.insert(entities.begin(), {{"what", {{"reference", message.patientRef}}}});
    return {{"resourceType", "AuditEvent"},
            {"type", {{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"}, {"code", "rest"}}},
            {"subtype", json::array({{{"system", "urn:avocet:audit"}, {"code", "epr-resend"}}})},
            {"action", "U"},
            {"recorded", recorded},
            {"outcome", "0"},
            {"purposeOfEvent", json::array({{{"text", request.reason}}})},
            {"agent", json::array({{{"who", {{"identifier", {{"system", "urn:avocet:os-user"},
                                                             {"value", request.operatorName}}}}},
                                    {"requestor", true},
                                    {"role", json::array({{{"text", "avocet-hub admin"}}})}}})},
            {"source", {{"observer", {{"display", "avocet-hub admin resend"}}}}},
            {"entity", entities}};
}

} // namespace

core::Result<ResendSummary> resendFailedMessages(PgConnection& connection, const ResendRequest& request)
{
    if (request.messageId.has_value() == request.epr.has_value())
        return makeError(ErrorCode::InvalidArgument, "give either one message or one EPR");
    PgTransaction transaction(connection);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    ResourceRepository repository(connection);
    if (auto locked = repository.lockForWrite(); !locked)
        return locked.error();
    ResendSummary summary;
    // What the selection holds that cannot be resent, and why.
    auto blocked = connection.query(
        "SELECT m.message_id, CASE WHEN m.state <> 'failed' THEN 'state is ' || m.state"
        " ELSE 'nothing was rendered (' || coalesce(m.last_error, '') || '); resubmit instead' END"
        " FROM epr_messages m WHERE (m.message_id = $1::bigint OR m.epr = $2)"
        " AND (m.state <> 'failed' OR m.payload IS NULL) AND ($1::bigint IS NOT NULL OR m.state = 'failed')"
        " ORDER BY m.message_id",
        {request.messageId ? SqlParam(std::to_string(*request.messageId)) : SqlParam(),
         request.epr ? SqlParam(*request.epr) : SqlParam()});
    if (!blocked)
        return blocked.error();
    for (int row = 0; row < blocked->rows(); ++row)
        summary.skipped.emplace_back(blocked->integer(row, 0), blocked->text(row, 1));
    // The key and payload are left alone: the EPR sees the same message again.
    auto resent = connection.query(
        "UPDATE epr_messages m SET state = 'pending', next_attempt_at = clock_timestamp(), lease_until = NULL,"
        " claim_token = NULL, updated_at = clock_timestamp(),"
        " last_error = 'resent by an administrator after: ' || coalesce(m.last_error, '')"
        " WHERE (m.message_id = $1::bigint OR m.epr = $2) AND m.state = 'failed' AND m.payload IS NOT NULL"
        " RETURNING " + channelMessageColumns() + ", " + sql::instant("clock_timestamp()"),
        {request.messageId ? SqlParam(std::to_string(*request.messageId)) : SqlParam(),
         request.epr ? SqlParam(*request.epr) : SqlParam()});
    if (!resent)
        return resent.error();
    for (int row = 0; row < resent->rows(); ++row) {
        const auto message = readChannelMessage(resent.value(), row);
        if (auto written = writeReceipt(repository, message); !written)
            return written.error();
        auto audited = repository.write("AuditEvent", newResourceId(), 1, "POST",
                                        resendAuditEvent(message, request, resent->text(row, 18)),
                                        message.patientRef);
        if (!audited)
            return audited.error();
        summary.resent.push_back(message.id);
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    logEvent("warn", "delivery_resend", {{"resent", summary.resent.size()}, {"skipped", summary.skipped.size()}});
    return summary;
}

DeliveryPlanner::DeliveryPlanner(std::shared_ptr<MappingRegistry> registry,
                                 std::optional<identity::RoutingRules> routing, std::shared_ptr<HubPmi> pmi,
                                 std::set<std::string> recipients)
    : m_registry(std::move(registry)), m_routing(std::move(routing)), m_pmi(std::move(pmi)),
      m_recipients(std::move(recipients))
{
    auto rules = identity::RoutingRules::parse(
        {{"format", "avocet-epr-routing"},
         {"version", "builtin"},
         {"rules", json::array({{{"service", "ofRecord"}, {"eprs", "ofRecord"}}})}},
        "built-in routing");
    if (rules)
        m_ofRecord = std::move(rules.value());
}

json transferMessageFor(const core::documents::TransferEnvelope& envelope, const std::string& key)
{
    const std::string headerUrl = core::documents::stableUuid(key + "#message-header");
    const std::string pdfUrl = core::documents::stableUuid(key + "#pdf");
    json header = {
        {"resourceType", "MessageHeader"},
        {"eventCoding", {{"system", core::documents::kTransferCategorySystem}, {"code", envelope.kind}}},
        {"destination", json::array({{{"name", envelope.recipientName},
                                      {"endpoint", "urn:nhs-uk:addressing:ods:" + envelope.recipientCode},
                                      {"receiver", {{"identifier", {{"system", core::documents::kOdsSystem},
                                                                    {"value", envelope.recipientCode}}},
                                                    {"display", envelope.recipientName}}}}})},
        {"sender", {{"identifier", {{"system", core::documents::kOdsSystem}, {"value", envelope.senderCode}}},
                    {"display", envelope.sender}}},
        {"source", {{"name", "avocet-hub"}, {"software", "Avocet"}, {"version", AVOCET_VERSION},
                    {"endpoint", "urn:nhs-uk:addressing:ods:" + envelope.senderCode}}},
        {"reason", {{"text", envelope.title + " version " + std::to_string(envelope.version)}}},
        {"focus", json::array({{{"reference", envelope.bundleIdentifier}}, {{"reference", pdfUrl}}})},
    };
    json binary = {{"resourceType", "Binary"}, {"contentType", "application/pdf"},
                   {"data", core::documents::toBase64(envelope.pdf)}};
    return {{"resourceType", "Bundle"},
            {"identifier", {{"system", "urn:ietf:rfc:3986"}, {"value", core::documents::stableUuid(key)}}},
            {"type", "message"},
            {"timestamp", envelope.signedAt},
            {"entry", json::array({{{"fullUrl", headerUrl}, {"resource", header}},
                                   {{"fullUrl", envelope.bundleIdentifier}, {"resource", envelope.bundle}},
                                   {{"fullUrl", pdfUrl}, {"resource", binary}}})}};
}

core::Status DeliveryPlanner::planDocument(PgConnection& connection, ResourceRepository& repository,
                                           const StoredResource& document)
{
    if (document.content.value("status", "") != "current")
        return core::Status::success(); // superseded or withdrawn: nothing new to send
    auto envelope = core::documents::readDocumentReference(document.content, true);
    const std::string code = envelope ? envelope->recipientCode : std::string();
    PlannedMessage message;
    message.epr = kRecipientChannelPrefix + (code.empty() ? std::string("unknown") : code);
    message.key = "avocet-doc-" + document.id + "-v" + std::to_string(document.versionId) + "-" +
                  lower(code.empty() ? std::string("unknown") : code);
    if (!envelope) {
        message.failure = "the document cannot be sent: " + envelope.message();
    } else {
        message.recipientName = envelope->recipientName;
        if (!m_recipients.count(code))
            message.failure = "this hub has no delivery channel for " + envelope->recipientName + " (ODS code " + code +
                              "); an administrator adds one with recipient-endpoint, then resends";
        else
            message.payload = transferMessageFor(*envelope, message.key);
    }
    if (auto stored = storeMessage(connection, repository, document, message); !stored)
        return stored;
    logEvent("info", "transfer_planned", {{"messages", 1}, {"failed", !message.failure.empty()}});
    return core::Status::success();
}

core::Status DeliveryPlanner::planFor(PgConnection& connection, ResourceRepository& repository,
                                      const StoredResource& response)
{
    if (response.isDeleted || !response.content.is_object())
        return core::Status::success();
    if (response.type == "DocumentReference")
        return planDocument(connection, repository, response);
    if (response.type != "QuestionnaireResponse")
        return core::Status::success();
    const std::string status = response.content.value("status", "");
    if (status != "completed" && status != "amended")
        return core::Status::success();

    // The patient's EPR records: one identifier per EPR in that EPR's record-id system.
    std::optional<HubPatient> patient;
    if (response.compartment.rfind("Patient/", 0) == 0) {
        auto stored = repository.current("Patient", response.compartment.substr(8));
        if (!stored)
            return stored.error();
        if (stored.value() && !(*stored)->isDeleted && (*stored)->content.is_object())
            patient = readHubPatient((*stored)->id, (*stored)->content);
    }
    std::vector<identity::Patient> records = patient ? patient->records : std::vector<identity::Patient>{};

    // The PMI knows the person's records in other EPRs that this Patient does not name; for a
    // Patient that names none, it may know the person by a verified NHS number and birth date.
    std::optional<core::Error> pmiFailure;
    std::string pmiNote;
    if (m_pmi && !records.empty()) {
        if (auto linked = m_pmi->linkedRecords(records); linked)
            records = std::move(linked.value());
        else
            pmiFailure = linked.error();
    } else if (m_pmi && patient) {
        if (auto found = m_pmi->recordsForNhsNumber(*patient); found) {
            records = std::move(found->records);
            pmiNote = std::move(found->note);
        } else {
            pmiFailure = found.error();
        }
    }

    const auto services = tagCodes(response.content, kServiceTagSystem);
    core::Result<identity::RoutingDecision> decision = identity::RoutingDecision{};
    if (pmiFailure) // routing on part of the picture could miss an EPR: say so instead
        decision = makeError(ErrorCode::StoreQueryFailed,
                             "the patient master index could not be read (" + pmiFailure->message + ")");
    else if (services.empty())
        decision = identity::routeSubmission(m_ofRecord, "ofRecord", records);
    else if (m_routing)
        decision = identity::routeSubmission(*m_routing, services.front(), records);
    else
        decision = makeError(ErrorCode::NotFound, "the submission names a service but this hub has no routing rules");

    if (decision && !pmiNote.empty())
        for (auto& reason : decision->unroutable)
            reason += " (" + pmiNote + ")";

    const std::string keyBase = "avocet-" + response.id + "-v" + std::to_string(response.versionId);
    std::vector<PlannedMessage> planned;
    if (!decision) {
        planned.push_back({"none", keyBase + "-unroutable-0", {}, {}, {}, "unroutable: " + decision.message(), {}});
    } else {
        for (std::size_t i = 0; i < decision->unroutable.size(); ++i)
            planned.push_back({"none", keyBase + "-unroutable-" + std::to_string(i), {}, {}, {},
                               "unroutable: " + decision->unroutable[i], {}});
    }

    const auto [templateUrl, templateVersion] = mapping::splitCanonical(response.content.value("questionnaire", ""));
    std::vector<MappingPtr> pinned;
    std::vector<std::string> unknownPins;
    for (const auto& code : tagCodes(response.content, kMappingTagSystem)) {
        const auto bar = code.find('|');
        auto found = bar == std::string::npos ? core::Result<MappingPtr>(makeError(ErrorCode::NotFound, ""))
                                              : m_registry->find(connection, code.substr(0, bar), code.substr(bar + 1));
        if (found)
            pinned.push_back(found.value());
        else if (found.code() == ErrorCode::NotFound)
            unknownPins.push_back(code);
        else
            return found.error();
    }

    for (const auto& target : decision ? decision->targets : std::vector<identity::RouteTarget>{}) {
        const std::string epr = identity::eprName(target.epr);
        PlannedMessage message{epr, keyBase + "-" + lower(epr), {}, {}, {}, {}, {}};
        MappingPtr chosen;
        for (const auto& candidate : pinned)
            if (candidate->epr == target.epr)
                chosen = candidate;
        if (!chosen && !unknownPins.empty()) {
            message.failure = "the submission pins mapping '" + unknownPins.front() +
                              "', which is not published on this hub; publish it and resubmit";
        } else if (!chosen) {
            auto active = m_registry->active(connection, epr, templateUrl, templateVersion);
            if (active)
                chosen = active.value();
            else if (active.code() == ErrorCode::NotFound)
                message.failure = active.message();
            else
                return active.error();
        }
        if (chosen) {
            message.mappingId = chosen->id;
            message.mappingVersion = chosen->version;
            auto rendered = mapping::applyOutbound(*chosen, response.content, "QuestionnaireResponse/" + response.id);
            if (!rendered) {
                message.failure = "cannot render for " + epr + " with mapping " + chosen->label() + ": " +
                                  rendered.message();
            } else {
                json payload = std::move(rendered->payload);
                // The EPR knows the patient by its own record id, not by the hub's Patient id.
                payload["subject"] = {{"identifier", {{"system", mapping::eprRecordSystem(target.epr)},
                                                       {"value", target.eprId}}}};
                payload["source"]["questionnaireResponseVersion"] = std::to_string(response.versionId);
                message.payload = std::move(payload);
            }
        }
        planned.push_back(std::move(message));
    }

    for (const auto& message : planned) {
        if (auto stored = storeMessage(connection, repository, response, message); !stored)
            return stored;
    }
    logEvent("info", "delivery_planned",
             {{"messages", planned.size()},
              {"failed", std::count_if(planned.begin(), planned.end(), [](const auto& m) { return !m.failure.empty(); })}});
    return core::Status::success();
}

} // namespace avocet::hub
