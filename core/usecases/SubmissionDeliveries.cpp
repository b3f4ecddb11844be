#include "core/usecases/SubmissionDeliveries.h"

#include "core/store/Cache.h"
#include "core/store/Database.h"
#include "core/sync/SyncStore.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace avocet::core::usecases {

using nlohmann::json;

namespace {

constexpr const char* kTaskTypeSystem = "https://fhir.avocet.example/CodeSystem/task-type";
constexpr const char* kDeliveryStateSystem = "https://fhir.avocet.example/CodeSystem/epr-delivery-state";
constexpr const char* kNextAttemptExtension =
    "https://fhir.avocet.example/StructureDefinition/delivery-next-attempt";
constexpr const char* kAttemptsExtension =
    "https://fhir.avocet.example/StructureDefinition/delivery-attempts";

std::string text(const json& object, const char* key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return object[key].get<std::string>();
}

const json& member(const json& object, const char* key)
{
    static const json none = json::object();
    return object.is_object() && object.contains(key) ? object[key] : none;
}

bool hasCoding(const json& codeable, const char* system, const char* code)
{
    for (const auto& coding : member(codeable, "coding"))
        if (text(coding, "system") == system && text(coding, "code") == code)
            return true;
    return false;
}

std::string codeFrom(const json& codeable, const char* system)
{
    for (const auto& coding : member(codeable, "coding"))
        if (text(coding, "system") == system)
            return text(coding, "code");
    return {};
}

// "Patient/<id>" references that mean this patient in the sync tables: the local id, and every
// synced Patient carrying the same NHS number.
Result<std::set<std::string>> patientRefs(store::Database& db, const std::string& patientId,
                                          const std::string& nhs)
{
    std::set<std::string> refs{"Patient/" + patientId};
    if (nhs.size() != 10)
        return refs;
    auto st = db.prepare("SELECT local_id, server_id, content FROM sync_resources WHERE type = 'Patient' AND "
                         "instr(content, ?) > 0");
    if (!st)
        return st.error();
    st->bindAll(nhs);
    while (true) {
        auto more = st->step();
        if (!more)
            return more.error();
        if (!*more)
            break;
        const json content = json::parse(st->text(2), nullptr, false);
        bool matches = false;
        for (const auto& identifier : member(content, "identifier"))
            matches = matches || text(identifier, "value") == nhs;
        if (!matches)
            continue;
        refs.insert("Patient/" + st->text(0));
        if (auto server = st->optionalText(1))
            refs.insert("Patient/" + *server);
    }
    return refs;
}

} // namespace

DeliveryReceipt deliveryReceiptOf(const json& task)
{
    DeliveryReceipt receipt;
    receipt.epr = text(member(task, "owner"), "display");
    receipt.state = codeFrom(member(task, "businessStatus"), kDeliveryStateSystem);
    if (receipt.state.empty())
        receipt.state = text(task, "status");
    receipt.reason = text(member(task, "statusReason"), "text");
    for (const auto& extension : member(task, "extension")) {
        if (text(extension, "url") == kNextAttemptExtension)
            receipt.nextAttempt = text(extension, "valueDateTime");
        if (text(extension, "url") == kAttemptsExtension && extension.contains("valueInteger") &&
            extension["valueInteger"].is_number_integer())
            receipt.attempts = extension["valueInteger"].get<int>();
    }
    for (const auto& output : member(task, "output"))
        if (output.is_object() && output.contains("valueDateTime"))
            receipt.deliveredAt = text(output, "valueDateTime");
    if (receipt.deliveredAt.empty())
        receipt.deliveredAt = text(member(task, "executionPeriod"), "end");
    for (const auto& note : member(task, "note"))
        if (std::string warning = text(note, "text"); !warning.empty())
            receipt.warnings.push_back(std::move(warning));
    return receipt;
}

namespace {

std::string formTitle(const std::string& canonical, const std::vector<sync::LocalResource>& questionnaires,
                      const TemplateTitles& builtInTitles)
{
    if (builtInTitles)
        if (std::string title = builtInTitles(canonical); !title.empty())
            return title;
    const std::string url = canonical.substr(0, canonical.find('|'));
    for (const auto& form : questionnaires)
        if (text(form.content, "url") == url && !text(form.content, "title").empty())
            return text(form.content, "title");
    const std::string last =
        url.substr(url.find_last_of('/') == std::string::npos ? 0 : url.find_last_of('/') + 1);
    return last;
}

} // namespace

Result<std::vector<SubmissionDelivery>> submissionDeliveries(store::Cache& cache,
                                                             const std::string& patientId,
                                                             const std::string& nhsNumber,
                                                             const TemplateTitles& builtInTitles)
{
    auto& db = cache.database();
    auto refs = patientRefs(db, patientId, nhsNumber);
    if (!refs)
        return refs.error();
    sync::SyncStore store(db);
    auto responses = store.list("QuestionnaireResponse");
    if (!responses)
        return responses.error();
    auto questionnaires = store.list("Questionnaire");
    if (!questionnaires)
        return questionnaires.error();
    auto tasks = store.list("Task");
    if (!tasks)
        return tasks.error();

    // Receipts by the submission's server id; per EPR the receipt for the newest version wins.
    std::map<std::string, std::map<std::string, std::pair<int, DeliveryReceipt>>> receipts;
    for (const auto& task : *tasks) {
        if (!hasCoding(member(task.content, "code"), kTaskTypeSystem, "epr-delivery"))
            continue;
        const std::string focus = text(member(task.content, "focus"), "reference");
        const std::string prefix = "QuestionnaireResponse/";
        if (focus.rfind(prefix, 0) != 0)
            continue;
        const std::string rest = focus.substr(prefix.size());
        const auto history = rest.find("/_history/");
        const std::string id = rest.substr(0, history);
        const int version = history == std::string::npos ? 0 : std::atoi(rest.substr(history + 10).c_str());
        DeliveryReceipt receipt = deliveryReceiptOf(task.content);
        auto& slot = receipts[id][receipt.epr];
        if (version >= slot.first)
            slot = {version, std::move(receipt)};
    }

    std::vector<SubmissionDelivery> out;
    for (const auto& response : *responses) {
        // Linked to the patient here, or naming them by NHS number (a form submitted before the
        // patient was held on this computer, as the hub files it).
        const bool linked = response.patientRef && refs->count(*response.patientRef) > 0;
        const bool named =
            nhsNumber.size() == 10 &&
            text(member(member(response.content, "subject"), "identifier"), "value") == nhsNumber;
        if (!linked && !named)
            continue;
        SubmissionDelivery item;
        item.localId = response.localId;
        item.questionnaire = text(response.content, "questionnaire");
        item.title = formTitle(item.questionnaire, *questionnaires, builtInTitles);
        item.authored = text(response.content, "authored");
        if (item.authored.empty())
            item.authored = response.lastUpdated.value_or("");
        item.sent = response.serverId.has_value();
        auto outbox = store.outboxFor(response.type, response.localId);
        if (!outbox)
            return outbox.error();
        if (*outbox)
            item.sent = false;
        if (response.serverId)
            if (const auto found = receipts.find(*response.serverId); found != receipts.end())
                for (const auto& [epr, slot] : found->second) {
                    item.version = std::max(item.version, slot.first);
                    item.receipts.push_back(slot.second);
                }
        out.push_back(std::move(item));
    }
    std::stable_sort(out.begin(), out.end(), [](const SubmissionDelivery& a, const SubmissionDelivery& b) {
        return a.authored > b.authored;
    });
    return out;
}

} // namespace avocet::core::usecases
