#pragma once
// Search and history parameters, parsed and validated before any SQL is built.

#include "core/common/Result.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace avocet::hub {

struct DateBound
{
    std::string sqlOperator; // ">=", ">", "<=", "<"
    std::string instant;     // validated FHIR dateTime, passed to PostgreSQL as timestamptz
};

struct IdentifierMatch
{
    std::optional<std::string> system; // nullopt = any system
    std::optional<std::string> value;  // nullopt = any value ("system|")
};

struct SearchQuery
{
    std::string type;
    std::vector<DateBound> lastUpdated;
    std::vector<std::string> ids;
    std::vector<IdentifierMatch> identifiers; // OR-ed (comma-separated values)
    std::optional<std::string> compartment;   // "Patient/<id>" from subject= or patient=
    std::optional<std::string> canonicalUrl;  // Questionnaire url=
    std::optional<std::string> canonicalVersion; // Questionnaire version=
    // The clinical record and Patient (FhirTypes extraSearchParams). Values of one parameter are
    // OR-ed (commas), parameters AND-ed.
    std::vector<DateBound> dates;              // date= (dateSearchPath); instants with a zone
    std::vector<std::string> statuses;         // status=
    std::vector<IdentifierMatch> codes;        // code= system|code or code (Observation.code.coding)
    std::vector<IdentifierMatch> categories;   // category= (category[].coding)
    std::vector<std::string> genders;          // gender=
    std::vector<std::pair<std::string, std::string>> names; // (family|given|name, prefix), each AND-ed
    std::vector<DateBound> birthDates;         // birthdate= YYYY-MM-DD, compared as text
    int count = 50;
    std::optional<long long> cursor; // continue after this seq (stable paging)
    bool totalWanted = true;
    std::optional<std::string> caseloadUser; // restrict to this user's caseload (filled by access control)
    // The parameters to repeat in a next link (without _cursor).
    std::vector<std::pair<std::string, std::string>> echoed;
};

struct HistoryQuery
{
    std::string type;
    std::optional<std::string> id;
    std::optional<std::string> since; // validated instant
    int count = 50;
    std::optional<long long> cursor; // continue before this seq (newest first)
    std::optional<std::string> caseloadUser;
};

// lenient = Prefer: handling=lenient (unknown parameters ignored instead of 400).
core::Result<SearchQuery> parseSearchQuery(const std::string& type,
                                           const std::vector<std::pair<std::string, std::string>>& params,
                                           int defaultCount, int maxCount, bool lenient);
core::Result<HistoryQuery> parseHistoryQuery(const std::string& type, const std::optional<std::string>& id,
                                             const std::vector<std::pair<std::string, std::string>>& params,
                                             int defaultCount, int maxCount);

// FHIR dateTime with at least a full date; "+" turned into " " by a form decoder is repaired.
std::optional<std::string> normaliseInstant(std::string text);

// "Patient/x", ".../Patient/x" or "x" (for patient=) -> "Patient/x"; nullopt if not a Patient ref.
std::optional<std::string> normalisePatientReference(const std::string& reference, bool bareIdIsPatient);

} // namespace avocet::hub
