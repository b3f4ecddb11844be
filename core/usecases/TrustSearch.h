#pragma once
// Use case: finding and opening a patient outside the caseload, on-line, through the hub.
//
// Finding asks avocet-hub's trust-wide patient index (GET [base]/Patient/$trust-search): NHS number,
// name, birth date and gender only, at most twenty, each marked whether it is on the user's
// caseload. The hub records every search (which parameters, how many matched; never the values).
// The search must be narrow: an NHS number, or a family name with a given name or birth date.
//
// Opening one reads that patient's record from the hub with the reason the user gave as
// break-glass (X-Avocet-Break-Glass), which the hub records before it answers; the record is put in
// the cache for this session only (listed under the sync state key "session.held") and projected,
// so the patient screen shows it like any other. forgetSessionPatients removes it again: at lock
// and sign-out, and at the next unlock should the program have stopped before. A patient who has
// joined the caseload in the meantime is kept (sync now brings their record anyway), and a form
// completed for the patient during the session still waits in the outbox to be sent.
#include "core/common/Result.h"

#include <string>
#include <vector>

namespace avocet::core::store {
class Cache;
}
namespace avocet::core::sync {
class FhirClient;
}

namespace avocet::core::usecases {

struct TrustQuery
{
    std::string nhsNumber; // 10 digits
    std::string family;
    std::string given;
    std::string birthDate; // YYYY-MM-DD
};

// What a user typed in the search box, read as a trust query: an NHS number (spaces or dashes
// allowed), or words of a name ("Okafor", "Okafor, Ruth", "Ruth Okafor": the last word is the family
// name unless a comma says otherwise) and a date of birth (31/12/1960 or 1960-12-31).
// InvalidArgument, saying what is missing, when it is too broad for the trust-wide search.
Result<TrustQuery> parseTrustQuery(const std::string& typed);

struct TrustMatch
{
    std::string serverId;
    std::string nhsNumber;
    std::string family;
    std::string given;
    std::string birthDate;
    std::string gender;
    bool onCaseload = false;
};

struct TrustSearchResult
{
    std::vector<TrustMatch> matches;
    bool more = false; // more matched than the hub lists: narrow the search
};

Result<TrustSearchResult> searchTrust(sync::FhirClient& client, const TrustQuery& query);

struct OpenedTrustPatient
{
    std::string patientId; // the local id (the hub's Patient id) to open
    int resources = 0;     // records read for the session, the Patient included
};

// Reads the patient and their record with the break-glass reason and holds them for this session.
// Nothing is kept when the hub does not confirm that it recorded the access.
Result<OpenedTrustPatient> openTrustPatient(store::Cache& cache, sync::FhirClient& client,
                                            const std::string& serverId, const std::string& reason);

// Removes what openTrustPatient held (see above). Returns how many patients left.
Result<int> forgetSessionPatients(store::Cache& cache);

} // namespace avocet::core::usecases
