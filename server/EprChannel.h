#pragma once
// EPR delivery channels: each accepted QuestionnaireResponse version is routed to the EPR(s) that
// hold the patient's record and rendered into one native message per EPR (core/mapping), stored
// in epr_messages in the same transaction as the submission, with a receipt (a FHIR Task) the
// client syncs. The delivery worker (DeliveryWorker.h) sends the messages and updates receipts.

#include "core/common/Result.h"
#include "core/identity/EprRouting.h"
#include "server/HubPmi.h"
#include "server/MappingRegistry.h"
#include "server/PgConnection.h"
#include "server/ResourceRepository.h"

#include "core/documents/TransferEnvelope.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace avocet::hub {

// meta.tag on a submission pinning the mapping used for one EPR: code "<mapping id>|<version>".
inline constexpr const char* kMappingTagSystem = "https://fhir.avocet.example/CodeSystem/epr-mapping";
// meta.tag naming the submitting service (a rule in the routing document).
inline constexpr const char* kServiceTagSystem = "https://fhir.avocet.example/CodeSystem/service";
// Receipt (Task) identifiers: the message's idempotency key, and the submission it is for.
inline constexpr const char* kDeliveryIdentifierSystem = "https://fhir.avocet.example/Id/epr-delivery";
inline constexpr const char* kDeliveryResponseSystem = "https://fhir.avocet.example/Id/epr-delivery-response";
inline constexpr const char* kDeliveryStateSystem = "https://fhir.avocet.example/CodeSystem/epr-delivery-state";
inline constexpr const char* kTaskTypeSystem = "https://fhir.avocet.example/CodeSystem/task-type";
inline constexpr const char* kNextAttemptExtension = "https://fhir.avocet.example/StructureDefinition/delivery-next-attempt";
inline constexpr const char* kAttemptsExtension = "https://fhir.avocet.example/StructureDefinition/delivery-attempts";
// On a receipt's note: the mapping warning's code (omitted, appended, attached, truncated, merged)
// and the item it is about.
inline constexpr const char* kMappingWarningExtension =
    "https://fhir.avocet.example/StructureDefinition/delivery-mapping-warning";
inline constexpr const char* kMappingWarningItemExtension =
    "https://fhir.avocet.example/StructureDefinition/delivery-mapping-warning-item";
inline constexpr const char* kLastStatusExtension = "https://fhir.avocet.example/StructureDefinition/delivery-last-http-status";
// Transfer-of-care documents travel in channels named after their recipient's ODS code.
inline constexpr const char* kRecipientChannelPrefix = "ods:";
using core::documents::kTransferDeliverySystem;
using core::documents::kTransferDocumentSystem;

// One row of epr_messages, as the receipt needs it.
struct ChannelMessage
{
    long long id = 0;
    std::string epr;
    std::string idempotencyKey;
    std::string responseId;
    int responseVersion = 0;
    std::string patientRef;
    std::string receiptId;
    std::string mappingLabel; // "id@version" or ""
    std::string nativeForm;   // "PAR_RISK_SHORT v7" or ""
    std::string state;        // pending, failing, delivered, failed
    int attempts = 0;
    std::string nextAttemptAt;
    int lastStatus = 0;
    std::string lastError;
    std::string deliveredAt;
    std::string createdAt;
    nlohmann::json warnings = nlohmann::json::array(); // the mapping's warnings: what the EPR copy loses
    std::string focusType = "QuestionnaireResponse"; // or DocumentReference (a transfer-of-care document)
    std::string recipientName;                         // transfer-of-care: the recipient as named by the author
};

// SELECT list matching readChannelMessage(); the table alias is m.
std::string channelMessageColumns();
ChannelMessage readChannelMessage(const PgResult& rows, int row);

// The receipt Task for a message in its current state.
nlohmann::json receiptFor(const ChannelMessage& message);

// Writes the receipt's next version (or its first) from the message row. isNew: the message row
// was inserted in this transaction, so its receipt (a fresh id) has no version yet.
core::Status writeReceipt(ResourceRepository& repository, const ChannelMessage& message, bool isNew = false);

// `avocet-hub admin resend`: puts failed messages back in their channel after the EPR (or its
// data) was fixed. Selects one message (messageId) or every failed message of one EPR (epr).
// Only messages with a rendered payload can be resent (unroutable or unmapped submissions have
// nothing to send: resubmit those). The idempotency key and payload stay as they were, so an EPR
// that did store an earlier attempt de-duplicates it. Per message, in one transaction under the
// write lock: state pending and due now, a new receipt version, and an AuditEvent (subtype
// epr-resend, the operator as agent, the patient, receipt and submission as entities).
struct ResendRequest
{
    std::optional<long long> messageId;
    std::optional<std::string> epr;
    std::string operatorName; // who asked (the OS user running the admin command)
    std::string reason;
};
struct ResendSummary
{
    std::vector<long long> resent;
    std::vector<std::pair<long long, std::string>> skipped; // message, why
};
core::Result<ResendSummary> resendFailedMessages(PgConnection& connection, const ResendRequest& request);

class DeliveryPlanner
{
public:
    // routing: nullopt = every EPR that holds a record for the patient. pmi: the patient master
    // index consulted for the person's records in other EPRs; null = the Patient's own identifiers.
    // recipients: the ODS codes this hub has a transfer-of-care channel for (recipient-endpoint).
    DeliveryPlanner(std::shared_ptr<MappingRegistry> registry, std::optional<core::identity::RoutingRules> routing,
                    std::shared_ptr<HubPmi> pmi = nullptr, std::set<std::string> recipients = {});

    // Inside the submission's transaction, with the write lock held, after `response` was
    // written. Responses that are not completed or amended are not delivered. A DocumentReference
    // (a signed-off transfer-of-care document, status current) is planned for its recipient's channel.
    core::Status planFor(PgConnection& connection, ResourceRepository& repository, const StoredResource& response);

    MappingRegistry& registry() { return *m_registry; }

private:
    core::Status planDocument(PgConnection& connection, ResourceRepository& repository, const StoredResource& document);

    std::shared_ptr<MappingRegistry> m_registry;
    std::optional<core::identity::RoutingRules> m_routing;
    core::identity::RoutingRules m_ofRecord;
    std::shared_ptr<HubPmi> m_pmi;
    std::set<std::string> m_recipients;
};

// What a transfer-of-care recipient receives: an ITK3-style FHIR message Bundle — a MessageHeader
// (event: the kind of document; destination: the recipient's ODS code; focus: the document and its
// PDF), the FHIR document Bundle as signed, and the PDF as a Binary.
nlohmann::json transferMessageFor(const core::documents::TransferEnvelope& envelope, const std::string& key);

} // namespace avocet::hub
