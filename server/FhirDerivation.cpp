// Observations derived on the hub from a completed form another FHIR client sent (docs/clinical-
// record.md, "The same scores on the hub, from any client"). Avocet clients send the Observations
// they extracted with the response (which carries their client identifier); another client sends
// only the response, and the hub derives them with the same function (core/forms
// extractObservations) after recomputing the calculated items, keyed "QuestionnaireResponse/<id>#<linkId>".
// Part of FhirInteractions, in its transaction.
#include "core/forms/ObservationExtract.h"
#include "core/common/JsonFields.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/sync/DerivedObservations.h"
#include "core/sync/SyncTypes.h"
#include "server/FhirInteractions.h"
#include "server/HubSql.h"
#include "server/Log.h"
#include "server/PgConnection.h"
#include "server/OperationOutcome.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace avocet::hub {

namespace {

using core::jsonfields::text;

// The response's client identifier (urn:avocet:client-id), the key its Observations are derived by.
std::string clientIdOf(const nlohmann::json& response)
{
    const auto take = [](const nlohmann::json& identifier) {
        return text(identifier, "system") == core::sync::kClientIdSystem ? text(identifier, "value") : std::string();
    };
    const nlohmann::json identifier = response.is_object() ? response.value("identifier", nlohmann::json()) : nlohmann::json();
    if (identifier.is_array()) {
        for (const auto& one : identifier)
            if (auto value = take(one); !value.empty())
                return value;
        return {};
    }
    return take(identifier);
}

// The template a response names ("url|version") as this hub holds it. Empty when no version is
// named (which items are extracted cannot be known), when the hub does not hold it, or when it was
// stored before templates were checked and cannot be read.
core::Result<std::optional<core::forms::Questionnaire>> heldTemplate(PgConnection& connection, const std::string& canonical)
{
    const auto bar = canonical.find('|');
    if (bar == std::string::npos)
        return std::optional<core::forms::Questionnaire>();
    auto found = connection.query("SELECT content::text FROM resources WHERE resource_type = 'Questionnaire'"
                                  " AND NOT is_deleted AND content->>'url' = $1 AND content->>'version' = $2"
                                  " ORDER BY seq LIMIT 1",
                                  {canonical.substr(0, bar), canonical.substr(bar + 1)});
    if (!found)
        return found.error();
    if (found->rows() == 0)
        return std::optional<core::forms::Questionnaire>();
    auto questionnaire = core::forms::Questionnaire::fromText(found->text(0, 0));
    if (!questionnaire)
        return std::optional<core::forms::Questionnaire>();
    return std::optional<core::forms::Questionnaire>(std::move(questionnaire).value());
}

// Every answer list of `items` by linkId, in document order (a repeated item or group: each copy).
void answersByLinkId(const nlohmann::json& items, std::map<std::string, std::vector<nlohmann::json>>& out)
{
    if (!items.is_array())
        return;
    for (const auto& item : items) {
        if (!item.is_object())
            continue;
        const auto answers = item.find("answer");
        out[text(item, "linkId")].push_back(answers != item.end() && answers->is_array() ? *answers
                                                                                          : nlohmann::json::array());
        if (answers != item.end() && answers->is_array())
            for (const auto& answer : *answers)
                if (answer.is_object())
                    answersByLinkId(answer.value("item", nlohmann::json()), out);
        answersByLinkId(item.value("item", nlohmann::json()), out);
    }
}

// An answer as people read it in a refusal: "14", "none".
std::string shown(const nlohmann::json& answers)
{
    if (!answers.is_array() || answers.empty())
        return "no value";
    std::string all;
    for (const auto& answer : answers) {
        if (!all.empty())
            all += ", ";
        for (const auto& [key, value] : answer.items())
            if (key.rfind("value", 0) == 0)
                all += value.is_string() ? value.get<std::string>() : value.dump();
    }
    return all;
}

// Equal answers, with 14, 14.0 and {"valueInteger": 14} / {"valueDecimal": 14} the same number.
bool sameAnswers(const nlohmann::json& a, const nlohmann::json& b)
{
    if (!a.is_array() || !b.is_array() || a.size() != b.size())
        return (!a.is_array() || a.empty()) && (!b.is_array() || b.empty());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto number = [](const nlohmann::json& answer) -> std::optional<double> {
            for (const char* key : {"valueInteger", "valueDecimal"})
                if (answer.is_object() && answer.contains(key) && answer[key].is_number())
                    return answer[key].get<double>();
            return std::nullopt;
        };
        const auto x = number(a[i]), y = number(b[i]);
        if (x && y ? *x != *y : a[i] != b[i])
            return false;
    }
    return true;
}

} // namespace

std::optional<InteractionResult> FhirInteractions::recheckResponse(const std::string& type, const nlohmann::json& resource)
{
    if (type != "QuestionnaireResponse" || isFeed() || !resource.is_object())
        return std::nullopt;
    const std::string status = text(resource, "status");
    if (status != "completed" && status != "amended")
        return std::nullopt; // a draft is checked when it is completed
    const std::string canonical = text(resource, "questionnaire");
    auto form = heldTemplate(m_connection, canonical);
    if (!form)
        return storeFailure(form.error());
    if (!*form)
        return std::nullopt; // no version named, or a template this hub does not hold: nothing to check by
    const core::forms::Questionnaire* questionnaire = &**form;
    const std::string refused = "QuestionnaireResponse refused (" + canonical + "): ";
    auto session = core::forms::FormSession::open(*questionnaire);
    if (!session)
        return failure(422, "business-rule", refused + session.message());
    auto loaded = core::forms::QuestionnaireResponseCodec::read(*session, resource);
    if (!loaded)
        return failure(422, "business-rule", refused + loaded.message());
    // A completed response must be one its form accepts as complete: every answer fits its item (a
    // code among the options, a value of the item's type and length), and every required item that
    // is enabled is answered. Only item names and the form's own messages are quoted back, never
    // answers; the log names the items only.
    if (!loaded->issues.empty()) {
        std::string items;
        std::string why;
        for (std::size_t i = 0; i < loaded->issues.size(); ++i) {
            const auto& issue = loaded->issues[i];
            items += (i > 0 ? "," : "") + issue.linkId;
            if (i < 3)
                why += (i > 0 ? "; " : " ") + (issue.linkId.empty() ? std::string("the response") : "item " + issue.linkId) +
                       ": " + issue.message;
        }
        if (loaded->issues.size() > 3)
            why += " (and " + std::to_string(loaded->issues.size() - 3) + " more)";
        logEvent("warn", "response_answers_do_not_fit", {{"items", items}, {"questionnaire", canonical}});
        return failure(422, "business-rule",
                       refused + "answers that do not fit the form:" + why + "; nothing was stored");
    }
    if (auto complete = core::forms::QuestionnaireResponseCodec::write(*session, loaded->header); !complete) {
        std::string items;
        for (const auto& issue : session->validate())
            items += (items.empty() ? "" : ",") + issue.linkId;
        logEvent("warn", "response_not_complete", {{"items", items}, {"questionnaire", canonical}});
        return failure(422, "business-rule", refused + complete.message() + "; nothing was stored");
    }
    // Calculated items (totals) are recomputed from the answers, by the template's scoring rule:
    // what the sender gives must be what its answers give, or an EPR would file a wrong score.
    std::map<std::string, std::vector<nlohmann::json>> sent;
    answersByLinkId(resource.value("item", nlohmann::json()), sent);
    for (const core::forms::QuestionnaireItem* item : questionnaire->allItems()) {
        if (!item->isCalculated())
            continue;
        const auto copies = sent.find(item->linkId);
        const std::size_t count = std::max<std::size_t>(session->instanceCount(item->linkId), 1);
        for (std::size_t n = 0; n < count; ++n) {
            const nlohmann::json given = copies != sent.end() && n < copies->second.size() ? copies->second[n]
                                                                                           : nlohmann::json::array();
            const nlohmann::json computed = session->isEnabled(item->linkId, n)
                                                ? nlohmann::json(session->answers(item->linkId, n))
                                                : nlohmann::json::array();
            if (sameAnswers(given, computed))
                continue;
            std::string why;
            if (const auto score = session->scoreStatus(item->linkId); score && !score->summary.empty())
                why = " (" + score->summary + ")";
            logEvent("warn", "response_total_mismatch", {{"linkId", item->linkId}, {"questionnaire", canonical}});
            return failure(422, "business-rule",
                           refused + "item " + item->linkId + " gives " + shown(given) + " but its answers give " +
                               shown(computed) + why + "; the hub recomputes every calculated item, so nothing was stored");
        }
    }
    return std::nullopt;
}

std::optional<InteractionResult> FhirInteractions::deriveObservations(const StoredResource& stored)
{
    if (stored.type != "QuestionnaireResponse" || isFeed() || !stored.content.is_object())
        return std::nullopt;
    const std::string status = text(stored.content, "status");
    if (status != "completed" && status != "amended")
        return std::nullopt;
    auto form = heldTemplate(m_connection, text(stored.content, "questionnaire"));
    if (!form)
        return storeFailure(form.error());
    if (!*form)
        return std::nullopt; // no version named, or a template this hub does not hold: nothing to extract by
    const core::forms::Questionnaire* questionnaire = &**form;
    // An Avocet client derives its own Observations and sends them with the response (a response
    // with its client identifier): the hub leaves those to it, so each travels once and is never a
    // second version of a copy the hub made first.
    if (!clientIdOf(stored.content).empty())
        return std::nullopt;
    const std::string key = "QuestionnaireResponse/" + stored.id;
    // Scores are recomputed from the answers, as the clients do: a total the sender stored is never
    // trusted. A response that does not load into its form derives nothing.
    auto session = core::forms::FormSession::open(*questionnaire);
    if (!session)
        return std::nullopt;
    auto loaded = core::forms::QuestionnaireResponseCodec::read(*session, stored.content);
    if (!loaded)
        return std::nullopt;
    auto recomputed = core::forms::QuestionnaireResponseCodec::write(*session, loaded->header);
    if (!recomputed)
        return std::nullopt;
    auto extracted = core::forms::extractObservations(*questionnaire, *recomputed, key);
    // Every Observation this response could have (each extracted item, repeats included, up to what
    // is held), so an amendment that no longer answers an item withdraws its Observation.
    std::vector<ResourceRepository::IdentifierKey> keys;
    std::set<std::string> current;
    for (const auto& observation : extracted) {
        keys.emplace_back(core::forms::kDerivedObservationSystem, observation.key);
        current.insert(observation.key);
    }
    for (const core::forms::QuestionnaireItem* item : questionnaire->allItems())
        if (core::forms::isExtracted(*item, *questionnaire))
            for (int n = 0; n < 10; ++n) {
                const std::string itemKey = key + "#" + item->linkId + (n > 0 ? "#" + std::to_string(n) : std::string());
                if (!current.count(itemKey))
                    keys.emplace_back(core::forms::kDerivedObservationSystem, itemKey);
            }
    if (keys.empty())
        return std::nullopt;
    auto held = m_repository.findByIdentifiers("Observation", keys);
    if (!held)
        return storeFailure(held.error());
    // What was observed, without what the hub manages: equal means the held version stands.
    const auto comparable = [](nlohmann::json resource) {
        for (const char* field : {"id", "meta", "status"})
            resource.erase(field);
        return resource;
    };
    for (auto& observation : extracted) {
        nlohmann::json resource = std::move(observation.resource);
        nlohmann::json identifiers = resource.value("identifier", nlohmann::json::array());
        if (!identifiers.is_array())
            identifiers = nlohmann::json::array({identifiers});
        identifiers.push_back({{"system", core::sync::kClientIdSystem},
                               {"value", core::sync::derivedClientId(observation.key)}});
        resource["identifier"] = std::move(identifiers);
        if (!stored.compartment.empty())
            resource["subject"] = {{"reference", stored.compartment}};
        const auto match = held->find({core::forms::kDerivedObservationSystem, observation.key});
        if (match != held->end() && match->second.count > 0) {
            // Derived before (by an earlier version of this response): an amended answer makes an
            // amended Observation; the same answer leaves it as it is.
            auto before = m_repository.current("Observation", match->second.id);
            if (!before)
                return storeFailure(before.error());
            if (!*before || !(*before)->content.is_object())
                continue;
            const std::string was = text((*before)->content, "status");
            if (was != "entered-in-error" && comparable((*before)->content) == comparable(resource))
                continue;
            resource["status"] = "amended";
            auto written = m_repository.write("Observation", match->second.id, (*before)->versionId + 1, "PUT",
                                              std::move(resource), stored.compartment);
            if (!written)
                return storeFailure(written.error());
            forgetAbsent(written.value());
            continue;
        }
        auto written = m_repository.write("Observation", newResourceId(), 1, "POST", std::move(resource),
                                          stored.compartment);
        if (!written)
            return storeFailure(written.error());
        forgetAbsent(written.value());
    }
    // Answers the amendment no longer gives: their Observations are entered in error.
    for (const auto& [identifier, matches] : *held) {
        if (matches.count == 0 || current.count(identifier.second))
            continue;
        auto before = m_repository.current("Observation", matches.id);
        if (!before)
            return storeFailure(before.error());
        if (!*before || !(*before)->content.is_object() || text((*before)->content, "status") == "entered-in-error")
            continue;
        nlohmann::json withdrawn = (*before)->content;
        withdrawn.erase("meta");
        withdrawn["status"] = "entered-in-error";
        auto written = m_repository.write("Observation", matches.id, (*before)->versionId + 1, "PUT",
                                          std::move(withdrawn), stored.compartment);
        if (!written)
            return storeFailure(written.error());
        forgetAbsent(written.value());
    }
    return std::nullopt;
}

} // namespace avocet::hub
