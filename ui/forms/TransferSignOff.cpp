#include "ui/forms/TransferSignOff.h"

#include "core/documents/DocumentView.h"
#include "core/documents/TransferTemplate.h"
#include "core/forms/Questionnaire.h"
#include "core/usecases/TransferDocuments.h"
#include "print/DocumentPdf.h"

namespace avocet::ui::forms {

namespace {

core::usecases::DocumentAuthor authorFor(const QString& user, const DocumentSigner& signer,
                                         const core::documents::Sender& sender)
{
    return {user.toStdString(), signer.name.trimmed().toStdString(), signer.role.trimmed().toStdString(), sender.name};
}

template <typename T>
Reply<T> failedWith(core::ErrorCode code, const std::string& message)
{
    Reply<T> reply;
    reply.code = code;
    reply.message = QString::fromStdString(message);
    return reply;
}

} // namespace

bool isTransferDocument(const nlohmann::json& questionnaire)
{
    auto loaded = core::forms::Questionnaire::fromJson(questionnaire);
    if (!loaded)
        return false;
    auto transfer = core::documents::transferTemplateOf(*loaded);
    return transfer && transfer->has_value();
}

Reply<std::map<std::string, nlohmann::json>> documentLaunchContext(core::store::Cache& cache, const QString& patientId,
                                                                   const QString& user, const DocumentSigner& signer,
                                                                   const core::documents::Sender& sender,
                                                                   const nlohmann::json& questionnaire)
{
    auto author = authorFor(user, signer, sender);
    auto context = core::usecases::documentLaunchContext(cache, patientId.toStdString(), author, questionnaire);
    if (!context)
        return failedWith<std::map<std::string, nlohmann::json>>(context.code(), context.message());
    Reply<std::map<std::string, nlohmann::json>> reply;
    reply.value = std::move(*context);
    return reply;
}

Reply<DocumentSigner> rememberedSigner(core::store::Cache& cache)
{
    auto remembered = core::usecases::rememberedSigner(cache);
    if (!remembered)
        return failedWith<DocumentSigner>(remembered.code(), remembered.message());
    Reply<DocumentSigner> reply;
    reply.value = {QString::fromStdString(remembered->name), QString::fromStdString(remembered->role)};
    return reply;
}

Reply<SignedOff> signOffDocument(core::store::Cache& cache, const QString& patientId, const QString& draftId,
                                 const QString& user, const DocumentSigner& signer,
                                 const core::documents::Sender& sender, nlohmann::json questionnaire,
                                 nlohmann::json response, const QString& amendingResponse)
{
    core::usecases::DocumentSignOff request;
    request.patientId = patientId.toStdString();
    request.draftId = draftId.toStdString();
    request.questionnaire = std::move(questionnaire);
    request.response = std::move(response);
    request.signer = authorFor(user, signer, sender);
    request.sender = sender;
    if (!amendingResponse.isEmpty()) {
        auto documents = core::usecases::transferDocuments(cache, request.patientId);
        if (!documents)
            return failedWith<SignedOff>(documents.code(), documents.message());
        for (const auto& document : *documents)
            if (document.current && document.responseLocalId == amendingResponse.toStdString())
                request.replaces = document.localId;
    }
    static const print::DocumentPdf renderer; // stateless: safe to share between calls
    auto signedOff = core::usecases::signOffDocument(cache, std::move(request), renderer);
    if (!signedOff)
        return failedWith<SignedOff>(signedOff.code(), signedOff.message());
    Reply<SignedOff> reply;
    reply.value = {QString::fromStdString(signedOff->responseLocalId),
                   QStringLiteral("%1 (%2)").arg(QString::fromStdString(signedOff->recipientName),
                                                 QString::fromStdString(signedOff->recipientCode)),
                   signedOff->version};
    return reply;
}

} // namespace avocet::ui::forms
