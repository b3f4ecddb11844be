#pragma once
// Use case: transfer-of-care documents — the discharge summary to the GP, clinic letters and the
// Care Act notices to social care (docs/transfer-of-care.md). The desktop's compose window and
// avocetctl document call these; the steps are nowhere else.
//
// - Composing: documentLaunchContext gives the form the patient's record as SDC launch context
//   (%patient, %user, %encounter — the inpatient stay — and %record, a Bundle of the clinical record
//   held on this computer, newest first), so the template's initialExpressions pre-fill it.
// - Signing off: in one transaction on the user's cache the completed response is marked signed
//   off (who, when, version) and submitted as any form is (queued for the hub, which files a copy
//   in the EPR of record through the EPR mappings), the FHIR document Bundle and the PDF are built
//   (core/documents, the PdfRendition the front end passes) and queued as a DocumentReference that
//   the hub delivers to the recipient's channel (GP practice or social care team, by ODS code),
//   and the audit event is recorded. Nothing needs the network: sending happens at the next sync.
// - Amending after sending: a new version (same document identity, version n + 1) that replaces
//   the one before it; the earlier DocumentReference becomes superseded and the response is amended.
// - Where each document is: waiting on this computer, or what the recipient's channel said (the
//   hub's receipts: pending, failing, delivered, accepted, rejected with the recipient's reason).
#include "core/common/Result.h"
#include "core/documents/DocumentView.h"
#include "core/usecases/SubmissionDeliveries.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::core::documents {
class PdfRendition;
}
namespace avocet::core::store {
class Cache;
}

namespace avocet::core::usecases {

struct DocumentAuthor
{
    std::string username;     // the account (audit, the document's author identifier)
    std::string name;         // as signed, e.g. "Dr Amara Okafor"
    std::string role;         // role and grade
    std::string organisation; // the trust
};

// The launch context a transfer-of-care template declares, from what this computer holds about the
// patient. `questionnaire` is the template; names it declares that Avocet does not supply are left out.
Result<std::map<std::string, nlohmann::json>> documentLaunchContext(store::Cache& cache, const std::string& patientId,
                                                                    const DocumentAuthor& author,
                                                                    const nlohmann::json& questionnaire);

struct DocumentSignOff
{
    std::string patientId;
    std::string draftId;          // the draft it was written in, removed in the same transaction
    nlohmann::json questionnaire; // the transfer-of-care template
    nlohmann::json response;      // completed, valid
    DocumentAuthor signer;        // name required; name and role are remembered for the next sign-off
    std::string signedAt;         // instant, UTC ("" = now)
    // To amend a document already signed off: the local id of its current DocumentReference.
    std::string replaces;
    documents::Sender sender = {}; // the trust sending it: custodian and the PDF's letterhead
};

struct SignedDocument
{
    std::string documentLocalId; // the DocumentReference
    std::string responseLocalId; // the QuestionnaireResponse (the EPR copy)
    std::string setId;           // the document's identity across versions
    std::string bundleIdentifier;
    int version = 1;
    std::string kind;            // discharge-summary, clinic-letter, care-act-...
    std::string recipientCode;   // ODS code
    std::string recipientName;
    std::size_t pdfBytes = 0;
    long long waiting = 0;       // changes waiting to sync, this one included
};

Result<SignedDocument> signOffDocument(store::Cache& cache, DocumentSignOff request,
                                       const documents::PdfRendition& renderer);

// The name and role this user last signed a document off with on this computer (kept in their
// encrypted cache), to offer again at the next sign-off; both empty when they never have.
struct RememberedSigner
{
    std::string name;
    std::string role;
};
Result<RememberedSigner> rememberedSigner(store::Cache& cache);

struct TransferDocumentStatus
{
    std::string localId;     // the DocumentReference
    std::string responseLocalId;
    std::string kind;
    std::string title;
    std::string setId;
    int version = 1;
    bool current = true;     // false: superseded by a later version
    std::string signedBy;
    std::string signedAt;
    std::string recipientCode;
    std::string recipientName;
    std::string dischargedAt; // discharge summary: the discharge it is about
    bool sent = false;        // false: still waiting in the outbox on this computer
    std::vector<DeliveryReceipt> receipts; // the recipient channel's receipts, newest state
};

// The patient's transfer-of-care documents, newest first, every version.
Result<std::vector<TransferDocumentStatus>> transferDocuments(store::Cache& cache, const std::string& patientId);

// The PDF and the document Bundle a DocumentReference carries (for viewing and saving).
struct DocumentRenditions
{
    std::string pdf;
    nlohmann::json bundle;
};
Result<DocumentRenditions> documentRenditions(store::Cache& cache, const std::string& documentLocalId);

} // namespace avocet::core::usecases
