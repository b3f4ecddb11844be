#include "ui/history/FormHistory.h"

#include <QCoreApplication>
#include <QTimeZone>

#include <algorithm>
#include <map>

#include "core/forms/DraftStore.h"
#include "core/mapping/InboundMapper.h"
#include "core/mapping/NativePayload.h"
#include "core/mapping/OutboundMapper.h"
#include "core/mapping/TemplateOutline.h"
#include "core/store/Cache.h"
#include "core/identity/NhsNumber.h"
#include "core/store/Database.h"
#include "core/store/PatientStore.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/HeldRecords.h"
#include "ui/forms/FormRecords.h"
#include "ui/sync/DeliveryStatus.h"

namespace avocet::ui::history {

namespace {

using nlohmann::json;

QString q(const std::string& text) { return QString::fromStdString(text); }
// lupdate files a namespace-level tr() under the namespace's context, so the catalogue matches only that.
QString tr(const char* text) { return QCoreApplication::translate("avocet::ui::history", text); }

QDateTime instant(const std::string& text)
{
    QDateTime when = QDateTime::fromString(q(text), Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(q(text), Qt::ISODate);
    if (!when.isValid()) // a date only
        when = QDateTime(QDate::fromString(q(text).left(10), Qt::ISODate), QTime(0, 0), QTimeZone::utc());
    return when;
}

// "Total 14" from the first answered item whose linkId names a total (PHQ-9, GAD-7 ...).
QString scoreOf(const json& response)
{
    auto items = core::mapping::readResponseItems(response, "response");
    if (!items)
        return {};
    for (const auto& item : *items) {
        if (item.linkId.find("total") == std::string::npos && item.linkId.find("score") == std::string::npos)
            continue;
        for (const auto& answer : item.answers) {
            if (answer.contains("valueInteger"))
                return tr("Total %1").arg(answer["valueInteger"].get<long long>());
            if (answer.contains("valueDecimal"))
                return tr("Total %1").arg(q(answer["valueDecimal"].dump()));
        }
    }
    return {};
}

QString templateTitle(const json& questionnaire, const std::string& canonical)
{
    if (questionnaire.is_object() && questionnaire.contains("title"))
        return q(questionnaire.value("title", ""));
    return q(canonical).section(QLatin1Char('/'), -1).section(QLatin1Char('|'), 0, 0);
}

HistoryEntry nativeEntry(const json& response, const std::string& epr, const std::string& recordId)
{
    HistoryEntry entry;
    entry.kind = HistoryEntry::Kind::Native;
    entry.id = q(recordId);
    entry.response = response;
    entry.questionnaire = forms::builtInTemplate(response.value("questionnaire", ""));
    entry.title = templateTitle(entry.questionnaire, response.value("questionnaire", ""));
    entry.status = q(response.value("status", "completed"));
    entry.when = instant(response.value("authored", ""));
    entry.source = q(epr);
    entry.score = scoreOf(response);
    return entry;
}

} // namespace

QVector<HistoryEntry> loadHistory(core::store::Cache& cache, const PatientRow& patient)
{
    QVector<HistoryEntry> out;
    auto& db = cache.database();
    const std::string patientId = patient.id.toStdString();

    // Drafts on this computer.
    core::forms::DraftStore drafts(db);
    if (auto list = drafts.listForPatient(patientId)) {
        for (const auto& summary : *list) {
            HistoryEntry entry;
            entry.kind = HistoryEntry::Kind::Draft;
            entry.id = q(summary.id);
            entry.title = q(summary.title.empty() ? summary.questionnaire : summary.title);
            entry.status = QStringLiteral("in-progress");
            entry.when = instant(summary.updatedAt);
            entry.source = tr("This computer");
            entry.delivery << tr("Draft: not sent");
            if (auto draft = drafts.load(summary.id); draft && *draft) {
                entry.response = (*draft)->response;
                entry.questionnaire = (*draft)->questionnaireJson;
                entry.score = scoreOf(entry.response);
            }
            out.push_back(std::move(entry));
        }
    }

    // Submissions made here, with where they were delivered (ui/sync receipts).
    const auto deliveries = sync::loadDeliveries(cache, patient);
    for (const auto& local : forms::localResponses(cache, patient.id)) {
        HistoryEntry entry;
        entry.kind = HistoryEntry::Kind::Submitted;
        entry.id = local.localId;
        entry.title = local.title;
        entry.status = local.status;
        entry.when = instant(local.authored.toStdString());
        entry.source = tr("This computer");
        entry.response = local.content;
        entry.questionnaire = forms::builtInTemplate(local.questionnaire.toStdString());
        entry.score = scoreOf(local.content);
        const QString shortName = local.questionnaire.section(QLatin1Char('/'), -1).section(QLatin1Char('|'), 0, 0);
        for (const auto& delivery : deliveries) {
            if (delivery.title != shortName || delivery.authored.toSecsSinceEpoch() != entry.when.toSecsSinceEpoch())
                continue;
            if (!delivery.sent)
                entry.delivery << tr("Waiting to send from this computer");
            for (const auto& receipt : delivery.receipts) {
                entry.delivery << sync::receiptText(receipt);
                for (const QString& warning : receipt.warnings)
                    entry.delivery << tr("Not held as sent — %1").arg(warning);
            }
            if (delivery.sent && delivery.receipts.isEmpty())
                entry.delivery << tr("Sent; no EPR receipt yet");
        }
        if (entry.delivery.isEmpty())
            entry.delivery << (local.waiting ? tr("Waiting to send from this computer") : tr("Sent; no EPR receipt yet"));
        out.push_back(std::move(entry));
    }

    // The forms the EPRs hold: their historic records in harmonised form, fed to the hub by each
    // EPR and pulled by sync (meta.tag source-epr), found by reference, NHS number or EPR record id.
    const std::string today = QDate::currentDate().toString(Qt::ISODate).toStdString();
    auto held = core::usecases::heldRecords(cache, patientId, today);
    if (held)
        for (const auto& form : held->forms)
            out.push_back(nativeEntry(form.response, form.source, form.recordId));
    std::sort(out.begin(), out.end(), [](const HistoryEntry& a, const HistoryEntry& b) { return a.when > b.when; });
    return out;
}

QString renderResponse(const json& questionnaire, const json& response)
{
    QStringList lines;
    auto answered = core::mapping::readResponseItems(response, "response");
    if (!answered)
        return tr("This response cannot be read.");
    std::multimap<std::string, const core::mapping::ResponseItem*> byLinkId;
    for (const auto& item : *answered)
        byLinkId.emplace(item.linkId, &item);
    auto answerText = [](const core::mapping::ResponseItem& item) {
        QStringList values;
        for (const auto& answer : item.answers) {
            if (answer.contains("valueDate")) { // NHS style, as the form shows it
                const QDate day = QDate::fromString(q(answer.value("valueDate", "")), Qt::ISODate);
                if (day.isValid()) {
                    values << day.toString(QStringLiteral("dd/MM/yyyy"));
                    continue;
                }
            }
            values << q(core::mapping::renderAnswer(answer));
        }
        return values.join(QStringLiteral(", "));
    };
    auto outline = core::mapping::readTemplate(questionnaire, "template");
    if (outline) {
        for (const auto& def : outline->items) {
            const QString indent(int(def.groupPath.size()) * 2, QLatin1Char(' '));
            if (def.type == "group") {
                if (!def.text.empty())
                    lines << indent + q(def.text);
                continue;
            }
            const auto [first, last] = byLinkId.equal_range(def.linkId);
            for (auto it = first; it != last; ++it)
                lines << indent + q(def.text.empty() ? def.linkId : def.text) + QStringLiteral(": ") + answerText(*it->second);
            if (first == last && def.isAnswerable())
                lines << indent + q(def.text.empty() ? def.linkId : def.text) + QStringLiteral(": —");
        }
    } else {
        for (const auto& item : *answered)
            lines << q(item.text.empty() ? item.linkId : item.text) + QStringLiteral(": ") + answerText(item);
    }
    for (const auto& extension : response.value("extension", json::array())) {
        if (extension.value("url", "") != core::mapping::kSourceRecordExtension)
            continue;
        for (const auto& sub : extension.value("extension", json::array())) {
            if (sub.value("url", "") != "unmappedFields")
                continue;
            json fields = json::parse(sub.value("valueString", "{}"), nullptr, false);
            if (!fields.is_object())
                fields = json::object();
            QStringList held;
            for (const auto& [field, value] : fields.items())
                held << q(field) + QStringLiteral(" = ") + q(value.is_string() ? value.get<std::string>() : value.dump());
            if (!held.isEmpty())
                lines << QString() << tr("Also in the EPR record, with no place in this form: %1").arg(held.join(QStringLiteral("; ")));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

core::Status addNativeRecords(core::store::Cache& cache, const json& records)
{
    // What an EPR's feed does with its historic forms (docs/clinical-record.md): each native record
    // converted by the EPR's inbound mapping into the harmonised template, naming the patient by NHS
    // number (else the EPR record id), then held as a pull from the hub leaves it.
    auto tx = core::store::Transaction::begin(cache.database());
    if (!tx)
        return tx.error();
    core::sync::SyncStore store(cache.database());
    for (const auto& item : records.is_array() ? records : json::array()) {
        const std::string recordId = item.value("record", json::object()).value("recordId", "");
        const QString key = q(item.value("mapping", ""));
        const auto epr = core::identity::eprFromName(item.value("record", json::object()).value("epr", ""));
        if (!epr)
            return core::makeError(core::ErrorCode::InvalidArgument, "native record " + recordId + ": no known EPR");
        auto mapping = forms::shippedMapping(key.section(QLatin1Char('/'), 0, 0).toStdString(),
                                             key.section(QLatin1Char('/'), 1, 1).toStdString(), *epr);
        if (!mapping)
            return mapping.error();
        auto converted = core::mapping::applyInbound(*mapping, item["record"], "native record " + recordId);
        if (!converted)
            return converted.error();
        const std::string patientId = item.value("patientId", "");
        auto patient = cache.patients().get(patientId);
        if (!patient)
            return patient.error();
        json response = std::move(converted->response);
        response["subject"] = patient->nhsNumber
                                  ? json{{"identifier", {{"system", std::string(core::identity::kNhsNumberSystem)},
                                                         {"value", *patient->nhsNumber}}}}
                                  : json{{"identifier", {{"system", core::mapping::eprRecordSystem(patient->epr)},
                                                         {"value", patient->eprId}}}};
        core::sync::LocalResource local;
        local.type = "QuestionnaireResponse";
        local.localId = "epr-form-" + core::identity::eprName(*epr) + "-" + recordId;
        local.serverId = local.localId;
        local.versionId = "1";
        local.patientRef = "Patient/" + patientId;
        response["id"] = local.localId;
        local.content = std::move(response);
        local.origin = "server";
        if (core::Status st = store.writeResource(local); !st)
            return st;
    }
    return tx->commit();
}

} // namespace avocet::ui::history
