#include "ui/DemoCaseload.h"

#include <QTimeZone>

#include <nlohmann/json.hpp>

#include "core/identity/NhsNumber.h"
#include "core/mapping/NativePayload.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/SyncStore.h"
#include "ui/history/DemoHistory.h"

namespace avocet::ui {

namespace {

using nlohmann::json;

constexpr const char* kChangedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";

std::string iso(const QDateTime& when)
{
    return when.toUTC().toString(Qt::ISODate).toStdString();
}

std::string isoDate(const QDate& day)
{
    return day.toString(Qt::ISODate).toStdString();
}

// The demo's EPR feed: the resources an EPR integration engine would send for the demo caseload
// (docs/clinical-record.md), naming the patient the three ways a feed may.
class DemoFeed
{
public:
    DemoFeed(const std::vector<core::identity::Patient>& patients, std::string changedAt)
        : m_patients(patients), m_changedAt(std::move(changedAt))
    {
    }

    // By the EPR's patient record id.
    json byRecordId(std::size_t i) const
    {
        const auto& p = m_patients[i];
        return {{"identifier", {{"system", core::mapping::eprRecordSystem(p.epr)}, {"value", p.eprId}}}};
    }
    // By NHS number when the patient has one, else by record id.
    json byNhsNumber(std::size_t i) const
    {
        const auto& p = m_patients[i];
        if (!p.nhsNumber)
            return byRecordId(i);
        return {{"identifier", {{"system", std::string(core::identity::kNhsNumberSystem)}, {"value", *p.nhsNumber}}}};
    }
    // By reference to the Patient.
    json byReference(std::size_t i) const { return {{"reference", "Patient/" + m_patients[i].id}}; }

    // The resource as the EPR keys it (its record id in the patient's EPR) and dates its change.
    json base(const char* type, const std::string& id, std::size_t patient) const
    {
        return {{"resourceType", type},
                {"id", id},
                {"meta", {{"versionId", "1"}, {"lastUpdated", m_changedAt}}},
                {"identifier",
                 json::array({{{"system", core::mapping::eprRecordSystem(m_patients[patient].epr)},
                               {"value", "SYNTH-" + id}}})},
                {"extension", json::array({{{"url", kChangedAt}, {"valueInstant", m_changedAt}}})}};
    }

private:
    const std::vector<core::identity::Patient>& m_patients;
    std::string m_changedAt;
};

json legalStatusExtension(const char* system, const char* code, const char* display)
{
    return {{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus"},
            {"extension",
             json::array({{{"url", "legalStatusContext"},
                           {"valueCodeableConcept",
                            {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext"},
                                                      {"code", "admission"}}})}}}},
                          {{"url", "legalStatusClassification"},
                           {"valueCodeableConcept",
                            {{"coding", json::array({{{"system", system}, {"code", code}, {"display", display}}})}}}}})}};
}

} // namespace

core::Status seedDemoCaseload(core::store::Cache& cache, const QDateTime& nowUtc)
{
    // Re-dated on every demo start (same ids, so nothing piles up): "today" stays today.
    core::store::CaseloadStore caseload(cache.database());
    if (core::Status st = caseload.setTeams({kDemoTeam}); !st)
        return st;
    auto patients = caseload.caseloadPatients(40);
    if (!patients)
        return patients.error();
    if (patients->size() < 8)
        return {};
    const QTimeZone london("Europe/London");
    const QDateTime now = nowUtc.toTimeZone(london);
    const QDate today = now.date();
    const DemoFeed feed(*patients, iso(nowUtc));
    std::vector<json> resources;

    // Today's visits, in London wall-clock time: Appointments naming the patient by NHS number.
    const struct
    {
        std::size_t patient;
        int hour, minute, minutes;
        const char* kind;
        const char* place;
    } visits[] = {{0, 9, 30, 60, "Home visit", "CM1"},    {4, 11, 0, 30, "Depot clinic", "Chelmsford clinic"},
                  {2, 13, 30, 45, "CTO review", "Home"},  {3, 15, 0, 60, "Risk review", "Home"},
                  {6, 16, 30, 30, "Phone call", "Phone"}};
    int n = 0;
    for (const auto& v : visits) {
        const QDateTime start(today, QTime(v.hour, v.minute), london);
        json appointment = feed.base("Appointment", "demo-visit-" + std::to_string(++n), v.patient);
        appointment["status"] = "booked";
        appointment["appointmentType"] = {{"text", v.kind}};
        appointment["start"] = iso(start);
        appointment["end"] = iso(start.addSecs(qint64(v.minutes) * 60));
        appointment["participant"] =
            json::array({{{"actor", feed.byNhsNumber(v.patient)}, {"status", "accepted"}},
                         {{"actor", {{"reference", "Location/demo-place-" + std::to_string(n)}, {"display", v.place}}},
                          {"status", "accepted"}}});
        resources.push_back(std::move(appointment));
    }

    // Mental Health Act: a Section 2 in its last week, a Section 3 and a CTO with months to run,
    // the Section 3's medication clock (s.58) in its last week beside it, and a Section 136 begun
    // seven hours ago and extended by 6 hours; Encounters with the UK Core legal status naming the
    // patient by EPR record id. A CTO and a s.58 clock have no UK Core legal-status code: the feed
    // codes them with the rule tables' power code. The CTO carries its original s.3 admission, from
    // which its s.68 referral is counted.
    const QDateTime s2Start(today.addDays(-24), QTime(14, 0), london);
    const QDateTime s3Start(today.addMonths(-4).addDays(-10), QTime(11, 15), london);
    const QDateTime ctoStart(today.addMonths(-2), QTime(10, 0), london);
    const QDateTime s58Start(today.addMonths(-3).addDays(5), QTime(9, 0), london);
    const QDateTime s136Start = nowUtc.addSecs(-7 * 3600);
    const struct
    {
        const char* id;
        std::size_t patient;
        QDateTime start;
        const char* system;
        const char* code;
        const char* display;
    } powers[] = {
        {"demo-mha-1", 0, s2Start, "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland", "02",
         "Formally detained under Mental Health Act Section 2"},
        {"demo-mha-2", 1, s3Start, "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland", "03",
         "Formally detained under Mental Health Act Section 3"},
        {"demo-mha-3", 2, ctoStart, core::sync::kMhaPowerSystem, "cto", "Community treatment order"},
        {"demo-mha-4", 1, s58Start, core::sync::kMhaPowerSystem, "s58", "Consent to treatment: three months from the first dose"},
        {"demo-mha-5", 6, s136Start, "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland", "20",
         "Formally detained under Mental Health Act Section 136"}};
    const std::string definitions = "https://fhir.avocet.example/StructureDefinition/";
    for (const auto& power : powers) {
        json encounter = feed.base("Encounter", power.id, power.patient);
        encounter["status"] = "in-progress";
        encounter["class"] = {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"},
                              {"code", power.patient == 2 ? "AMB" : "IMP"}};
        encounter["subject"] = feed.byRecordId(power.patient);
        encounter["period"] = {{"start", iso(power.start)}};
        encounter["extension"].push_back(legalStatusExtension(power.system, power.code, power.display));
        if (std::string(power.id) == "demo-mha-3")
            encounter["extension"].push_back(
                {{"url", definitions + "mha-first-admission"}, {"valueDateTime", iso(ctoStart.addMonths(-3))}});
        if (std::string(power.id) == "demo-mha-5")
            encounter["extension"].push_back({{"url", definitions + "mha-extension-hours"}, {"valueInteger", 6}});
        resources.push_back(std::move(encounter));
    }

    // Reviews: one risk review overdue, one care plan due soon, the rest in date; CarePlans naming
    // the patient by reference.
    const struct
    {
        std::size_t patient;
        const char* subject;
        QDate lastDone;
    } reviews[] = {{3, "risk-assessment", today.addMonths(-7)},
                   {1, "care-plan", today.addMonths(-12).addDays(10)},
                   {0, "risk-assessment", today.addMonths(-1)},
                   {4, "care-plan", today.addMonths(-3)}};
    n = 0;
    for (const auto& review : reviews) {
        json plan = feed.base("CarePlan", "demo-review-" + std::to_string(++n), review.patient);
        plan["status"] = "active";
        plan["intent"] = "plan";
        plan["category"] = json::array(
            {{{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/review-subject"},
                                       {"code", review.subject}}})}}});
        plan["extension"].push_back(
            {{"url", "https://fhir.avocet.example/StructureDefinition/care-setting"}, {"valueCode", "community"}});
        plan["subject"] = feed.byReference(review.patient);
        plan["period"] = {{"start", isoDate(review.lastDone)}};
        resources.push_back(std::move(plan));
    }

    // A PHQ-9 completed yesterday with item 9 answered "several days" (1): two LOINC Observations.
    const QDateTime phq9At(today.addDays(-1), QTime(15, 40), london);
    const struct
    {
        const char* id;
        const char* loinc;
        const char* display;
        int value;
    } scores[] = {{"demo-score-1", "44260-8", "Thoughts that you would be better off dead, or of hurting yourself", 1},
                  {"demo-score-2", "44261-6", "Patient Health Questionnaire 9 item total score", 14}};
    for (const auto& score : scores) {
        json observation = feed.base("Observation", score.id, 4);
        observation["status"] = "final";
        observation["code"] = {
            {"coding", json::array({{{"system", "http://loinc.org"}, {"code", score.loinc}, {"display", score.display}}})}};
        observation["subject"] = feed.byRecordId(4);
        observation["effectiveDateTime"] = iso(phq9At);
        observation["valueInteger"] = score.value;
        resources.push_back(std::move(observation));
    }

    // The same patient's earlier totals, recorded at clinic visits over the last five months: the
    // patient screen charts them over the severity bands; none reaches an alert threshold.
    const struct
    {
        const char* loinc;
        const char* display;
        int weeksAgo;
        int value;
    } history[] = {{"44261-6", "Patient Health Questionnaire 9 item total score", 20, 19},
                   {"44261-6", "Patient Health Questionnaire 9 item total score", 14, 17},
                   {"44261-6", "Patient Health Questionnaire 9 item total score", 8, 16},
                   {"70274-6", "Generalized anxiety disorder 7 item total score", 20, 13},
                   {"70274-6", "Generalized anxiety disorder 7 item total score", 14, 12},
                   {"70274-6", "Generalized anxiety disorder 7 item total score", 8, 9}};
    n = 0;
    for (const auto& score : history) {
        json observation = feed.base("Observation", "demo-score-history-" + std::to_string(++n), 4);
        observation["status"] = "final";
        observation["code"] = {
            {"coding", json::array({{{"system", "http://loinc.org"}, {"code", score.loinc}, {"display", score.display}}})}};
        observation["subject"] = feed.byRecordId(4);
        observation["effectiveDateTime"] = iso(QDateTime(today.addDays(-7 * score.weeksAgo), QTime(11, 0), london));
        observation["valueInteger"] = score.value;
        resources.push_back(std::move(observation));
    }
    // Open episodes of care for the first five patients (who holds them; outcome measures are due
    // in an open episode).
    for (std::size_t patient = 0; patient < 5; ++patient) {
        json episode = feed.base("EpisodeOfCare", "demo-episode-" + std::to_string(patient + 1), patient);
        episode["status"] = "active";
        episode["patient"] = feed.byRecordId(patient);
        episode["period"] = {{"start", isoDate(today.addMonths(-6 - int(patient)))}};
        episode["team"] = json::array({{{"display", kDemoTeam}}});
        resources.push_back(std::move(episode));
    }

    // EPR flags (risk in Paris, safeguarding in Mobius, one risk flag that has ended) and GP-held
    // allergies and medicines from SystmOne, read-only on every screen.
    const struct
    {
        const char* id;
        std::size_t patient;
        const char* category;
        const char* text;
        QDate start;
        QDate end; // invalid: still in force
    } flags[] = {{"demo-flag-1", 0, "Risk", "Risk of harm to others: staff to visit in pairs", today.addMonths(-5), {}},
                 {"demo-flag-2", 3, "Safeguarding", "Safeguarding: children in the household", today.addMonths(-2), {}},
                 {"demo-flag-3", 1, "Risk", "Absconding risk", today.addYears(-2), today.addYears(-1)}};
    for (const auto& f : flags) {
        json flag = feed.base("Flag", f.id, f.patient);
        flag["status"] = f.end.isValid() ? "inactive" : "active";
        flag["category"] = json::array({{{"text", f.category}}});
        flag["code"] = {{"text", f.text}};
        flag["period"] = f.end.isValid() ? json{{"start", isoDate(f.start)}, {"end", isoDate(f.end)}}
                                         : json{{"start", isoDate(f.start)}};
        flag["subject"] = feed.byNhsNumber(f.patient);
        resources.push_back(std::move(flag));
    }
    {
        json allergy = feed.base("AllergyIntolerance", "demo-allergy-1", 0);
        allergy["identifier"] = json::array({{{"system", core::mapping::eprRecordSystem(core::identity::Epr::SystmOne)},
                                              {"value", "SYNTH-demo-allergy-1"}}});
        allergy["clinicalStatus"] = {
            {"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"},
                                     {"code", "active"}}})}};
        allergy["code"] = {{"text", "Penicillin"}};
        allergy["criticality"] = "high";
        allergy["reaction"] = json::array({{{"manifestation", json::array({{{"text", "Anaphylaxis"}}})}}});
        allergy["recordedDate"] = isoDate(today.addYears(-6));
        allergy["patient"] = feed.byNhsNumber(0);
        resources.push_back(std::move(allergy));
        json medication = feed.base("MedicationStatement", "demo-medication-1", 2);
        medication["identifier"] = json::array({{{"system", core::mapping::eprRecordSystem(core::identity::Epr::SystmOne)},
                                                 {"value", "SYNTH-demo-medication-1"}}});
        medication["status"] = "active";
        medication["medicationCodeableConcept"] = {{"text", "Paliperidone 100mg depot injection"}};
        medication["dosage"] = json::array({{{"text", "Once a month"}}});
        medication["effectivePeriod"] = {{"start", isoDate(today.addMonths(-8))}};
        medication["subject"] = feed.byNhsNumber(2);
        resources.push_back(std::move(medication));
    }

    // An inpatient stay that ended three hours ago (patient 6; patient 7 is the one held under s.136
    // since this morning, who was not on the ward): detained under s.3 for the stay, a
    // SNOMED CT diagnosis, medicines on discharge, a risk flag, the 72-hour follow-up booked and the
    // care coordinator. The discharge summary to the GP is due within 24 hours: its alert is on the
    // caseload until it is signed off and sent, and the template pre-fills from this record.
    {
        const std::size_t p = 5;
        const QDateTime admitted(today.addDays(-38), QTime(16, 20), london);
        const QDateTime discharged = nowUtc.addSecs(-3 * 3600);
        json stay = feed.base("Encounter", "demo-stay-1", p);
        stay["status"] = "finished";
        stay["class"] = {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}};
        stay["subject"] = feed.byRecordId(p);
        stay["period"] = {{"start", iso(admitted)}, {"end", iso(discharged)}};
        stay["location"] = json::array({{{"location", {{"display", "Willow ward, Linden Centre"}}}}});
        stay["hospitalization"] = {{"dischargeDisposition", {{"text", "Home, with the community mental health team"}}}};
        stay["participant"] = json::array({{{"individual", {{"display", "Dr Samuel Reid, consultant psychiatrist"}}}}});
        resources.push_back(std::move(stay));
        json s3 = feed.base("Encounter", "demo-mha-6", p);
        s3["status"] = "finished";
        s3["class"] = {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}};
        s3["subject"] = feed.byRecordId(p);
        s3["period"] = {{"start", iso(admitted)}, {"end", iso(discharged)}};
        s3["extension"].push_back(legalStatusExtension("https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland",
                                                       "03", "Formally detained under Mental Health Act Section 3"));
        resources.push_back(std::move(s3));
        json diagnosis = feed.base("Condition", "demo-diagnosis-1", p);
        diagnosis["clinicalStatus"] = {
            {"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", "active"}}})}};
        diagnosis["code"] = {{"coding", json::array({{{"system", "http://snomed.info/sct"}, {"code", "58214004"},
                                                      {"display", "Schizophrenia"}}})}};
        diagnosis["subject"] = feed.byNhsNumber(p);
        resources.push_back(std::move(diagnosis));
        const struct
        {
            const char* id;
            const char* medicine;
            const char* dose;
        } medicines[] = {{"demo-medication-2", "Olanzapine 10 mg tablets", "one at night"},
                         {"demo-medication-3", "Procyclidine 5 mg tablets", "one twice a day when required"}};
        for (const auto& m : medicines) {
            json medication = feed.base("MedicationStatement", m.id, p);
            medication["status"] = "active";
            medication["medicationCodeableConcept"] = {{"text", m.medicine}};
            medication["dosage"] = json::array({{{"text", m.dose}}});
            medication["subject"] = feed.byNhsNumber(p);
            resources.push_back(std::move(medication));
        }
        json flag = feed.base("Flag", "demo-flag-4", p);
        flag["status"] = "active";
        flag["category"] = json::array({{{"text", "Risk"}}});
        flag["code"] = {{"text", "Self-neglect when unwell"}};
        flag["subject"] = feed.byNhsNumber(p);
        resources.push_back(std::move(flag));
        json followUp = feed.base("Appointment", "demo-visit-follow-up", p);
        followUp["status"] = "booked";
        followUp["appointmentType"] = {{"text", "Home visit (72-hour follow-up)"}};
        followUp["start"] = iso(QDateTime(today.addDays(2), QTime(11, 0), london));
        followUp["end"] = iso(QDateTime(today.addDays(2), QTime(12, 0), london));
        followUp["participant"] = json::array({{{"actor", feed.byNhsNumber(p)}, {"status", "accepted"}}});
        resources.push_back(std::move(followUp));
        json episode = feed.base("EpisodeOfCare", "demo-episode-6", p);
        episode["status"] = "active";
        episode["patient"] = feed.byRecordId(p);
        episode["period"] = {{"start", isoDate(today.addMonths(-14))}};
        episode["team"] = json::array({{{"display", kDemoTeam}}});
        episode["careManager"] = {{"display", "Jordan Ellis, community psychiatric nurse"}};
        resources.push_back(std::move(episode));
        // The registered GP practice, as the EPR's Patient carries it (illustrative ODS code).
        const auto& patient = (*patients)[p];
        json registered = {{"resourceType", "Patient"},
                           {"id", patient.id},
                           {"meta", {{"versionId", "1"}, {"lastUpdated", iso(nowUtc)}}},
                           {"name", json::array({{{"family", patient.familyName},
                                                  {"given", json::array({patient.givenName})}}})},
                           {"birthDate", patient.birthDate},
                           {"generalPractitioner",
                            json::array({{{"identifier", {{"system", "https://fhir.nhs.uk/Id/ods-organization-code"},
                                                          {"value", "Y90001"}}},
                                          {"display", "Riverside Medical Practice (illustrative)"}}})}};
        if (patient.nhsNumber)
            registered["identifier"] = json::array(
                {{{"system", std::string(core::identity::kNhsNumberSystem)}, {"value", *patient.nhsNumber}}});
        resources.push_back(std::move(registered));
    }

    // Into the cache as a pull from the hub would leave them, then through the same projection.
    {
        auto tx = core::store::Transaction::begin(cache.database());
        if (!tx)
            return tx.error();
        core::sync::SyncStore store(cache.database());
        for (auto& resource : resources) {
            core::sync::LocalResource local;
            local.type = resource["resourceType"].get<std::string>();
            local.localId = resource["id"].get<std::string>();
            local.serverId = local.localId;
            local.versionId = "1";
            local.lastUpdated = iso(nowUtc);
            local.patientRef = core::sync::patientReferenceOf(resource);
            local.content = std::move(resource);
            local.origin = "server";
            if (core::Status st = store.writeResource(local); !st)
                return st;
        }
        if (core::Status st = tx->commit(); !st)
            return st;
    }
    if (auto projected = core::sync::projectClinicalRecords(cache.database()); !projected)
        return projected.error();

    // Synthetic native historic records from Paris and Mobius for the harmonised history (ui/history).
    return history::seedDemoHistory(cache, nowUtc, phq9At);
}

} // namespace avocet::ui
