#include "core/forms/ScoreRule.h"

#include <algorithm>

#include "core/forms/AnswerRules.h"

namespace avocet::core::forms {

namespace {

using nlohmann::json;

std::string text(const json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "item 9" for an item with the prefix "9.", else "item <linkId>".
std::string itemName(const Questionnaire& questionnaire, const std::string& linkId)
{
    std::string prefix;
    if (const QuestionnaireItem* item = questionnaire.findItem(linkId))
        prefix = item->prefix;
    while (!prefix.empty() && (prefix.back() == '.' || prefix.back() == ')' || prefix.back() == ' '))
        prefix.pop_back();
    return "item " + (prefix.empty() ? linkId : prefix);
}

std::string names(const Questionnaire& questionnaire, const std::vector<std::string>& linkIds)
{
    std::string all;
    for (std::size_t i = 0; i < linkIds.size(); ++i) {
        if (i > 0)
            all += i + 1 == linkIds.size() ? " and " : ", ";
        all += itemName(questionnaire, linkIds[i]);
    }
    return all;
}

} // namespace

bool hasScoreRule(const QuestionnaireItem& item)
{
    if (item.source == nullptr || !item.source->is_object())
        return false;
    const auto extensions = item.source->find("extension");
    if (extensions == item.source->end() || !extensions->is_array())
        return false;
    for (const auto& extension : *extensions)
        if (text(extension, "url") == kScoreRuleExtension)
            return true;
    return false;
}

Result<std::optional<ScoreRule>> scoreRuleOf(const QuestionnaireItem& item, const Questionnaire& questionnaire)
{
    if (item.source == nullptr || !item.source->is_object())
        return std::optional<ScoreRule>();
    const auto extensions = item.source->find("extension");
    if (extensions == item.source->end() || !extensions->is_array())
        return std::optional<ScoreRule>();
    const json* found = nullptr;
    for (const auto& extension : *extensions)
        if (text(extension, "url") == kScoreRuleExtension)
            found = &extension;
    if (found == nullptr)
        return std::optional<ScoreRule>();
    const std::string where = "item " + item.linkId + ", score rule: ";
    if (!item.isCalculated())
        return makeError(ErrorCode::InvalidArgument, where + "the total has no calculatedExpression");
    ScoreRule rule;
    const auto parts = found->find("extension");
    if (parts == found->end() || !parts->is_array())
        return makeError(ErrorCode::InvalidArgument, where + "names no items (give `group` or `item`)");
    const auto scored = [&](const std::string& linkId) -> Status {
        const QuestionnaireItem* target = questionnaire.findItem(linkId);
        if (target == nullptr)
            return makeError(ErrorCode::InvalidArgument, where + "'" + linkId + "' is not an item of this form");
        if (!target->isQuestion())
            return makeError(ErrorCode::InvalidArgument, where + "'" + linkId + "' is not a question");
        if (std::find(rule.items.begin(), rule.items.end(), linkId) == rule.items.end())
            rule.items.push_back(linkId);
        return {};
    };
    std::vector<std::string> neverEstimate;
    bool maxMissingGiven = false;
    for (const auto& part : *parts) {
        const std::string url = text(part, "url");
        if (url == "group") {
            const std::string linkId = text(part, "valueString");
            const QuestionnaireItem* group = questionnaire.findItem(linkId);
            if (group == nullptr || !group->isGroup())
                return makeError(ErrorCode::InvalidArgument, where + "group '" + linkId + "' is not a group of this form");
            for (const auto& child : group->items)
                if (child.isQuestion() && !child.isCalculated())
                    if (Status st = scored(child.linkId); !st)
                        return st.error();
        } else if (url == "item") {
            if (Status st = scored(text(part, "valueString")); !st)
                return st.error();
        } else if (url == "maxMissing") {
            const auto value = part.find("valueInteger");
            if (value == part.end() || !value->is_number_integer() || value->get<std::int64_t>() < 0)
                return makeError(ErrorCode::InvalidArgument, where + "maxMissing must be a whole number, 0 or more");
            rule.maxMissing = static_cast<int>(std::min<std::int64_t>(value->get<std::int64_t>(), 1000));
            maxMissingGiven = true;
        } else if (url == "neverEstimate") {
            neverEstimate.push_back(text(part, "valueString"));
        } else if (url == "reference") {
            rule.reference = text(part, "valueString");
        } else {
            return makeError(ErrorCode::InvalidArgument, where + "unknown part '" + url + "'");
        }
    }
    if (rule.items.empty())
        return makeError(ErrorCode::InvalidArgument, where + "names no items (give `group` or `item`)");
    if (maxMissingGiven && static_cast<std::size_t>(rule.maxMissing) >= rule.items.size())
        return makeError(ErrorCode::InvalidArgument,
                         where + "maxMissing must be fewer than the " + std::to_string(rule.items.size()) +
                             " scored items");
    for (const std::string& linkId : neverEstimate) {
        if (std::find(rule.items.begin(), rule.items.end(), linkId) == rule.items.end())
            return makeError(ErrorCode::InvalidArgument,
                             where + "neverEstimate '" + linkId + "' is not one of the scored items");
        rule.neverEstimate.insert(linkId);
    }
    return std::optional<ScoreRule>(std::move(rule));
}

ItemScore itemScoreOf(const QuestionnaireItem& item, const std::vector<json>& answers)
{
    ItemScore score;
    if (answers.empty())
        return score;
    const json& answer = answers.front();
    if (const auto coding = answer.find("valueCoding"); coding != answer.end()) {
        if (text(*coding, "system") == kDataAbsentReasonSystem) {
            score.state = ItemScore::State::Declined;
            return score;
        }
        for (const AnswerOption& option : item.answerOptions)
            if (option.valueKey == "valueCoding" && codingsMatch(option.value, *coding) && option.ordinalValue) {
                score.state = ItemScore::State::Scored;
                score.value = *option.ordinalValue;
                return score;
            }
        score.state = ItemScore::State::NotScorable;
        return score;
    }
    for (const char* key : {"valueInteger", "valueDecimal"})
        if (const auto number = answer.find(key); number != answer.end() && number->is_number()) {
            auto value = number->is_number_integer() ? std::optional<Decimal>(Decimal::fromInteger(number->get<std::int64_t>()))
                                                     : Decimal::fromDouble(number->get<double>());
            if (value) {
                score.state = ItemScore::State::Scored;
                score.value = *value;
                return score;
            }
        }
    score.state = ItemScore::State::NotScorable;
    return score;
}

ScoreStatus scoreStatus(const ScoreRule& rule, const Questionnaire& questionnaire,
                        const std::function<ItemScore(const std::string& linkId)>& itemScore)
{
    ScoreStatus status;
    status.of = rule.items.size();
    status.maxMissing = rule.maxMissing;
    Decimal sum;
    std::vector<std::string> unestimable; // never-estimate items without a score
    for (const std::string& linkId : rule.items) {
        const ItemScore score = itemScore(linkId);
        switch (score.state) {
        case ItemScore::State::Scored:
            if (auto added = sum.plus(score.value)) {
                sum = *added;
                ++status.answered;
                continue;
            }
            status.missing.push_back(linkId);
            break;
        case ItemScore::State::Declined: status.declined.push_back(linkId); break;
        case ItemScore::State::Unanswered:
        case ItemScore::State::NotScorable: status.missing.push_back(linkId); break;
        }
        if (rule.neverEstimate.count(linkId))
            unestimable.push_back(linkId);
    }
    const std::string count = std::to_string(status.answered) + " of " + std::to_string(status.of) + " answered";
    std::string declined;
    if (!status.declined.empty())
        declined = "; " + names(questionnaire, status.declined) + " declined";
    status.unestimable = unestimable;
    if (status.answered == status.of) {
        status.outcome = ScoreStatus::Outcome::Complete;
        status.total = sum;
        return status;
    }
    if (status.answered == 0) {
        status.summary = count + declined + ": no total";
        return status;
    }
    if (!unestimable.empty()) {
        status.outcome = ScoreStatus::Outcome::NeverEstimated;
        status.summary = count + declined + ": no total, because " + names(questionnaire, unestimable) +
                         (unestimable.size() == 1 ? " is" : " are") + " never estimated";
        return status;
    }
    const std::size_t absent = status.of - status.answered;
    if (absent > static_cast<std::size_t>(rule.maxMissing)) {
        status.outcome = ScoreStatus::Outcome::TooManyMissing;
        status.summary = count + declined + ": no total, because " +
                         (rule.maxMissing == 0 ? std::string("every item must be answered")
                                               : "at most " + std::to_string(rule.maxMissing) +
                                                     (rule.maxMissing == 1 ? " item may" : " items may") +
                                                     " be missing");
        return status;
    }
    // Prorated: the mean of the answered items for each missing one, rounded half away from zero.
    const auto scaled = sum.times(Decimal::fromInteger(static_cast<std::int64_t>(status.of)));
    const auto mean = scaled ? scaled->dividedBy(Decimal::fromInteger(static_cast<std::int64_t>(status.answered)))
                             : std::nullopt;
    if (!mean) {
        status.outcome = ScoreStatus::Outcome::TooManyMissing;
        status.summary = count + declined + ": no total";
        return status;
    }
    status.total = mean->rounded(0);
    status.prorated = true;
    status.outcome = ScoreStatus::Outcome::Prorated;
    status.summary = count + declined + ": total estimated from the answered items, as the published rule allows";
    return status;
}

} // namespace avocet::core::forms
