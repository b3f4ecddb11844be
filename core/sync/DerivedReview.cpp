#include "core/sync/DerivedReview.h"

#include "core/forms/ResponseItems.h"

#include "core/alerts/LondonTime.h"
#include "core/forms/Questionnaire.h"
#include "core/store/Database.h"
#include "core/sync/DerivedObservations.h"
#include "core/sync/SyncStore.h"
#include "core/sync/SyncTypes.h"

#include <cctype>

namespace avocet::core::sync {

using nlohmann::json;

namespace {

// "2026-11-24T09:00:00.123Z" -> the London date; fractions of a second dropped first.
std::string londonDateOf(std::string instant)
{
    if (const auto dot = instant.find('.'); dot != std::string::npos && dot > 10) {
        auto end = dot + 1;
        while (end < instant.size() && std::isdigit(static_cast<unsigned char>(instant[end])))
            ++end;
        instant.erase(dot, end - dot);
    }
    if (instant.size() == 10)
        return alerts::parseIsoDate(instant) ? instant : std::string();
    auto parsed = alerts::parseIsoInstant(instant);
    if (!parsed)
        return {};
    return alerts::formatDate(alerts::london::localDate(*parsed));
}

// The content that says what was reviewed: without what sync and the hub manage.
json comparable(json resource)
{
    for (const char* key : {"id", "meta", "identifier"})
        resource.erase(key);
    return resource;
}

} // namespace

Result<std::optional<ReviewCompletion>> reviewCompletedBy(const forms::Questionnaire& questionnaire)
{
    const json& document = questionnaire.json();
    if (!document.contains("extension") || !document["extension"].is_array())
        return std::optional<ReviewCompletion>();
    for (std::size_t i = 0; i < document["extension"].size(); ++i) {
        const json& extension = document["extension"][i];
        if (!extension.is_object() || extension.value("url", "") != kCompletesReviewExtension)
            continue;
        const std::string where = "Questionnaire.extension[" + std::to_string(i) + "] (completes-review)";
        ReviewCompletion completion;
        if (extension.contains("extension") && extension["extension"].is_array())
            for (const auto& part : extension["extension"]) {
                if (!part.is_object())
                    continue;
                if (part.value("url", "") == "subject" && part.contains("valueCode") && part["valueCode"].is_string())
                    completion.subject = part["valueCode"].get<std::string>();
                if (part.value("url", "") == "dateItem" && part.contains("valueString") &&
                    part["valueString"].is_string())
                    completion.dateItem = part["valueString"].get<std::string>();
            }
        if (completion.subject != "care-plan" && completion.subject != "risk-assessment")
            return makeError(ErrorCode::InvalidArgument,
                             where + ": subject must be \"care-plan\" or \"risk-assessment\", not \"" +
                                 completion.subject + "\"");
        if (!completion.dateItem.empty()) {
            const auto* item = questionnaire.findItem(completion.dateItem);
            if (item == nullptr)
                return makeError(ErrorCode::InvalidArgument,
                                 where + ": dateItem \"" + completion.dateItem + "\" is not an item of the form");
            if (item->type != forms::ItemType::Date && item->type != forms::ItemType::DateTime)
                return makeError(ErrorCode::InvalidArgument,
                                 where + ": dateItem \"" + completion.dateItem + "\" is not a date item");
        }
        return std::optional<ReviewCompletion>(std::move(completion));
    }
    return std::optional<ReviewCompletion>();
}

std::string reviewDay(const json& response, const ReviewCompletion& completion)
{
    if (!completion.dateItem.empty() && response.is_object() && response.contains("item"))
        if (const json* item = forms::findResponseItem(response["item"], completion.dateItem))
            if (item->contains("answer") && (*item)["answer"].is_array())
                for (const auto& answer : (*item)["answer"]) {
                    if (!answer.is_object())
                        continue;
                    if (answer.contains("valueDate") && answer["valueDate"].is_string()) {
                        const std::string day = answer["valueDate"].get<std::string>();
                        if (day.size() == 10 && alerts::parseIsoDate(day))
                            return day;
                    }
                    if (answer.contains("valueDateTime") && answer["valueDateTime"].is_string())
                        if (auto day = londonDateOf(answer["valueDateTime"].get<std::string>()); !day.empty())
                            return day;
                }
    if (response.is_object() && response.contains("authored") && response["authored"].is_string())
        return londonDateOf(response["authored"].get<std::string>());
    return {};
}

Result<ReviewChange> storeDerivedReview(SyncStore& store, const ReviewCompletion& completion,
                                        const LocalResource& response, const std::string& setting)
{
    if (!response.clientId || response.clientId->empty())
        return ReviewChange::None;
    if (setting != "community" && setting != "inpatient")
        return makeError(ErrorCode::InvalidArgument, "care setting must be community or inpatient, not '" + setting + "'");
    const std::string day = reviewDay(response.content, completion);
    if (day.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "the review's day cannot be read: the form has no answer to '" + completion.dateItem +
                             "' and no authored time");
    const std::string key = *response.clientId + "#review";
    const std::string clientId = derivedClientId(key);

    json plan = {
        {"resourceType", "CarePlan"},
        {"status", "active"},
        {"intent", "plan"},
        {"extension", json::array({{{"url", kCareSettingExtension}, {"valueCode", setting}}})},
        {"category", json::array({{{"coding", json::array({{{"system", kReviewSubjectSystem},
                                                              {"code", completion.subject}}})}}})},
        {"period", {{"start", day}}},
        {"supportingInfo",
         json::array({{{"type", "QuestionnaireResponse"},
                       {"identifier", {{"system", kClientIdSystem}, {"value", *response.clientId}}}}})},
        {"identifier", json::array({{{"system", kDerivedReviewSystem}, {"value", key}},
                                    {{"system", kClientIdSystem}, {"value", clientId}}})},
    };
    if (response.content.contains("subject"))
        plan["subject"] = response.content["subject"];
    if (response.content.contains("authored"))
        plan["created"] = response.content["authored"];

    auto tx = store::ScopedWrite::begin(store.database());
    if (!tx)
        return tx.error();
    auto existing = store.get("CarePlan", clientId);
    if (!existing)
        return existing.error();
    ReviewChange change = ReviewChange::None;
    if (!*existing) {
        auto created = store.createLocal(std::move(plan));
        if (!created)
            return created.error();
        if (response.patientRef) {
            LocalResource linked = *created;
            linked.patientRef = response.patientRef;
            if (Status st = store.writeResource(linked); !st)
                return st.error();
        }
        change = ReviewChange::Created;
    } else if (comparable((*existing)->content) != comparable(plan)) {
        if (Status st = store.updateLocal("CarePlan", clientId, std::move(plan)); !st)
            return st.error();
        change = ReviewChange::Updated;
    }
    if (change != ReviewChange::None && response.patientRef) {
        auto held = store.get("CarePlan", clientId);
        if (!held)
            return held.error();
        if (*held && (*held)->patientRef != response.patientRef) {
            LocalResource linked = **held;
            linked.patientRef = response.patientRef;
            if (Status st = store.writeResource(linked); !st)
                return st.error();
        }
    }
    if (Status st = tx->commit(); !st)
        return st.error();
    return change;
}

} // namespace avocet::core::sync
