#include "server/Capability.h"

#include "server/AccessControl.h"
#include "server/FhirTypes.h"

namespace avocet::hub {

namespace {
nlohmann::json interactions(std::initializer_list<const char*> codes)
{
    auto list = nlohmann::json::array();
    for (const char* code : codes)
        list.push_back({{"code", code}});
    return list;
}

nlohmann::json searchParam(const char* name, const char* type)
{
    return {{"name", name}, {"type", type}};
}
} // namespace

nlohmann::json makeCapabilityStatement(const CapabilityFacts& facts)
{
    nlohmann::json rest = {{"mode", "server"}};
    if (facts.hasStore) {
        auto resources = nlohmann::json::array();
        for (const auto& type : supportedResourceTypes()) {
            auto params = nlohmann::json::array({searchParam("_id", "token"), searchParam("_lastUpdated", "date"),
                                                 searchParam("_count", "number")});
            if (hasIdentifierSearch(type))
                params.push_back(searchParam("identifier", "token"));
            if (type == "Questionnaire") {
                params.push_back(searchParam("url", "uri"));
                params.push_back(searchParam("version", "token"));
            }
            if (hasSubjectSearch(type)) {
                params.push_back(searchParam("subject", "reference"));
                params.push_back(searchParam("patient", "reference"));
            }
            for (const auto& [name, kind] : extraSearchParams(type))
                params.push_back(searchParam(name.c_str(), kind.c_str()));
            const bool fed = type == "Patient" || isFedClinicalType(type);
            resources.push_back({
                {"type", type},
                {"versioning", "versioned-update"},
                {"readHistory", true},
                {"updateCreate", false},
                {"conditionalCreate", true},
                {"conditionalUpdate", fed},
                {"conditionalDelete", fed ? "single" : "not-supported"},
                {"interaction", interactions({"read", "vread", "create", "update", "delete", "history-instance",
                                              "history-type", "search-type"})},
                {"searchParam", params},
            });
        }
        rest["resource"] = resources;
        rest["interaction"] = interactions({"transaction", "batch"});
        rest["documentation"] =
            "Besides the resources: GET /Caseload (the caller's team caseloads: a searchset Bundle of one List per "
            "team plus the Patients), GET /mappings[?template=url|version][&epr=], GET /mappings/<id>/<version>, "
            "GET /mappings/active?template=url|version&epr=<EPR> (EPR mapping documents, any role), POST /mappings "
            "(change managers publish), GET /audit-chains/<chain id> (what this hub anchored of a device's audit chain: "
            "head seq and hash, breaks; GET /audit-chains lists every chain for administrators). Every completed or amended QuestionnaireResponse is delivered to the EPR(s) "
            "holding the patient's record; each delivery has a receipt Task (code "
            "https://fhir.avocet.example/CodeSystem/task-type|epr-delivery, identifier "
            "https://fhir.avocet.example/Id/epr-delivery-response|<QuestionnaireResponse id>) that is searchable by "
            "_lastUpdated, subject and identifier like any other Task. EPR feeds (role epr_feed, one EPR each) write "
            "Patient and the clinical record (Encounter, EpisodeOfCare, Appointment, CarePlan, Observation, "
            "AllergyIntolerance, MedicationStatement, Flag) keyed by the EPR record identifier and ordered by the "
            "extension https://fhir.avocet.example/StructureDefinition/epr-changed-at: POST /<type> or "
            "PUT /<type>?identifier=<system>|<value> to write, DELETE /<type>?identifier=<system>|<value> to end a "
            "record; answers carry X-Avocet-Feed (created, updated, unchanged, stale, parked, deleted), and a record "
            "whose patient is not here yet is parked (202) until that Patient arrives.";
        if (facts.requiresAuthentication) {
            rest["security"] = {
                {"cors", false},
                {"description", "Bearer tokens from POST /auth/login (expiring, refreshable via POST /auth/refresh). "
                                "Role and caseload checked on every request; break-glass via the "
                                "X-Avocet-Break-Glass header with a reason, for one patient the request names "
                                "(recorded before the answer is sent)."}};
        }
    }
    return {
        {"resourceType", "CapabilityStatement"},
        {"status", "active"},
        {"date", "2025-01-01"},
        {"publisher", "Avocet"},
        {"kind", "instance"},
        {"software", {{"name", "avocet-hub"}, {"version", AVOCET_VERSION}}},
        {"implementation", {{"description", "Avocet reference hub (FHIR R4 subset on PostgreSQL)"}}},
        {"fhirVersion", "4.0.1"},
        {"format", nlohmann::json::array({"application/fhir+json", "json"})},
        {"rest", nlohmann::json::array({rest})},
    };
}

} // namespace avocet::hub
