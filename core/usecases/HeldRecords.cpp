#include "core/usecases/HeldRecords.h"

#include "core/common/JsonFields.h"
#include "core/identity/NhsNumber.h"
#include "core/identity/Patient.h"
#include "core/mapping/NativePayload.h"
#include "core/store/Cache.h"
#include "core/store/PatientStore.h"
#include "core/sync/PatientFinder.h"
#include "core/sync/SyncStore.h"

#include <algorithm>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <tuple>

namespace avocet::core::usecases {

using nlohmann::json;

namespace {

using jsonfields::firstOf;
using jsonfields::member;
using jsonfields::text;

std::string conceptText(const json& codeable)
{
    if (std::string t = text(codeable, "text"); !t.empty())
        return t;
    const json& coding = firstOf(codeable, "coding");
    if (std::string display = text(coding, "display"); !display.empty())
        return display;
    return text(coding, "code");
}

// Which of the patients asked for a held resource belongs to: found as the projection finds it
// (core/sync PatientFinder), else by the local link kept beside it; "" when none of them.
class Owners
{
public:
    Owners(store::Database& db, const std::vector<identity::Patient>& patients) : m_finder(db)
    {
        for (const auto& p : patients)
            m_wanted.insert(p.id);
    }

    std::string of(const sync::LocalResource& held)
    {
        std::string id;
        if (auto found = m_finder.find(held.content))
            id = *found;
        else if (held.patientRef && held.patientRef->rfind("Patient/", 0) == 0)
            id = held.patientRef->substr(8);
        return m_wanted.count(id) ? id : std::string();
    }

private:
    sync::PatientFinder m_finder;
    std::set<std::string> m_wanted;
};

// The system a record came from: the EPR whose record-id system its identifier uses, else
// meta.source as given.
std::string sourceOf(const json& resource)
{
    const json& identifiers = member(resource, "identifier");
    if (identifiers.is_array())
        for (const auto& identifier : identifiers)
            for (const identity::Epr epr : {identity::Epr::Paris, identity::Epr::Mobius, identity::Epr::SystmOne})
                if (text(identifier, "system") == mapping::eprRecordSystem(epr))
                    return identity::eprName(epr);
    return text(member(resource, "meta"), "source");
}

std::string day(const std::string& iso) { return iso.substr(0, std::min<std::size_t>(iso.size(), 10)); }

} // namespace

Result<std::map<std::string, HeldRecords>> heldRecordsFor(store::Cache& cache,
                                                          const std::vector<identity::Patient>& patients,
                                                          const std::string& today, bool withForms)
{
    Owners owners(cache.database(), patients);
    sync::SyncStore store(cache.database());
    std::map<std::string, HeldRecords> out;
    for (const auto& p : patients)
        out[p.id];

    auto flags = store.list("Flag");
    if (!flags)
        return flags.error();
    for (const auto& held : *flags) {
        const std::string owner = owners.of(held);
        if (owner.empty())
            continue;
        const json& c = held.content;
        HeldFlag flag{held.localId,
                      text(c, "status"),
                      conceptText(firstOf(c, "category")),
                      conceptText(member(c, "code")),
                      text(member(c, "period"), "start"),
                      text(member(c, "period"), "end"),
                      sourceOf(c)};
        flag.current = flag.status == "active" && (flag.end.empty() || day(flag.end) >= today);
        out[owner].flags.push_back(std::move(flag));
    }

    auto allergies = store.list("AllergyIntolerance");
    if (!allergies)
        return allergies.error();
    for (const auto& held : *allergies) {
        const json& c = held.content;
        const std::string owner = owners.of(held);
        if (owner.empty() ||
            text(firstOf(member(c, "verificationStatus"), "coding"), "code") == "entered-in-error")
            continue;
        std::string recorded = text(c, "recordedDate");
        if (recorded.empty())
            recorded = text(c, "onsetDateTime");
        out[owner].allergies.push_back({held.localId, conceptText(member(c, "code")),
                                        text(firstOf(member(c, "clinicalStatus"), "coding"), "code"),
                                        text(c, "criticality"),
                                        conceptText(firstOf(firstOf(c, "reaction"), "manifestation")),
                                        recorded, sourceOf(c)});
    }

    auto medications = store.list("MedicationStatement");
    if (!medications)
        return medications.error();
    for (const auto& held : *medications) {
        const json& c = held.content;
        const std::string owner = owners.of(held);
        if (owner.empty() || text(c, "status") == "entered-in-error")
            continue;
        std::string since = text(member(c, "effectivePeriod"), "start");
        if (since.empty())
            since = text(c, "effectiveDateTime");
        if (since.empty())
            since = text(c, "dateAsserted");
        out[owner].medications.push_back({held.localId, conceptText(member(c, "medicationCodeableConcept")),
                                          text(firstOf(c, "dosage"), "text"), text(c, "status"), since,
                                          sourceOf(c)});
    }

    Result<std::vector<sync::LocalResource>> responses = std::vector<sync::LocalResource>{};
    if (withForms)
        responses = store.list("QuestionnaireResponse");
    if (!responses)
        return responses.error();
    for (auto& held : *responses) {
        if (held.origin == "local")
            continue; // made on this computer: listed as a submission, not as an EPR record
        std::string epr;
        const json& tags = member(member(held.content, "meta"), "tag");
        if (tags.is_array())
            for (const auto& tag : tags)
                if (text(tag, "system") == mapping::kSourceEprTagSystem)
                    epr = text(tag, "code");
        if (epr.empty())
            continue;
        const std::string owner = owners.of(held);
        if (owner.empty() || text(held.content, "status") == "entered-in-error")
            continue;
        out[owner].forms.push_back(
            {held.localId, held.serverId.value_or(held.localId), epr, std::move(held.content)});
    }

    for (auto& [id, records] : out) {
        std::stable_sort(records.flags.begin(), records.flags.end(), [](const HeldFlag& a, const HeldFlag& b) {
            return std::tie(b.current, b.start) < std::tie(a.current, a.start);
        });
        std::stable_sort(records.medications.begin(), records.medications.end(),
                         [](const HeldMedication& a, const HeldMedication& b) {
                             return (a.status == "active") > (b.status == "active");
                         });
    }
    return out;
}

Result<std::vector<HeldResource>> heldResourcesOf(store::Cache& cache, const std::string& patientId,
                                                  const std::vector<std::string>& types)
{
    auto patient = cache.patients().get(patientId);
    if (!patient)
        return patient.error();
    Owners owners(cache.database(), {*patient});
    sync::SyncStore store(cache.database());
    std::vector<HeldResource> out;
    for (const auto& type : types) {
        auto held = store.list(type);
        if (!held)
            return held.error();
        for (auto& resource : *held)
            if (owners.of(resource) == patientId)
                out.push_back({resource.localId, resource.serverId.value_or(""), resource.origin == "local",
                               std::move(resource.content)});
    }
    return out;
}

Result<HeldRecords> heldRecords(store::Cache& cache, const std::string& patientId, const std::string& today)
{
    auto patient = cache.patients().get(patientId);
    if (!patient)
        return patient.error();
    auto all = heldRecordsFor(cache, {*patient}, today, true);
    if (!all)
        return all.error();
    return std::move((*all)[patientId]);
}

} // namespace avocet::core::usecases
