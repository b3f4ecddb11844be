#pragma once
// The FHIR REST interactions on one open transaction, with access control applied. Used for a
// single request by the router and for every entry of a batch or transaction Bundle.

#include "server/AccessControl.h"
#include "server/PgConnection.h"
#include "server/ResourceRepository.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>
#include <string>
#include <utility>
#include <vector>

namespace avocet::hub {

class SearchPrefetch;
struct ChainLink;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct InteractionResult
{
    int status = 200;
    nlohmann::json body; // resource, Bundle or OperationOutcome; null = no body
    // The body already serialised (search bundles, built around the stored resource texts); when
    // set, body is null and this is sent as is.
    std::string bodyText;
    std::string location; // absolute URL of the version written
    std::string etag;
    std::string lastModified; // HTTP-date
    std::string resourceType; // of the resource written or read, for bundles
    std::string resourceId;
    // EPR feed writes (docs/hub.md, EPR feeds): created, updated, unchanged, stale, parked, deleted;
    // sent as X-Avocet-Feed. `outcome` (an OperationOutcome, or null) goes into a Bundle entry's
    // response.outcome next to the resource (a stale change answered with the current version).
    std::string feedOutcome;
    nlohmann::json outcome;
    bool isError() const { return status >= 400; }
};

class DeliveryPlanner;

struct RequestContext
{
    DeliveryPlanner* delivery = nullptr; // plans EPR messages for submissions; null = no delivery
    SearchPrefetch* prefetch = nullptr;  // reads the next page of a search ahead; null = none
    Caller caller;
    std::string baseUrl;
    std::string clientAddress; // for the audit record of what a client sends
    int defaultPageSize = 50;
    int maxPageSize = 1000;
    bool lenientSearch = false;
    // For the break-glass record: the HTTP method and the first path segment ("/Patient").
    std::string method = "GET";
    std::string route = "/";
    bool breakGlassRecorded = false; // a break-glass record committed during this request
    // The patients whose break-glass is already committed during this request: the later entries
    // of a batch that read the same patient are covered by it and record nothing more (one
    // reviewable event per patient opened, not one per resource type read).
    std::set<std::string> breakGlassRecordedFor;
    // The break-glass record itself could not be written: the error answer says so, and no second
    // record of the attempt is tried.
    bool breakGlassUnrecordable = false;
};

InteractionResult failure(int status, const std::string& issueCode, const std::string& diagnostics);
// Where a resource names its patient by identifier: (element, the Identifier), in the order the
// hub looks: subject, patient, for, and an Appointment participant[].actor that is a Patient.
std::vector<std::pair<std::string, nlohmann::json>> patientIdentifiersNamed(const std::string& type,
                                                                            const nlohmann::json& resource);
std::string httpDateFromInstant(const std::string& instant);
std::string urlEncode(const std::string& text);
QueryParams parseQueryString(const std::string& query);

class FhirInteractions
{
public:
    FhirInteractions(PgConnection& connection, RequestContext& context);

    InteractionResult read(const std::string& type, const std::string& id);
    InteractionResult vread(const std::string& type, const std::string& id, const std::string& versionId);
    InteractionResult create(const std::string& type, nlohmann::json resource, const std::string& ifNoneExist);
    InteractionResult update(const std::string& type, const std::string& id, nlohmann::json resource,
                             const std::string& ifMatch);
    InteractionResult remove(const std::string& type, const std::string& id, const std::string& ifMatch);
    // PUT /Type?identifier=system|value and DELETE /Type?identifier=system|value: the writes of
    // EPR feeds (FhirFeed.cpp); other callers are answered 405.
    InteractionResult conditionalUpdate(const std::string& type, const std::string& query, nlohmann::json resource);
    InteractionResult conditionalRemove(const std::string& type, const std::string& query);
    InteractionResult search(const std::string& type, const QueryParams& params);
    InteractionResult history(const std::string& type, const std::optional<std::string>& id, const QueryParams& params);
    // GET /Patient/$trust-search: finding a patient anywhere in the trust, as a ward or community
    // clinician must before asking to open a record outside their caseload. Demographics only (NHS
    // number, name, birth date, gender; meta.tag SUBSETTED), at most kTrustSearchLimit, each marked
    // whether it is on the caller's caseload; no clinical data, no address. The search must be
    // narrow: an NHS number, or a family name (2+ letters) with a given name or birth date. Every
    // search is recorded (an AuditEvent in the caller's own compartment and a log line, naming
    // which parameters were used and how many matched, never the values).
    InteractionResult trustSearch(const QueryParams& params);
    static constexpr int kTrustSearchLimit = 20;

    // For transactions: one lookup, under the write lock, for every If-None-Exist of the form
    // identifier=system|value among (type, If-None-Exist) pairs, so the creates that follow skip
    // their own. Returns an error answer, or nullopt.
    std::optional<InteractionResult> prefetchConditionalCreates(
        const std::vector<std::pair<std::string, std::string>>& conditions);

    // Writes the break-glass record (a break_glass_events row and an AuditEvent) of every patient
    // in caller.brokenGlassFor, on this transaction. Returns the answer to give instead when it
    // cannot be written: then the transaction must be rolled back and no data returned.
    std::optional<InteractionResult> recordBreakGlass();
    // The record of a break-glass request that ended in an error (status): a break_glass_events
    // row and an AuditEvent (outcome: failure) for each patient it reached, or one naming no
    // patient. Returns the answer to give instead when it cannot be written.
    std::optional<InteractionResult> recordBreakGlassAttempt(int status);

    // For transactions: assign the id a create will use before the create runs.
    InteractionResult createWithId(const std::string& type, const std::string& id, nlohmann::json resource,
                                   const std::string& ifNoneExist, std::string* matchedId);

private:
    std::optional<InteractionResult> refuse(Operation operation, const std::string& type,
                                            const std::string& compartment);
    // The one patient a break-glass search names (patient=/subject=, or a Patient search by one
    // identifier value that matches one Patient), put in query.compartment; the refusal when the
    // search names no single patient. A Patient identifier no Patient has leaves the query as is.
    std::optional<InteractionResult> breakGlassPatient(const std::string& type, SearchQuery& query);
    std::optional<InteractionResult> lock();
    std::optional<InteractionResult> checkBody(const std::string& type, const nlohmann::json& resource) const;
    InteractionResult withResource(int status, StoredResource stored) const;
    // The common start of update and delete: id, If-Match, role, write lock, current version,
    // caseload. Returns the current version, or the answer to give instead.
    struct WriteTarget
    {
        std::optional<StoredResource> current;
        // If-Match (RFC 7232): any current version ('*'), or one of these versions.
        bool conditional = false;
        bool anyVersion = false;
        std::vector<int> expectedVersions;
        bool matches(int versionId) const;
        std::optional<InteractionResult> refusal;
    };
    WriteTarget loadForWrite(const std::string& type, const std::string& id, const std::string& ifMatch,
                             const std::string& missingHint);
    InteractionResult storeFailure(const core::Error& error) const;
    std::optional<InteractionResult> planDelivery(const StoredResource& stored);
    // A completed or amended QuestionnaireResponse from a client: the Observations its coded answers
    // stand for (SDC observation-based extraction, the same as Avocet clients derive), created in this
    // transaction unless already held by their derived-observation identifier (FhirDerivation.cpp).
    std::optional<InteractionResult> deriveObservations(const StoredResource& stored);
    // A completed or amended QuestionnaireResponse whose template this hub holds is loaded into
    // that template and re-validated before it is stored or delivered to any EPR: answers that do
    // not fit, required items left out and a calculated total that differs from the one its
    // answers give (under the template's scoring rule) are refused with 422, naming the item.
    std::optional<InteractionResult> refuseVerifiedNhsNumber(const std::string& type, const nlohmann::json& resource,
                                                             const nlohmann::json* before) const;
    std::optional<InteractionResult> recheckResponse(const std::string& type, const nlohmann::json& resource);
    // A transfer-of-care DocumentReference (category in the transfer-of-care code system) from a
    // client must be one the hub can deliver: a recipient with an ODS code, the FHIR document and its
    // PDF readable. Otherwise 422 with an OperationOutcome naming what is wrong and where
    // (issue.expression), and nothing is stored or planned.
    std::optional<InteractionResult> recheckDocument(const std::string& type, const nlohmann::json& resource) const;
    // If-None-Exist: nullopt = nothing matches (create); otherwise the answer (existing, 412...).
    std::optional<InteractionResult> conditionalMatch(const std::string& type, const std::string& ifNoneExist,
                                                      std::string* matchedId);
    void forgetAbsent(const StoredResource& written);
    // A device's audit chain event this hub already anchored: the stored one (200), or 409 when
    // the event at that position differs; nullopt when the position is free (AuditChains.h).
    std::optional<InteractionResult> anchoredEvent(const ChainLink& link, std::string* matchedId);
    // The patient compartment of a resource about to be written (a reference, or an identifier
    // that names exactly one Patient here); the refusal when it names a patient that cannot be found.
    std::optional<InteractionResult> patientCompartment(const std::string& type, const std::string& id,
                                                        const nlohmann::json& resource, std::string& compartment);

    // EPR feeds (FhirFeed.cpp): the write of a record keyed by its EPR record identifier, ordered
    // by epr-changed-at; records whose patient is not here yet are parked.
    bool isFeed() const { return m_context.caller.role == Role::EprFeed; }
    InteractionResult feedWrite(const std::string& type, nlohmann::json resource, const std::string& assignedId,
                                const std::string& conditionQuery);
    InteractionResult feedDelete(const std::string& type, const std::string& conditionQuery);
    // A change that is newer than what is stored for its key, about a known patient: stored.
    InteractionResult storeFeedChange(const std::string& type, const std::string& system, const std::string& value,
                                      const std::string& epr, const std::string& changedAt, nlohmann::json resource,
                                      const std::string& compartment, const std::string& assignedId);
    // After a Patient is written: the records parked for its identifiers, applied in epr-changed-at
    // order in this transaction. Returns the answer to give instead when that fails.
    std::optional<InteractionResult> applyParkedFor(const StoredResource& patient);
    core::Status countFeed(const std::string& epr, const std::string& type, const std::string& outcome);

    // Writes the break-glass record of `patients` (an empty one names none) with the outcome.
    core::Status writeBreakGlass(const std::vector<std::string>& patients, int status);
    // The hub's word on an AuditEvent a client sends: who sent it and from which device chain.
    void stampAuditEvent(nlohmann::json& event, const ChainLink* link) const; // link: null when none

    PgConnection& m_connection;
    RequestContext& m_context;
    ResourceRepository m_repository;
    AccessControl m_access;
    bool m_locked = false;
    // (type, system, value) without a live match, valid while this transaction holds the write
    // lock; entries are dropped when this transaction writes a resource carrying them.
    std::set<std::tuple<std::string, std::string, std::string>> m_knownAbsent;
};

} // namespace avocet::hub
