#include "server/FhirInteractions.h"
#include "server/HubPmi.h"
#include "core/documents/TransferEnvelope.h"
#include "core/identity/NhsNumber.h"
#include "server/AuditChains.h"
#include "server/SearchPrefetch.h"

#include "server/EprChannel.h"
#include "server/FhirTypes.h"
#include "server/Log.h"
#include "server/OperationOutcome.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <cstdio>
#include <ctime>

namespace avocet::hub {

namespace {

std::string weakEtag(int versionId)
{
    return "W/\"" + std::to_string(versionId) + "\"";
}

// Accepts W/"3", "3" or 3; nullopt when it is not a version number.
std::optional<int> parseEtag(std::string text)
{
    if (text.rfind("W/", 0) == 0)
        text = text.substr(2);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
        text = text.substr(1, text.size() - 2);
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoi(text);
}

std::string percentDecode(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const std::string hex = text.substr(i + 1, 2);
            if (hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
                out.push_back(static_cast<char>(std::stoi(hex, nullptr, 16)));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

nlohmann::json bundleLink(const std::string& relation, const std::string& url)
{
    return {{"relation", relation}, {"url", url}};
}

// If-None-Exist "identifier=system|value" (one plain token, no OR), as (system, value).
std::optional<ResourceRepository::IdentifierKey> simpleIdentifierCondition(const std::string& ifNoneExist)
{
    const auto params = parseQueryString(ifNoneExist);
    if (params.size() != 1 || params[0].first != "identifier")
        return std::nullopt;
    const std::string& token = params[0].second;
    const auto bar = token.find('|');
    if (bar == std::string::npos || bar + 1 >= token.size() || token.find_first_of(",\\") != std::string::npos)
        return std::nullopt;
    return ResourceRepository::IdentifierKey{token.substr(0, bar), token.substr(bar + 1)};
}

// A Bundle as JSON text: `head` (everything but entry) serialised by nlohmann, then one entry per
// row, {"fullUrl":"<urlPrefix><id>","resource":<the stored jsonb text, spliced as is><tail(row)>}
// ("resource" left out for a tombstone). Saves parsing and re-serialising every resource.
std::string bundleText(const nlohmann::json& head, const std::string& urlPrefix, const std::vector<StoredResource>& rows,
                       const std::function<std::string(const StoredResource&)>& tail)
{
    std::string quotedPrefix = nlohmann::json(urlPrefix).dump();
    quotedPrefix.pop_back(); // the closing quote: ids need no escaping (isValidResourceId)
    std::size_t size = 256;
    for (const auto& row : rows)
        size += row.contentText.size() + quotedPrefix.size() + row.id.size() + 160;
    std::string text;
    text.reserve(size);
    text = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.pop_back(); // the closing brace of the head
    text += ",\"entry\":[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        text += i == 0 ? "{\"fullUrl\":" : ",{\"fullUrl\":";
        text += quotedPrefix;
        text += row.id;
        text += '"';
        if (!row.contentText.empty()) {
            text += ",\"resource\":";
            text += row.contentText;
        }
        text += tail(row);
        text += '}';
    }
    text += "]}";
    return text;
}

// Break-glass opens the records of one patient, named by the request. A search or history that
// could answer with several patients is refused rather than answered for all of them.
const char* const kBreakGlassNamesOnePatient =
    "break-glass (X-Avocet-Break-Glass) opens one patient's records, so the request must name that patient: "
    "read it by id, search Patient by identifier=<system>|<NHS number>, or search with patient= or subject=. "
    "Searches and history across patients are refused with break-glass; without the header they answer your "
    "team's caseload";

// The same answer for a patient on another team's caseload, on no caseload and (for a write that
// names its patient by identifier) not on this server, so it cannot tell which.
InteractionResult notOnCaseload()
{
    return failure(403, "forbidden",
                   "this patient is not on your team's caseload; to proceed in an emergency repeat the request "
                   "with a reason in the X-Avocet-Break-Glass header (it is audited and reviewed)");
}

// A delivery receipt (docs/hub.md, EPR delivery): only the hub writes these.
bool isDeliveryReceipt(const nlohmann::json& task)
{
    if (!task.is_object())
        return false;
    if (const auto code = task.find("code"); code != task.end() && code->is_object()) {
        for (const auto& coding : code->value("coding", nlohmann::json::array())) {
            if (coding.is_object() && coding.value("code", "") == "epr-delivery")
                return true;
        }
    }
    if (const auto identifiers = task.find("identifier"); identifiers != task.end() && identifiers->is_array()) {
        for (const auto& identifier : *identifiers) {
            const std::string system = identifier.is_object() ? identifier.value("system", "") : "";
            if (system == "https://fhir.avocet.example/Id/epr-delivery" ||
                system == "https://fhir.avocet.example/Id/epr-delivery-response")
                return true;
        }
    }
    return false;
}

InteractionResult receiptRefused()
{
    return failure(403, "forbidden",
                   "EPR delivery receipts (Task with code epr-delivery) are written by the hub alone; clients read them");
}

constexpr const char* kUserCompartment = "User/";

std::string joinQuery(const QueryParams& params)
{
    std::string query;
    for (const auto& [name, value] : params)
        query += (query.empty() ? "" : "&") + urlEncode(name) + "=" + urlEncode(value);
    return query;
}

} // namespace

InteractionResult failure(int status, const std::string& issueCode, const std::string& diagnostics)
{
    InteractionResult result;
    result.status = status;
    result.body = makeOperationOutcome("error", issueCode, diagnostics);
    return result;
}

std::vector<std::pair<std::string, nlohmann::json>> patientIdentifiersNamed(const std::string& type,
                                                                            const nlohmann::json& resource)
{
    std::vector<std::pair<std::string, nlohmann::json>> named;
    if (!resource.is_object())
        return named;
    for (const char* field : {"subject", "patient", "for"}) {
        if (resource.contains(field) && resource[field].is_object() && resource[field].contains("identifier"))
            named.emplace_back(std::string(field) + ".identifier", resource[field]["identifier"]);
    }
    if (type == "Appointment" && resource.contains("participant") && resource["participant"].is_array()) {
        const auto& participants = resource["participant"];
        for (std::size_t i = 0; i < participants.size(); ++i) {
            const auto& participant = participants[i];
            if (!participant.is_object() || !participant.contains("actor") || !participant["actor"].is_object())
                continue;
            const auto& actor = participant["actor"];
            if (!actor.contains("identifier") || !actor["identifier"].is_object())
                continue;
            // A practitioner or a location named by identifier is not the patient.
            const std::string system = actor["identifier"].value("system", "");
            const bool patientSystem = system == "https://fhir.nhs.uk/Id/nhs-number" ||
                                       (system.rfind("https://fhir.avocet.example/Id/", 0) == 0 &&
                                        system.size() > 10 && system.substr(system.size() - 10) == "-record-id");
            if (actor.value("type", "") == "Patient" || patientSystem)
                named.emplace_back("participant[" + std::to_string(i) + "].actor.identifier", actor["identifier"]);
        }
    }
    return named;
}

std::string httpDateFromInstant(const std::string& instant)
{
    std::tm tm{};
    if (std::sscanf(instant.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec) != 6)
        return {};
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t seconds = timegm(&tm);
    std::tm normalised{};
    gmtime_r(&seconds, &normalised);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &normalised);
    return buffer;
}

std::string urlEncode(const std::string& text)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == ':') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[byte >> 4]);
            out.push_back(hex[byte & 0x0F]);
        }
    }
    return out;
}

QueryParams parseQueryString(const std::string& query)
{
    QueryParams params;
    std::size_t start = 0;
    while (start < query.size()) {
        auto end = query.find('&', start);
        if (end == std::string::npos)
            end = query.size();
        const std::string part = query.substr(start, end - start);
        if (!part.empty()) {
            const auto equals = part.find('=');
            if (equals == std::string::npos)
                params.emplace_back(percentDecode(part), "");
            else
                params.emplace_back(percentDecode(part.substr(0, equals)), percentDecode(part.substr(equals + 1)));
        }
        start = end + 1;
    }
    return params;
}

FhirInteractions::FhirInteractions(PgConnection& connection, RequestContext& context)
    : m_connection(connection), m_context(context), m_repository(connection), m_access(connection)
{
}

InteractionResult FhirInteractions::storeFailure(const core::Error& error) const
{
    if (isBadInput(error))
        return failure(400, "invalid", "a search or history value was not accepted by the store");
    logEvent("error", "store_failure", {{"message", loggableError(error)}});
    return failure(500, "exception", "the store failed; nothing was changed. Try again.");
}

std::optional<InteractionResult> FhirInteractions::refuse(Operation operation, const std::string& type,
                                                         const std::string& compartment)
{
    if (auto reason = roleRefusal(m_context.caller, operation, type); !reason.empty())
        return failure(403, "forbidden", reason);
    if (!isCaseloadRestricted(m_context.caller) || compartment.empty())
        return std::nullopt;
    // Records about no patient that belong to one user (their log-in, lock and unlock events):
    // theirs and administrators' to read. Break-glass opens patients, not colleagues' sessions.
    if (compartment.rfind(kUserCompartment, 0) == 0) {
        if (compartment == kUserCompartment + m_context.caller.username)
            return std::nullopt;
        return failure(403, "forbidden",
                       "this audit event records another user's session; it is for that user and administrators");
    }
    auto onCaseload = m_access.isOnCaseload(m_context.caller.username, compartment);
    if (!onCaseload)
        return storeFailure(onCaseload.error());
    if (onCaseload.value())
        return std::nullopt;
    if (!m_context.caller.breakGlassReason.empty()) {
        auto& reached = m_context.caller.brokenGlassFor;
        if (std::find(reached.begin(), reached.end(), compartment) == reached.end())
            reached.push_back(compartment);
        return std::nullopt;
    }
    return notOnCaseload();
}

std::optional<InteractionResult> FhirInteractions::breakGlassPatient(const std::string& type, SearchQuery& query)
{
    if (query.compartment)
        return std::nullopt;
    if (type != "Patient" || query.identifiers.size() != 1 || !query.identifiers.front().value)
        return failure(403, "forbidden", kBreakGlassNamesOnePatient);
    SearchQuery lookup;
    lookup.type = "Patient";
    lookup.identifiers = query.identifiers;
    lookup.count = 2;
    lookup.totalWanted = false;
    auto found = m_repository.search(lookup);
    if (!found)
        return storeFailure(found.error());
    if (found->matches.size() > 1)
        return failure(403, "forbidden",
                       "the identifier matches more than one Patient, and break-glass (X-Avocet-Break-Glass) opens "
                       "one patient's records: read the patient by id");
    // No Patient has it: the search runs on the caseload as without the header, and finds no one
    // the caller may not see.
    if (found->matches.size() == 1)
        query.compartment = "Patient/" + found->matches.front().id;
    return std::nullopt;
}

core::Status FhirInteractions::writeBreakGlass(const std::vector<std::string>& patients, int status)
{
    // Under the write lock like every resource write, so the AuditEvents' seq and lastUpdated
    // grow in commit order and a client's _lastUpdated pull does not skip them.
    core::Status result = m_locked ? core::Status::success() : m_repository.lockForWrite();
    if (result)
        m_locked = true;
    const std::string action = m_context.method == "GET" ? "R" : (m_context.method == "DELETE" ? "D" : "U");
    const std::vector<std::string> targets = patients.empty() ? std::vector<std::string>{""} : patients;
    for (const auto& patient : targets) {
        if (!result)
            break;
        result = m_access.recordBreakGlass(m_context.caller, patient, m_context.method, m_context.route, status);
        if (!result)
            break;
        // An AuditEvent the clients sync, so the patient's record shows who broke the glass and why.
        nlohmann::json event = {
            {"resourceType", "AuditEvent"},
            {"type", {{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"}, {"code", "rest"}}},
            {"subtype", nlohmann::json::array({{{"system", "urn:avocet:audit"}, {"code", "break-glass"}}})},
            {"action", action},
            // 0 success; 4 minor failure: the request was refused or named nothing that exists.
            {"outcome", status == 0 ? "0" : "4"},
            {"purposeOfEvent", nlohmann::json::array({{{"text", m_context.caller.breakGlassReason}}})},
            {"agent", nlohmann::json::array({{{"who", {{"identifier", {{"system", "urn:avocet:user"},
                                                                         {"value", m_context.caller.username}}}}},
                                              {"requestor", true},
                                              {"role", nlohmann::json::array({{{"text", roleName(m_context.caller.role)}}})}}})},
            {"source", {{"observer", {{"display", "avocet-hub"}}}}},
        };
        if (!patient.empty())
            event["entity"] = nlohmann::json::array({{{"what", {{"reference", patient}}}}});
        if (status != 0)
            event["outcomeDesc"] = "answered HTTP " + std::to_string(status) + "; no patient data was returned";
        auto now = m_connection.query(
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        if (!now) {
            result = now.error();
            break;
        }
        event["recorded"] = now->text(0, 0);
        const std::string compartment = patient.empty() ? kUserCompartment + m_context.caller.username : patient;
        if (auto written = m_repository.write("AuditEvent", newResourceId(), 1, "POST", std::move(event), compartment);
            !written)
            result = written.error();
    }
    logEvent(result ? "warn" : "error", "break_glass",
             {{"role", roleName(m_context.caller.role)},
              {"patients", patients.size()},
              {"outcome", status},
              {"recorded", result.ok()}});
    if (!result)
        logEvent("error", "break_glass_not_recorded", {{"message", loggableError(result.error())}});
    return result;
}

std::optional<InteractionResult> FhirInteractions::recordBreakGlass()
{
    std::vector<std::string> reached;
    for (const auto& patient : m_context.caller.brokenGlassFor)
        if (!m_context.breakGlassRecordedFor.count(patient))
            reached.push_back(patient);
    if (reached.empty())
        return std::nullopt;
    if (writeBreakGlass(reached, 0))
        return std::nullopt;
    m_context.breakGlassUnrecordable = true;
    return failure(500, "exception",
                   "this break-glass access could not be recorded, so nothing is returned and nothing was changed; "
                   "try again");
}

std::optional<InteractionResult> FhirInteractions::recordBreakGlassAttempt(int status)
{
    if (writeBreakGlass(m_context.caller.brokenGlassFor, status))
        return std::nullopt;
    return failure(500, "exception", "this break-glass attempt could not be recorded; try again");
}

void FhirInteractions::stampAuditEvent(nlohmann::json& event, const ChainLink* link) const
{
    // What the client says about who and where is replaced by what the hub knows: the
    // authenticated caller, and the device by the audit chain it pushes (owned by that caller).
    event["agent"] = nlohmann::json::array(
        {{{"who", {{"identifier", {{"system", "urn:avocet:user"}, {"value", m_context.caller.username}}},
                   {"display", m_context.caller.username}}},
          {"requestor", true},
          {"role", nlohmann::json::array({{{"text", roleName(m_context.caller.role)}}})},
          {"network", {{"address", m_context.clientAddress}, {"type", "2"}}}}});
    nlohmann::json observer = {{"display", "device of " + m_context.caller.username + " (no audit chain)"}};
    if (link != nullptr)
        observer = {{"identifier", {{"system", "urn:avocet:audit-chain"}, {"value", link->chainId}}},
                    {"display", "device with audit chain " + link->chainId}};
    event["source"] = {{"site", "avocet-hub"}, {"observer", observer}};
}

std::optional<InteractionResult> FhirInteractions::lock()
{
    if (m_locked)
        return std::nullopt;
    if (auto status = m_repository.lockForWrite(); !status)
        return storeFailure(status.error());
    m_locked = true;
    return std::nullopt;
}

// A verified NHS number is what automatic linking and routing trust: only the EPR that traced it
// (its feed) or an administrator may assert it, never a clinician's client.
// An update that keeps the number the stored version already holds as verified asserts nothing new.
std::optional<InteractionResult> FhirInteractions::refuseVerifiedNhsNumber(const std::string& type,
                                                                           const nlohmann::json& resource,
                                                                           const nlohmann::json* before) const
{
    if (type != "Patient" || isFeed() || m_context.caller.role == Role::Administrator || !resource.is_object())
        return std::nullopt;
    const auto verifiedNumbers = [](const nlohmann::json& patient) {
        std::set<std::string> numbers;
        const auto identifiers = patient.is_object() ? patient.find("identifier") : patient.end();
        if (patient.is_object() && identifiers != patient.end() && identifiers->is_array())
            for (const auto& identifier : *identifiers)
                if (identifier.is_object() && identifier.value("system", "") == core::identity::kNhsNumberSystem &&
                    verifiedIdentifier(identifier))
                    numbers.insert(identifier.value("value", ""));
        return numbers;
    };
    const std::set<std::string> held = before != nullptr ? verifiedNumbers(*before) : std::set<std::string>{};
    for (const std::string& number : verifiedNumbers(resource))
        if (!held.count(number))
            return failure(403, "forbidden",
                           "only an EPR feed or an administrator can record an NHS number as verified "
                           "(NHSNumberVerificationStatus 01); send the number without that status");
    return std::nullopt;
}

std::optional<InteractionResult> FhirInteractions::checkBody(const std::string& type,
                                                             const nlohmann::json& resource) const
{
    if (!resource.is_object())
        return failure(400, "invalid", "the body must be a JSON object holding a " + type + " resource");
    const auto found = resource.find("resourceType");
    if (found == resource.end() || !found->is_string())
        return failure(400, "invalid", "the resource has no resourceType");
    if (found->get<std::string>() != type)
        return failure(400, "invalid",
                       "resourceType is " + found->get<std::string>() + " but the URL is for " + type);
    return std::nullopt;
}

std::optional<InteractionResult> FhirInteractions::recheckDocument(const std::string& type,
                                                                   const nlohmann::json& resource) const
{
    if (type != "DocumentReference" || isFeed() || !resource.is_object())
        return std::nullopt;
    // Only transfer-of-care documents are delivered; any other DocumentReference is stored as sent.
    bool transfer = false;
    const auto categories = resource.find("category");
    if (categories != resource.end() && categories->is_array())
        for (const auto& category : *categories) {
            const auto codings = category.is_object() ? category.find("coding") : category.end();
            if (category.is_object() && codings != category.end() && codings->is_array())
                for (const auto& coding : *codings)
                    transfer = transfer || (coding.is_object() &&
                                            coding.value("system", "") == core::documents::kTransferCategorySystem);
        }
    if (!transfer)
        return std::nullopt;
    auto envelope = core::documents::readDocumentReference(resource, true);
    std::string problem = envelope ? std::string() : envelope.message();
    if (problem.empty() && envelope->bundle.value("type", "") != "document")
        problem = "DocumentReference.content (application/fhir+json) is a Bundle of type '" +
                  envelope->bundle.value("type", "") + "', not a FHIR document";
    if (problem.empty() && envelope->pdf.rfind("%PDF-", 0) != 0)
        problem = "DocumentReference.content (application/pdf) is not a PDF";
    if (problem.empty())
        return std::nullopt;
    // Where: the element the message begins with ("DocumentReference.content (application/pdf): ...").
    std::string where = "DocumentReference";
    if (problem.rfind("DocumentReference.", 0) == 0)
        where = problem.substr(0, problem.find_first_of(" :"));
    logEvent("warn", "transfer_document_refused", {{"element", where}});
    auto refused = failure(422, "invariant",
                           "transfer-of-care document refused: " + problem +
                               "; nothing was stored or sent, so correct it and send it again");
    refused.body["issue"][0]["expression"] = nlohmann::json::array({where});
    return refused;
}

InteractionResult FhirInteractions::withResource(int status, StoredResource stored) const
{
    InteractionResult result;
    result.status = status;
    result.body = std::move(stored.content);
    result.etag = weakEtag(stored.versionId);
    result.lastModified = httpDateFromInstant(stored.lastUpdated);
    result.location = m_context.baseUrl + "/" + stored.type + "/" + stored.id + "/_history/" +
                      std::to_string(stored.versionId);
    result.resourceType = stored.type;
    result.resourceId = stored.id;
    return result;
}

// The submission (or transfer-of-care document) and its messages commit together or not at all.
std::optional<InteractionResult> FhirInteractions::planDelivery(const StoredResource& stored)
{
    if (m_context.delivery == nullptr || (stored.type != "QuestionnaireResponse" && stored.type != "DocumentReference"))
        return std::nullopt;
    if (auto planned = m_context.delivery->planFor(m_connection, m_repository, stored); !planned)
        return storeFailure(planned.error());
    // Planning wrote receipt Tasks whose identifiers this cache does not track.
    std::erase_if(m_knownAbsent, [](const auto& key) { return std::get<0>(key) == "Task"; });
    return std::nullopt;
}

void FhirInteractions::forgetAbsent(const StoredResource& written)
{
    if (m_knownAbsent.empty() || !written.content.is_object())
        return;
    const auto field = written.content.find("identifier");
    if (field == written.content.end())
        return;
    auto forget = [&](const nlohmann::json& identifier) {
        if (identifier.is_object() && identifier.contains("value") && identifier["value"].is_string())
            m_knownAbsent.erase({written.type, identifier.value("system", ""), identifier["value"].get<std::string>()});
    };
    if (field->is_array()) {
        for (const auto& identifier : *field)
            forget(identifier);
    } else {
        forget(*field);
    }
}

std::optional<InteractionResult> FhirInteractions::prefetchConditionalCreates(
    const std::vector<std::pair<std::string, std::string>>& conditions)
{
    std::map<std::string, std::vector<ResourceRepository::IdentifierKey>> byType;
    for (const auto& [type, ifNoneExist] : conditions) {
        if (auto key = simpleIdentifierCondition(ifNoneExist); key)
            byType[type].push_back(std::move(*key));
    }
    if (byType.empty())
        return std::nullopt;
    if (auto failed = lock(); failed)
        return failed;
    for (const auto& [type, keys] : byType) {
        auto found = m_repository.findByIdentifiers(type, keys);
        if (!found)
            return storeFailure(found.error());
        for (const auto& key : keys) {
            if (!found->contains(key))
                m_knownAbsent.emplace(type, key.first, key.second);
        }
    }
    return std::nullopt;
}

std::optional<InteractionResult> FhirInteractions::conditionalMatch(const std::string& type,
                                                                    const std::string& ifNoneExist,
                                                                    std::string* matchedId)
{
    std::size_t count = 0;
    std::string foundId;
    // A caseload-restricted caller without break-glass matches only what they may see: a record
    // another team holds is neither handed out nor refused (which would tell that it exists).
    const bool scoped = isCaseloadRestricted(m_context.caller) && m_context.caller.breakGlassReason.empty();
    if (auto key = simpleIdentifierCondition(ifNoneExist); key) {
        if (m_knownAbsent.contains({type, key->first, key->second}))
            return std::nullopt;
        if (scoped) {
            auto found = m_repository.findVisibleByIdentifier(type, *key, m_context.caller.username);
            if (!found)
                return storeFailure(found.error());
            count = static_cast<std::size_t>(found->count);
            foundId = found->id;
        } else {
            auto found = m_repository.findByIdentifiers(type, {*key});
            if (!found)
                return storeFailure(found.error());
            if (!found->empty()) {
                count = static_cast<std::size_t>(found->begin()->second.count);
                foundId = found->begin()->second.id;
            }
        }
    } else {
        auto query = parseSearchQuery(type, parseQueryString(ifNoneExist), 2, 2, false);
        if (!query)
            return failure(400, "invalid", "If-None-Exist: " + query.message());
        query->count = 2;
        query->totalWanted = false;
        if (scoped)
            query->caseloadUser = m_context.caller.username;
        auto matches = m_repository.search(query.value());
        if (!matches)
            return storeFailure(matches.error());
        count = matches->matches.size();
        if (count > 0)
            foundId = matches->matches.front().id;
    }
    if (count > 1)
        return failure(412, "duplicate", "If-None-Exist matches more than one " + type);
    if (count == 0)
        return std::nullopt;
    auto existing = m_repository.current(type, foundId);
    if (!existing || !existing.value())
        return failure(500, "exception", "matched resource vanished");
    if (auto refused = refuse(Operation::Read, type, (*existing)->compartment); refused)
        return refused;
    if (matchedId != nullptr)
        *matchedId = (*existing)->id;
    return withResource(200, std::move(**existing));
}

InteractionResult FhirInteractions::read(const std::string& type, const std::string& id)
{
    if (!isValidResourceId(id))
        return failure(400, "invalid", "'" + id + "' is not a valid resource id");
    if (auto refused = refuse(Operation::Read, type, {}); refused)
        return *refused;
    auto found = m_repository.current(type, id);
    if (!found)
        return storeFailure(found.error());
    if (!found.value())
        return failure(404, "not-found", type + "/" + id + " does not exist");
    const auto& stored = **found;
    if (auto refused = refuse(Operation::Read, type, stored.compartment); refused)
        return *refused;
    if (stored.isDeleted) {
        auto gone = failure(410, "deleted", type + "/" + id + " was deleted");
        gone.etag = weakEtag(stored.versionId);
        return gone;
    }
    return withResource(200, stored);
}

InteractionResult FhirInteractions::vread(const std::string& type, const std::string& id, const std::string& versionId)
{
    const auto version = parseEtag(versionId);
    if (!isValidResourceId(id) || !version)
        return failure(400, "invalid", "bad id or version id");
    auto current = m_repository.current(type, id);
    if (!current)
        return storeFailure(current.error());
    if (!current.value())
        return failure(404, "not-found", type + "/" + id + " does not exist");
    if (auto refused = refuse(Operation::Read, type, (*current)->compartment); refused)
        return *refused;
    auto found = m_repository.version(type, id, *version);
    if (!found)
        return storeFailure(found.error());
    if (!found.value())
        return failure(404, "not-found", type + "/" + id + " has no version " + versionId);
    if ((*found)->isDeleted) {
        auto gone = failure(410, "deleted", "version " + versionId + " of " + type + "/" + id + " is a deletion");
        gone.etag = weakEtag(*version);
        return gone;
    }
    return withResource(200, std::move(**found));
}

InteractionResult FhirInteractions::create(const std::string& type, nlohmann::json resource,
                                           const std::string& ifNoneExist)
{
    return createWithId(type, newResourceId(), std::move(resource), ifNoneExist, nullptr);
}

InteractionResult FhirInteractions::createWithId(const std::string& type, const std::string& id,
                                                 nlohmann::json resource, const std::string& ifNoneExist,
                                                 std::string* matchedId)
{
    if (auto bad = checkBody(type, resource); bad)
        return *bad;
    if (auto refused = refuse(Operation::Write, type, {}); refused)
        return *refused;
    if (isFeed()) {
        auto written = feedWrite(type, std::move(resource), id, {});
        if (matchedId != nullptr && !written.isError() && !written.resourceId.empty() && written.resourceId != id)
            *matchedId = written.resourceId;
        return written;
    }
    if (type == "Task" && isDeliveryReceipt(resource))
        return receiptRefused();
    if (auto failed = lock(); failed)
        return *failed;

    // A device's audit chain event: the same event again is answered with the one stored.
    std::optional<ChainLink> chainLink;
    if (type == "AuditEvent") {
        auto link = chainLinkOf(resource);
        if (!link)
            return failure(400, "invalid", link.message());
        chainLink = std::move(link.value());
    }
    if (chainLink) {
        // A chain is its device's, and the device's user's: nobody else continues it or is
        // answered from it.
        auto owner = AuditChains(m_connection).owner(chainLink->chainId);
        if (!owner)
            return storeFailure(owner.error());
        if (*owner && !(*owner)->empty() && **owner != m_context.caller.username) {
            logEvent("warn", "audit_chain_foreign_push", {{"chain", chainLink->chainId}});
            return failure(403, "forbidden", "audit chain " + chainLink->chainId +
                                                 " belongs to another user's device; push your own device's chain");
        }
        if (auto answered = anchoredEvent(*chainLink, matchedId); answered)
            return *answered;
    }
    if (type == "AuditEvent")
        stampAuditEvent(resource, chainLink ? &*chainLink : nullptr);

    if (!ifNoneExist.empty()) {
        // Under the write lock, so two retries of the same submission cannot both create.
        if (auto answered = conditionalMatch(type, ifNoneExist, matchedId); answered)
            return *answered;
    }

    resource.erase("id");
    if (auto refused = recheckResponse(type, resource); refused)
        return *refused;
    if (auto refused = recheckDocument(type, resource); refused)
        return *refused;
    if (auto refused = refuseVerifiedNhsNumber(type, resource, nullptr); refused)
        return *refused;
    std::string compartment;
    if (auto refused = patientCompartment(type, id, resource, compartment); refused)
        return *refused;
    // An AuditEvent about no patient (log-in, lock, unlock) belongs to the user who sent it.
    if (type == "AuditEvent" && compartment.empty())
        compartment = kUserCompartment + m_context.caller.username;
    // A new Patient cannot be on anyone's caseload yet: it joins the creator's teams' caseloads.
    if (type != "Patient") {
        if (auto refused = refuse(Operation::Write, type, compartment); refused)
            return *refused;
    }
    auto stored = m_repository.write(type, id, 1, "POST", std::move(resource), compartment);
    if (!stored)
        return storeFailure(stored.error());
    if (chainLink) {
        if (auto anchored = AuditChains(m_connection).anchor(*chainLink, id, m_context.caller.username); !anchored)
            return storeFailure(anchored.error());
    }
    forgetAbsent(stored.value());
    if (type == "Patient" && isCaseloadRestricted(m_context.caller)) {
        if (auto added = m_access.addToCallersCaseloads(m_context.caller.username, compartment); !added)
            return storeFailure(added.error());
    }
    if (type == "Patient") {
        if (auto failed = applyParkedFor(stored.value()); failed)
            return *failed;
    }
    if (auto failed = planDelivery(stored.value()); failed)
        return *failed;
    if (auto failed = deriveObservations(stored.value()); failed)
        return *failed;
    return withResource(201, std::move(stored.value()));
}

std::optional<InteractionResult> FhirInteractions::anchoredEvent(const ChainLink& link, std::string* matchedId)
{
    auto held = AuditChains(m_connection).held(link);
    if (!held)
        return storeFailure(held.error());
    if (!*held)
        return std::nullopt;
    if ((*held)->hash != link.hash) {
        logEvent("warn", "audit_chain_rewrite", {{"chain", link.chainId}, {"seq", link.seq}});
        return failure(409, "conflict",
                       "audit chain " + link.chainId + " already holds event " + std::to_string(link.seq) +
                           " with another hash: the audit history this hub anchored cannot be rewritten");
    }
    auto existing = m_repository.current("AuditEvent", (*held)->resourceId);
    if (!existing || !existing.value())
        return failure(500, "exception", "the anchored AuditEvent vanished");
    if (matchedId != nullptr)
        *matchedId = (*existing)->id;
    return withResource(200, std::move(**existing));
}

std::optional<InteractionResult> FhirInteractions::patientCompartment(const std::string& type, const std::string& id,
                                                                      const nlohmann::json& resource,
                                                                      std::string& compartment)
{
    compartment = ResourceRepository::compartmentOf(type, id, resource);
    if (!compartment.empty() || type == "Patient" || !resource.is_object())
        return std::nullopt;
    // The patient named by identifier only (the desktop and avocetctl name a form's patient by
    // NHS number): the one Patient on this hub with that identifier. Left without a compartment,
    // the record would be visible to every clinician and delivered to no EPR, so a patient that
    // cannot be resolved is refused instead.
    for (const auto& [where, identifier] : patientIdentifiersNamed(type, resource)) {
        if (!identifier.is_object() || !identifier.contains("system") || !identifier["system"].is_string() ||
            !identifier.contains("value") || !identifier["value"].is_string())
            return failure(400, "invalid", where + " must have a system and a value");
        const ResourceRepository::IdentifierKey key{identifier["system"].get<std::string>(),
                                                    identifier["value"].get<std::string>()};
        long long count = 0;
        std::string matchedPatient;
        if (isCaseloadRestricted(m_context.caller) && m_context.caller.breakGlassReason.empty()) {
            // Among the Patients the caller may see: another team's Patient with the same number
            // (a second registration) neither hides theirs nor shows itself.
            auto visible = m_repository.findVisibleByIdentifier("Patient", key, m_context.caller.username);
            if (!visible)
                return storeFailure(visible.error());
            count = visible->count;
            matchedPatient = visible->id;
        } else {
            auto found = m_repository.findByIdentifiers("Patient", {key});
            if (!found)
                return storeFailure(found.error());
            const auto match = found->find(key);
            count = match == found->end() ? 0 : match->second.count;
            if (match != found->end())
                matchedPatient = match->second.id;
        }
        // A caseload-restricted caller without break-glass may not write about a patient off the
        // caseload anyway: a number no Patient (or several) has gets the very answer another team's
        // patient gets, so a write cannot be used to test whether a number is a patient here.
        if (count != 1 && isCaseloadRestricted(m_context.caller) && m_context.caller.breakGlassReason.empty())
            return notOnCaseload();
        if (count == 0)
            return failure(422, "processing",
                           where + " names the patient by " + key.first +
                               ", but no Patient on this server has that identifier: send the Patient first, or "
                               "name it by reference");
        if (count > 1)
            return failure(422, "processing",
                           where + " (" + key.first + ") matches " + std::to_string(count) +
                               " Patients on this server: name the patient by reference");
        compartment = "Patient/" + matchedPatient;
        return std::nullopt;
    }
    return std::nullopt;
}

FhirInteractions::WriteTarget FhirInteractions::loadForWrite(const std::string& type, const std::string& id,
                                                             const std::string& ifMatch, const std::string& missingHint)
{
    WriteTarget target;
    if (!isValidResourceId(id)) {
        target.refusal = failure(400, "invalid", "'" + id + "' is not a valid resource id");
        return target;
    }
    if (type == "AuditEvent") {
        target.refusal = failure(405, "not-supported", "AuditEvent is append-only");
        return target;
    }
    if (!ifMatch.empty()) {
        // RFC 7232: "*" matches any current version; a list matches when one of its tags does.
        target.conditional = true;
        std::size_t start = 0;
        while (start <= ifMatch.size()) {
            auto end = ifMatch.find(',', start);
            if (end == std::string::npos)
                end = ifMatch.size();
            std::string tag = ifMatch.substr(start, end - start);
            tag.erase(0, tag.find_first_not_of(" \t"));
            tag.erase(tag.find_last_not_of(" \t") + 1);
            start = end + 1;
            if (tag.empty())
                continue;
            if (tag == "*") {
                target.anyVersion = true;
                continue;
            }
            const auto version = parseEtag(tag);
            if (!version) {
                target.refusal = failure(400, "invalid",
                                         "If-Match must be '*' or version ETags like W/\"3\" (comma-separated)");
                return target;
            }
            target.expectedVersions.push_back(*version);
        }
        if (!target.anyVersion && target.expectedVersions.empty()) {
            target.refusal = failure(400, "invalid", "If-Match is empty");
            return target;
        }
    }
    if (auto refused = refuse(Operation::Write, type, {}); refused) {
        target.refusal = std::move(refused);
        return target;
    }
    if (auto failed = lock(); failed) {
        target.refusal = std::move(failed);
        return target;
    }
    auto current = m_repository.current(type, id);
    if (!current) {
        target.refusal = storeFailure(current.error());
        return target;
    }
    if (!current.value()) {
        target.refusal = failure(404, "not-found", type + "/" + id + " does not exist" + missingHint);
        return target;
    }
    target.refusal = refuse(Operation::Write, type, (*current)->compartment);
    if (!target.refusal && type == "Task" && isDeliveryReceipt((*current)->content))
        target.refusal = receiptRefused();
    target.current = std::move(current.value());
    return target;
}

bool FhirInteractions::WriteTarget::matches(int versionId) const
{
    if (!conditional || anyVersion)
        return true;
    return std::find(expectedVersions.begin(), expectedVersions.end(), versionId) != expectedVersions.end();
}

InteractionResult FhirInteractions::update(const std::string& type, const std::string& id, nlohmann::json resource,
                                           const std::string& ifMatch)
{
    if (isFeed())
        return failure(405, "not-supported",
                       "EPR feeds write by their record identifier: POST /" + type + " or PUT /" + type +
                           "?identifier=<record-id system>|<value>, not by the hub's id");
    if (auto bad = checkBody(type, resource); bad)
        return *bad;
    if (!resource.contains("id") || !resource["id"].is_string() || resource["id"].get<std::string>() != id)
        return failure(400, "invalid", "the resource id must be present and equal the id in the URL (" + id + ")");
    if (type == "Task" && isDeliveryReceipt(resource))
        return receiptRefused();
    auto target = loadForWrite(type, id, ifMatch, "; create it with POST");
    if (target.refusal)
        return *target.refusal;
    const auto& existing = *target.current;
    if (existing.isDeleted)
        return failure(410, "deleted", type + "/" + id + " was deleted and cannot be brought back");
    if (!target.matches(existing.versionId)) {
        auto stale = failure(412, "conflict",
                             "version conflict: If-Match names another version; the current version is " +
                                 std::to_string(existing.versionId));
        stale.etag = weakEtag(existing.versionId);
        return stale;
    }
    if (auto refused = recheckResponse(type, resource); refused)
        return *refused;
    if (auto refused = recheckDocument(type, resource); refused)
        return *refused;
    if (auto refused = refuseVerifiedNhsNumber(type, resource, &existing.content); refused)
        return *refused;
    std::string compartment;
    if (auto refused = patientCompartment(type, id, resource, compartment); refused)
        return *refused;
    if (compartment != existing.compartment) {
        if (auto refused = refuse(Operation::Write, type, compartment); refused)
            return *refused;
    }
    auto stored = m_repository.write(type, id, existing.versionId + 1, "PUT", std::move(resource), compartment);
    if (!stored)
        return storeFailure(stored.error());
    forgetAbsent(stored.value());
    if (type == "Patient") {
        if (auto failed = applyParkedFor(stored.value()); failed)
            return *failed;
    }
    if (auto failed = planDelivery(stored.value()); failed)
        return *failed;
    if (auto failed = deriveObservations(stored.value()); failed)
        return *failed;
    return withResource(200, std::move(stored.value()));
}

InteractionResult FhirInteractions::remove(const std::string& type, const std::string& id, const std::string& ifMatch)
{
    if (isFeed())
        return failure(405, "not-supported",
                       "EPR feeds delete by their record identifier: DELETE /" + type +
                           "?identifier=<record-id system>|<value>, not by the hub's id");
    auto target = loadForWrite(type, id, ifMatch, "");
    if (target.refusal)
        return *target.refusal;
    const auto& existing = *target.current;
    if (existing.isDeleted) {
        InteractionResult done;
        done.status = 204;
        done.etag = weakEtag(existing.versionId);
        return done;
    }
    if (!target.matches(existing.versionId)) {
        auto stale = failure(412, "conflict",
                             "version conflict: current version is " + std::to_string(existing.versionId));
        stale.etag = weakEtag(existing.versionId);
        return stale;
    }
    auto stored = m_repository.write(type, id, existing.versionId + 1, "DELETE", nullptr, existing.compartment);
    if (!stored)
        return storeFailure(stored.error());
    InteractionResult done;
    done.status = 204;
    done.etag = weakEtag(stored->versionId);
    done.lastModified = httpDateFromInstant(stored->lastUpdated);
    done.resourceType = type;
    done.resourceId = id;
    return done;
}

InteractionResult FhirInteractions::search(const std::string& type, const QueryParams& params)
{
    auto query = parseSearchQuery(type, params, m_context.defaultPageSize, m_context.maxPageSize,
                                  m_context.lenientSearch);
    if (!query)
        return failure(400, query.code() == core::ErrorCode::Unsupported ? "not-supported" : "invalid",
                       query.message());
    if (auto refused = refuse(Operation::Read, type, {}); refused)
        return *refused;
    if (isCaseloadRestricted(m_context.caller)) {
        if (!m_context.caller.breakGlassReason.empty()) {
            if (auto refused = breakGlassPatient(type, query.value()); refused)
                return *refused;
        }
        if (query->compartment) {
            if (auto refused = refuse(Operation::Read, type, *query->compartment); refused)
                return *refused;
        } else {
            query->caseloadUser = m_context.caller.username;
        }
    }
    std::optional<SearchPage> readAhead;
    if (m_context.prefetch != nullptr && query->cursor)
        readAhead = m_context.prefetch->take(query.value());
    auto page = readAhead ? core::Result<SearchPage>(std::move(*readAhead)) : m_repository.search(query.value());
    if (!page)
        return storeFailure(page.error());
    if (m_context.prefetch != nullptr && page->nextCursor) {
        // The client will follow the next link as soon as it has read this page.
        SearchQuery next = query.value();
        next.cursor = page->nextCursor;
        m_context.prefetch->readAhead(next);
    }

    nlohmann::json bundle = {{"resourceType", "Bundle"}, {"type", "searchset"}};
    if (page->total)
        bundle["total"] = *page->total;
    QueryParams selfParams = query->echoed;
    if (query->cursor)
        selfParams.emplace_back("_cursor", std::to_string(*query->cursor));
    auto links = nlohmann::json::array({bundleLink("self", m_context.baseUrl + "/" + type + "?" + joinQuery(selfParams))});
    if (page->nextCursor) {
        QueryParams next = query->echoed;
        if (std::none_of(next.begin(), next.end(), [](const auto& p) { return p.first == "_count"; }))
            next.emplace_back("_count", std::to_string(query->count));
        next.emplace_back("_cursor", std::to_string(*page->nextCursor));
        links.push_back(bundleLink("next", m_context.baseUrl + "/" + type + "?" + joinQuery(next)));
    }
    bundle["link"] = links;
    InteractionResult result;
    result.bodyText = bundleText(bundle, m_context.baseUrl + "/" + type + "/", page->matches,
                                 [](const StoredResource&) { return std::string(",\"search\":{\"mode\":\"match\"}"); });
    return result;
}

InteractionResult FhirInteractions::trustSearch(const QueryParams& params)
{
    if (m_context.caller.role != Role::Clinician && m_context.caller.role != Role::WardStaff &&
        m_context.caller.role != Role::Administrator)
        return failure(403, "forbidden", "the trust-wide patient search is for clinical staff and administrators");
    if (!m_context.caller.breakGlassReason.empty())
        return failure(400, "invalid",
                       "finding a patient needs no break-glass; send X-Avocet-Break-Glass when opening one patient's "
                       "records");
    static const std::set<std::string> kAllowed = {"identifier", "family", "given", "name", "birthdate", "gender"};
    QueryParams kept;
    std::set<std::string> used;
    std::string family;
    for (const auto& [name, value] : params) {
        if (!kAllowed.count(name))
            return failure(400, "invalid",
                           "$trust-search takes identifier, family, given, name, birthdate and gender; not '" + name +
                               "'");
        if (value.empty())
            continue;
        used.insert(name);
        if (name == "family")
            family = value;
        kept.emplace_back(name, value);
    }
    const bool byNumber = used.count("identifier") > 0;
    const bool byName = family.size() >= 2 && (used.count("given") || used.count("birthdate"));
    if (!byNumber && !byName)
        return failure(400, "invalid",
                       "the trust-wide search must be narrow: give an NHS number (identifier), or a family name of at "
                       "least two letters with a given name or a birth date");
    kept.emplace_back("_count", std::to_string(kTrustSearchLimit + 1));
    auto query = parseSearchQuery("Patient", kept, kTrustSearchLimit + 1, kTrustSearchLimit + 1, false);
    if (!query)
        return failure(400, query.code() == core::ErrorCode::Unsupported ? "not-supported" : "invalid",
                       query.message());
    query->totalWanted = false;
    auto page = m_repository.search(query.value());
    if (!page)
        return storeFailure(page.error());
    const bool more = static_cast<int>(page->matches.size()) > kTrustSearchLimit;
    if (more)
        page->matches.resize(kTrustSearchLimit);

    nlohmann::json entries = nlohmann::json::array();
    for (const auto& match : page->matches) {
        const auto stored = nlohmann::json::parse(match.contentText, nullptr, false);
        if (!stored.is_object())
            continue;
        nlohmann::json patient = {{"resourceType", "Patient"}, {"id", match.id}};
        patient["meta"] = {{"versionId", std::to_string(match.versionId)},
                           {"tag", nlohmann::json::array({{{"system", "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"},
                                                           {"code", "SUBSETTED"}}})}};
        if (stored.contains("identifier") && stored["identifier"].is_array()) {
            nlohmann::json identifiers = nlohmann::json::array();
            for (const auto& identifier : stored["identifier"])
                if (identifier.is_object() && identifier.value("system", "") == "https://fhir.nhs.uk/Id/nhs-number")
                    identifiers.push_back({{"system", identifier["system"]}, {"value", identifier.value("value", "")}});
            patient["identifier"] = identifiers;
        }
        for (const char* key : {"name", "birthDate", "gender"})
            if (stored.contains(key))
                patient[key] = stored[key];
        auto onCaseload = isCaseloadRestricted(m_context.caller)
                              ? m_access.isOnCaseload(m_context.caller.username, "Patient/" + match.id)
                              : core::Result<bool>(true);
        if (!onCaseload)
            return storeFailure(onCaseload.error());
        patient["extension"] = nlohmann::json::array(
            {{{"url", "https://fhir.avocet.example/StructureDefinition/on-caseload"}, {"valueBoolean", *onCaseload}}});
        entries.push_back({{"fullUrl", m_context.baseUrl + "/Patient/" + match.id},
                           {"resource", std::move(patient)},
                           {"search", {{"mode", "match"}}}});
    }

    // The record of the search: who, when, which parameters and how many matched; never the values.
    std::string usedText;
    for (const auto& name : used)
        usedText += (usedText.empty() ? "" : ",") + name;
    if (auto locked = lock(); locked)
        return *locked;
    auto now = m_connection.query(
        "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    if (!now)
        return storeFailure(now.error());
    nlohmann::json event = {
        {"resourceType", "AuditEvent"},
        {"type", {{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"}, {"code", "rest"}}},
        {"subtype", nlohmann::json::array({{{"system", "urn:avocet:audit"}, {"code", "trust-search"}}})},
        {"action", "E"},
        {"recorded", now->text(0, 0)},
        {"outcome", "0"},
        {"outcomeDesc", "searched the whole trust by " + usedText + "; " + std::to_string(entries.size()) +
                            (more ? "+" : "") + " matched"},
        {"agent", nlohmann::json::array({{{"who", {{"identifier", {{"system", "urn:avocet:user"},
                                                                     {"value", m_context.caller.username}}}}},
                                          {"requestor", true},
                                          {"role", nlohmann::json::array({{{"text", roleName(m_context.caller.role)}}})}}})},
        {"source", {{"observer", {{"display", "avocet-hub"}}}}},
    };
    if (auto written = m_repository.write("AuditEvent", newResourceId(), 1, "POST", std::move(event),
                                          kUserCompartment + m_context.caller.username);
        !written)
        return storeFailure(written.error());
    logEvent("info", "trust_search",
             {{"role", roleName(m_context.caller.role)}, {"by", usedText}, {"matched", entries.size()}, {"more", more}});

    // Past the limit the answer says so in an OperationOutcome entry and offers no next page: the
    // search must be narrowed, not paged through.
    if (more)
        entries.push_back({{"resource", makeOperationOutcome("information", "too-costly",
                                                             "more than " + std::to_string(kTrustSearchLimit) +
                                                                 " patients match; narrow the search (add a birth "
                                                                 "date or given name, or use the NHS number)")},
                           {"search", {{"mode", "outcome"}}}});
    const std::size_t matched = page->matches.size();
    InteractionResult result;
    result.body = {{"resourceType", "Bundle"}, {"type", "searchset"}, {"total", matched}, {"entry", std::move(entries)}};
    return result;
}

InteractionResult FhirInteractions::history(const std::string& type, const std::optional<std::string>& id,
                                            const QueryParams& params)
{
    if (id && !isValidResourceId(*id))
        return failure(400, "invalid", "'" + *id + "' is not a valid resource id");
    auto query = parseHistoryQuery(type, id, params, m_context.defaultPageSize, m_context.maxPageSize);
    if (!query)
        return failure(400, "invalid", query.message());
    if (auto refused = refuse(Operation::Read, type, {}); refused)
        return *refused;
    if (id) {
        auto current = m_repository.current(type, *id);
        if (!current)
            return storeFailure(current.error());
        if (!current.value())
            return failure(404, "not-found", type + "/" + *id + " does not exist");
        if (auto refused = refuse(Operation::Read, type, (*current)->compartment); refused)
            return *refused;
    } else if (isCaseloadRestricted(m_context.caller)) {
        if (!m_context.caller.breakGlassReason.empty())
            return failure(403, "forbidden", kBreakGlassNamesOnePatient);
        query->caseloadUser = m_context.caller.username;
    }
    auto page = m_repository.history(query.value());
    if (!page)
        return storeFailure(page.error());

    const std::string path = "/" + type + (id ? "/" + *id : "") + "/_history";
    nlohmann::json bundle = {{"resourceType", "Bundle"}, {"type", "history"}};
    if (page->total)
        bundle["total"] = *page->total;
    QueryParams base;
    if (query->since)
        base.emplace_back("_since", *query->since);
    base.emplace_back("_count", std::to_string(query->count));
    auto links = nlohmann::json::array({bundleLink("self", m_context.baseUrl + path + "?" + joinQuery(base))});
    if (page->nextCursor) {
        QueryParams next = base;
        next.emplace_back("_cursor", std::to_string(*page->nextCursor));
        links.push_back(bundleLink("next", m_context.baseUrl + path + "?" + joinQuery(next)));
    }
    bundle["link"] = links;
    InteractionResult result;
    result.bodyText = bundleText(bundle, m_context.baseUrl + "/" + type + "/", page->matches,
                                 [&type](const StoredResource& version) {
                                     const nlohmann::json request = {
                                         {"method", version.method},
                                         {"url", version.method == "POST" ? type : type + "/" + version.id}};
                                     const nlohmann::json response = {
                                         {"status", version.isDeleted ? "204" : (version.method == "POST" ? "201" : "200")},
                                         {"etag", weakEtag(version.versionId)},
                                         {"lastModified", version.lastUpdated}};
                                     return ",\"request\":" + request.dump() + ",\"response\":" + response.dump();
                                 });
    return result;
}

} // namespace avocet::hub
