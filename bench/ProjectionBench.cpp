// The clinical-record projection (core/sync ClinicalProjection): 12,000 synced clinical resources
// (Encounters with the UK Core legal status, Appointments, CarePlans, LOINC Observations) for 2,000
// patients, projected into the caseload tables, against a bare insert of the same caseload rows into
// the same encrypted cache (CaseloadStore upserts in one transaction). Target: the projection costs at
// most twice the bare insert of what it produces.
#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bench/Bench.h"
#include "core/identity/NhsNumber.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/store/Database.h"
#include "core/store/PatientStore.h"
#include "core/store/ProfileStore.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/SyncStore.h"

namespace fs = std::filesystem;
using namespace avocet::core;
using nlohmann::json;
namespace bench = avocet::bench;

namespace {

constexpr int kPatients = 2000;

std::string day(int n) // 2026-01-01 plus n days, as a date
{
    char text[16];
    std::snprintf(text, sizeof text, "2026-%02d-%02d", 1 + (n / 28) % 12, 1 + n % 28);
    return text;
}

json subjectOf(const identity::Patient& p)
{
    return {{"identifier", {{"system", std::string(identity::kNhsNumberSystem)}, {"value", p.nhsNumber.value_or("")}}}};
}

// The resources an EPR feed would send, and the caseload rows projecting them gives (with ids of
// their own, so the bare rows never replace the projected ones between runs).
struct Workload
{
    std::vector<json> resources;
    std::vector<store::LegalStatusRecord> legal;
    std::vector<store::Visit> visits;
    std::vector<store::ReviewRecord> reviews;
    std::vector<store::ScoreRecord> scores;
};

Workload makeWorkload(const std::vector<identity::Patient>& patients)
{
    Workload w;
    for (int i = 0; i < kPatients; ++i) {
        const auto& p = patients[std::size_t(i)];
        const std::string n = std::to_string(i);
        const std::string start = day(i) + "T10:00:00Z";
        json encounter = {{"resourceType", "Encounter"},
                          {"id", "enc-" + n},
                          {"status", "in-progress"},
                          {"subject", subjectOf(p)},
                          {"period", {{"start", start}}},
                          {"extension",
                           json::array({{{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus"},
                                         {"extension",
                                          json::array({{{"url", "legalStatusClassification"},
                                                        {"valueCodeableConcept",
                                                         {{"coding", json::array({{{"system",
                                                                                    "https://fhir.hl7.org.uk/CodeSystem/"
                                                                                    "UKCore-LegalStatusClassificationEngland"},
                                                                                   {"code", "03"}}})}}}}})}}})}};
        w.resources.push_back(std::move(encounter));
        w.legal.push_back({"bare-enc-" + n, p.id, "s3", start, std::nullopt, false, std::nullopt, 0});
        for (int v = 0; v < 2; ++v) {
            const std::string id = "appt-" + n + "-" + std::to_string(v);
            const std::string at = day(i + v * 7) + "T09:30:00Z";
            w.resources.push_back({{"resourceType", "Appointment"},
                                   {"id", id},
                                   {"status", "booked"},
                                   {"appointmentType", {{"text", "Home visit"}}},
                                   {"start", at},
                                   {"minutesDuration", 30},
                                   {"participant", json::array({{{"actor", subjectOf(p)}, {"status", "accepted"}}})}});
            w.visits.push_back({"bare-" + id, p.id, at, 30, "Home visit", "", "planned"});
        }
        w.resources.push_back(
            {{"resourceType", "CarePlan"},
             {"id", "plan-" + n},
             {"status", "active"},
             {"intent", "plan"},
             {"category", json::array({{{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/review-subject"},
                                                                 {"code", "care-plan"}}})}}})},
             {"extension", json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/care-setting"},
                                         {"valueCode", "community"}}})},
             {"subject", subjectOf(p)},
             {"period", {{"start", day(i)}}}});
        w.reviews.push_back({p.id, "care-plan", "inpatient", day(i)}); // its own key: not the projected row
        for (int o = 0; o < 2; ++o) {
            const std::string id = "obs-" + n + "-" + std::to_string(o);
            const char* loinc = o == 0 ? "44261-6" : "44260-8";
            w.resources.push_back({{"resourceType", "Observation"},
                                   {"id", id},
                                   {"status", "final"},
                                   {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", loinc}}})}}},
                                   {"subject", subjectOf(p)},
                                   {"effectiveDateTime", start},
                                   {"valueInteger", o == 0 ? 12 : 1}});
            w.scores.push_back({"bare-" + id, p.id, "PHQ-9", o == 0 ? "total" : "9", o == 0 ? 12.0 : 1.0, start, loinc, ""});
        }
    }
    return w;
}

int projectionScenario()
{
    const fs::path dir = fs::current_path() / ("avocet-bench-projection-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    store::ProfileStore profiles(dir);
    const std::string pass = "projection benchmark passphrase";
    if (!profiles.create("bench", pass, crypto::KdfParams::minimal()).ok()) {
        std::fprintf(stderr, "cannot create the benchmark profile\n");
        return 1;
    }
    auto cache = profiles.unlock("bench", pass);
    if (!cache) {
        std::fprintf(stderr, "cannot unlock the benchmark profile: %s\n", cache.message().c_str());
        return 1;
    }
    auto& db = (*cache)->database();
    identity::SyntheticOptions options;
    options.count = kPatients;
    const auto patients = identity::generateSyntheticPatients(options);
    (void)(*cache)->patients().upsert(patients);
    const Workload w = makeWorkload(patients);
    {
        auto tx = store::Transaction::begin(db);
        sync::SyncStore syncStore(db);
        for (const auto& resource : w.resources) {
            sync::LocalResource local;
            local.type = resource["resourceType"].get<std::string>();
            local.localId = resource["id"].get<std::string>();
            local.serverId = local.localId;
            local.versionId = "1";
            local.content = resource;
            (void)syncStore.writeResource(local);
        }
        if (!tx || !tx->commit().ok()) {
            std::fprintf(stderr, "cannot write the synced resources\n");
            return 1;
        }
    }
    int rows = 0;
    const auto [projection, bare] = bench::alternate(
        5,
        [&] {
            auto summary = sync::projectClinicalRecords(db);
            rows = summary ? summary->legalStatuses + summary->visits + summary->reviews + summary->scores : -1;
        },
        [&] {
            auto tx = store::Transaction::begin(db);
            store::CaseloadStore caseload(db);
            for (const auto& r : w.legal)
                (void)caseload.upsertLegalStatus(r);
            for (const auto& v : w.visits)
                (void)caseload.upsertVisit(v);
            for (const auto& r : w.reviews)
                (void)caseload.upsertReview(r);
            for (const auto& s : w.scores)
                (void)caseload.addScore(s);
            if (tx)
                (void)tx->commit();
        });
    const int expected = int(w.legal.size() + w.visits.size() + w.reviews.size() + w.scores.size());
    std::fprintf(stderr, "projection of %zu resources: %.0f ms (%d rows, %d expected); bare insert of the rows: %.0f ms\n",
                 w.resources.size(), projection * 1000, rows, expected, bare * 1000);
    (*cache)->lock();
    fs::remove_all(dir);
    if (rows != expected) {
        std::fprintf(stderr, "the projection wrote %d rows, not %d: the comparison is not like for like\n", rows, expected);
        return 1;
    }
    return bench::reportRatio("projection.clinical_12000_vs_bare_insert", projection / bare, 2.0);
}

} // namespace

AVOCET_BENCHMARK("projection", projectionScenario);
