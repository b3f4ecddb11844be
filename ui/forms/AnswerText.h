#pragma once
// Conversions between FHIR answer values and what a clinician types or reads: dates in the NHS
// format (31/12/2024), times as 14:30, numbers without trailing noise, codings by their display.
#include <QString>

#include <optional>

#include <nlohmann/json.hpp>

#include "core/forms/QuestionnaireItem.h"

namespace avocet::ui::forms {

struct Parsed
{
    std::optional<nlohmann::json> answer; // {"valueX": ...}; empty when the text is empty or not valid
    QString problem;                      // plain words when the text could not be understood
};

// What the item's answer looks like on screen ("" for no answer).
QString answerToText(const core::forms::QuestionnaireItem& item, const nlohmann::json& answer);
// Reads typed text as an answer of the item's type (string, text, url, integer, decimal, date,
// dateTime, time). Empty text gives no answer and no problem.
Parsed textToAnswer(core::forms::ItemType type, const QString& text);
// The label of an answer option (display, else code, else the value as text).
QString optionLabel(const core::forms::AnswerOption& option);
// True when the answer holds this option's value.
bool answerMatchesOption(const nlohmann::json& answer, const core::forms::AnswerOption& option);
// A min/max limit ({"valueInteger": 3}) as text.
QString limitText(const nlohmann::json& limit);
// A FHIR decimal/integer JSON number as text, without float noise (0.1 stays 0.1).
QString numberText(const nlohmann::json& number);
// The item's heading: prefix and text ("1. Little interest…"), or its linkId when it has no text.
QString itemTitle(const core::forms::QuestionnaireItem& item);

} // namespace avocet::ui::forms
