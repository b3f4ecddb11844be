#include "core/sync/DesktopProjection.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/identity/NhsNumber.h"
#include "core/mapping/NativePayload.h"
#include "core/store/CaseloadStore.h"
#include "core/store/PatientStore.h"
#include "core/sync/FhirClient.h"

namespace avocet::core::sync {

using nlohmann::json;

namespace {

constexpr const char* kVerificationExtension =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
constexpr const char* kTeamSystem = "urn:avocet:team";

std::string text(const json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

const json& firstArrayItem(const json& object, const char* key)
{
    static const json kNull;
    if (!object.is_object() || !object.contains(key) || !object[key].is_array() || object[key].empty())
        return kNull;
    return object[key].front();
}

bool verified(const json& identifier)
{
    for (const auto& extension : identifier.value("extension", json::array())) {
        if (text(extension, "url") != kVerificationExtension)
            continue;
        for (const auto& coding : extension.value("valueCodeableConcept", json::object()).value("coding", json::array()))
            if (text(coding, "code") == "01")
                return true;
    }
    return false;
}

} // namespace

Result<identity::Patient> patientFromFhir(const json& resource)
{
    if (!resource.is_object() || text(resource, "resourceType") != "Patient")
        return makeError(ErrorCode::InvalidArgument, "not a FHIR Patient resource");
    identity::Patient patient;
    patient.id = text(resource, "id");
    if (patient.id.empty())
        return makeError(ErrorCode::InvalidArgument, "Patient.id is missing");
    std::optional<identity::Epr> epr;
    for (const auto& identifier : resource.value("identifier", json::array())) {
        const std::string system = text(identifier, "system");
        const std::string value = text(identifier, "value");
        if (system == identity::kNhsNumberSystem && identity::NhsNumber::isValid(value)) {
            patient.nhsNumber = value;
            patient.nhsVerified = verified(identifier);
        }
        for (const auto candidate : {identity::Epr::Paris, identity::Epr::Mobius, identity::Epr::SystmOne}) {
            if (!epr && !value.empty() && system == mapping::eprRecordSystem(candidate)) {
                epr = candidate;
                patient.eprId = value;
            }
        }
    }
    if (!epr)
        return makeError(ErrorCode::NotFound, "Patient." + patient.id + " has no EPR record identifier");
    patient.epr = *epr;
    const json* name = &firstArrayItem(resource, "name");
    if (name->is_object()) // an array: prefer the official name
        for (const auto& candidate : resource["name"])
            if (text(candidate, "use") == "official") {
                name = &candidate;
                break;
            }
    patient.familyName = text(*name, "family");
    if (const json& given = firstArrayItem(*name, "given"); given.is_string())
        patient.givenName = given.get<std::string>();
    patient.birthDate = text(resource, "birthDate");
    if (const std::string gender = text(resource, "gender"); !gender.empty())
        patient.sex = gender;
    if (const std::string postcode = text(firstArrayItem(resource, "address"), "postalCode"); !postcode.empty())
        patient.postcode = postcode;
    patient.updatedAt = text(resource.value("meta", json::object()), "lastUpdated");
    return patient;
}

Result<std::optional<json>> fetchCaseload(FhirClient& client)
{
    auto response = client.get("Caseload");
    if (!response)
        return response.error();
    if (response->status == 404 || response->status == 400 || response->status == 405)
        return std::optional<json>{}; // not avocet-hub: no caseload lists
    if (!response->success() || !response->body.is_object())
        return makeError(ErrorCode::SyncFailed, "the server's caseload could not be read (HTTP " +
                                                    std::to_string(response->status) + ")");
    return std::optional<json>(std::move(response->body));
}

Result<ProjectionSummary> projectSyncedPatients(store::Database& db, const std::optional<json>& caseloadBundle)
{
    ProjectionSummary summary;
    std::map<std::string, std::string> teamOf; // Patient id -> team, from the caseload lists
    std::vector<std::string> teams;
    if (caseloadBundle) {
        for (const auto& entry : caseloadBundle->value("entry", json::array())) {
            const json& list = entry.value("resource", json::object());
            if (text(list, "resourceType") != "List")
                continue;
            std::string team;
            for (const auto& identifier : list.value("identifier", json::array()))
                if (text(identifier, "system") == kTeamSystem)
                    team = text(identifier, "value");
            if (team.empty())
                continue;
            teams.push_back(team);
            for (const auto& item : list.value("entry", json::array())) {
                const std::string reference = text(item.value("item", json::object()), "reference");
                if (reference.rfind("Patient/", 0) == 0)
                    teamOf.emplace(reference.substr(8), team);
            }
        }
    }

    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto synced = db.prepare("SELECT content FROM sync_resources WHERE type = 'Patient' AND origin = 'server'");
    if (!synced)
        return synced.error();
    std::vector<identity::Patient> patients;
    std::set<std::string> ids;
    if (Status st = synced->forEachRow([&](const store::Statement& row) {
            auto patient = patientFromFhir(json::parse(row.text(0), nullptr, false));
            if (!patient) {
                ++summary.unplaced;
                return;
            }
            ids.insert(patient->id);
            patients.push_back(std::move(*patient));
        });
        !st)
        return st.error();
    // Rows already as sync left them are not rewritten (every write re-ranks the name index).
    // Without a caseload answer, a patient keeps the team the last answer gave it.
    std::map<std::string, std::pair<std::string, std::optional<std::string>>> current; // id -> (updated, team)
    auto now = db.prepare("SELECT id, updated_at, team FROM patients WHERE synced = 1");
    if (!now)
        return now.error();
    if (Status st = now->forEachRow([&](const store::Statement& row) {
            current[row.text(0)] = {row.text(1), row.optionalText(2)};
        });
        !st)
        return st.error();
    std::vector<identity::Patient> changed;
    for (auto& patient : patients) {
        const auto held = current.find(patient.id);
        if (caseloadBundle) {
            if (auto team = teamOf.find(patient.id); team != teamOf.end())
                patient.team = team->second;
        } else if (held != current.end()) {
            patient.team = held->second.second;
        }
        if (held == current.end() || held->second.first != patient.updatedAt || held->second.second != patient.team)
            changed.push_back(std::move(patient));
    }
    store::PatientStore index(db);
    if (Status st = index.upsert(changed, changed.size() + 1); !st)
        return st.error();
    auto mark = db.prepare("UPDATE patients SET synced = 1 WHERE id = ?");
    if (!mark)
        return mark.error();
    for (const auto& patient : changed) {
        mark->bind(1, patient.id);
        if (Status st = mark->run(); !st)
            return st.error();
    }
    summary.patients = static_cast<int>(changed.size());

    auto stale = db.prepare("SELECT id FROM patients WHERE synced = 1");
    if (!stale)
        return stale.error();
    std::vector<std::string> gone;
    if (Status st = stale->forEachRow([&](const store::Statement& row) {
            if (!ids.count(row.text(0)))
                gone.push_back(row.text(0));
        });
        !st)
        return st.error();
    auto remove = db.prepare("DELETE FROM patients WHERE id = ? AND synced = 1");
    if (!remove)
        return remove.error();
    for (const auto& id : gone) {
        remove->bind(1, id);
        if (Status st = remove->run(); !st)
            return st.error();
    }
    summary.removed = static_cast<int>(gone.size());
    if (caseloadBundle) {
        store::CaseloadStore caseload(db);
        auto before = caseload.teams();
        if (!before)
            return before.error();
        std::sort(teams.begin(), teams.end());
        teams.erase(std::unique(teams.begin(), teams.end()), teams.end());
        if (*before != teams) {
            if (Status st = caseload.setTeams(teams); !st)
                return st.error();
            summary.teams = static_cast<int>(teams.size());
        }
    }
    if (Status st = tx->commit(); !st)
        return st.error();
    return summary;
}

} // namespace avocet::core::sync
