#include "core/identity/EprRouting.h"

#include <set>

namespace avocet::core::identity {

using nlohmann::json;

Result<RoutingRules> RoutingRules::parse(const json& document, const std::string& source)
{
    if (!document.is_object() || document.value("format", "") != "avocet-epr-routing")
        return makeError(ErrorCode::InvalidArgument,
                         source + ": not a routing document (format must be \"avocet-epr-routing\")");
    RoutingRules out;
    out.m_version = document.value("version", "");
    const json rules = document.value("rules", json::array());
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const std::string at = source + "#/rules/" + std::to_string(i);
        RoutingRule rule;
        rule.service = rules[i].value("service", "");
        rule.description = rules[i].value("description", "");
        if (rule.service.empty() || !seen.insert(rule.service).second)
            return makeError(ErrorCode::InvalidArgument, at + "/service: missing or repeated service");
        const json eprs = rules[i].value("eprs", json());
        if (eprs == "ofRecord") {
            rule.ofRecord = true;
        } else if (eprs.is_array() && !eprs.empty()) {
            for (const auto& name : eprs) {
                const auto epr = name.is_string() ? eprFromName(name.get<std::string>()) : std::nullopt;
                if (!epr)
                    return makeError(ErrorCode::InvalidArgument,
                                     at + "/eprs: '" + name.dump() + "' is not Paris, Mobius or SystmOne");
                rule.eprs.push_back(*epr);
            }
        } else {
            return makeError(ErrorCode::InvalidArgument, at + "/eprs: a list of EPRs or \"ofRecord\"");
        }
        out.m_rules.push_back(std::move(rule));
    }
    return out;
}

const RoutingRule* RoutingRules::ruleFor(const std::string& service) const
{
    for (const auto& rule : m_rules)
        if (rule.service == service)
            return &rule;
    return nullptr;
}

Result<RoutingDecision> routeSubmission(const RoutingRules& rules, const std::string& service,
                                        const std::vector<Patient>& records)
{
    const RoutingRule* rule = rules.ruleFor(service);
    if (!rule)
        return makeError(ErrorCode::NotFound, "no routing rule for service '" + service +
                                                  "'; ask the EPR team to add one (no EPR is assumed)");
    RoutingDecision decision;
    if (rule->ofRecord) {
        std::set<Epr> done;
        for (const auto& r : records)
            if (done.insert(r.epr).second)
                decision.targets.push_back({r.epr, r.eprId});
        if (decision.targets.empty())
            decision.unroutable.push_back("the patient has no record in any EPR; register them before submitting");
        return decision;
    }
    for (Epr epr : rule->eprs) {
        std::vector<const Patient*> held;
        for (const auto& r : records)
            if (r.epr == epr)
                held.push_back(&r);
        if (held.empty())
            decision.unroutable.push_back("the patient has no " + eprName(epr) + " record; register them in " +
                                          eprName(epr) + " or ask the PMI team to link the record");
        else if (held.size() > 1)
            decision.unroutable.push_back("the patient has " + std::to_string(held.size()) + " " + eprName(epr) +
                                          " records (possible duplicate); resolve it before submitting");
        else
            decision.targets.push_back({epr, held.front()->eprId});
    }
    return decision;
}

} // namespace avocet::core::identity
