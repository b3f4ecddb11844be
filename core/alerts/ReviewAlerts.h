#pragma once
// Overdue care-plan and risk-assessment reviews, from the "reviews" rules of a rule table.

#include <optional>
#include <string>

#include "core/alerts/RuleSet.h"
#include "core/common/Result.h"

namespace avocet::core::alerts {

struct ReviewStatus
{
    enum class State { NotDue, DueSoon, Overdue };
    std::string ruleId;
    std::string label;
    State state = State::NotDue;
    LocalDate dueBy{};    // the review should be done on or before this day
    int daysOverdue = 0;  // > 0 only when Overdue
};

std::string toString(ReviewStatus::State state);

// `lastDone` is the day of the last review (or, if there has been none, the day the care
// episode began). Due by: `interval` after it (months use the corresponding date, see Period.h;
// a missing day moves to the 1st of the next month). DueSoon from `dueSoon` days before that.
// NotFound when no rule covers the subject in that setting ("community" or "inpatient").
Result<ReviewStatus> evaluateReview(const RuleSet& rules, const std::string& subject, const std::string& setting,
                                    LocalDate lastDone, LocalDate today);

} // namespace avocet::core::alerts
