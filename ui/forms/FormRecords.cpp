#include "ui/forms/FormRecords.h"
#include "ui/EmbeddedResource.h"

#include <QDir>
#include <QFile>

#include <algorithm>

#include "core/mapping/NativeCatalogue.h"
#include "core/mapping/TemplateOutline.h"
#include "core/store/Cache.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/FormCatalogue.h"
#include "core/usecases/FormSubmission.h"

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

} // namespace

Reply<QString> queueCompleted(core::store::Cache& cache, const QString& patientId, const QString& draftId,
                              const QString& title, json response, json questionnaire)
{
    core::usecases::Submission submission;
    submission.patientId = patientId.toStdString();
    submission.draftId = draftId.toStdString();
    submission.title = title.toStdString();
    submission.response = std::move(response);
    submission.questionnaire = std::move(questionnaire);
    auto queued = core::usecases::submitCompletedForm(cache, std::move(submission));
    if (!queued)
        return failed<QString>(queued.code(), queued.message());
    Reply<QString> reply;
    reply.value = q(queued->localId);
    return reply;
}

Reply<Done> queueAmended(core::store::Cache& cache, const QString& patientId, const QString& localId,
                         const QString& title, json response, const json& questionnaire)
{
    const core::Status st = core::usecases::amendSubmittedForm(cache, patientId.toStdString(), localId.toStdString(),
                                                              title.toStdString(), std::move(response), questionnaire);
    if (!st)
        return failed<Done>(st.code(), st.message());
    return {};
}

QVector<LocalResponse> localResponses(core::store::Cache& cache, const QString& patientId)
{
    return localResponses(cache, patientId, builtInTemplateDocuments());
}

QVector<LocalResponse> localResponses(core::store::Cache& cache, const QString& patientId,
                                      const std::vector<json>& builtIns)
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
        // The version it was completed on, published or built in, whatever is offered now.
        auto form = core::usecases::formTemplate(cache, item.questionnaire.toStdString(), builtIns);
        if (form)
            item.form = std::move(*form);
        item.title = item.form.is_object() ? q(item.form.value("title", "")) : item.questionnaire.section(QLatin1Char('/'), -1);
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
    for (json& form : builtInTemplateDocuments())
        if (form.value("url", "") == url && (version.empty() || form.value("version", "") == version))
            return std::move(form);
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
    return checkedMapping(document, path.toStdString(), epr);
}

core::Result<core::mapping::EprMapping> checkedMapping(const json& document, const std::string& origin,
                                                       core::identity::Epr epr)
{
    const QString eprFile = q(core::identity::eprName(epr)).toLower() + QStringLiteral(".json");
    const json catalogueJson = readResourceJson(QStringLiteral(":/epr/") + eprFile);
    auto catalogue = core::mapping::parseCatalogue(catalogueJson, eprFile.toStdString());
    if (!catalogue)
        return catalogue.error();
    return core::mapping::parseMapping(document, origin, &*catalogue);
}

std::vector<json> builtInTemplateDocuments()
{
    std::vector<json> out;
    const QDir dir(QStringLiteral(":/templates"));
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        json form = readResourceJson(dir.filePath(name));
        if (form.is_object())
            out.push_back(std::move(form));
    }
    return out;
}

} // namespace avocet::ui::forms
