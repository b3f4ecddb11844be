#include "core/usecases/TrustSearch.h"

#include "core/identity/NhsNumber.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/store/Database.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/DesktopProjection.h"
#include "core/sync/FhirClient.h"
#include "core/sync/SyncStore.h"
#include "core/sync/SyncTypes.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace avocet::core::usecases {

using nlohmann::json;

namespace {

constexpr const char* kHeldKey = "session.held";
constexpr const char* kOnCaseload = "https://fhir.avocet.example/StructureDefinition/on-caseload";

// The record a clinician's screens use, read for an opened patient.
const char* const kRecordTypes[] = {"Encounter",          "EpisodeOfCare", "Appointment",
                                    "CarePlan",           "Observation",   "Flag",
                                    "AllergyIntolerance", "MedicationStatement", "QuestionnaireResponse"};

std::string encode(const std::string& value)
{
    std::ostringstream out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out << c;
        else {
            static const char* hex = "0123456789ABCDEF";
            out << '%' << hex[c >> 4] << hex[c & 15];
        }
    }
    return out.str();
}

bool isDigits(const std::string& s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "31/12/1960" or "1960-12-31" -> "1960-12-31"; empty when not a date.
std::string readDate(const std::string& word)
{
    int d = 0, m = 0, y = 0;
    char a = 0, b = 0;
    std::istringstream in(word);
    if (word.size() == 10 && word[4] == '-') {
        if (!(in >> y >> a >> m >> b >> d) || a != '-' || b != '-')
            return {};
    } else if (word.find('/') != std::string::npos) {
        if (!(in >> d >> a >> m >> b >> y) || a != '/' || b != '/' || y < 1000)
            return {};
    } else {
        return {};
    }
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1880 || y > 2200)
        return {};
    char text[11];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    return text;
}

struct Held
{
    std::string patient;
    std::vector<std::pair<std::string, std::string>> rows; // (type, local id)
};

Result<std::vector<Held>> readHeld(sync::SyncStore& store)
{
    auto text = store.state(kHeldKey);
    if (!text)
        return text.error();
    std::vector<Held> out;
    if (!*text)
        return out;
    const json parsed = json::parse(**text, nullptr, false);
    if (!parsed.is_array())
        return out;
    for (const auto& entry : parsed) {
        if (!entry.is_object() || !entry.contains("patient") || !entry["patient"].is_string())
            continue;
        Held held;
        held.patient = entry["patient"].get<std::string>();
        if (entry.contains("rows") && entry["rows"].is_array())
            for (const auto& row : entry["rows"])
                if (row.is_array() && row.size() == 2 && row[0].is_string() && row[1].is_string())
                    held.rows.emplace_back(row[0].get<std::string>(), row[1].get<std::string>());
        out.push_back(std::move(held));
    }
    return out;
}

Status writeHeld(sync::SyncStore& store, const std::vector<Held>& held)
{
    json out = json::array();
    for (const auto& h : held) {
        json rows = json::array();
        for (const auto& [type, id] : h.rows)
            rows.push_back({type, id});
        out.push_back({{"patient", h.patient}, {"rows", rows}});
    }
    return store.setState(kHeldKey, out.dump());
}

std::string firstText(const json& object, const char* key)
{
    if (!object.is_object() || !object.contains(key))
        return {};
    const json& value = object[key];
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_array() && !value.empty() && value[0].is_string())
        return value[0].get<std::string>();
    return {};
}

} // namespace

Result<TrustQuery> parseTrustQuery(const std::string& typed)
{
    TrustQuery query;
    std::string compact;
    for (char c : typed)
        if (!std::isspace(static_cast<unsigned char>(c)) && c != '-')
            compact += c;
    if (compact.size() == 10 && isDigits(compact)) {
        if (!identity::NhsNumber::isValid(compact))
            return makeError(ErrorCode::InvalidArgument,
                             "“" + typed + "” is not a valid NHS number (its check digit does not match)");
        query.nhsNumber = compact;
        return query;
    }
    // Words of a name, and perhaps a date of birth; a comma puts the family name first.
    std::string names = typed;
    std::vector<std::string> words;
    bool familyFirst = false;
    {
        std::string word;
        for (char c : names + " ") {
            if (c == ',') {
                if (!word.empty())
                    words.push_back(word);
                word.clear();
                if (words.size() == 1)
                    familyFirst = true;
                continue;
            }
            if (std::isspace(static_cast<unsigned char>(c))) {
                if (!word.empty())
                    words.push_back(word);
                word.clear();
                continue;
            }
            word += c;
        }
    }
    std::vector<std::string> nameWords;
    for (const auto& word : words) {
        if (const auto date = readDate(word); !date.empty())
            query.birthDate = date;
        else if (std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); }))
            return makeError(ErrorCode::InvalidArgument,
                             "“" + word + "” is neither a name nor a date of birth (31/12/1960 or 1960-12-31)");
        else
            nameWords.push_back(word);
    }
    if (!nameWords.empty()) {
        if (familyFirst || nameWords.size() == 1) {
            query.family = nameWords.front();
            for (std::size_t i = 1; i < nameWords.size(); ++i)
                query.given += (query.given.empty() ? "" : " ") + nameWords[i];
        } else {
            query.family = nameWords.back();
            for (std::size_t i = 0; i + 1 < nameWords.size(); ++i)
                query.given += (query.given.empty() ? "" : " ") + nameWords[i];
        }
    }
    if (query.family.size() < 2 || (query.given.empty() && query.birthDate.empty()))
        return makeError(ErrorCode::InvalidArgument,
                         "To search the whole trust, type an NHS number, or a family name with a given name or a "
                         "date of birth (for example “Okafor 31/12/1960”)");
    return query;
}

Result<TrustSearchResult> searchTrust(sync::FhirClient& client, const TrustQuery& query)
{
    std::string relative = "Patient/$trust-search?";
    auto add = [&relative](const char* name, const std::string& value) {
        if (value.empty())
            return;
        if (relative.back() != '?')
            relative += '&';
        relative += std::string(name) + "=" + encode(value);
    };
    add("identifier", query.nhsNumber.empty() ? "" : std::string(identity::kNhsNumberSystem) + "|" + query.nhsNumber);
    add("family", query.family);
    add("given", query.given);
    add("birthdate", query.birthDate);
    auto response = client.get(relative);
    if (!response)
        return response.error();
    if (response->status == 404 || response->status == 405)
        return makeError(ErrorCode::Unsupported,
                         "This server cannot search the whole trust; only patients held on this computer can be found");
    if (!response->success())
        return makeError(ErrorCode::SyncFailed, "The trust-wide search was refused: " + response->reason());
    TrustSearchResult result;
    const json& entries = response->body.is_object() ? response->body.value("entry", json::array()) : json::array();
    for (const auto& entry : entries) {
        if (!entry.is_object() || !entry.contains("resource"))
            continue;
        const json& resource = entry["resource"];
        if (resource.value("resourceType", "") == "OperationOutcome") {
            result.more = true;
            continue;
        }
        if (resource.value("resourceType", "") != "Patient" || !resource.contains("id"))
            continue;
        TrustMatch match;
        match.serverId = resource.value("id", "");
        if (resource.contains("identifier") && resource["identifier"].is_array())
            for (const auto& identifier : resource["identifier"])
                if (identifier.is_object() && identifier.value("system", "") == identity::kNhsNumberSystem)
                    match.nhsNumber = identifier.value("value", "");
        if (resource.contains("name") && resource["name"].is_array() && !resource["name"].empty()) {
            const json& name = resource["name"][0];
            match.family = firstText(name, "family");
            if (name.contains("given") && name["given"].is_array())
                for (const auto& given : name["given"])
                    if (given.is_string())
                        match.given += (match.given.empty() ? "" : " ") + given.get<std::string>();
        }
        match.birthDate = resource.value("birthDate", "");
        match.gender = resource.value("gender", "");
        if (resource.contains("extension") && resource["extension"].is_array())
            for (const auto& extension : resource["extension"])
                if (extension.is_object() && extension.value("url", "") == kOnCaseload)
                    match.onCaseload = extension.value("valueBoolean", false);
        result.matches.push_back(std::move(match));
    }
    return result;
}

Result<OpenedTrustPatient> openTrustPatient(store::Cache& cache, sync::FhirClient& client, const std::string& serverId,
                                            const std::string& reason)
{
    if (serverId.empty() || serverId.find_first_of("/?&#% ") != std::string::npos)
        return makeError(ErrorCode::InvalidArgument, "not a patient id: '" + serverId + "'");
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return makeError(ErrorCode::InvalidArgument, "a reason is needed to open a record outside your caseload");
    const std::vector<std::pair<std::string, std::string>> breakGlass = {{"X-Avocet-Break-Glass", reason}};

    // One batch: the Patient and each type of their record, each read with break-glass.
    json batch = {{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", json::array()}};
    batch["entry"].push_back({{"request", {{"method", "GET"}, {"url", "Patient/" + serverId}}}});
    for (const char* type : kRecordTypes)
        batch["entry"].push_back(
            {{"request", {{"method", "GET"}, {"url", std::string(type) + "?patient=Patient/" + serverId + "&_count=500"}}}});
    auto answer = client.send("POST", "", &batch, breakGlass);
    if (!answer)
        return answer.error();
    if (!answer->success())
        return makeError(ErrorCode::SyncFailed, "The hub did not open the record: " + answer->reason());
    if (answer->header("x-avocet-break-glass") != "recorded")
        return makeError(ErrorCode::SyncFailed,
                         "The hub did not confirm that it recorded this access, so nothing was opened");
    const json& entries = answer->body.is_object() ? answer->body.value("entry", json::array()) : json::array();
    if (!entries.is_array() || entries.size() != batch["entry"].size())
        return makeError(ErrorCode::SyncFailed, "The hub's answer to opening the record is incomplete");

    std::vector<json> resources;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const json& entry = entries[i];
        const std::string status = entry.is_object() && entry.contains("response") ? entry["response"].value("status", "")
                                                                                   : std::string();
        if (status.rfind("200", 0) != 0) {
            const std::string what = batch["entry"][i]["request"]["url"].get<std::string>();
            return makeError(ErrorCode::SyncFailed, "The hub refused part of the record (" + what.substr(0, what.find('?')) +
                                                        ": " + (status.empty() ? "no answer" : status) + ")");
        }
        const json& resource = entry.value("resource", json());
        if (i == 0) {
            if (resource.value("resourceType", "") != "Patient" || resource.value("id", "") != serverId)
                return makeError(ErrorCode::SyncFailed, "The hub answered with another patient");
            resources.push_back(resource);
            continue;
        }
        for (const auto& match : resource.value("entry", json::array()))
            if (match.is_object() && match.contains("resource") && match["resource"].is_object() &&
                match["resource"].contains("id"))
                resources.push_back(match["resource"]);
    }

    // No record, no data: the access is recorded on this computer before anything is kept.
    if (Status audited = cache.record(audit::action::BreakGlass, serverId, reason); !audited)
        return audited.error();
    auto& db = cache.database();
    sync::SyncStore store(db);
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto held = readHeld(store);
    if (!held)
        return held.error();
    Held session;
    session.patient = serverId;
    int written = 0;
    for (const auto& resource : resources) {
        const std::string type = resource.value("resourceType", "");
        const std::string id = resource.value("id", "");
        auto existing = store.getByServerId(type, id);
        if (!existing)
            return existing.error();
        if (*existing)
            continue; // already held (synced, or opened before): kept as it is
        sync::LocalResource row;
        row.type = type;
        row.localId = id;
        row.serverId = id;
        if (resource.contains("meta") && resource["meta"].is_object()) {
            row.versionId = resource["meta"].value("versionId", "");
            row.lastUpdated = resource["meta"].value("lastUpdated", "");
        }
        row.clientId = sync::clientIdentifierOf(resource);
        row.patientRef = type == "Patient" ? std::optional<std::string>() : sync::patientReferenceOf(resource);
        if (type != "Patient" && !row.patientRef)
            row.patientRef = "Patient/" + serverId;
        row.content = resource;
        row.origin = "server";
        if (Status st = store.writeResource(row); !st)
            return st.error();
        session.rows.emplace_back(type, id);
        ++written;
    }
    if (!session.rows.empty()) {
        held->push_back(std::move(session));
        if (Status st = writeHeld(store, *held); !st)
            return st.error();
    }
    if (Status st = tx->commit(); !st)
        return st.error();
    // The record becomes the patient index row and the caseload tables the screens read. Should
    // this fail, what was kept is listed for the session already and leaves at the lock.
    if (auto projected = sync::projectSyncedPatients(db); !projected)
        return projected.error();
    if (auto projected = sync::projectClinicalRecords(db); !projected)
        return projected.error();
    return OpenedTrustPatient{serverId, written};
}

Result<int> forgetSessionPatients(store::Cache& cache)
{
    auto& db = cache.database();
    sync::SyncStore store(db);
    auto held = readHeld(store);
    if (!held)
        return held.error();
    if (held->empty())
        return 0;
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    store::CaseloadStore caseload(db);
    int forgotten = 0;
    for (const auto& session : *held) {
        auto on = caseload.isOnCaseload(session.patient);
        if (!on)
            return on.error();
        if (*on)
            continue; // joined the caseload: sync keeps the record now
        for (const auto& [type, id] : session.rows) {
            auto pending = store.outboxFor(type, id);
            if (!pending)
                return pending.error();
            if (*pending)
                continue;
            auto del = db.prepare("DELETE FROM sync_resources WHERE type = ? AND local_id = ? AND origin = 'server'");
            if (!del)
                return del.error();
            del->bindAll(type, id);
            if (Status st = del->run(); !st)
                return st.error();
        }
        ++forgotten;
    }
    if (Status st = store.setState(kHeldKey, "[]"); !st)
        return st.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    if (auto projected = sync::projectSyncedPatients(db); !projected)
        return projected.error();
    if (auto projected = sync::projectClinicalRecords(db); !projected)
        return projected.error();
    return forgotten;
}

} // namespace avocet::core::usecases
