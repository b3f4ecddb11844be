#include "core/alerts/ReviewAlerts.h"

namespace avocet::core::alerts {

using namespace std::chrono;

std::string toString(ReviewStatus::State state)
{
    switch (state) {
    case ReviewStatus::State::NotDue: return "not-due";
    case ReviewStatus::State::DueSoon: return "due-soon";
    case ReviewStatus::State::Overdue: return "overdue";
    }
    return "not-due";
}

Result<ReviewStatus> evaluateReview(const RuleSet& rules, const std::string& subject, const std::string& setting,
                                    LocalDate lastDone, LocalDate today)
{
    const ReviewRule* rule = nullptr;
    for (const auto& r : rules.reviews) {
        if (r.subject != subject)
            continue;
        if (r.setting == setting) {
            rule = &r; // an exact setting wins over "any"
            break;
        }
        if (r.setting == "any" && !rule)
            rule = &r;
    }
    if (!rule) {
        return makeError(ErrorCode::NotFound, "rule table " + rules.version + " has no review rule for " + subject +
                                                  " in the " + setting + " setting");
    }

    ReviewStatus status;
    status.ruleId = rule->id;
    status.label = rule->label;
    status.dueBy = rule->interval.unit == Span::Unit::Months
                       ? correspondingDate(lastDone, rule->interval.count)
                       : LocalDate{sys_days{lastDone} + days{rule->interval.count}};
    const sys_days due{status.dueBy};
    const sys_days now{today};
    if (now > due) {
        status.state = ReviewStatus::State::Overdue;
        status.daysOverdue = static_cast<int>((now - due).count());
    } else if (now >= due - days{rule->dueSoon.count}) {
        status.state = ReviewStatus::State::DueSoon;
    }
    return status;
}

} // namespace avocet::core::alerts
