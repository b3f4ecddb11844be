#include "tests/support/CompletedForm.h"

#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace avocet::test {

namespace forms = core::forms;

namespace {

// An answer an item of this type accepts, or null when the type has none to offer.
nlohmann::json plausibleAnswer(const forms::QuestionnaireItem& item, const std::string& authored)
{
    if (!item.answerOptions.empty())
        return {{item.answerOptions.front().valueKey, item.answerOptions.front().value}};
    switch (item.type) {
    case forms::ItemType::Boolean:
        return {{"valueBoolean", false}};
    case forms::ItemType::Integer:
        return item.minValue && item.minValue->contains("valueInteger")
                   ? nlohmann::json{{"valueInteger", item.minValue->at("valueInteger")}}
                   : nlohmann::json{{"valueInteger", 0}};
    case forms::ItemType::Decimal:
        return {{"valueDecimal", 0}};
    case forms::ItemType::Date:
        return {{"valueDate", authored.substr(0, 10)}};
    case forms::ItemType::DateTime:
        return {{"valueDateTime", authored}};
    case forms::ItemType::Time:
        return {{"valueTime", "09:00:00"}};
    case forms::ItemType::String:
    case forms::ItemType::Text:
    case forms::ItemType::OpenChoice:
        return {{"valueString", "Synthetic test answer"}};
    default:
        return nullptr;
    }
}

} // namespace

nlohmann::json completedResponse(const std::string& templatePath, const std::map<std::string, nlohmann::json>& answers,
                                 const std::string& authored)
{
    std::ifstream in(templatePath);
    if (!in)
        throw std::runtime_error("cannot read the template " + templatePath);
    std::stringstream text;
    text << in.rdbuf();
    auto questionnaire = forms::Questionnaire::fromText(text.str());
    if (!questionnaire)
        throw std::runtime_error(templatePath + ": " + questionnaire.message());
    auto session = forms::FormSession::open(*questionnaire);
    if (!session)
        throw std::runtime_error(templatePath + ": " + session.message());
    for (const auto& [linkId, answer] : answers)
        if (auto set = session->setAnswer(linkId, answer); !set.ok())
            throw std::runtime_error(templatePath + ", item " + linkId + ": " + set.message());
    // Answering one item can enable others, so go round until nothing more is asked.
    std::set<std::string> tried;
    for (auto issues = session->validate(); !issues.empty(); issues = session->validate()) {
        bool progressed = false;
        for (const auto& issue : issues) {
            if (tried.count(issue.linkId + "#" + std::to_string(issue.instance)))
                continue;
            tried.insert(issue.linkId + "#" + std::to_string(issue.instance));
            const forms::QuestionnaireItem* item = questionnaire->findItem(issue.linkId);
            const nlohmann::json answer = item ? plausibleAnswer(*item, authored) : nlohmann::json();
            if (answer.is_null() || !session->setAnswer(issue.linkId, answer, issue.instance).ok())
                throw std::runtime_error(templatePath + ", item " + issue.linkId + ": " + issue.message);
            progressed = true;
        }
        if (!progressed)
            throw std::runtime_error(templatePath + ": still not complete, first at item " + issues.front().linkId +
                                     ": " + issues.front().message);
    }
    forms::ResponseHeader header;
    header.status = forms::ResponseStatus::Completed;
    header.authored = authored;
    auto written = forms::QuestionnaireResponseCodec::write(*session, header);
    if (!written)
        throw std::runtime_error(templatePath + ": " + written.message());
    return *written;
}

} // namespace avocet::test
