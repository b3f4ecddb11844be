#include "ui/sync/DeliveryStatus.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/store/Cache.h"
#include "core/sync/SyncStore.h"
#include "ui/forms/FormRecords.h"

namespace avocet::ui::sync {

using nlohmann::json;

namespace {

constexpr const char* kTaskTypeSystem = "https://fhir.avocet.example/CodeSystem/task-type";
constexpr const char* kDeliveryStateSystem = "https://fhir.avocet.example/CodeSystem/epr-delivery-state";
constexpr const char* kNextAttemptExtension =
    "https://fhir.avocet.example/StructureDefinition/delivery-next-attempt";
constexpr const char* kAttemptsExtension = "https://fhir.avocet.example/StructureDefinition/delivery-attempts";

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

QDateTime instant(const std::string& text)
{
    QDateTime when = QDateTime::fromString(q(text), Qt::ISODateWithMs);
    return when.isValid() ? when.toUTC() : QDateTime();
}

// lupdate files a namespace-level tr() under the namespace's context, so the catalogue matches only that.
QString tr(const char* text)
{
    return QCoreApplication::translate("avocet::ui::sync", text);
}

bool hasCoding(const json& codeable, const char* system, const char* code)
{
    for (const auto& coding : codeable.value("coding", json::array()))
        if (coding.value("system", "") == system && coding.value("code", "") == code)
            return true;
    return false;
}

std::string codeFrom(const json& codeable, const char* system)
{
    for (const auto& coding : codeable.value("coding", json::array()))
        if (coding.value("system", "") == system)
            return coding.value("code", "");
    return {};
}

std::string digitsOf(const QString& text)
{
    std::string digits;
    for (const QChar c : text)
        if (c.isDigit())
            digits.push_back(static_cast<char>(c.toLatin1()));
    return digits;
}

// "Patient/<id>" references that mean this patient in the sync tables: the local id, and every
// synced Patient carrying the same NHS number.
QSet<std::string> patientRefs(core::store::Database& db, const PatientRow& patient)
{
    QSet<std::string> refs{"Patient/" + patient.id.toStdString()};
    const std::string nhs = digitsOf(patient.nhsNumber);
    if (nhs.size() != 10)
        return refs;
    auto st = db.prepare("SELECT local_id, server_id, content FROM sync_resources WHERE type = 'Patient' AND "
                         "instr(content, ?) > 0");
    if (!st)
        return refs;
    st->bindAll(nhs);
    while (auto more = st->step()) {
        if (!*more)
            break;
        const json content = json::parse(st->text(2), nullptr, false);
        bool matches = false;
        for (const auto& identifier : content.value("identifier", json::array()))
            matches = matches || identifier.value("value", "") == nhs;
        if (!matches)
            continue;
        refs.insert("Patient/" + st->text(0));
        if (auto server = st->optionalText(1))
            refs.insert("Patient/" + *server);
    }
    return refs;
}

DeliveryReceipt receiptFrom(const json& task)
{
    DeliveryReceipt receipt;
    receipt.epr = q(task.value("owner", json::object()).value("display", ""));
    receipt.state = q(codeFrom(task.value("businessStatus", json::object()), kDeliveryStateSystem));
    if (receipt.state.isEmpty())
        receipt.state = q(task.value("status", ""));
    receipt.reason = q(task.value("statusReason", json::object()).value("text", ""));
    for (const auto& extension : task.value("extension", json::array())) {
        if (extension.value("url", "") == kNextAttemptExtension)
            receipt.nextAttempt = instant(extension.value("valueDateTime", ""));
        if (extension.value("url", "") == kAttemptsExtension)
            receipt.attempts = extension.value("valueInteger", 0);
    }
    for (const auto& output : task.value("output", json::array()))
        if (output.contains("valueDateTime"))
            receipt.deliveredAt = instant(output.value("valueDateTime", ""));
    if (!receipt.deliveredAt.isValid() && task.contains("executionPeriod"))
        receipt.deliveredAt = instant(task["executionPeriod"].value("end", ""));
    return receipt;
}

// The form's title for the canonical "…/Questionnaire/phq-9|2.1": from the templates built into
// Avocet, else from a template the hub published (synced), else the canonical's last segment.
QString formTitle(const std::string& canonical, const std::vector<core::sync::LocalResource>& questionnaires)
{
    const json builtIn = forms::builtInTemplate(canonical);
    if (builtIn.is_object() && builtIn.contains("title") && builtIn["title"].is_string())
        return q(builtIn["title"].get<std::string>());
    const std::string url = canonical.substr(0, canonical.find('|'));
    for (const auto& form : questionnaires)
        if (form.content.is_object() && form.content.value("url", std::string()) == url &&
            form.content.contains("title") && form.content["title"].is_string())
            return q(form.content["title"].get<std::string>());
    return q(canonical).section(QLatin1Char('/'), -1).section(QLatin1Char('|'), 0, 0);
}

} // namespace

QVector<SubmissionDelivery> loadDeliveries(core::store::Cache& cache, const PatientRow& patient)
{
    QVector<SubmissionDelivery> out;
    auto& db = cache.database();
    const auto refs = patientRefs(db, patient);
    core::sync::SyncStore store(db);
    auto responses = store.list("QuestionnaireResponse");
    auto synced = store.list("Questionnaire");
    const std::vector<core::sync::LocalResource> noForms;
    const auto& questionnaires = synced ? *synced : noForms;
    auto tasks = store.list("Task");
    if (!responses || !tasks)
        return out;
    // Receipts by the submission's server id; per EPR the receipt for the newest version wins.
    std::map<std::string, std::map<QString, std::pair<int, DeliveryReceipt>>> receipts;
    for (const auto& task : *tasks) {
        if (!hasCoding(task.content.value("code", json::object()), kTaskTypeSystem, "epr-delivery"))
            continue;
        const std::string focus = task.content.value("focus", json::object()).value("reference", "");
        const std::string prefix = "QuestionnaireResponse/";
        if (focus.rfind(prefix, 0) != 0)
            continue;
        const std::string rest = focus.substr(prefix.size());
        const auto history = rest.find("/_history/");
        const std::string id = rest.substr(0, history);
        const int version = history == std::string::npos ? 0 : std::atoi(rest.substr(history + 10).c_str());
        const DeliveryReceipt receipt = receiptFrom(task.content);
        auto& slot = receipts[id][receipt.epr];
        if (version >= slot.first)
            slot = {version, receipt};
    }
    for (const auto& response : *responses) {
        if (!response.patientRef || !refs.contains(*response.patientRef))
            continue;
        SubmissionDelivery item;
        const auto& content = response.content;
        item.title = formTitle(content.value("questionnaire", ""), questionnaires);
        item.epr = patient.epr;
        item.authored = instant(content.value("authored", response.lastUpdated.value_or("")));
        item.sent = response.serverId.has_value();
        auto outbox = store.outboxFor(response.type, response.localId);
        if (outbox && *outbox)
            item.sent = false;
        if (response.serverId) {
            const auto found = receipts.find(*response.serverId);
            if (found != receipts.end())
                for (const auto& [epr, slot] : found->second) {
                    item.version = std::max(item.version, slot.first);
                    item.receipts.push_back(slot.second);
                }
        }
        out.push_back(item);
    }
    std::sort(out.begin(), out.end(),
              [](const SubmissionDelivery& a, const SubmissionDelivery& b) { return a.authored > b.authored; });
    return out;
}

QString receiptText(const DeliveryReceipt& receipt)
{
    const auto hhmm = [](const QDateTime& when) { return when.toLocalTime().toString(QStringLiteral("HH:mm")); };
    const QString epr = receipt.epr.isEmpty() ? tr("EPR") : receipt.epr;
    if (receipt.state == QStringLiteral("delivered"))
        return receipt.deliveredAt.isValid() ? tr("%1: delivered %2").arg(epr, hhmm(receipt.deliveredAt))
                                             : tr("%1: delivered").arg(epr);
    if (receipt.state == QStringLiteral("pending"))
        return receipt.nextAttempt.isValid() ? tr("%1: pending — retry at %2").arg(epr, hhmm(receipt.nextAttempt))
                                             : tr("%1: pending").arg(epr);
    if (receipt.state == QStringLiteral("failing")) {
        QString text = tr("%1: failing — %2").arg(epr, receipt.reason.isEmpty() ? tr("no reason given") : receipt.reason);
        if (receipt.nextAttempt.isValid())
            text += tr("; retry at %1").arg(hhmm(receipt.nextAttempt));
        return text;
    }
    if (receipt.state == QStringLiteral("failed"))
        return tr("%1: failed — %2").arg(epr, receipt.reason.isEmpty() ? tr("no reason given") : receipt.reason);
    return tr("%1: %2").arg(epr, receipt.state);
}

} // namespace avocet::ui::sync
