#pragma once
// Use case: submit a completed form, and amend one already submitted from this computer. The one
// implementation the desktop (ui/forms) and avocetctl submit both call.
//
// In one transaction on the user's cache: the response is queued for sync (SyncStore::createLocal:
// the record, its client identifier and its outbox row), linked to the patient's local record,
// pinned per EPR to the mapping version in force on this computer (core/sync MappingPins), the
// Observations its coded answers stand for are extracted (SDC observationExtract, core/forms
// ObservationExtract) and queued beside it (core/sync DerivedObservations), a form whose template
// completes a review (CPA review, risk assessment) queues the CarePlan that records it (core/sync
// DerivedReview), the clinical projection is re-run so the caseload's scores, next review dates and
// the patient's alerts include them before any sync, the
// audit event is recorded, and the draft it came from is removed. Any failure rolls all of it back,
// so the user never sees "sent" for a form that is not waiting in the outbox. Nothing here logs
// answers, names or NHS numbers.
#include "core/common/Result.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::core::store {
class Cache;
}

namespace avocet::core::usecases {

struct Submission
{
    // The patient's local id (PatientStore). Empty: the patient is found by the NHS number the
    // response names (subject.identifier); a patient not held here is left to the hub, which files
    // the response under its Patient with that NHS number.
    std::string patientId;
    std::string draftId;     // the draft the form was completed from; removed in the same transaction
    std::string title;       // the form's title, for the audit trail ("form completed: <title>")
    nlohmann::json response; // a QuestionnaireResponse with status completed
    // The Questionnaire the response answers (its url|version must be the response's). Its items
    // coded for observation extraction become Observations; null: none are extracted.
    nlohmann::json questionnaire;
};

struct QueuedSubmission
{
    std::string localId;
    std::string clientId;
    std::string patientId;
    std::string questionnaire;            // url|version
    std::vector<std::string> mappingPins; // "id|version", one per EPR with a mapping held here
    long long waiting = 0;                // changes waiting to sync, this one included
    int observations = 0;                 // Observations extracted from it (created or kept)
    // The same response (same questionnaire, patient, authored time and answers) was already queued
    // from this computer: a retry. Nothing new is queued; this is the earlier submission.
    bool alreadyQueued = false;
};

Result<QueuedSubmission> submitCompletedForm(store::Cache& cache, Submission submission);

// Queues an amendment of a response made on this computer (SyncStore::updateLocal; the client
// identifier, server id and mapping pins it had are kept) and records "form amended: <title>". With
// the questionnaire, its Observations follow the amended answers in the same transaction (a changed
// answer updates its Observation, one no longer given is withdrawn) and the projection is re-run.
Status amendSubmittedForm(store::Cache& cache, const std::string& patientId, const std::string& localId,
                          const std::string& title, nlohmann::json response,
                          const nlohmann::json& questionnaire = nullptr);

// The local id of the patient with this NHS number (10 digits), or NotFound.
Result<std::string> patientIdForNhsNumber(store::Cache& cache, const std::string& nhsNumber);

} // namespace avocet::core::usecases
