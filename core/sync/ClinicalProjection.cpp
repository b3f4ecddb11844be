#include "core/sync/ClinicalProjection.h"

#include "core/common/JsonFields.h"
#include "core/sync/DerivedReview.h"
#include "core/sync/PatientFinder.h"

#include "core/alerts/InstantText.h"
#include "core/alerts/LondonTime.h"
#include "core/documents/TransferEnvelope.h"
#include "core/alerts/RuleLibrary.h"
#include "core/forms/ObservationExtract.h"
#include "core/forms/ScoreRule.h"
#include "core/identity/NhsNumber.h"
#include "core/identity/Patient.h"
#include "core/mapping/NativePayload.h"
#include "core/store/CaseloadStore.h"
#include "core/sync/SyncStore.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

namespace avocet::core::sync {

using nlohmann::json;

namespace {

constexpr const char* kLegalStatusExtension =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";
constexpr const char* kLegalStatusClassificationSystem =
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland";
constexpr const char* kInformalCode = "01";
constexpr const char* kExtensionAuthorised =
    "https://fhir.avocet.example/StructureDefinition/mha-extension-authorised";
constexpr const char* kPrecedingStart = "https://fhir.avocet.example/StructureDefinition/mha-preceding-start";
constexpr const char* kRenewalsRecorded =
    "https://fhir.avocet.example/StructureDefinition/mha-renewals-recorded";
constexpr const char* kExtensionHours = "https://fhir.avocet.example/StructureDefinition/mha-extension-hours";
constexpr const char* kFirstAdmission = "https://fhir.avocet.example/StructureDefinition/mha-first-admission";
constexpr const char* kLastTribunal = "https://fhir.avocet.example/StructureDefinition/mha-last-tribunal";
constexpr const char* kNearestRelativeProceedings =
    "https://fhir.avocet.example/StructureDefinition/mha-nearest-relative-proceedings";
constexpr const char* kCourtLastDay = "https://fhir.avocet.example/StructureDefinition/mha-court-last-day";
constexpr const char* kRelatedStart = "https://fhir.avocet.example/StructureDefinition/mha-related-start";
constexpr const char* kLoinc = "http://loinc.org";

using jsonfields::firstOf;
using jsonfields::member;
using jsonfields::text;

// The extensions of `object` with this url.
std::vector<const json*> extensions(const json& object, const char* url)
{
    std::vector<const json*> found;
    const json& all = member(object, "extension");
    if (all.is_array())
        for (const auto& extension : all)
            if (text(extension, "url") == url)
                found.push_back(&extension);
    return found;
}

// A FHIR dateTime or instant with a time and a zone, as the caseload tables hold it
// (UTC, seconds: 2026-11-24T09:30:00Z). A date alone, or a time without a zone, is not read.
std::optional<std::string> utcInstant(const std::string& value)
{
    std::string utc = alerts::utcInstantText(value);
    if (utc.size() <= 10)
        return std::nullopt;
    return utc;
}

std::optional<double> numberValue(const json& resource)
{
    if (const json& integer = member(resource, "valueInteger"); integer.is_number())
        return integer.get<double>();
    if (const json& quantity = member(member(resource, "valueQuantity"), "value"); quantity.is_number())
        return quantity.get<double>();
    return std::nullopt;
}


// Why a resource was left out: a reason (skipped, counted) or "not current" (read, not shown).
struct LeftOut
{
    std::string reason; // empty: not current
};

template <typename T> using Read = std::variant<T, LeftOut>;

LeftOut skip(std::string reason)
{
    return LeftOut{std::move(reason)};
}

const LeftOut kNotCurrent{};

// A FHIR date (YYYY-MM-DD), or nullopt.
std::optional<std::string> isoDate(const std::string& value)
{
    if (value.size() != 10 || !alerts::parseIsoDate(value))
        return std::nullopt;
    return value;
}

// The Avocet extensions that carry what some deadlines are counted from (docs/clinical-record.md):
// the extension in hours, the s.68 applicable day, the last Tribunal, s.29(4) proceedings, the
// court's last days, the s.58 first dose. Empty when read; else what could not be read.
std::string readDeadlineInputs(const json& resource, store::LegalStatusRecord& record)
{
    for (const json* extension : extensions(resource, kExtensionHours)) {
        const json& value = member(*extension, "valueInteger");
        if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 1000)
            return "the extension's hours are not a whole number of hours";
        record.extensionHours = value.get<int>();
        record.extended = true;
    }
    const auto instantOf = [&](const char* url, std::optional<std::string>& into) {
        for (const json* extension : extensions(resource, url)) {
            into = utcInstant(text(*extension, "valueDateTime"));
            if (!into)
                return false;
        }
        return true;
    };
    if (!instantOf(kFirstAdmission, record.firstAdmission))
        return "the first admission has no time and zone";
    if (!instantOf(kRelatedStart, record.relatedStart))
        return "the related start (first dose) has no time and zone";
    for (const json* extension : extensions(resource, kLastTribunal)) {
        record.lastTribunal = isoDate(text(*extension, "valueDate"));
        if (!record.lastTribunal)
            return "the last Tribunal is not a date";
    }
    for (const json* extension : extensions(resource, kCourtLastDay)) {
        const auto day = isoDate(text(*extension, "valueDate"));
        if (!day)
            return "a last day the court set is not a date";
        record.courtLastDays.push_back(*day);
    }
    for (const json* proceedings : extensions(resource, kNearestRelativeProceedings)) {
        for (const json* part : extensions(*proceedings, "applied")) {
            record.nearestRelativeApplied = utcInstant(text(*part, "valueDateTime"));
            if (!record.nearestRelativeApplied)
                return "the nearest-relative application has no time and zone";
        }
        if (!record.nearestRelativeApplied)
            return "nearest-relative proceedings without the time of the application";
        for (const json* part : extensions(*proceedings, "disposedOf")) {
            record.nearestRelativeDisposed = utcInstant(text(*part, "valueDateTime"));
            if (!record.nearestRelativeDisposed)
                return "the disposal of the nearest-relative application has no time and zone";
        }
        for (const json* part : extensions(*proceedings, "orderMade")) {
            const json& value = member(*part, "valueBoolean");
            if (!value.is_boolean())
                return "orderMade of the nearest-relative proceedings is not true or false";
            record.nearestRelativeOrderMade = value.get<bool>();
        }
    }
    return {};
}

Read<store::LegalStatusRecord> readEncounter(const json& resource, const alerts::RuleLibrary& rules)
{
    const auto legal = extensions(resource, kLegalStatusExtension);
    if (legal.empty())
        return kNotCurrent; // an encounter that records no legal status: nothing for these screens
    if (text(resource, "status") == "entered-in-error")
        return kNotCurrent;
    std::string code, system;
    for (const json* sub : extensions(*legal.front(), "legalStatusClassification")) {
        const json& codings = member(member(*sub, "valueCodeableConcept"), "coding");
        if (!codings.is_array())
            continue;
        for (const auto& coding : codings) {
            const std::string s = text(coding, "system");
            if (s == kLegalStatusClassificationSystem || s == kMhaPowerSystem) {
                code = text(coding, "code");
                system = s;
                if (s == kLegalStatusClassificationSystem)
                    break;
            }
        }
    }
    if (code.empty())
        return skip("no legal status classification code");
    if (system == kLegalStatusClassificationSystem && code == kInformalCode)
        return kNotCurrent; // informal: no power in force
    store::LegalStatusRecord record;
    const json& period = member(resource, "period");
    const auto started = utcInstant(text(period, "start"));
    if (!started)
        return skip("period.start is missing or has no time and zone");
    record.startedAt = *started;
    // The rule tables in force when the power began say which powers there are (as avocetctl
    // alerts deadline reads them): UK Core codes by their legal-status code only, the Avocet
    // system by the tables' own power code.
    const auto startInstant = alerts::parseIsoInstant(*started);
    if (!startInstant)
        return skip("period.start cannot be read");
    auto set = rules.activeOn(alerts::london::localDate(*startInstant));
    if (!set)
        return skip("period.start is before the earliest rule tables");
    const alerts::PowerRule* power = nullptr;
    if (system == kLegalStatusClassificationSystem) {
        for (const auto& candidate : (*set)->powers)
            if (candidate.legalStatusCode && *candidate.legalStatusCode == code)
                power = &candidate;
    } else {
        power = (*set)->findPower(code);
        if (power && power->code != code)
            power = nullptr; // exact power codes only: an alias is not a code
    }
    if (power == nullptr)
        return skip("unknown legal status code " + code);
    record.power = power->code;
    if (const std::string end = text(period, "end"); !end.empty()) {
        const auto ended = utcInstant(end);
        if (!ended)
            return skip("period.end has no time and zone");
        record.endedAt = *ended;
    }
    for (const json* extension : extensions(resource, kExtensionAuthorised))
        if (const json& value = member(*extension, "valueBoolean"); value.is_boolean())
            record.extended = value.get<bool>();
    for (const json* extension : extensions(resource, kPrecedingStart)) {
        const auto preceding = utcInstant(text(*extension, "valueDateTime"));
        if (!preceding)
            return skip("the preceding power's start has no time and zone");
        record.precedingStart = *preceding;
    }
    for (const json* extension : extensions(resource, kRenewalsRecorded)) {
        const json& value = member(*extension, "valueInteger");
        if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() > 100)
            return skip("the renewals recorded are not a whole number from 0");
        record.renewalsRecorded = value.get<int>();
    }
    if (auto why = readDeadlineInputs(resource, record); !why.empty())
        return skip(why);
    return record;
}

Read<store::Visit> readAppointment(const json& resource)
{
    store::Visit visit;
    const std::string status = text(resource, "status");
    if (status == "booked" || status == "pending" || status == "arrived" || status == "checked-in")
        visit.status = "planned";
    else if (status == "fulfilled")
        visit.status = "done";
    else if (status == "cancelled" || status == "noshow" || status == "entered-in-error")
        visit.status = "cancelled";
    else if (status == "proposed" || status == "waitlist")
        return kNotCurrent; // not yet a planned visit
    else
        return skip("unknown appointment status '" + status + "'");
    const auto start = utcInstant(text(resource, "start"));
    if (!start)
        return skip("start is missing or has no time and zone");
    visit.startsAt = *start;
    if (const std::string end = text(resource, "end"); !end.empty()) {
        const auto ended = utcInstant(end);
        if (!ended)
            return skip("end has no time and zone");
        const auto from = parseInstant(*start);
        const auto to = parseInstant(*ended);
        if (!from || !to || *to < *from)
            return skip("end is before start");
        visit.minutes = static_cast<int>((*to - *from) / 60'000'000);
    } else if (const json& minutes = member(resource, "minutesDuration"); minutes.is_number_integer()) {
        visit.minutes = minutes.get<int>();
    } else {
        return skip("neither end nor minutesDuration");
    }
    for (const std::string& candidate :
         {text(member(resource, "appointmentType"), "text"),
          text(firstOf(member(resource, "appointmentType"), "coding"), "display"),
          text(firstOf(resource, "serviceType"), "text"),
          text(firstOf(firstOf(resource, "serviceType"), "coding"), "display")})
        if (visit.kind.empty())
            visit.kind = candidate;
    if (visit.kind.empty())
        visit.kind = "Appointment";
    visit.place = text(resource, "description");
    if (visit.place.empty()) {
        const json& participants = member(resource, "participant");
        if (participants.is_array())
            for (const auto& participant : participants) {
                const json& actor = member(participant, "actor");
                if (text(actor, "reference").rfind("Location/", 0) == 0 ||
                    text(actor, "type") == "Location") {
                    visit.place = text(actor, "display");
                    break;
                }
            }
    }
    return visit;
}

Read<store::ReviewRecord> readCarePlan(const json& resource)
{
    std::string subject;
    const json& categories = member(resource, "category");
    if (categories.is_array())
        for (const auto& category : categories) {
            const json& codings = member(category, "coding");
            if (codings.is_array())
                for (const auto& coding : codings)
                    if (subject.empty() && text(coding, "system") == kReviewSubjectSystem)
                        subject = text(coding, "code");
        }
    if (subject.empty())
        return kNotCurrent; // a care plan that is not a review subject the rules know
    if (subject != "care-plan" && subject != "risk-assessment")
        return skip("unknown review subject '" + subject + "'");
    if (text(resource, "status") != "active")
        return kNotCurrent;
    store::ReviewRecord review;
    review.subject = subject;
    for (const json* extension : extensions(resource, kCareSettingExtension))
        review.setting = text(*extension, "valueCode");
    if (review.setting != "community" && review.setting != "inpatient")
        return skip("care setting missing or unknown");
    const std::string start = text(member(resource, "period"), "start");
    if (start.size() < 10 || !alerts::parseIsoDate(start.substr(0, 10)))
        return skip("period.start is missing");
    review.lastDone = start.substr(0, 10); // the date as the EPR recorded it
    return review;
}

Read<store::ScoreRecord> readObservation(const json& resource)
{
    static const std::map<std::string, std::pair<const char*, const char*>> kScores = {
        {"44261-6", {"PHQ-9", "total"}}, {"44260-8", {"PHQ-9", "9"}}, {"70274-6", {"GAD-7", "total"}}};
    const std::pair<const char*, const char*>* score = nullptr;
    std::string code;
    const json& codings = member(member(resource, "code"), "coding");
    if (codings.is_array())
        for (const auto& coding : codings)
            if (text(coding, "system") == kLoinc)
                if (const auto found = kScores.find(text(coding, "code")); found != kScores.end()) {
                    score = &found->second;
                    code = found->first;
                }
    if (score == nullptr)
        return kNotCurrent; // an observation that is not a score the rules use
    const std::string status = text(resource, "status");
    if (status != "final" && status != "amended" && status != "corrected")
        return kNotCurrent;
    store::ScoreRecord record;
    record.instrument = score->first;
    record.item = score->second;
    record.code = code;
    // An item the person declined to answer has no value, and says why: it is kept as declined,
    // never as a score of 0 (the alert rules prompt a follow-up for it).
    const json& absent = member(member(resource, "dataAbsentReason"), "coding");
    if (absent.is_array())
        for (const auto& coding : absent)
            if (text(coding, "system") == forms::kDataAbsentReasonSystem && text(coding, "code") == "asked-declined")
                record.absentReason = "asked-declined";
    const auto value = numberValue(resource);
    if (record.absentReason.empty() && !value)
        return skip("no valueInteger or valueQuantity.value");
    record.value = value.value_or(0);
    const auto at = utcInstant(text(resource, "effectiveDateTime"));
    if (!at)
        return skip("effectiveDateTime is missing or has no time and zone");
    record.recordedAt = *at;
    return record;
}

// A renewal recorded in Avocet: the Encounter it names (by reference id and by identifier) and the
// renewal's number; nullopt when the Observation is not one (or not a current one).
struct RenewalRecorded
{
    std::string encounterId;         // from "Encounter/<id>"
    std::string encounterIdentifier; // "<system>|<value>"
    int number = 0;
};

std::optional<RenewalRecorded> readRenewal(const json& resource)
{
    bool coded = false;
    const json& codings = member(member(resource, "code"), "coding");
    if (codings.is_array())
        for (const auto& coding : codings)
            coded = coded || (text(coding, "system") == kMhaRecordSystem && text(coding, "code") == kRenewalRecordedCode);
    if (!coded)
        return std::nullopt;
    const std::string status = text(resource, "status");
    const json& value = member(resource, "valueInteger");
    if ((status != "final" && status != "amended" && status != "corrected") || !value.is_number_integer() ||
        value.get<long long>() < 1 || value.get<long long>() > 100)
        return RenewalRecorded{}; // a renewal record, but nothing to count
    RenewalRecorded renewal;
    renewal.number = value.get<int>();
    const json& encounter = member(resource, "encounter");
    if (const std::string reference = text(encounter, "reference"); reference.rfind("Encounter/", 0) == 0)
        renewal.encounterId = reference.substr(10);
    const json& identifier = member(encounter, "identifier");
    if (!text(identifier, "system").empty() && !text(identifier, "value").empty())
        renewal.encounterIdentifier = text(identifier, "system") + "|" + text(identifier, "value");
    return renewal;
}

// The derived-observation identifier (core/forms ObservationExtract) of an Observation, or empty.
std::string derivedKey(const json& resource)
{
    const json& identifiers = member(resource, "identifier");
    if (identifiers.is_array())
        for (const auto& identifier : identifiers)
            if (text(identifier, "system") == forms::kDerivedObservationSystem)
                return text(identifier, "value");
    return {};
}

// Every projected row, in a stable order: compared before and after a run to tell whether it
// changed anything the screens show.
// An inpatient stay that has ended: an inpatient Encounter that is not a Mental Health Act power
// record (those carry the UK Core legal status), finished, with an end.
bool isEndedStay(const json& encounter)
{
    if (text(member(encounter, "class"), "code") != "IMP" || text(encounter, "status") != "finished" ||
        text(member(encounter, "period"), "end").empty())
        return false;
    for (const auto& extension : member(encounter, "extension"))
        if (text(extension, "url") == kLegalStatusExtension)
            return false;
    return true;
}

// The code system of a delivery receipt's business status (the hub's EPR and transfer-of-care
// channels: pending, failing, delivered, failed, accepted, rejected).
constexpr const char* kDeliveryStateSystem = "https://fhir.avocet.example/CodeSystem/epr-delivery-state";

// A discharge summary (a transfer-of-care DocumentReference of kind discharge-summary) and what
// it names: the stay, the discharge time, whether the hub has it and what its recipient did.
struct HeldSummary
{
    std::string encounter;    // "Encounter/<hub id>"
    std::string dischargedAt; // UTC
    bool sent = false;
    std::string delivery; // the latest receipt's state, empty before one is pulled
};
using SummaryHeld = std::pair<std::string, HeldSummary>; // patient, summary

std::optional<HeldSummary> readDischargeSummary(const json& reference, const std::string& serverId,
                                                const std::map<std::string, std::string>& deliveries)
{
    bool dischargeSummary = false;
    for (const auto& category : member(reference, "category"))
        for (const auto& coding : member(category, "coding"))
            dischargeSummary = dischargeSummary || (text(coding, "system") == documents::kTransferCategorySystem &&
                                                    text(coding, "code") == "discharge-summary");
    const std::string status = text(reference, "status");
    if (!dischargeSummary || (status != "current" && status != "superseded"))
        return std::nullopt;
    HeldSummary held;
    const json& context = member(reference, "context");
    if (const json& encounters = member(context, "encounter"); encounters.is_array() && !encounters.empty())
        held.encounter = text(encounters[0], "reference");
    held.dischargedAt = utcInstant(text(member(context, "period"), "end")).value_or("");
    held.sent = !serverId.empty();
    if (const auto found = deliveries.find(serverId); held.sent && found != deliveries.end())
        held.delivery = found->second;
    return held;
}

// The state of each transfer-of-care delivery receipt pulled, by the hub id of its document.
Result<std::map<std::string, std::string>> transferDeliveries(store::Database& db)
{
    std::map<std::string, std::string> deliveries;
    auto tasks = db.prepare("SELECT content FROM sync_resources WHERE type = 'Task' AND instr(content, ?) > 0");
    if (!tasks)
        return tasks.error();
    tasks->bindAll(std::string(documents::kTransferDocumentSystem));
    if (Status st = tasks->forEachRow([&](const store::Statement& row) {
            const json task = json::parse(row.text(0), nullptr, false);
            std::string document;
            for (const auto& identifier : member(task, "identifier"))
                if (text(identifier, "system") == documents::kTransferDocumentSystem)
                    document = text(identifier, "value");
            for (const auto& coding : member(member(task, "businessStatus"), "coding"))
                if (!document.empty() && text(coding, "system") == kDeliveryStateSystem)
                    deliveries[document] = text(coding, "code");
        });
        !st)
        return st.error();
    return deliveries;
}

// The state of the stay's discharge summary, the best of its versions: one on its way or received
// (sent), one signed off here waiting to sync (queued), one the recipient rejected or the hub could
// not deliver (rejected, failed: the summary has not reached the GP), none.
std::string summaryStateFor(const store::DischargeRecord& discharge, const std::string& stayReference,
                            const std::vector<SummaryHeld>& summaries)
{
    const auto rank = [](const std::string& state) {
        return state == "sent" ? 4 : state == "queued" ? 3 : state == "rejected" ? 2 : state == "failed" ? 1 : 0;
    };
    std::string state = "none";
    for (const auto& [patient, held] : summaries) {
        if (patient != discharge.patientId)
            continue;
        const bool aboutThisStay = (!stayReference.empty() && held.encounter == stayReference) ||
                                   (!held.dischargedAt.empty() && held.dischargedAt == discharge.dischargedAt);
        if (!aboutThisStay)
            continue;
        const std::string mine = !held.sent                    ? "queued"
                                 : held.delivery == "rejected" ? "rejected"
                                 : held.delivery == "failed"   ? "failed"
                                                               : "sent";
        if (rank(mine) > rank(state))
            state = mine;
    }
    return state;
}

Result<std::string> projectedRows(store::Database& db)
{
    std::string all;
    for (const char* sql :
         {"SELECT id, patient_id, starts_at, minutes, kind, place, status FROM visits WHERE source = "
          "'projection'"
          " ORDER BY id",
          "SELECT id, patient_id, power, started_at, coalesce(preceding_start, ''), extended, "
          "coalesce(ended_at, '') || '/' || coalesce(renewals_recorded, '') || '/' || "
          "coalesce(extension_hours, '') || '/' || coalesce(first_admission, '') || '/' || "
          "coalesce(last_tribunal, '') || '/' || coalesce(nr_applied, '') || '/' || "
          "coalesce(nr_disposed, '') || '/' || coalesce(nr_order_made, '') || '/' || "
          "coalesce(court_last_days, '') || '/' || coalesce(related_start, '') || '/' || "
          "coalesce(unreadable, '')"
          " FROM legal_status WHERE source = 'projection' ORDER BY id",
          "SELECT patient_id, subject, setting, last_done, '', '', '' FROM reviews WHERE source = "
          "'projection'"
          " ORDER BY patient_id, subject",
          "SELECT id, patient_id, instrument, item, value, recorded_at, code || '/' || absent_reason FROM score_results"
          " WHERE source = 'projection' ORDER BY id",
          "SELECT id, patient_id, discharged_at, summary, '', '', '' FROM discharges WHERE source = 'projection'"
          " ORDER BY id"}) {
        auto stmt = db.prepare(sql);
        if (!stmt)
            return stmt.error();
        if (Status st = stmt->forEachRow([&](const store::Statement& row) {
                for (int column = 0; column < 7; ++column) {
                    all += row.text(column);
                    all += '\x1f';
                }
                all += '\n';
            });
            !st)
            return st.error();
        all += '\x1e';
    }
    return all;
}

} // namespace

Result<ClinicalProjectionSummary> projectClinicalRecords(store::Database& db,
                                                         const alerts::RuleLibrary* rules)
{
    std::optional<alerts::RuleLibrary> builtin;
    if (rules == nullptr) {
        auto loaded = alerts::RuleLibrary::builtin();
        if (!loaded)
            return loaded.error();
        builtin = std::move(*loaded);
        rules = &*builtin;
    }
    ClinicalProjectionSummary summary;
    auto tx = store::ScopedWrite::begin(db); // joins a submission's transaction (core/usecases)
    if (!tx)
        return tx.error();
    store::CaseloadStore caseload(db);
    auto before = projectedRows(db);
    if (!before)
        return before.error();
    if (Status st = caseload.clearProjected(); !st)
        return st.error();
    PatientFinder finder(db);
    struct Held
    {
        std::string type, localId, content;
        bool local = false;
        std::string serverId;
    };
    std::vector<Held> rows;
    // Synced resources and those written on this computer (origin local: the Observations a form
    // completed here stands for, core/sync DerivedObservations), except one whose delete is waiting.
    auto synced = db.prepare("SELECT type, local_id, content, origin, coalesce(server_id, '') FROM sync_resources r"
                             " WHERE type IN ('Encounter', 'Appointment', 'CarePlan', 'Observation', 'Flag',"
                             " 'EpisodeOfCare', 'AllergyIntolerance', 'MedicationStatement', 'DocumentReference')"
                             " AND NOT EXISTS (SELECT 1 FROM "
                             "sync_outbox o WHERE o.type = r.type AND o.local_id = r.local_id AND o.op = 'delete')"
                             " ORDER BY type, local_id");
    if (!synced)
        return synced.error();
    if (Status st = synced->forEachRow([&](const store::Statement& row) {
            rows.push_back({row.text(0), row.text(1), row.text(2), row.text(3) == "local", row.text(4)});
        });
        !st)
        return st.error();
    // One score per derived-observation identifier: the copy written here until the hub's copy
    // replaces it in place; should two rows carry it, the one written here wins.
    std::map<std::string, std::size_t> derived; // identifier value -> index in rows
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].type != "Observation")
            continue;
        const std::string key = derivedKey(json::parse(rows[i].content, nullptr, false));
        if (key.empty())
            continue;
        const auto [at, added] = derived.emplace(key, i);
        if (!added && rows[i].local && !rows[at->second].local)
            at->second = i;
    }

    // Renewals recorded in Avocet, by the Encounter they name (its id, and its identifier).
    std::map<std::string, int> renewalsByEncounter;
    for (const Held& row : rows) {
        if (row.type != "Observation")
            continue;
        const auto renewal = readRenewal(json::parse(row.content, nullptr, false));
        if (!renewal || renewal->number == 0)
            continue;
        for (const std::string& key : {renewal->encounterId, renewal->encounterIdentifier})
            if (!key.empty())
                renewalsByEncounter[key] = std::max(renewalsByEncounter[key], renewal->number);
    }
    const auto renewalsOf = [&](const std::string& localId, const json& encounter) {
        int most = 0;
        std::vector<std::string> keys = {localId};
        const json& identifiers = member(encounter, "identifier");
        if (identifiers.is_array())
            for (const auto& identifier : identifiers)
                keys.push_back(text(identifier, "system") + "|" + text(identifier, "value"));
        for (const auto& key : keys)
            if (const auto found = renewalsByEncounter.find(key); found != renewalsByEncounter.end())
                most = std::max(most, found->second);
        return most;
    };

    // The latest active plan per patient and subject (the table holds one).
    std::map<std::pair<std::string, std::string>, store::ReviewRecord> reviews;
    // Inpatient stays that ended, and the discharge summaries written about them.
    std::vector<std::pair<store::DischargeRecord, std::string>> discharges; // record, "Encounter/<hub id>"
    std::vector<SummaryHeld> summaries;
    auto deliveries = transferDeliveries(db);
    if (!deliveries)
        return deliveries.error();
    for (std::size_t index = 0; index < rows.size(); ++index) {
        const std::string& type = rows[index].type;
        const json resource = json::parse(rows[index].content, nullptr, false);
        // The row's local id: the resource id for a synced resource, the client id for one written
        // here (kept once the hub has it, so an acknowledgement keyed on it stays).
        const std::string& id = rows[index].localId;
        auto leave = [&](const LeftOut& out) {
            if (out.reason.empty())
                ++summary.notCurrent;
            else
                summary.skippedResources.push_back({type, id, out.reason});
        };
        if (!resource.is_object() || text(resource, "resourceType") != type || id.empty()) {
            summary.skippedResources.push_back({type, id, "not a readable " + type});
            continue;
        }
        if (type == "Observation")
            if (const auto key = derived.find(derivedKey(resource)); key != derived.end() && key->second != index) {
                ++summary.notCurrent; // another copy of the same derived Observation
                continue;
            }
        auto patient = finder.find(resource);
        if (!patient) {
            if (patient.code() != ErrorCode::NotFound && patient.code() != ErrorCode::InvalidArgument)
                return patient.error();
            summary.skippedResources.push_back({type, id, patient.message()});
            continue;
        }
        const std::string& rowId = id; // one table per type: the local id is the row id
        if (type == "DocumentReference") {
            if (auto held = readDischargeSummary(resource, rows[index].serverId, *deliveries))
                summaries.push_back({*patient, std::move(*held)});
            continue;
        }
        if (type == "Encounter" && isEndedStay(resource)) {
            const std::string end = utcInstant(text(member(resource, "period"), "end")).value_or("");
            if (end.empty()) {
                summary.skippedResources.push_back({type, id, "the stay's end (period.end) is not a time with a zone"});
                continue;
            }
            discharges.push_back({store::DischargeRecord{rowId, *patient, end, "none"},
                                  rows[index].serverId.empty() ? std::string() : "Encounter/" + rows[index].serverId});
            continue;
        }
        if (type == "Encounter") {
            auto read = readEncounter(resource, *rules);
            if (auto* out = std::get_if<LeftOut>(&read)) {
                leave(*out);
                // A power whose record does not read and that has not ended is kept as a row that
                // says so: the patient shows "could not be read", never an informal status.
                if (!out->reason.empty() && !utcInstant(text(member(resource, "period"), "end"))) {
                    store::LegalStatusRecord unreadable;
                    unreadable.id = rowId;
                    unreadable.patientId = *patient;
                    unreadable.startedAt = text(member(resource, "period"), "start");
                    unreadable.unreadable = out->reason;
                    if (Status st = caseload.upsertLegalStatus(unreadable, store::RowSource::Projection); !st)
                        return st.error();
                }
                continue;
            }
            auto& record = std::get<store::LegalStatusRecord>(read);
            record.id = rowId;
            record.patientId = *patient;
            record.renewalsRecorded = std::max(record.renewalsRecorded, renewalsOf(rowId, resource));
            if (Status st = caseload.upsertLegalStatus(record, store::RowSource::Projection); !st)
                return st.error();
            ++summary.legalStatuses;
        } else if (type == "Appointment") {
            auto read = readAppointment(resource);
            if (auto* out = std::get_if<LeftOut>(&read)) {
                leave(*out);
                continue;
            }
            auto& visit = std::get<store::Visit>(read);
            visit.id = rowId;
            visit.patientId = *patient;
            if (Status st = caseload.upsertVisit(visit, store::RowSource::Projection); !st)
                return st.error();
            ++summary.visits;
        } else if (type == "CarePlan") {
            auto read = readCarePlan(resource);
            if (auto* out = std::get_if<LeftOut>(&read)) {
                leave(*out);
                continue;
            }
            auto& review = std::get<store::ReviewRecord>(read);
            review.patientId = *patient;
            auto& latest = reviews[{review.patientId, review.subject}];
            if (latest.lastDone.empty() ||
                std::tie(latest.lastDone, latest.setting) < std::tie(review.lastDone, review.setting))
                latest = review;
        } else if (type == "Observation") {
            if (const auto renewal = readRenewal(resource)) {
                if (renewal->number > 0)
                    ++summary.renewals; // counted with its power's Encounter above
                else
                    ++summary.notCurrent;
                continue;
            }
            auto read = readObservation(resource);
            if (auto* out = std::get_if<LeftOut>(&read)) {
                leave(*out);
                continue;
            }
            auto& score = std::get<store::ScoreRecord>(read);
            score.id = rowId;
            score.patientId = *patient;
            if (Status st = caseload.addScore(score, store::RowSource::Projection); !st)
                return st.error();
            ++summary.scores;
        } else {
            ++summary.held; // Flag, EpisodeOfCare, AllergyIntolerance, MedicationStatement: shown as held
        }
    }
    for (const auto& [key, review] : reviews) {
        if (Status st = caseload.upsertReview(review, store::RowSource::Projection); !st)
            return st.error();
        ++summary.reviews;
    }
    for (auto& [discharge, reference] : discharges) {
        discharge.summary = summaryStateFor(discharge, reference, summaries);
        if (Status st = caseload.upsertDischarge(discharge, store::RowSource::Projection); !st)
            return st.error();
        ++summary.discharges;
    }
    auto after = projectedRows(db);
    if (!after)
        return after.error();
    summary.changed = *after != *before;
    if (Status st = tx->commit(); !st)
        return st.error();
    return summary;
}

} // namespace avocet::core::sync
