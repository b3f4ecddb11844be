#include "core/alerts/RuleSet.h"

#include <algorithm>
#include <cctype>

namespace avocet::core::alerts {

std::string toString(DeadlineKind kind)
{
    switch (kind) {
    case DeadlineKind::Expiry: return "expiry";
    case DeadlineKind::Renewal: return "renewal";
    case DeadlineKind::Tribunal: return "tribunal";
    case DeadlineKind::Window: return "window";
    case DeadlineKind::Review: return "review";
    }
    return "expiry";
}

std::string toString(Comparison op)
{
    switch (op) {
    case Comparison::Greater: return ">";
    case Comparison::GreaterOrEqual: return ">=";
    case Comparison::Less: return "<";
    case Comparison::LessOrEqual: return "<=";
    case Comparison::Equal: return "==";
    case Comparison::NotEqual: return "!=";
    }
    return ">";
}

std::string normalisePowerCode(const std::string& text)
{
    std::string s;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isspace(u) || c == '.' || c == '_')
            continue;
        s.push_back(static_cast<char>(std::tolower(u)));
    }
    if (s.rfind("section", 0) == 0)
        s = "s" + s.substr(7);
    else if (s.rfind("sec", 0) == 0 && s.size() > 3 && std::isdigit(static_cast<unsigned char>(s[3])))
        s = "s" + s.substr(3);
    if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0])))
        s = "s" + s;

    // s5-2, s5/2 → s5(2)
    if (s.size() > 1 && s[0] == 's') {
        std::size_t i = 1;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
            ++i;
        if (i > 1 && i + 1 < s.size() && (s[i] == '-' || s[i] == '/')) {
            const std::string rest = s.substr(i + 1);
            if (std::all_of(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
                s = s.substr(0, i) + "(" + rest + ")";
        }
    }
    return s;
}

const PowerRule* RuleSet::findPower(const std::string& codeOrAlias) const
{
    std::string trimmed;
    for (const char c : codeOrAlias) {
        if (!std::isspace(static_cast<unsigned char>(c)))
            trimmed.push_back(c);
    }
    // Two-digit legal-status codes first: "20" is s.136, not a section 20.
    for (const auto& power : powers) {
        if (power.legalStatusCode && *power.legalStatusCode == trimmed)
            return &power;
    }
    const std::string wanted = normalisePowerCode(codeOrAlias);
    for (const auto& power : powers) {
        if (normalisePowerCode(power.code) == wanted)
            return &power;
        for (const auto& alias : power.aliases) {
            if (normalisePowerCode(alias) == wanted)
                return &power;
        }
    }
    return nullptr;
}

} // namespace avocet::core::alerts
