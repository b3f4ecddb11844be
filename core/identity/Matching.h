#pragma once
// Record matching for the patient master index (DOMAIN.md, PMI rule of thumb): records from
// different EPRs link automatically ONLY on a verified NHS number plus a matching date of birth.
// Anything weaker (name, date of birth, postcode, an unverified number, a probable typo) is a
// review candidate with its reason; two different verified NHS numbers are different people.
// Reasons never contain patient data, so they may be logged and shown in the review queue.

#include <string>
#include <vector>

#include "core/identity/Patient.h"

namespace avocet::core::identity {

enum class MatchKind {
    None,     // nothing in common worth a human's time
    Review,   // a person must decide
    AutoLink, // verified NHS number + date of birth, records from different EPRs
    Distinct, // known to be different people (different verified NHS numbers)
};

struct MatchAssessment
{
    MatchKind kind = MatchKind::None;
    std::vector<std::string> reasons;

    std::string reasonText() const; // reasons joined with "; "
};

// Compares two EPR records (Patient with epr, eprId, nhsNumber, nhsVerified, names, birthDate, postcode).
MatchAssessment assessMatch(const Patient& incoming, const Patient& existing);

// Names compared for matching: lower case, letters only (hyphens, apostrophes, spaces ignored).
std::string normaliseName(const std::string& name);
std::string normalisePostcode(const std::string& postcode);
// True when a date YYYY-MM-DD equals the other with day and month swapped (and they differ).
bool isDayMonthSwap(const std::string& a, const std::string& b);
// Damerau-Levenshtein distance (adjacent transpositions count as one edit).
int editDistance(const std::string& a, const std::string& b);

} // namespace avocet::core::identity
