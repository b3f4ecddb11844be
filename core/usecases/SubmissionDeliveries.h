#pragma once
// Use case: where a patient's submissions are, per EPR. A submission is waiting on this computer
// until sync sends it; then the hub's delivery receipts (FHIR Tasks with code epr-delivery of
// https://fhir.avocet.example/CodeSystem/task-type, focus QuestionnaireResponse/<id>/_history/<n>,
// owner.display the EPR, businessStatus pending | failing | delivered | failed, statusReason.text,
// the delivery-next-attempt and delivery-attempts extensions, output deliveredAt), pulled by sync,
// say what each EPR did with it. The desktop's "Submissions and EPR delivery" panel and avocetctl
// delivery call this.
#include "core/common/Result.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace avocet::core::store {
class Cache;
}

namespace avocet::core::usecases {

struct DeliveryReceipt
{
    std::string epr;         // "Paris", "Mobius", "SystmOne", "EPR routing"
    std::string state;       // pending | failing | delivered | failed
    std::string deliveredAt; // ISO 8601, empty when not delivered
    std::string nextAttempt; // ISO 8601, empty when none is planned
    std::string reason;
    int attempts = 0;
    std::vector<std::string> warnings; // what this EPR's copy loses (omitted, truncated, shared code ...)
};

struct SubmissionDelivery
{
    std::string localId;
    std::string questionnaire; // url|version
    std::string title;         // the form's title, else the canonical's last segment
    std::string authored;      // ISO 8601 as recorded
    bool sent = false;         // false: still waiting in the outbox on this computer
    int version = 0;           // the server version the receipts are for (latest receipt wins per EPR)
    std::vector<DeliveryReceipt> receipts;
};

// A delivery receipt (a hub Task, EPR delivery or transfer-of-care delivery) in plain fields.
DeliveryReceipt deliveryReceiptOf(const nlohmann::json& task);

// Titles of templates built into a front end, by canonical ("url|version"); empty when unknown.
using TemplateTitles = std::function<std::string(const std::string& canonical)>;

// The patient's submissions held in the cache, newest first, with their receipts. The patient is
// named by local id and NHS number (10 digits, may be empty): a synced Patient with the same NHS
// number is the same patient. Titles: builtInTitles first, then a template the hub published
// (synced), then the canonical's last segment.
Result<std::vector<SubmissionDelivery>> submissionDeliveries(store::Cache& cache,
                                                             const std::string& patientId,
                                                             const std::string& nhsNumber,
                                                             const TemplateTitles& builtInTitles = {});

} // namespace avocet::core::usecases
