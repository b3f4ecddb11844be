#pragma once
// The parts of a Questionnaire item the engine models. Everything else stays in the JSON the
// item was read from (source()), so unknown elements and extensions round-trip untouched.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/forms/Decimal.h"

namespace avocet::core::forms {

enum class ItemType {
    Group, Display, Boolean, Decimal, Integer, Date, DateTime, Time, String, Text, Url,
    Choice, OpenChoice, Attachment, Reference, Quantity, Unknown
};

ItemType itemTypeFromCode(const std::string& code);
const char* itemTypeCode(ItemType type);
// The value[x] suffix answers of this type use ("Coding", "Integer", ...); empty for groups.
std::string answerValueSuffix(ItemType type);

struct AnswerOption
{
    std::string valueKey;  // "valueCoding", "valueString", "valueInteger", ...
    nlohmann::json value;  // the value[x] content
    std::optional<Decimal> ordinalValue;
    std::optional<Decimal> itemWeight;
    bool initialSelected = false;
    bool fromValueSet = false;
};

struct EnableWhen
{
    std::string question;
    std::string op;        // exists = != > < >= <=
    std::string answerKey; // "answerBoolean", "answerCoding", ...
    nlohmann::json answer;
};

// A FHIR Expression (variable, calculatedExpression, enableWhenExpression, ...).
struct NamedExpression
{
    std::string name; // empty when unnamed
    std::string language;
    std::string expression;
    std::string extensionUrl;
};

struct QuestionnaireItem
{
    std::string linkId;
    std::string text;
    std::string prefix;
    std::string typeCode; // as written, for messages about unknown types
    ItemType type = ItemType::Unknown;
    bool required = false;
    bool repeats = false;
    bool readOnly = false;
    bool hidden = false;
    std::optional<std::int64_t> maxLength;
    std::vector<nlohmann::json> initial; // each {"valueX": ...}
    std::vector<EnableWhen> enableWhen;
    std::string enableBehavior; // "all", "any" or empty (not stated)
    std::vector<AnswerOption> answerOptions;
    std::string answerValueSet;          // as written
    bool answerValueSetResolved = false; // options came from a contained ValueSet
    std::string itemControl;             // drop-down, radio-button, check-box, ...
    std::optional<nlohmann::json> minValue; // {"valueX": ...}
    std::optional<nlohmann::json> maxValue;
    std::string regex;
    std::string entryFormat;
    std::optional<nlohmann::json> unit; // Coding
    std::vector<NamedExpression> variables;
    std::optional<NamedExpression> calculatedExpression;
    std::optional<NamedExpression> enableWhenExpression;
    std::optional<NamedExpression> initialExpression; // run once when a copy of the item is created
    std::optional<NamedExpression> answerExpression;  // the allowed answers, re-run as its inputs change
    std::vector<QuestionnaireItem> items;

    const nlohmann::json* source = nullptr; // the item's JSON inside the Questionnaire
    const QuestionnaireItem* parent = nullptr;

    bool isGroup() const { return type == ItemType::Group; }
    bool isQuestion() const { return type != ItemType::Group && type != ItemType::Display; }
    bool isCalculated() const { return calculatedExpression.has_value(); }
};

} // namespace avocet::core::forms
