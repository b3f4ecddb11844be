#include "ui/forms/FormRecords.h"
#include "ui/EmbeddedResource.h"

#include <QDir>
#include <QFile>

#include <algorithm>

#include "core/audit/AuditLog.h"
#include "core/forms/DraftStore.h"
#include "core/mapping/NativeCatalogue.h"
#include "core/mapping/TemplateOutline.h"
#include "core/store/Cache.h"
#include "core/store/Database.h"
#include "core/sync/MappingPins.h"
#include "core/sync/SyncStore.h"

namespace avocet::ui::forms {

namespace {

using nlohmann::json;

template <typename T>
Reply<T> failed(core::ErrorCode code, const std::string& message)
{
    Reply<T> reply;
    reply.code = code;
    reply.message = QString::fromStdString(message);
    return reply;
}

json readResourceJson(const QString& path)
{
    const auto text = readEmbeddedResource(path);
    if (!text)
        return nullptr;
    return json::parse(text->constData(), text->constData() + text->size(), nullptr, false);
}

QString q(const std::string& text) { return QString::fromStdString(text); }

// Runs body inside one transaction; commits when it succeeds.
template <typename F>
core::Status inOneTransaction(core::store::Database& db, F&& body)
{
    auto tx = core::store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    if (core::Status st = body(); !st)
        return st; // the transaction rolls back
    return tx->commit();
}

} // namespace

Reply<QString> queueCompleted(core::store::Cache& cache, const QString& patientId, const QString& draftId,
                              const QString& title, json response)
{
    auto& db = cache.database();
    core::sync::SyncStore store(db);
    QString localId;
    core::Status st = inOneTransaction(db, [&]() -> core::Status {
        auto queued = store.createLocal(std::move(response));
        if (!queued)
            return queued.error();
        // The response names the patient by NHS number only (what the server and EPRs need); the
        // local link to the patient's record is kept beside it, for the patient's lists.
        core::sync::LocalResource linked = *queued;
        linked.patientRef = "Patient/" + patientId.toStdString();
        // Pins, per EPR, the mapping version in force on this computer now (docs/sync.md).
        if (auto pinned = core::sync::pinMappings(store, linked.content); !pinned)
            return pinned.error();
        if (core::Status w = store.writeResource(linked); !w)
            return w;
        if (core::Status a = cache.record(core::audit::action::Edit, patientId.toStdString(),
                                          "form completed: " + title.toStdString());
            !a)
            return a;
        if (!draftId.isEmpty())
            if (core::Status d = core::forms::DraftStore(db).remove(draftId.toStdString()); !d)
                return d;
        localId = q(queued->localId);
        return {};
    });
    if (!st)
        return failed<QString>(st.code(), st.message());
    Reply<QString> reply;
    reply.value = localId;
    return reply;
}

Reply<Done> queueAmended(core::store::Cache& cache, const QString& patientId, const QString& localId,
                         const QString& title, json response)
{
    auto& db = cache.database();
    core::sync::SyncStore store(db);
    core::Status st = inOneTransaction(db, [&]() -> core::Status {
        auto existing = store.get("QuestionnaireResponse", localId.toStdString());
        if (!existing)
            return existing.error();
        if (!*existing)
            return core::makeError(core::ErrorCode::NotFound, "That response is no longer on this computer.");
        // Keep the client identifier (and any server id), so the server sees an update.
        if (auto client = core::sync::clientIdentifierOf((*existing)->content); client && !response.contains("identifier"))
            response["identifier"] = (*existing)->content["identifier"];
        if ((*existing)->content.contains("id"))
            response["id"] = (*existing)->content["id"];
        if (core::Status u = store.updateLocal("QuestionnaireResponse", localId.toStdString(), std::move(response)); !u)
            return u;
        auto updated = store.get("QuestionnaireResponse", localId.toStdString());
        if (updated && *updated && !(*updated)->patientRef) {
            core::sync::LocalResource linked = **updated;
            linked.patientRef = "Patient/" + patientId.toStdString();
            if (core::Status w = store.writeResource(linked); !w)
                return w;
        }
        return cache.record(core::audit::action::Edit, patientId.toStdString(), "form amended: " + title.toStdString());
    });
    if (!st)
        return failed<Done>(st.code(), st.message());
    return {};
}

QVector<LocalResponse> localResponses(core::store::Cache& cache, const QString& patientId)
{
    QVector<LocalResponse> out;
    core::sync::SyncStore store(cache.database());
    auto all = store.list("QuestionnaireResponse");
    if (!all)
        return out;
    const std::string ref = "Patient/" + patientId.toStdString();
    for (const auto& resource : *all) {
        if (resource.origin != "local" || resource.patientRef != ref)
            continue;
        LocalResponse item;
        item.localId = q(resource.localId);
        item.content = resource.content;
        item.status = q(resource.content.value("status", ""));
        item.questionnaire = q(resource.content.value("questionnaire", ""));
        item.authored = q(resource.content.value("authored", ""));
        const json form = builtInTemplate(item.questionnaire.toStdString());
        item.title = form.is_object() ? q(form.value("title", "")) : item.questionnaire.section(QLatin1Char('/'), -1);
        auto row = store.outboxFor(resource.type, resource.localId);
        item.waiting = row && *row;
        out.push_back(std::move(item));
    }
    std::sort(out.begin(), out.end(), [](const LocalResponse& a, const LocalResponse& b) { return a.authored > b.authored; });
    return out;
}

json builtInTemplate(const std::string& canonical)
{
    const auto [url, version] = core::mapping::splitCanonical(canonical);
    const QDir dir(QStringLiteral(":/templates"));
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        json form = readResourceJson(dir.filePath(name));
        if (form.is_object() && form.value("url", "") == url && (version.empty() || form.value("version", "") == version))
            return form;
    }
    return nullptr;
}

core::Result<core::mapping::EprMapping> shippedMapping(const std::string& templateUrl, const std::string& version,
                                                       core::identity::Epr epr)
{
    const QString name = q(templateUrl).section(QLatin1Char('/'), -1);
    const QString eprFile = q(core::identity::eprName(epr)).toLower() + QStringLiteral(".json");
    const QString path = QStringLiteral(":/mappings/%1/%2/%3").arg(name, q(version), eprFile);
    const json document = readResourceJson(path);
    if (!document.is_object())
        return core::makeError(core::ErrorCode::NotFound,
                               "No mapping of this form into " + core::identity::eprName(epr) + " is installed.");
    const json catalogueJson = readResourceJson(QStringLiteral(":/epr/") + eprFile);
    auto catalogue = core::mapping::parseCatalogue(catalogueJson, eprFile.toStdString());
    if (!catalogue)
        return catalogue.error();
    return core::mapping::parseMapping(document, path.toStdString(), &*catalogue);
}

} // namespace avocet::ui::forms
