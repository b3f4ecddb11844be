#pragma once
// Which EPR(s) receive a submission: decided by the submitting team's service (configurable rules,
// resources/epr/routing.json) and the EPR records the patient master index holds for the patient.
//   - A service with fixed EPRs ("eprs": ["Paris"]) sends to each of them; if the patient has no
//     record there, that target is reported as unroutable, never guessed or redirected.
//   - A trust-wide service ("eprs": "ofRecord") sends to every EPR that holds a record for the
//     patient (a person known in Paris and SystmOne gets the form in both); with no record at all
//     the submission is unroutable.
//   - An unknown service is an error: no default EPR is assumed.
// See docs/pmi.md.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/identity/Patient.h"

namespace avocet::core::identity {

struct RoutingRule
{
    std::string service;
    std::string description;
    bool ofRecord = false;  // every EPR holding a record for the patient
    std::vector<Epr> eprs;  // otherwise: exactly these
};

class RoutingRules
{
public:
    static Result<RoutingRules> parse(const nlohmann::json& document, const std::string& source);
    const RoutingRule* ruleFor(const std::string& service) const;
    const std::vector<RoutingRule>& rules() const { return m_rules; }
    const std::string& version() const { return m_version; }

private:
    std::vector<RoutingRule> m_rules;
    std::string m_version;
};

struct RouteTarget
{
    Epr epr = Epr::Paris;
    std::string eprId; // the patient's id in that EPR
};

struct RoutingDecision
{
    std::vector<RouteTarget> targets;
    std::vector<std::string> unroutable; // one message per EPR that cannot receive it, no patient data
    bool isComplete() const { return unroutable.empty() && !targets.empty(); }
};

// `records` are the patient's EPR records (e.g. PatientIndex::recordsOf(person)).
Result<RoutingDecision> routeSubmission(const RoutingRules& rules, const std::string& service,
                                        const std::vector<Patient>& records);

} // namespace avocet::core::identity
