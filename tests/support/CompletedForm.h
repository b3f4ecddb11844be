// A completed QuestionnaireResponse to a shipped template, for tests that need one the forms
// engine (and so the hub) accepts as complete: the answers a test cares about, and a plausible
// answer to every other required item the form asks for, chosen by the item's type.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace avocet::test {

// `templatePath`: a Questionnaire JSON file. `answers`: linkId -> answer ({"valueDate": ...}).
// `authored`: the response's FHIR dateTime. Throws std::runtime_error naming the item when the
// form cannot be completed (an answer that does not fit, an item no plausible answer satisfies).
nlohmann::json completedResponse(const std::string& templatePath, const std::map<std::string, nlohmann::json>& answers,
                                 const std::string& authored);

} // namespace avocet::test
