#pragma once
// The published scoring rule of an instrument's total, held in the template: which items the
// total adds up, how many of them may be missing before no total can be given, whether a total
// over fewer items may be estimated (prorated) and which items are never estimated (a risk item
// such as PHQ-9 item 9). Without a rule a calculated total is whatever its expression gives.
//
// The rule is the Avocet extension kScoreRuleExtension on the total item, with sub-extensions:
//   group          valueString   a group whose questions are the scored items (or:)
//   item           valueString   one scored item (repeats)
//   maxMissing     valueInteger  how many scored items may be unanswered for a prorated total
//                                (0, the default: every item must be answered)
//   neverEstimate  valueString   an item that must be answered for any total (repeats)
//   reference      valueString   the published rule this follows, for people
// An answer that is a Coding of the HL7 data-absent-reason system ("asked-declined": the person
// declined to answer) is not a score: the item counts as declined, never as 0.
// Pure: no storage, no Qt.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/Decimal.h"
#include "core/forms/Questionnaire.h"

namespace avocet::core::forms {

inline constexpr const char* kScoreRuleExtension = "https://fhir.avocet.example/StructureDefinition/score-rule";
inline constexpr const char* kDataAbsentReasonSystem = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

struct ScoreRule
{
    std::vector<std::string> items; // the scored items' linkIds, in document order
    int maxMissing = 0;
    std::set<std::string> neverEstimate;
    std::string reference;
};

// Whether `item` carries a scoring rule (well formed or not).
bool hasScoreRule(const QuestionnaireItem& item);

// The rule on `item`, nullopt when it has none; an error naming the item when the rule is not
// well formed (an unknown or non-question item, a negative or too large maxMissing, a
// neverEstimate item that is not scored, or no calculatedExpression on the total).
Result<std::optional<ScoreRule>> scoreRuleOf(const QuestionnaireItem& item, const Questionnaire& questionnaire);

// What one scored item holds now.
struct ItemScore
{
    enum class State { Unanswered, Declined, Scored, NotScorable };
    State state = State::Unanswered;
    Decimal value; // when Scored
};

// How a total stands against its rule.
struct ScoreStatus
{
    enum class Outcome {
        Complete,       // every scored item answered: the total is their sum
        Prorated,       // a few missing, as the rule allows: estimated from the answered ones
        NoneAnswered,   // nothing to add up: no total (never 0)
        NeverEstimated, // a never-estimated item is missing or declined: no total
        TooManyMissing, // more missing than the rule allows: no total
    };
    Outcome outcome = Outcome::NoneAnswered;
    int maxMissing = 0;                   // the rule's allowance, for messages
    std::vector<std::string> unestimable; // never-estimated items without a score
    std::size_t answered = 0; // scored items with a score
    std::size_t of = 0;       // scored items in all
    std::vector<std::string> missing;  // unanswered (or unscorable) linkIds, in document order
    std::vector<std::string> declined; // declined linkIds, in document order
    std::optional<Decimal> total;      // empty: no total can be given
    bool prorated = false;
    std::string summary; // for people: "7 of 9 answered: no total ...", "" when all are answered
};

ScoreStatus scoreStatus(const ScoreRule& rule, const Questionnaire& questionnaire,
                        const std::function<ItemScore(const std::string& linkId)>& itemScore);

// The score an answer stands for on `item` (its option's ordinalValue, or an itemWeight), or
// Declined for a data-absent-reason Coding.
ItemScore itemScoreOf(const QuestionnaireItem& item, const std::vector<nlohmann::json>& answers);

} // namespace avocet::core::forms
