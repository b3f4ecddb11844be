#include "core/documents/DocumentView.h"

#include "core/alerts/LondonTime.h"
#include "core/forms/Questionnaire.h"
#include "core/identity/NhsNumber.h"
#include "core/mapping/OutboundMapper.h"

#include <array>

namespace avocet::core::documents {

using nlohmann::json;

namespace {

std::string dayInWords(const std::string& isoDate)
{
    static const std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto parsed = alerts::parseIsoDate(isoDate.substr(0, 10));
    if (!parsed)
        return isoDate;
    const auto& day = *parsed;
    return std::to_string(static_cast<unsigned>(day.day())) + " " + kMonths[static_cast<unsigned>(day.month()) - 1] +
           " " + std::to_string(static_cast<int>(day.year()));
}

std::string momentInWords(const std::string& isoDateTime)
{
    auto instant = alerts::parseIsoInstant(isoDateTime);
    if (!instant || isoDateTime.size() <= 10)
        return dayInWords(isoDateTime);
    const std::string wall = alerts::london::formatWallClock(*instant); // "2024-03-31 02:00 BST"
    return dayInWords(wall.substr(0, 10)) + " " + wall.substr(11);
}

void collectRows(const json& items, const std::map<std::string, const forms::QuestionnaireItem*>& byLinkId,
                 std::vector<DocumentRow>& rows)
{
    if (!items.is_array())
        return;
    for (const auto& item : items) {
        if (!item.is_object())
            continue;
        const std::string linkId = item.value("linkId", "");
        const auto known = byLinkId.find(linkId);
        std::string label = known != byLinkId.end() ? known->second->text : item.value("text", linkId);
        if (label.empty())
            label = linkId;
        if (item.contains("answer") && item["answer"].is_array() && !item["answer"].empty()) {
            std::string value;
            for (const auto& answer : item["answer"]) {
                const std::string text = answerInWords(answer);
                if (text.empty())
                    continue;
                value += (value.empty() ? "" : "\n") + text;
            }
            if (!value.empty())
                rows.push_back({label, value});
            for (const auto& answer : item["answer"])
                if (answer.is_object() && answer.contains("item"))
                    collectRows(answer["item"], byLinkId, rows);
        }
        if (item.contains("item"))
            collectRows(item["item"], byLinkId, rows);
    }
}

} // namespace

std::string answerInWords(const json& answer)
{
    if (!answer.is_object())
        return {};
    if (answer.contains("valueDate") && answer["valueDate"].is_string())
        return dayInWords(answer["valueDate"].get<std::string>());
    if (answer.contains("valueDateTime") && answer["valueDateTime"].is_string())
        return momentInWords(answer["valueDateTime"].get<std::string>());
    return mapping::renderAnswer(answer);
}

std::string itemWithDefinition(const forms::Questionnaire& questionnaire, const std::string& suffix)
{
    std::vector<const json*> pending;
    pending.push_back(&questionnaire.json());
    while (!pending.empty()) {
        const json* node = pending.back();
        pending.pop_back();
        if (!node->is_object() || !node->contains("item") || !(*node)["item"].is_array())
            continue;
        const json& items = (*node)["item"];
        for (auto it = items.rbegin(); it != items.rend(); ++it)
            pending.push_back(&*it);
        for (const auto& item : items) {
            const std::string definition = item.is_object() ? item.value("definition", "") : "";
            if (definition.size() >= suffix.size() &&
                definition.compare(definition.size() - suffix.size(), suffix.size(), suffix) == 0)
                return item.value("linkId", "");
        }
    }
    return {};
}

Result<DocumentView> documentView(const forms::Questionnaire& questionnaire, const TransferTemplate& transfer,
                                  const json& response, const Sender& sender)
{
    if (!response.is_object() || response.value("resourceType", "") != "QuestionnaireResponse")
        return makeError(ErrorCode::InvalidArgument, "the response is not a QuestionnaireResponse");
    const std::string answered = response.value("questionnaire", "");
    if (answered != questionnaire.canonical() && answered != questionnaire.url())
        return makeError(ErrorCode::InvalidArgument,
                         "the response answers '" + answered + "', not " + questionnaire.canonical());
    const std::string status = response.value("status", "");
    if (status != "completed" && status != "amended")
        return makeError(ErrorCode::FormNotValid,
                         "only a completed document can be rendered; this response is '" + status + "'");

    DocumentView view;
    view.sender = sender;
    view.title = transfer.title;
    view.documentType = transfer.documentType.display;
    view.patientName = firstAnswerText(response, itemWithDefinition(questionnaire, "Patient#Patient.name"));
    std::string nhs = firstAnswerText(response, itemWithDefinition(questionnaire, "Patient#Patient.identifier"));
    if (nhs.empty() && response.contains("subject") && response["subject"].is_object() &&
        response["subject"].contains("identifier") && response["subject"]["identifier"].is_object())
        nhs = response["subject"]["identifier"].value("value", "");
    std::string digits;
    for (char c : nhs)
        if (c >= '0' && c <= '9')
            digits += c;
    view.nhsNumber = digits.size() == 10 ? identity::formatNhsNumber(digits) : nhs;
    const std::string birth = firstAnswerText(response, itemWithDefinition(questionnaire, "Patient#Patient.birthDate"));
    view.birthDate = birth.empty() ? std::string() : dayInWords(birth);
    view.recipientCode = firstAnswerText(response, transfer.recipientItem, true);
    view.recipientName = firstAnswerText(response, transfer.recipientNameItem);

    std::map<std::string, const forms::QuestionnaireItem*> byLinkId;
    for (const auto* item : questionnaire.allItems())
        byLinkId[item->linkId] = item;
    const json& items = response.value("item", json::array());
    for (const auto& heading : transfer.headings) {
        DocumentSection section{heading, {}};
        for (const auto& item : items)
            if (item.is_object() && item.value("linkId", "") == heading.linkId && item.contains("item"))
                collectRows(item["item"], byLinkId, section.rows);
        view.sections.push_back(std::move(section));
    }

    view.signOff = signOffOf(response);
    if (auto version = documentVersionOf(response))
        view.version = *version;
    if (view.signOff) {
        view.statusLine = "Signed off by " + view.signOff->by +
                          (view.signOff->role.empty() ? std::string() : " (" + view.signOff->role + ")") + " on " +
                          momentInWords(view.signOff->at);
        if (view.version.number > 1)
            view.statusLine += ". Version " + std::to_string(view.version.number) + ": it replaces version " +
                               std::to_string(view.version.number - 1) + ".";
    } else {
        view.statusLine = "Not signed off";
    }
    return view;
}

} // namespace avocet::core::documents
