#pragma once
// Transfer-of-care documents in the form window (docs/transfer-of-care.md): a discharge summary,
// clinic letter or Care Act notice opens pre-filled from the patient's record held here, and
// "Sign off and send" signs it off and queues it for the hub with its PDF (print/), through the
// use cases in core/usecases/TransferDocuments.h. Worker-thread functions; nothing here logs
// answers, names or NHS numbers.
#include <QString>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/documents/DocumentView.h"
#include "ui/Session.h"

namespace avocet::core::store {
class Cache;
}

namespace avocet::ui::forms {

// True when the template is a transfer-of-care document (it carries the transfer-of-care extension).
bool isTransferDocument(const nlohmann::json& questionnaire);

// Who signs a document off, as it is signed: "Dr Amara Okafor", "Consultant psychiatrist". The
// account name is never used in its place.
struct DocumentSigner
{
    QString name;
    QString role;
};

// Worker thread. The launch context for composing the document for this patient as `user`, signed
// by `signer` (%user: the name and role the document's "person completing record" is pre-filled
// with; the account when no name is known yet) for `sender` (the trust).
Reply<std::map<std::string, nlohmann::json>> documentLaunchContext(core::store::Cache& cache, const QString& patientId,
                                                                   const QString& user, const DocumentSigner& signer,
                                                                   const core::documents::Sender& sender,
                                                                   const nlohmann::json& questionnaire);

// Worker thread. The name and role this user last signed off with on this computer (empty when never).
Reply<DocumentSigner> rememberedSigner(core::store::Cache& cache);

struct SignedOff
{
    QString responseLocalId;
    QString recipient; // "Riverside Medical Practice (Y90001)"
    int version = 1;
};

// Worker thread. Signs the completed response off as `signer` (a name is required; name and role are
// remembered for this user's next sign-off) and queues it with its FHIR document and PDF, with
// `sender`'s letterhead. amendingResponse: the local id of the response an earlier version was
// written in (empty for a new document): the new version replaces that document's current version.
Reply<SignedOff> signOffDocument(core::store::Cache& cache, const QString& patientId, const QString& draftId,
                                 const QString& user, const DocumentSigner& signer,
                                 const core::documents::Sender& sender, nlohmann::json questionnaire,
                                 nlohmann::json response, const QString& amendingResponse);

} // namespace avocet::ui::forms
