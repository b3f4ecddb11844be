#pragma once
// The patient master index (PMI): one person, the records each EPR holds for them. Persisted in
// the encrypted cache (tables pmi_*; core/store/Schema.cpp). Linking follows Matching.h: records
// join a person automatically only on a verified NHS number plus matching date of birth; weaker
// candidates wait in the review queue with their reason; a person decides (link or distinct);
// any record can be unlinked again, after which it never links automatically. Every change is
// written to pmi_events. See docs/pmi.md.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/identity/Matching.h"
#include "core/identity/Patient.h"
#include "core/store/Database.h"

namespace avocet::core::identity {

struct EprRecordRef
{
    Epr epr = Epr::Paris;
    std::string eprId;
    friend bool operator==(const EprRecordRef&, const EprRecordRef&) = default;
};

struct IndexedRecord
{
    Patient record;        // record.id is the PMI person id
    std::string linkBasis; // why it belongs to this person: new, auto, manual, unlinked (with reason)
    bool autoLinkBlocked = false;
};

struct ReviewCase
{
    std::int64_t id = 0;
    EprRecordRef a; // the record that arrived
    EprRecordRef b; // the record already in the index
    std::string reason;
    std::string status; // open, linked, distinct
};

struct AddOutcome
{
    std::string personId;
    bool autoLinked = false;
    std::vector<std::int64_t> queuedReviews;
};

enum class ReviewDecision { Link, Distinct };

class PatientIndex
{
public:
    using IdSource = std::function<std::string()>;
    using Clock = std::function<std::string()>;

    // `newId` and `now` are test seams; by default random ids and the UTC clock.
    explicit PatientIndex(store::Database& db, IdSource newId = {}, Clock now = {});

    // Adds or updates an EPR record (Patient: epr, eprId, nhsNumber, nhsVerified, names, birthDate,
    // postcode). A new record is matched against the index; an updated record keeps its person
    // unless it is alone, in which case it is matched again. Invalid input changes nothing.
    Result<AddOutcome> addRecord(const Patient& record, const std::string& by = "system");

    Result<std::optional<std::string>> personOf(const EprRecordRef& ref);
    // The record as the index holds it (its person, demographics, link basis), if it is there.
    Result<std::optional<IndexedRecord>> recordOf(const EprRecordRef& ref);
    // Records whose NHS number equals `nhsNumber` (spaces or dashes accepted) AND is verified,
    // ordered by EPR and id: the records the auto-link rule would accept on that number. An
    // invalid number is refused with IdentityInvalid (the message holds no digits).
    Result<std::vector<IndexedRecord>> recordsWithVerifiedNhsNumber(const std::string& nhsNumber);
    Result<std::vector<IndexedRecord>> recordsOf(const std::string& personId);
    Result<std::int64_t> personCount();
    Result<std::vector<ReviewCase>> openReviews();

    // A person's decision: Link merges the two records' people, Distinct closes the case for good.
    Status resolveReview(std::int64_t reviewId, ReviewDecision decision, const std::string& by);
    // Manual link of two records (merges their people).
    Status link(const EprRecordRef& a, const EprRecordRef& b, const std::string& by, const std::string& reason);
    // Moves the record to a new person of its own and blocks automatic linking for it. Returns the new person id.
    Result<std::string> unlink(const EprRecordRef& ref, const std::string& by, const std::string& reason);

private:
    Result<std::optional<IndexedRecord>> find(const EprRecordRef& ref);
    Result<std::vector<IndexedRecord>> candidatesFor(const Patient& record);
    Status insertRecord(const Patient& record, const std::string& personId, const std::string& basis);
    Status newPerson(const std::string& personId);
    Status logEvent(const std::string& action, const EprRecordRef& ref, const std::string& personId,
                    const std::string& by, const std::string& reason);
    Result<bool> pairDecided(const EprRecordRef& a, const EprRecordRef& b);
    Result<std::optional<std::int64_t>> queueReview(const EprRecordRef& a, const EprRecordRef& b,
                                                    const std::string& reason);
    Status mergePeople(const std::string& keep, const std::string& absorb, const std::string& by,
                       const std::string& reason);
    Result<AddOutcome> reopenAfterCorrection(const Patient& record, const IndexedRecord& was,
                                             const std::vector<IndexedRecord>& linked, const std::string& by);
    Result<AddOutcome> matchAndPlace(const Patient& record, const std::optional<std::string>& existingPerson,
                                     bool autoLinkBlocked, const std::string& by);

    store::Database& m_db;
    IdSource m_newId;
    Clock m_now;
};

} // namespace avocet::core::identity
