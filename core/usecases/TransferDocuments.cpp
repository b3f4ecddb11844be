#include "core/usecases/TransferDocuments.h"

#include "core/alerts/InstantText.h"
#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"
#include "core/audit/AuditLog.h"
#include "core/common/JsonFields.h"
#include "core/common/Time.h"
#include "core/documents/DocumentBundle.h"
#include "core/documents/DocumentView.h"
#include "core/documents/PdfRendition.h"
#include "core/documents/TransferEnvelope.h"
#include "core/forms/DraftStore.h"
#include "core/forms/FormSession.h"
#include "core/forms/LaunchContext.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/identity/NhsNumber.h"
#include "core/store/Cache.h"
#include "core/store/Database.h"
#include "core/store/PatientStore.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/FormSubmission.h"
#include "core/usecases/HeldRecords.h"

#include <algorithm>
#include <tuple>

namespace avocet::core::usecases {

using nlohmann::json;
using jsonfields::member;
using jsonfields::text;

namespace {

// sync_state key: the name and role this user last signed a document off with.
constexpr const char* kSignerState = "document.signer";

constexpr const char* kLegalStatus = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";
const std::vector<std::string> kRecordTypes = {"Encounter",   "EpisodeOfCare", "Appointment",
                                               "Condition",   "Observation",   "Flag",
                                               "AllergyIntolerance", "MedicationStatement", "CarePlan"};

void normalise(json& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys)
        if (object.is_object() && object.contains(key) && object[key].is_string())
            object[key] = alerts::utcInstantText(object[key].get<std::string>());
}

// When the record happened, for ordering it newest first.
std::string whenOf(const json& resource)
{
    for (const char* path : {"start", "effectiveDateTime", "recordedDate", "onsetDateTime", "authoredOn"})
        if (std::string value = text(resource, path); !value.empty())
            return value;
    if (std::string start = text(member(resource, "period"), "start"); !start.empty())
        return start;
    if (std::string start = text(member(resource, "effectivePeriod"), "start"); !start.empty())
        return start;
    return text(member(resource, "meta"), "lastUpdated");
}

bool hasLegalStatus(const json& encounter)
{
    for (const auto& extension : member(encounter, "extension"))
        if (text(extension, "url") == kLegalStatus)
            return true;
    return false;
}

// An inpatient stay: an inpatient Encounter that is not a Mental Health Act power record.
bool isStay(const json& encounter)
{
    return text(encounter, "resourceType") == "Encounter" && text(member(encounter, "class"), "code") == "IMP" &&
           !hasLegalStatus(encounter) && text(encounter, "status") != "entered-in-error" &&
           text(encounter, "status") != "cancelled";
}

// Legal status codings without a display get the rule tables' name for the power.
void nameLegalStatus(json& encounter, const alerts::RuleLibrary& rules)
{
    const auto started = alerts::parseIsoInstant(text(member(encounter, "period"), "start"));
    const alerts::RuleSet* set = nullptr;
    if (started)
        if (auto active = rules.activeOn(alerts::london::localDate(*started)))
            set = *active;
    if (!set && !rules.sets().empty())
        set = &rules.sets().back();
    if (!set || !encounter.contains("extension"))
        return;
    for (auto& extension : encounter["extension"]) {
        if (text(extension, "url") != kLegalStatus || !extension.contains("extension"))
            continue;
        for (auto& part : extension["extension"]) {
            if (text(part, "url") != "legalStatusClassification" || !part.contains("valueCodeableConcept"))
                continue;
            for (auto& coding : part["valueCodeableConcept"]["coding"])
                if (text(coding, "display").empty())
                    if (const auto* power = set->findPower(text(coding, "code")))
                        coding["display"] = power->name;
        }
    }
}

json patientResource(store::Cache& cache, const std::string& patientId)
{
    sync::SyncStore store(cache.database());
    if (auto synced = store.getByServerId("Patient", patientId); synced && *synced)
        return (*synced)->content;
    if (auto local = store.get("Patient", patientId); local && *local)
        return (*local)->content;
    json patient = {{"resourceType", "Patient"}, {"id", patientId}};
    auto held = cache.patients().get(patientId);
    if (!held)
        return patient;
    if (held->nhsNumber)
        patient["identifier"] = json::array({{{"system", std::string(identity::kNhsNumberSystem)}, {"value", *held->nhsNumber}}});
    patient["name"] = json::array({{{"family", held->familyName}, {"given", json::array({held->givenName})},
                                    {"text", held->givenName + " " + held->familyName}}});
    if (!held->birthDate.empty())
        patient["birthDate"] = held->birthDate;
    patient["gender"] = held->sex;
    if (held->postcode)
        patient["address"] = json::array({{{"postalCode", *held->postcode}}});
    return patient;
}

json userResource(const DocumentAuthor& author)
{
    // Named only by the name the clinician signs with: an account name ("a.okafor") is no signature,
    // so until one is known the template's "person completing record" is left for them to write.
    json user = {{"resourceType", "Practitioner"}};
    if (!author.name.empty())
        user["name"] = json::array({{{"text", author.name}}});
    if (!author.username.empty())
        user["identifier"] = json::array({{{"system", "urn:avocet:user"}, {"value", author.username}}});
    if (!author.role.empty())
        user["qualification"] = json::array({{{"code", {{"text", author.role}}}}});
    if (!author.organisation.empty())
        user["extension"] = json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/organisation"},
                                          {"valueReference", {{"display", author.organisation}}}}});
    return user;
}

struct PatientRecord
{
    json bundle;   // collection, newest first
    json stay;     // the latest inpatient stay, or an empty Encounter
    std::string stayReference; // "Encounter/<hub id>" when the hub holds it
};

Result<PatientRecord> patientRecord(store::Cache& cache, const std::string& patientId)
{
    auto held = heldResourcesOf(cache, patientId, kRecordTypes);
    if (!held)
        return held.error();
    auto rules = alerts::RuleLibrary::builtin();
    if (!rules)
        return rules.error();
    std::vector<HeldResource> resources = std::move(*held);
    for (auto& resource : resources) {
        json& c = resource.content;
        normalise(c, {"start", "end", "effectiveDateTime", "recordedDate", "onsetDateTime"});
        if (c.contains("period"))
            normalise(c["period"], {"start", "end"});
        if (text(c, "resourceType") == "Encounter")
            nameLegalStatus(c, *rules);
    }
    std::stable_sort(resources.begin(), resources.end(), [](const HeldResource& a, const HeldResource& b) {
        return whenOf(a.content) > whenOf(b.content);
    });
    PatientRecord record;
    record.bundle = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
    for (const auto& resource : resources) {
        if (text(resource.content, "status") == "entered-in-error")
            continue;
        if (record.stay.is_null() && isStay(resource.content)) {
            record.stay = resource.content;
            if (!resource.serverId.empty())
                record.stayReference = "Encounter/" + resource.serverId;
        }
        record.bundle["entry"].push_back({{"resource", resource.content}});
    }
    if (record.stay.is_null())
        record.stay = {{"resourceType", "Encounter"}, {"status", "unknown"}};
    return record;
}

Status checkComplete(const forms::Questionnaire& questionnaire, const json& response)
{
    auto session = forms::FormSession::open(questionnaire, forms::SessionOptions{{}, false, {}});
    if (!session)
        return session.error();
    auto loaded = forms::QuestionnaireResponseCodec::read(*session, response);
    if (!loaded)
        return loaded.error();
    const auto issues = session->validate();
    if (!issues.empty())
        return makeError(ErrorCode::FormNotValid, "the document cannot be signed off yet: " + issues.front().linkId +
                                                      ": " + issues.front().message +
                                                      (issues.size() > 1 ? " (and " + std::to_string(issues.size() - 1) +
                                                                               " more)"
                                                                         : std::string()));
    return Status::success();
}

std::string nhsNumberOf(const json& response)
{
    return text(member(member(response, "subject"), "identifier"), "value");
}

} // namespace

Result<std::map<std::string, json>> documentLaunchContext(store::Cache& cache, const std::string& patientId,
                                                          const DocumentAuthor& author, const json& questionnaire)
{
    auto record = patientRecord(cache, patientId);
    if (!record)
        return record.error();
    std::map<std::string, json> context;
    for (const auto& declared : forms::declaredLaunchContext(questionnaire)) {
        if (declared.name == "patient")
            context["patient"] = patientResource(cache, patientId);
        else if (declared.name == "user")
            context["user"] = userResource(author);
        else if (declared.name == "encounter")
            context["encounter"] = record->stay;
        else if (declared.name == "record")
            context["record"] = record->bundle;
    }
    return context;
}

Result<SignedDocument> signOffDocument(store::Cache& cache, DocumentSignOff request,
                                       const documents::PdfRendition& renderer)
{
    auto questionnaire = forms::Questionnaire::fromJson(request.questionnaire);
    if (!questionnaire)
        return makeError(ErrorCode::InvalidArgument, "the template cannot be read: " + questionnaire.message());
    auto transfer = documents::transferTemplateOf(*questionnaire);
    if (!transfer)
        return transfer.error();
    if (!*transfer)
        return makeError(ErrorCode::InvalidArgument,
                         questionnaire->canonical() + " is not a discharge summary, letter or notice; submit it as a form");
    const documents::TransferTemplate& shape = **transfer;
    json response = std::move(request.response);
    if (text(response, "status") != "completed" && text(response, "status") != "amended")
        return makeError(ErrorCode::InvalidArgument, "only a completed document can be signed off; this one is '" +
                                                         text(response, "status") + "'");
    response["status"] = "completed";
    if (Status complete = checkComplete(*questionnaire, response); !complete)
        return complete.error();
    const std::string recipient = documents::firstAnswerText(response, shape.recipientItem, true);
    if (recipient.empty())
        return makeError(ErrorCode::FormNotValid,
                         "the document names no recipient: answer '" + shape.recipientItem + "' (the ODS code)");
    const auto trimmed = [](std::string value) {
        const auto first = value.find_first_not_of(" \t\r\n");
        if (first == std::string::npos)
            return std::string();
        return value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
    };
    request.signer.name = trimmed(request.signer.name);
    request.signer.role = trimmed(request.signer.role);
    if (request.signer.name.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "a document is signed off by a named clinician: give your name as you sign (and your role)");
    if (request.signer.organisation.empty())
        request.signer.organisation = request.sender.name;

    auto& db = cache.database();
    sync::SyncStore store(db);
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();

    documents::DocumentVersion version;
    std::optional<sync::LocalResource> previous;
    std::string previousResponse;
    if (!request.replaces.empty()) {
        auto held = store.get("DocumentReference", request.replaces);
        if (!held)
            return held.error();
        if (!*held)
            return makeError(ErrorCode::NotFound, "the document to amend is no longer on this computer");
        if (text((*held)->content, "status") != "current")
            return makeError(ErrorCode::InvalidArgument,
                             "that version has already been replaced; amend the current version");
        auto envelope = documents::readDocumentReference((*held)->content, false);
        if (!envelope)
            return envelope.error();
        auto earlierResponse = store.getByClientId("QuestionnaireResponse", envelope->responseClientId);
        if (!earlierResponse)
            return earlierResponse.error();
        if (!*earlierResponse)
            return makeError(ErrorCode::NotFound, "the response the document was written in is not on this computer");
        previousResponse = (*earlierResponse)->localId;
        version = {envelope->setId, envelope->version + 1, envelope->bundleIdentifier};
        previous = **held;
    } else {
        version.setId = "urn:uuid:" + store.newUuid();
    }
    const documents::SignOff signOff{request.signer.name, request.signer.role, request.signer.username,
                                     request.signedAt.empty() ? utcNowIso() : alerts::utcInstantText(request.signedAt)};
    documents::markSignedOff(response, signOff, version);

    // The response is the EPR's copy: submitted (or amended) like any form, in this transaction.
    std::string responseLocalId;
    std::string responseClientId;
    if (previous) {
        response["status"] = "amended";
        if (Status amended = amendSubmittedForm(cache, request.patientId, previousResponse, shape.title, response,
                                                request.questionnaire);
            !amended)
            return amended.error();
        auto stored = store.get("QuestionnaireResponse", previousResponse);
        if (!stored || !*stored)
            return makeError(ErrorCode::StoreQueryFailed, "the amended response could not be read back");
        responseLocalId = previousResponse;
        responseClientId = (*stored)->clientId.value_or("");
        if (!request.draftId.empty())
            if (Status removed = forms::DraftStore(db).remove(request.draftId); !removed)
                return removed.error();
    } else {
        auto queued = submitCompletedForm(cache, {request.patientId, request.draftId, shape.title, response,
                                                  request.questionnaire});
        if (!queued)
            return queued.error();
        responseLocalId = queued->localId;
        responseClientId = queued->clientId;
    }

    auto view = documents::documentView(*questionnaire, shape, response, request.sender);
    if (!view)
        return view.error();
    auto document = documents::buildDocumentBundle(*questionnaire, shape, response, *view);
    if (!document)
        return document.error();
    auto pdf = renderer.render(*view);
    if (!pdf)
        return pdf.error();

    documents::TransferEnvelope envelope;
    envelope.kind = documents::kindCode(shape.kind);
    envelope.title = shape.title;
    envelope.documentType = shape.documentType.toJson();
    envelope.recipientCode = recipient;
    envelope.recipientName = view->recipientName.empty() ? recipient : view->recipientName;
    envelope.setId = version.setId;
    envelope.version = version.number;
    envelope.bundleIdentifier = document->identifier;
    envelope.replaces = version.supersedes;
    envelope.signedBy = signOff.by;
    envelope.signedAt = signOff.at;
    envelope.nhsNumber = nhsNumberOf(response);
    envelope.responseClientId = responseClientId;
    const std::string admitted = documents::firstAnswerText(
        response, documents::itemWithDefinition(*questionnaire, "Encounter#Encounter.period.start"));
    const std::string discharged = documents::firstAnswerText(
        response, documents::itemWithDefinition(*questionnaire, "Encounter#Encounter.period.end"));
    envelope.admittedAt = admitted.empty() ? admitted : alerts::utcInstantText(admitted);
    envelope.dischargedAt = discharged.empty() ? discharged : alerts::utcInstantText(discharged);
    if (auto record = patientRecord(cache, request.patientId); record && !record->stayReference.empty()) {
        const json& stay = record->stay;
        const std::string stayEnd = text(member(stay, "period"), "end");
        // The stay the document is about: the one that ended when the document says it did (or, for
        // a notice, the latest).
        if (envelope.dischargedAt.empty() || stayEnd.empty() || stayEnd == envelope.dischargedAt)
            envelope.encounterReference = record->stayReference;
    }
    envelope.bundle = document->bundle;
    envelope.pdf = *pdf;
    envelope.sender = view->sender.name;
    envelope.senderCode = view->sender.odsCode;

    auto created = store.createLocal(documents::documentReferenceFor(envelope));
    if (!created)
        return created.error();
    sync::LocalResource linked = *created;
    linked.patientRef = "Patient/" + request.patientId;
    if (Status written = store.writeResource(linked); !written)
        return written.error();
    if (previous) {
        json superseded = previous->content;
        superseded["status"] = "superseded";
        if (Status updated = store.updateLocal("DocumentReference", previous->localId, std::move(superseded)); !updated)
            return updated.error();
    }
    // The discharge it is about now has its summary (waiting to sync): the 24-hour alert says so at once.
    if (auto projected = sync::projectClinicalRecords(db); !projected)
        return projected.error();
    // Offered again at this user's next sign-off (their own encrypted cache).
    if (Status remembered = store.setState(kSignerState, json{{"name", request.signer.name}, {"role", request.signer.role}}.dump());
        !remembered)
        return remembered.error();
    if (Status audited = cache.record(audit::action::Edit, request.patientId,
                                      "document signed off: " + shape.title + " version " + std::to_string(version.number));
        !audited)
        return audited.error();
    if (Status committed = tx->commit(); !committed)
        return committed.error();

    SignedDocument out;
    out.documentLocalId = linked.localId;
    out.responseLocalId = responseLocalId;
    out.setId = version.setId;
    out.bundleIdentifier = document->identifier;
    out.version = version.number;
    out.kind = envelope.kind;
    out.recipientCode = envelope.recipientCode;
    out.recipientName = envelope.recipientName;
    out.pdfBytes = pdf->size();
    if (auto waiting = store.pendingCount())
        out.waiting = *waiting;
    return out;
}

Result<RememberedSigner> rememberedSigner(store::Cache& cache)
{
    sync::SyncStore store(cache.database());
    auto held = store.state(kSignerState);
    if (!held)
        return held.error();
    RememberedSigner signer;
    if (!*held)
        return signer;
    const json value = json::parse(**held, nullptr, false);
    if (value.is_object()) {
        signer.name = text(value, "name");
        signer.role = text(value, "role");
    }
    return signer;
}

Result<std::vector<TransferDocumentStatus>> transferDocuments(store::Cache& cache, const std::string& patientId)
{
    auto held = heldResourcesOf(cache, patientId, {"DocumentReference"});
    if (!held)
        return held.error();
    sync::SyncStore store(cache.database());
    auto tasks = store.list("Task");
    if (!tasks)
        return tasks.error();
    std::vector<TransferDocumentStatus> out;
    for (const auto& resource : *held) {
        auto envelope = documents::readDocumentReference(resource.content, false);
        if (!envelope)
            continue; // a DocumentReference that is not a transfer-of-care document
        TransferDocumentStatus status;
        status.localId = resource.localId;
        status.kind = envelope->kind;
        status.title = envelope->title;
        status.setId = envelope->setId;
        status.version = envelope->version;
        status.current = text(resource.content, "status") == "current";
        status.signedBy = envelope->signedBy;
        status.signedAt = envelope->signedAt;
        status.recipientCode = envelope->recipientCode;
        status.recipientName = envelope->recipientName;
        status.dischargedAt = envelope->dischargedAt;
        if (auto response = store.getByClientId("QuestionnaireResponse", envelope->responseClientId); response && *response)
            status.responseLocalId = (*response)->localId;
        auto waiting = store.outboxFor("DocumentReference", resource.localId);
        if (!waiting)
            return waiting.error();
        status.sent = !resource.serverId.empty() && !*waiting;
        // The hub's receipts name the DocumentReference by its id there: the latest version of each.
        if (!resource.serverId.empty()) {
            std::map<std::string, std::pair<std::string, DeliveryReceipt>> latest; // recipient -> (lastUpdated, receipt)
            for (const auto& task : *tasks) {
                bool ours = false;
                for (const auto& identifier : member(task.content, "identifier"))
                    ours = ours || (text(identifier, "system") == documents::kTransferDocumentSystem &&
                                    text(identifier, "value") == resource.serverId);
                if (!ours)
                    continue;
                const std::string updated = task.lastUpdated.value_or("");
                DeliveryReceipt receipt = deliveryReceiptOf(task.content);
                auto& slot = latest[receipt.epr];
                if (updated >= slot.first)
                    slot = {updated, std::move(receipt)};
            }
            for (auto& [recipient, receipt] : latest)
                status.receipts.push_back(std::move(receipt.second));
        }
        out.push_back(std::move(status));
    }
    std::stable_sort(out.begin(), out.end(), [](const TransferDocumentStatus& a, const TransferDocumentStatus& b) {
        return std::tie(a.signedAt, a.version) > std::tie(b.signedAt, b.version);
    });
    return out;
}

Result<DocumentRenditions> documentRenditions(store::Cache& cache, const std::string& documentLocalId)
{
    sync::SyncStore store(cache.database());
    auto held = store.get("DocumentReference", documentLocalId);
    if (!held)
        return held.error();
    if (!*held)
        return makeError(ErrorCode::NotFound, "that document is no longer on this computer");
    auto envelope = documents::readDocumentReference((*held)->content, true);
    if (!envelope)
        return envelope.error();
    std::optional<std::string> patient;
    if ((*held)->patientRef && (*held)->patientRef->rfind("Patient/", 0) == 0)
        patient = (*held)->patientRef->substr(8);
    if (Status audited = cache.record(audit::action::View, patient, "document opened: " + envelope->title); !audited)
        return audited.error();
    return DocumentRenditions{std::move(envelope->pdf), std::move(envelope->bundle)};
}

} // namespace avocet::core::usecases
