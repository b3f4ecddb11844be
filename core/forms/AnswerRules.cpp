#include "core/forms/AnswerRules.h"

#include <algorithm>
#include <regex>

#include "core/forms/FhirPathEvaluator.h"

namespace avocet::core::forms {

namespace {

using nlohmann::json;

std::optional<Value> valueFrom(const json& raw, const std::string& suffix)
{
    Collection c;
    try {
        detail::appendJson(c, raw, suffix, nullptr);
    } catch (const detail::EvaluationFailure&) {
        return std::nullopt;
    }
    if (c.size() != 1) {
        return std::nullopt;
    }
    if (c.front().isNode() && suffix == "Quantity" && raw.contains("value") && raw["value"].is_number()) {
        Collection number;
        detail::appendJson(number, raw["value"], "Decimal", nullptr);
        return Value(Quantity{number.front().asDecimal(), raw.value("code", raw.value("unit", std::string()))});
    }
    return c.front();
}

std::optional<int> compareSafely(const Value& a, const Value& b)
{
    try {
        return detail::compareValues(a, b);
    } catch (const detail::EvaluationFailure&) {
        return std::nullopt;
    }
}

bool conditionMatches(const EnableWhen& condition, const json& answer)
{
    std::string key = answerValueKey(answer);
    if (key.empty() || condition.answerKey.size() <= 6) {
        return false;
    }
    std::string suffix = condition.answerKey.substr(6); // after "answer"
    if (suffix == "Coding") {
        return answer[key].is_object() && codingsMatch(answer[key], condition.answer);
    }
    auto actual = answerValue(answer);
    auto expected = valueFrom(condition.answer, suffix);
    if (!actual || !expected) {
        return false;
    }
    const std::string& op = condition.op;
    if (op == "=" || op == "!=") {
        return detail::valuesEqual(*actual, *expected) == true;
    }
    auto c = compareSafely(*actual, *expected);
    if (!c) {
        return false;
    }
    if (op == ">") {
        return *c > 0;
    }
    if (op == "<") {
        return *c < 0;
    }
    if (op == ">=") {
        return *c >= 0;
    }
    if (op == "<=") {
        return *c <= 0;
    }
    return false;
}

std::size_t utf8Length(const std::string& s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

json quantityAnswer(const QuestionnaireItem& item, const Value& v)
{
    json quantity = json::object();
    if (v.isQuantity()) {
        quantity["value"] = Value(v.asQuantity().value).toJson();
        quantity["unit"] = v.asQuantity().unit;
    } else {
        quantity["value"] = v.toJson();
    }
    if (item.unit && !v.isQuantity()) {
        const json& unit = *item.unit;
        if (unit.contains("display")) {
            quantity["unit"] = unit["display"];
        } else if (unit.contains("code")) {
            quantity["unit"] = unit["code"];
        }
        if (unit.contains("system")) {
            quantity["system"] = unit["system"];
        }
        if (unit.contains("code")) {
            quantity["code"] = unit["code"];
        }
    }
    return json{{"valueQuantity", quantity}};
}

std::optional<json> answerFor(const QuestionnaireItem& item, const Value& v)
{
    switch (item.type) {
    case ItemType::Decimal:
        if (v.isNumber()) {
            return json{{"valueDecimal", Value(v.asDecimal()).toJson()}};
        }
        if (v.isQuantity()) {
            return json{{"valueDecimal", Value(v.asQuantity().value).toJson()}};
        }
        break;
    case ItemType::Integer:
        if (v.isNumber()) {
            return json{{"valueInteger", *v.asDecimal().rounded(0).toInteger()}};
        }
        break;
    case ItemType::Quantity:
        if (v.isNumber() || v.isQuantity()) {
            return quantityAnswer(item, v);
        }
        break;
    case ItemType::Boolean:
        if (v.isBoolean()) {
            return json{{"valueBoolean", v.asBoolean()}};
        }
        break;
    case ItemType::Date:
    case ItemType::DateTime:
    case ItemType::Time:
        if (v.isTemporal() || v.isString()) {
            return json{{"value" + answerValueSuffix(item.type), v.toDisplayString()}};
        }
        break;
    case ItemType::Choice:
    case ItemType::OpenChoice:
        if (v.isNode()) {
            return json{{"valueCoding", *v.asNode().json}};
        }
        for (const AnswerOption& option : item.answerOptions) {
            if (option.valueKey == "valueCoding" && option.value.value("code", std::string()) == v.toDisplayString()) {
                return json{{"valueCoding", option.value}};
            }
        }
        if (item.type == ItemType::OpenChoice) {
            return json{{"valueString", v.toDisplayString()}};
        }
        break;
    case ItemType::String:
    case ItemType::Text:
    case ItemType::Url:
        if (!v.isNode()) {
            return json{{item.type == ItemType::Url ? "valueUri" : "valueString", v.toDisplayString()}};
        }
        break;
    default: break;
    }
    return std::nullopt;
}

bool keyFits(const QuestionnaireItem& item, const std::string& key)
{
    std::string expected = "value" + answerValueSuffix(item.type);
    if (key == expected) {
        return true;
    }
    switch (item.type) {
    case ItemType::Decimal: return key == "valueInteger";
    case ItemType::Url: return key == "valueString";
    case ItemType::Choice:
    case ItemType::OpenChoice:
        return std::any_of(item.answerOptions.begin(), item.answerOptions.end(),
                           [&](const AnswerOption& o) { return o.valueKey == key; }) ||
               (item.type == ItemType::OpenChoice && key == "valueString");
    default: return false;
    }
}

} // namespace

std::string answerValueKey(const json& answer)
{
    if (!answer.is_object()) {
        return {};
    }
    for (auto it = answer.begin(); it != answer.end(); ++it) {
        if (it.key().size() > 5 && it.key().compare(0, 5, "value") == 0) {
            return it.key();
        }
    }
    return {};
}

std::optional<Value> answerValue(const json& answer)
{
    std::string key = answerValueKey(answer);
    if (key.empty()) {
        return std::nullopt;
    }
    return valueFrom(answer[key], key.substr(5));
}

bool codingsMatch(const json& a, const json& b)
{
    if (!a.is_object() || !b.is_object()) {
        return false;
    }
    auto code = [](const json& c) { return c.value("code", std::string()); };
    auto system = [](const json& c) { return c.value("system", std::string()); };
    if (code(a).empty() || code(a) != code(b)) {
        return false;
    }
    return system(a).empty() || system(b).empty() || system(a) == system(b);
}

bool enableWhenHolds(const EnableWhen& condition, const std::vector<json>& answers)
{
    if (condition.op == "exists") {
        bool wanted = condition.answer.is_boolean() && condition.answer.get<bool>();
        return !answers.empty() == wanted;
    }
    bool any = std::any_of(answers.begin(), answers.end(), [&](const json& a) { return conditionMatches(condition, a); });
    return condition.op == "!=" ? !any : any;
}

bool operatorFits(const std::string& op, const std::string& answerKey)
{
    if (op == "exists") {
        return answerKey == "answerBoolean";
    }
    if (op == "=" || op == "!=") {
        return !answerKey.empty();
    }
    if (op == "<" || op == ">" || op == "<=" || op == ">=") {
        return answerKey == "answerDecimal" || answerKey == "answerInteger" || answerKey == "answerDate" ||
               answerKey == "answerDateTime" || answerKey == "answerTime" || answerKey == "answerString" ||
               answerKey == "answerQuantity";
    }
    return false;
}

std::vector<std::string> conditionSuffixesFor(ItemType type)
{
    switch (type) {
    case ItemType::Boolean: return {"Boolean"};
    case ItemType::Decimal:
    case ItemType::Integer: return {"Decimal", "Integer"};
    case ItemType::Date: return {"Date", "DateTime"};
    case ItemType::DateTime: return {"DateTime", "Date"};
    case ItemType::Time: return {"Time"};
    case ItemType::String:
    case ItemType::Text: return {"String"};
    case ItemType::Url: return {"Uri", "String"};
    case ItemType::Choice: return {"Coding", "String", "Integer", "Date", "Time"};
    case ItemType::OpenChoice: return {"Coding", "String"};
    case ItemType::Quantity: return {"Quantity"};
    case ItemType::Reference: return {"Reference"};
    default: return {};
    }
}

Result<std::vector<json>> answersFromResult(const QuestionnaireItem& item, const Collection& result)
{
    std::vector<json> out;
    for (const Value& v : result) {
        auto answer = answerFor(item, v);
        if (!answer) {
            return makeError(ErrorCode::ExpressionError, "The calculation gave a " + v.typeName() +
                                                             ", which cannot be the answer to a " + item.typeCode +
                                                             " question.");
        }
        out.push_back(std::move(*answer));
        if (!item.repeats) {
            break;
        }
    }
    return out;
}

const AnswerOption* matchingOption(const QuestionnaireItem& item, const json& answer)
{
    std::string key = answerValueKey(answer);
    for (const AnswerOption& option : item.answerOptions) {
        if (option.valueKey != key) {
            continue;
        }
        if (key == "valueCoding" ? codingsMatch(answer[key], option.value) : answer[key] == option.value) {
            return &option;
        }
    }
    return nullptr;
}

std::vector<std::string> answerProblems(const QuestionnaireItem& item, const std::vector<json>& answers)
{
    std::vector<std::string> problems;
    if (!item.repeats && answers.size() > 1) {
        problems.push_back("Only one answer is allowed here.");
    }
    for (const json& answer : answers) {
        std::string key = answerValueKey(answer);
        if (key.empty() || !keyFits(item, key)) {
            problems.push_back("This answer is not the right kind of value for a " + item.typeCode + " question.");
            continue;
        }
        auto value = answerValue(answer);
        if (!value) {
            problems.push_back("This answer could not be read.");
            continue;
        }
        if ((key == "valueDate" || key == "valueDateTime" || key == "valueTime") && !value->isTemporal()) {
            problems.push_back("'" + value->toDisplayString() + "' is not a valid date or time.");
            continue;
        }
        if (value->isString()) {
            const std::string& text = value->asString();
            if (item.maxLength && utf8Length(text) > static_cast<std::size_t>(*item.maxLength)) {
                problems.push_back("This answer is longer than the " + std::to_string(*item.maxLength) +
                                   " characters allowed.");
            }
            if (!item.regex.empty() && text.size() <= 10'000) {
                try {
                    if (!std::regex_match(text, std::regex(item.regex, std::regex::ECMAScript))) {
                        problems.push_back("This answer is not in the expected format" +
                                           (item.entryFormat.empty() ? std::string(".") : " (" + item.entryFormat + ")."));
                    }
                } catch (const std::regex_error&) {
                    // A broken pattern is the template's fault; lint reports it.
                }
            }
        }
        auto bound = [&](const std::optional<json>& limit) -> std::optional<int> {
            if (!limit) {
                return std::nullopt;
            }
            auto limitValue = answerValue(*limit);
            if (!limitValue) {
                return std::nullopt;
            }
            const Value lhs = value->isQuantity() && limitValue->isNumber() ? Value(value->asQuantity().value) : *value;
            return compareSafely(lhs, *limitValue);
        };
        if (auto c = bound(item.minValue); c && *c < 0) {
            problems.push_back("This answer is below the smallest allowed value (" +
                               answerValue(*item.minValue)->toDisplayString() + ").");
        }
        if (auto c = bound(item.maxValue); c && *c > 0) {
            problems.push_back("This answer is above the largest allowed value (" +
                               answerValue(*item.maxValue)->toDisplayString() + ").");
        }
        if (item.type == ItemType::Choice && !item.answerOptions.empty() && matchingOption(item, answer) == nullptr) {
            problems.push_back("This answer is not one of the options offered.");
        }
    }
    return problems;
}

} // namespace avocet::core::forms
