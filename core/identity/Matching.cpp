#include "core/identity/Matching.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace avocet::core::identity {

std::string MatchAssessment::reasonText() const
{
    std::string out;
    for (const auto& r : reasons)
        out += (out.empty() ? "" : "; ") + r;
    return out;
}

std::string normaliseName(const std::string& name)
{
    std::string out;
    for (unsigned char c : name)
        if (std::isalpha(c))
            out.push_back(static_cast<char>(std::tolower(c)));
    return out;
}

std::string normalisePostcode(const std::string& postcode)
{
    std::string out;
    for (unsigned char c : postcode)
        if (std::isalnum(c))
            out.push_back(static_cast<char>(std::toupper(c)));
    return out;
}

bool isDayMonthSwap(const std::string& a, const std::string& b)
{
    if (a.size() != 10 || b.size() != 10 || a == b)
        return false;
    return a.substr(0, 4) == b.substr(0, 4) && a.substr(5, 2) == b.substr(8, 2) && a.substr(8, 2) == b.substr(5, 2);
}

int editDistance(const std::string& a, const std::string& b)
{
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = 0; i <= n; ++i)
        d[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= m; ++j)
        d[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

namespace {

bool similar(const std::string& a, const std::string& b)
{
    return !a.empty() && !b.empty() && a != b && editDistance(a, b) <= (std::max(a.size(), b.size()) >= 6 ? 2 : 1);
}

void demographic(const Patient& in, const Patient& ex, MatchAssessment& out)
{
    const std::string family1 = normaliseName(in.familyName);
    const std::string family2 = normaliseName(ex.familyName);
    const std::string given1 = normaliseName(in.givenName);
    const std::string given2 = normaliseName(ex.givenName);
    const bool sameDob = !in.birthDate.empty() && in.birthDate == ex.birthDate;
    const bool swappedDob = isDayMonthSwap(in.birthDate, ex.birthDate);
    const bool sameFamily = !family1.empty() && family1 == family2;
    const bool sameGiven = !given1.empty() && given1 == given2;
    const bool samePostcode = in.postcode && ex.postcode && !in.postcode->empty() &&
                              normalisePostcode(*in.postcode) == normalisePostcode(*ex.postcode);
    const std::string postcodeNote = samePostcode ? " and postcode" : "";

    if (sameDob && sameFamily && sameGiven)
        out.reasons.push_back("name, date of birth" + postcodeNote + " match");
    else if (sameDob && ((sameFamily && similar(given1, given2)) || (sameGiven && similar(family1, family2))))
        out.reasons.push_back("date of birth" + postcodeNote + " match; name differs slightly (possible typo)");
    else if (swappedDob && sameFamily && sameGiven)
        out.reasons.push_back("name" + postcodeNote + " match; date of birth has day and month swapped");
    else if (sameDob && sameFamily && samePostcode)
        out.reasons.push_back("date of birth, surname and postcode match, first name differs (possible twin or "
                              "family member)");
    else
        return;
    out.kind = MatchKind::Review;
}

} // namespace

MatchAssessment assessMatch(const Patient& in, const Patient& ex)
{
    MatchAssessment out;
    const bool bothNumbers = in.nhsNumber && ex.nhsNumber && !in.nhsNumber->empty() && !ex.nhsNumber->empty();
    const bool sameDob = !in.birthDate.empty() && in.birthDate == ex.birthDate;
    if (bothNumbers && *in.nhsNumber == *ex.nhsNumber) {
        const bool bothVerified = in.nhsVerified && ex.nhsVerified;
        if (bothVerified && sameDob) {
            if (in.epr != ex.epr) {
                // The number and birth date agree, but the records must not contradict each other:
                // a different recorded sex, or first names that are not one another's spelling.
                const auto known = [](const std::string& sex) { return !sex.empty() && sex != "unknown"; };
                const std::string given1 = normaliseName(in.givenName);
                const std::string given2 = normaliseName(ex.givenName);
                // First names agree when equal, one or two edits apart, one a prefix of the other
                // ("Liz", "Lizzie") or starting with the same two letters ("Amy", "Amelia").
                const bool givenAgree = given1.empty() || given2.empty() || given1 == given2 ||
                                        similar(given1, given2) || given1.rfind(given2, 0) == 0 ||
                                        given2.rfind(given1, 0) == 0 ||
                                        (given1.size() >= 2 && given2.size() >= 2 && given1.compare(0, 2, given2, 0, 2) == 0);
                if (known(in.sex) && known(ex.sex) && in.sex != ex.sex) {
                    out.kind = MatchKind::Review;
                    out.reasons.push_back("verified NHS number and date of birth match, but the recorded sex differs");
                } else if (!givenAgree) {
                    out.kind = MatchKind::Review;
                    out.reasons.push_back("verified NHS number and date of birth match, but the first names differ");
                } else {
                    out.kind = MatchKind::AutoLink;
                    out.reasons.push_back("verified NHS number and date of birth match");
                }
            } else {
                out.kind = MatchKind::Review;
                out.reasons.push_back("same verified NHS number twice in " + eprName(in.epr) +
                                      " (possible duplicate registration)");
            }
            return out;
        }
        out.kind = MatchKind::Review;
        if (!sameDob)
            out.reasons.push_back(isDayMonthSwap(in.birthDate, ex.birthDate)
                                      ? "NHS number matches; date of birth has day and month swapped"
                                      : "NHS number matches but date of birth differs");
        else
            out.reasons.push_back("NHS number and date of birth match but the NHS number is not verified in " +
                                  (!in.nhsVerified ? eprName(in.epr) : eprName(ex.epr)));
        return out;
    }
    if (bothNumbers && in.nhsVerified && ex.nhsVerified) {
        out.kind = MatchKind::Distinct; // two verified, different NHS numbers: different people (e.g. twins)
        return out;
    }
    demographic(in, ex, out);
    if (out.kind == MatchKind::Review && bothNumbers)
        out.reasons.push_back("NHS numbers differ and at least one is unverified");
    else if (out.kind == MatchKind::Review)
        out.reasons.push_back("no NHS number on one of the records");
    return out;
}

} // namespace avocet::core::identity
