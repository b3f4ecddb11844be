#include "core/usecases/FormSubmission.h"

#include "core/audit/AuditLog.h"
#include "core/forms/DraftStore.h"
#include "core/store/Cache.h"
#include "core/store/Database.h"
#include "core/store/PatientStore.h"
#include "core/sync/MappingPins.h"
#include "core/sync/SyncStore.h"

namespace avocet::core::usecases {

using nlohmann::json;

namespace {

std::string subjectNhsNumber(const json& response)
{
    if (!response.is_object() || !response.contains("subject") || !response["subject"].is_object())
        return {};
    const json& subject = response["subject"];
    if (!subject.contains("identifier") || !subject["identifier"].is_object())
        return {};
    const json& identifier = subject["identifier"];
    return identifier.contains("value") && identifier["value"].is_string()
               ? identifier["value"].get<std::string>()
               : std::string();
}

std::vector<std::string> pinsOf(const json& response)
{
    std::vector<std::string> pins;
    if (!response.contains("meta") || !response["meta"].is_object())
        return pins;
    for (const auto& tag : response["meta"].value("tag", json::array()))
        if (tag.is_object() && tag.value("system", "") == sync::kMappingPinSystem)
            pins.push_back(tag.value("code", ""));
    return pins;
}

} // namespace

Result<std::string> patientIdForNhsNumber(store::Cache& cache, const std::string& nhsNumber)
{
    auto found = cache.patients().search(nhsNumber, 5);
    if (!found)
        return found.error();
    for (const auto& patient : *found)
        if (patient.nhsNumber && *patient.nhsNumber == nhsNumber)
            return patient.id;
    return makeError(ErrorCode::NotFound, "no patient with this NHS number is held on this computer");
}

Result<QueuedSubmission> submitCompletedForm(store::Cache& cache, Submission submission)
{
    if (!submission.response.is_object() ||
        submission.response.value("resourceType", "") != "QuestionnaireResponse")
        return makeError(ErrorCode::InvalidArgument, "a submission must be a QuestionnaireResponse");
    if (submission.response.value("status", "") != "completed")
        return makeError(ErrorCode::InvalidArgument,
                         "only a completed form can be submitted; this one is '" +
                             submission.response.value("status", std::string("in-progress")) + "'");
    if (submission.patientId.empty()) {
        const std::string nhs = subjectNhsNumber(submission.response);
        if (nhs.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "the response names no patient (subject.identifier)");
        auto id = patientIdForNhsNumber(cache, nhs);
        if (id)
            submission.patientId = *id;
        else if (id.code() != ErrorCode::NotFound)
            return id.error();
        // A patient not held here: the hub files the response under the Patient with that NHS number.
    }

    auto& db = cache.database();
    sync::SyncStore store(db);
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto queued = store.createLocal(std::move(submission.response));
    if (!queued)
        return queued.error();
    // The response names the patient by NHS number only (what the hub and the EPRs need); the link
    // to the patient's local record is kept beside it, for the patient's lists.
    sync::LocalResource linked = *queued;
    if (!submission.patientId.empty())
        linked.patientRef = "Patient/" + submission.patientId;
    if (auto pinned = sync::pinMappings(store, linked.content); !pinned)
        return pinned.error();
    if (Status written = store.writeResource(linked); !written)
        return written.error();
    const std::string title =
        submission.title.empty() ? linked.content.value("questionnaire", "") : submission.title;
    const std::optional<std::string> about =
        submission.patientId.empty() ? std::nullopt : std::optional<std::string>(submission.patientId);
    if (Status audited = cache.record(audit::action::Edit, about, "form completed: " + title); !audited)
        return audited.error();
    if (!submission.draftId.empty())
        if (Status removed = forms::DraftStore(db).remove(submission.draftId); !removed)
            return removed.error();
    if (Status committed = tx->commit(); !committed)
        return committed.error();

    QueuedSubmission out;
    out.localId = linked.localId;
    out.clientId = linked.clientId.value_or("");
    out.patientId = submission.patientId;
    out.questionnaire = linked.content.value("questionnaire", "");
    out.mappingPins = pinsOf(linked.content);
    if (auto waiting = store.pendingCount())
        out.waiting = *waiting;
    return out;
}

Status amendSubmittedForm(store::Cache& cache, const std::string& patientId, const std::string& localId,
                          const std::string& title, json response)
{
    auto& db = cache.database();
    sync::SyncStore store(db);
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto existing = store.get("QuestionnaireResponse", localId);
    if (!existing)
        return existing.error();
    if (!*existing)
        return makeError(ErrorCode::NotFound, "That response is no longer on this computer.");
    // Keep the client identifier (and any server id), so the server sees an update.
    if (auto client = sync::clientIdentifierOf((*existing)->content);
        client && !response.contains("identifier"))
        response["identifier"] = (*existing)->content["identifier"];
    if ((*existing)->content.contains("id"))
        response["id"] = (*existing)->content["id"];
    if (Status updated = store.updateLocal("QuestionnaireResponse", localId, std::move(response)); !updated)
        return updated;
    auto updated = store.get("QuestionnaireResponse", localId);
    if (updated && *updated && !(*updated)->patientRef) {
        sync::LocalResource linked = **updated;
        linked.patientRef = "Patient/" + patientId;
        if (Status written = store.writeResource(linked); !written)
            return written;
    }
    if (Status audited = cache.record(audit::action::Edit, patientId, "form amended: " + title); !audited)
        return audited;
    return tx->commit();
}

} // namespace avocet::core::usecases
