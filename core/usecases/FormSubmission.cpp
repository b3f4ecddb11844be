#include "core/usecases/FormSubmission.h"

#include "core/audit/AuditLog.h"
#include "core/forms/DraftStore.h"
#include "core/store/Cache.h"
#include "core/store/Database.h"
#include "core/forms/ObservationExtract.h"
#include "core/forms/Questionnaire.h"
#include "core/store/PatientStore.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/DerivedObservations.h"
#include "core/sync/DerivedReview.h"
#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"
#include "core/store/CaseloadStore.h"
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

// The questionnaire the response answers, when the caller gave one; refused when it is another form.
Result<std::optional<forms::Questionnaire>> questionnaireFor(const json& questionnaire, const json& response)
{
    if (questionnaire.is_null())
        return std::optional<forms::Questionnaire>();
    auto loaded = forms::Questionnaire::fromJson(questionnaire);
    if (!loaded)
        return makeError(ErrorCode::InvalidArgument, "the questionnaire cannot be read: " + loaded.message());
    const std::string answered = response.value("questionnaire", "");
    if (!answered.empty() && answered != loaded->canonical() && answered != loaded->url())
        return makeError(ErrorCode::InvalidArgument,
                         "the response answers " + answered + ", not " + loaded->canonical());
    return std::optional<forms::Questionnaire>(std::move(*loaded));
}

// What a response says, without what sync and the hub add (identifier, id, meta).
json answeredContent(json response)
{
    for (const char* key : {"identifier", "id", "meta"})
        response.erase(key);
    return response;
}

// The response already queued from this computer with the same content, if any (a retry).
Result<std::optional<sync::LocalResource>> sameResponseHeld(sync::SyncStore& store, const json& response)
{
    const auto clientId = sync::clientIdentifierOf(response);
    const json wanted = answeredContent(response);
    auto held = store.list("QuestionnaireResponse");
    if (!held)
        return held.error();
    for (auto& resource : *held) {
        if (resource.origin != "local" || (clientId && resource.clientId != clientId))
            continue;
        if (answeredContent(resource.content) == wanted)
            return std::optional<sync::LocalResource>(std::move(resource));
    }
    return std::optional<sync::LocalResource>();
}

// Where the patient is cared for, for the review intervals: as their latest review of this subject
// (or any subject) says; else as the rule tables say for the Mental Health Act power they are
// under (a detention is inpatient care); else community.
Result<std::string> careSettingFor(store::Database& db, const std::string& patientId, const std::string& subject)
{
    if (patientId.empty())
        return std::string("community");
    store::CaseloadStore caseload(db);
    auto reviews = caseload.reviews(patientId);
    if (!reviews)
        return reviews.error();
    std::string any;
    for (const auto& review : *reviews) {
        if (review.subject == subject)
            return review.setting;
        if (any.empty())
            any = review.setting;
    }
    if (!any.empty())
        return any;
    // The latest power the patient is held or cared for under (one that names a care setting; a
    // s.58 clock or leave beside it says nothing).
    auto legal = caseload.openLegalStatuses(patientId);
    if (!legal)
        return legal.error();
    if (!legal->empty()) {
        auto rules = alerts::RuleLibrary::builtin();
        if (!rules)
            return rules.error();
        for (const auto& status : *legal)
            if (const auto started = alerts::parseIsoInstant(status.startedAt))
                if (auto set = rules->activeOn(alerts::london::localDate(*started)))
                    if (const auto* power = (*set)->findPower(status.power); power && power->careSetting)
                        return *power->careSetting;
    }
    return std::string("community");
}

// Extracts and stores the response's Observations and, when its template completes a review, the
// CarePlan that records it; then rebuilds the projected scores and reviews (inside the caller's
// transaction). Returns how many Observations the response has now.
Result<int> extractAndProject(sync::SyncStore& store, const std::optional<forms::Questionnaire>& questionnaire,
                              const sync::LocalResource& response)
{
    if (!questionnaire || !response.clientId)
        return 0;
    auto observations = forms::extractObservations(*questionnaire, response.content, *response.clientId);
    const int count = static_cast<int>(observations.size());
    auto changes = sync::storeDerivedObservations(store, *questionnaire, *response.clientId,
                                                  std::move(observations), response.patientRef);
    if (!changes)
        return changes.error();
    bool changed = changes->created + changes->updated + changes->retired > 0;
    auto completion = sync::reviewCompletedBy(*questionnaire);
    if (!completion)
        return completion.error();
    if (*completion) {
        std::string patientId;
        if (response.patientRef && response.patientRef->rfind("Patient/", 0) == 0)
            patientId = response.patientRef->substr(8);
        auto setting = careSettingFor(store.database(), patientId, (*completion)->subject);
        if (!setting)
            return setting.error();
        auto review = sync::storeDerivedReview(store, **completion, response, *setting);
        if (!review)
            return review.error();
        changed = changed || *review != sync::ReviewChange::None;
    }
    if (changed)
        if (auto projected = sync::projectClinicalRecords(store.database()); !projected)
            return projected.error();
    return count;
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

    auto questionnaire = questionnaireFor(submission.questionnaire, submission.response);
    if (!questionnaire)
        return questionnaire.error();

    auto& db = cache.database();
    sync::SyncStore store(db);
    auto tx = store::ScopedWrite::begin(db); // joins a caller's transaction (a document sign-off)
    if (!tx)
        return tx.error();
    auto earlier = sameResponseHeld(store, submission.response);
    if (!earlier)
        return earlier.error();
    if (*earlier) {
        // A retry of a submission already queued: nothing new, its Observations made sure of (and
        // linked to the patient, who may be held here now), the scores projected again.
        sync::LocalResource& held = **earlier;
        if (!submission.patientId.empty() && !held.patientRef) {
            held.patientRef = "Patient/" + submission.patientId;
            if (Status written = store.writeResource(held); !written)
                return written.error();
        }
        auto observations = extractAndProject(store, *questionnaire, held);
        if (!observations)
            return observations.error();
        if (auto projected = sync::projectClinicalRecords(db); !projected)
            return projected.error();
        if (!submission.draftId.empty())
            if (Status removed = forms::DraftStore(db).remove(submission.draftId); !removed)
                return removed.error();
        if (Status committed = tx->commit(); !committed)
            return committed.error();
        QueuedSubmission out;
        out.localId = (*earlier)->localId;
        out.clientId = (*earlier)->clientId.value_or("");
        out.patientId = submission.patientId;
        out.questionnaire = (*earlier)->content.value("questionnaire", "");
        out.mappingPins = pinsOf((*earlier)->content);
        out.observations = *observations;
        out.alreadyQueued = true;
        if (auto waiting = store.pendingCount())
            out.waiting = *waiting;
        return out;
    }
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
    auto observations = extractAndProject(store, *questionnaire, linked);
    if (!observations)
        return observations.error();
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
    out.observations = *observations;
    if (auto waiting = store.pendingCount())
        out.waiting = *waiting;
    return out;
}

Status amendSubmittedForm(store::Cache& cache, const std::string& patientId, const std::string& localId,
                          const std::string& title, json response, const json& questionnaire)
{
    auto form = questionnaireFor(questionnaire, response);
    if (!form)
        return form.error();
    auto& db = cache.database();
    sync::SyncStore store(db);
    auto tx = store::ScopedWrite::begin(db); // joins a caller's transaction (a document sign-off)
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
    if (auto current = store.get("QuestionnaireResponse", localId); !current)
        return current.error();
    else if (*current)
        if (auto observations = extractAndProject(store, *form, **current); !observations)
            return observations.error();
    if (Status audited = cache.record(audit::action::Edit, patientId, "form amended: " + title); !audited)
        return audited;
    return tx->commit();
}

} // namespace avocet::core::usecases
