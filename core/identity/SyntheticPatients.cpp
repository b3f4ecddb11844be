#include "core/identity/SyntheticPatients.h"

#include "core/identity/NhsNumber.h"

#include <array>
#include <cstdio>
#include <random>

namespace avocet::core::identity {

namespace {

constexpr std::array kGivenFemale = {"Olivia",  "Amelia",   "Isla",    "Ava",      "Mia",    "Grace",
                                     "Sophie",  "Emily",    "Lily",    "Freya",    "Chloe",  "Ellie",
                                     "Jessica", "Hannah",   "Poppy",   "Margaret", "Susan",  "Patricia",
                                     "Joan",    "Kathleen", "Priya",   "Aisha",    "Zainab", "Agnieszka",
                                     "Niamh",   "Shirley",  "Deborah", "Tracey"};
constexpr std::array kGivenMale = {"Oliver",   "George",  "Harry",  "Jack",  "Noah",    "Leo",    "Arthur",
                                   "Oscar",    "Charlie", "Thomas", "James", "William", "Daniel", "Samuel",
                                   "Mohammed", "David",   "Peter",  "John",  "Michael", "Robert", "Kevin",
                                   "Gary",     "Darren",  "Tomasz", "Kwame", "Ravi",    "Connor", "Callum"};
constexpr std::array kFamily = {
    "Smith",      "Jones",    "Taylor",   "Brown",    "Williams",   "Wilson",   "Johnson",   "Davies",
    "Patel",      "Robinson", "Wright",   "Thompson", "Evans",      "Walker",   "White",     "Roberts",
    "Green",      "Hall",     "Thomas",   "Clarke",   "Jackson",    "Wood",     "Harris",    "Edwards",
    "Turner",     "Martin",   "Cooper",   "Hill",     "Ward",       "Hughes",   "Moore",     "Clark",
    "King",       "Harrison", "Lewis",    "Baker",    "Lee",        "Allen",    "Morris",    "Khan",
    "Scott",      "Watson",   "Davis",    "Parker",   "James",      "Bennett",  "Young",     "Phillips",
    "Richardson", "Mitchell", "Bailey",   "Carter",   "Cook",       "Singh",    "Shaw",      "Bell",
    "Collins",    "Morgan",   "Kelly",    "Begum",    "Miller",     "Cox",      "Hussain",   "Marshall",
    "Simpson",    "Price",    "Anderson", "Adams",    "Wilkinson",  "Ali",      "Ahmed",     "Foster",
    "Ellis",      "Murphy",   "Chapman",  "Mason",    "Gray",       "Richards", "Webb",      "Griffiths",
    "Nowak",      "Okafor",   "Mensah",   "O'Brien",  "Fitzgerald", "Abbott",   "Pennington"};
constexpr std::array kPostcodeAreas = {
    "CM1",  "CM2", "CM3", "CM7", "CM8", "CM9",  "CM11", "CM12", "CM13", "CM14", "CM15", "CM16", "CM17",
    "CM20", "CO1", "CO2", "CO3", "CO4", "CO7",  "CO9",  "CO12", "CO15", "SS0",  "SS1",  "SS2",  "SS3",
    "SS4",  "SS6", "SS7", "SS8", "SS9", "SS11", "SS13", "SS14", "SS16", "SS17", "RM16", "RM17"};
constexpr std::array kTeams = {"Chelmsford CMHT",     "Colchester CMHT",       "Basildon CMHT",
                               "Southend CMHT",       "Harlow Home Treatment", "Crisis Resolution North",
                               "Ward: Finchingfield", "Ward: Galleywood"};
constexpr std::array kNotes = {"Prefers morning visits; lives with daughter.",
                               "Key safe at back door; dog in the house.",
                               "Carer present at visits; hearing aid left ear.",
                               "Ring before visiting; intermittent phone signal.",
                               "Interpreter needed (Polish).",
                               "Works nights; visits after 2pm."};
constexpr std::array kLetters = {'A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N',
                                 'P', 'Q', 'R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z'};

template <typename Array> const auto& pick(std::mt19937_64& rng, const Array& values)
{
    return values[static_cast<std::size_t>(rng() % values.size())];
}

} // namespace

std::string syntheticNhsNumber(int n)
{
    int found = -1;
    for (int serial = 0; serial < 1000000; ++serial) {
        char nine[16];
        std::snprintf(nine, sizeof nine, "999%06d", serial);
        const auto check = NhsNumber::checkDigit(nine);
        // No check digit, or 9999999999 (one repeated digit: never issued, refused by parse).
        if (!check || NhsNumber::isOneRepeatedDigit(std::string(nine) + static_cast<char>('0' + *check)))
            continue;
        if (++found == n)
            return std::string(nine) + static_cast<char>('0' + *check);
    }
    return {};
}

std::vector<Patient> generateSyntheticPatients(const SyntheticOptions& options)
{
    std::mt19937_64 rng(options.seed);
    std::vector<Patient> patients;
    patients.reserve(static_cast<std::size_t>(options.count));
    int serial = 0;
    int skipped = 0;
    for (int i = 0; i < options.count; ++i) {
        // Walk the 999 range, skipping serials whose check digit would be 10 and 9999999999 (one
        // repeated digit: never issued, refused by parse).
        std::string nhs;
        for (;;) {
            char nine[16];
            std::snprintf(nine, sizeof nine, "999%06d", serial++);
            const auto check = NhsNumber::checkDigit(nine);
            if (!check || NhsNumber::isOneRepeatedDigit(std::string(nine) + static_cast<char>('0' + *check)))
                continue;
            if (skipped++ < options.firstSerial)
                continue;
            nhs = std::string(nine) + static_cast<char>('0' + *check);
            break;
        }
        Patient p;
        // Local ids are ordered (like UUIDv7: sequence first, randomness after) so inserts append
        // to the primary-key index instead of dirtying a random page per row.
        char id[40];
        std::snprintf(id, sizeof id, "pat-%08x-%08x", static_cast<unsigned>(options.firstSerial + i),
                      static_cast<unsigned>(rng() & 0xffffffffu));
        p.id = id;
        p.nhsNumber = nhs;
        p.nhsVerified = rng() % 10 != 0;
        const bool female = rng() % 2 == 0;
        p.sex = female ? "female" : "male";
        p.givenName = female ? pick(rng, kGivenFemale) : pick(rng, kGivenMale);
        p.familyName = pick(rng, kFamily);
        const int year = 1935 + static_cast<int>(rng() % 72);
        const int month = 1 + static_cast<int>(rng() % 12);
        const int day = 1 + static_cast<int>(rng() % 28);
        char dob[16];
        std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year, month, day);
        p.birthDate = dob;
        char postcode[16];
        std::snprintf(postcode, sizeof postcode, "%s %d%c%c", pick(rng, kPostcodeAreas),
                      static_cast<int>(rng() % 10), pick(rng, kLetters), pick(rng, kLetters));
        p.postcode = postcode;
        const auto eprRoll = rng() % 10;
        p.epr = eprRoll < 4 ? Epr::Paris : eprRoll < 8 ? Epr::Mobius : Epr::SystmOne;
        const int ordinal = options.firstSerial + i; // unique across successive seeds
        char eprId[24];
        switch (p.epr) {
        case Epr::Paris:
            std::snprintf(eprId, sizeof eprId, "P%07d", 1000000 + ordinal);
            break;
        case Epr::Mobius:
            std::snprintf(eprId, sizeof eprId, "MOB-%06d", 100000 + ordinal);
            break;
        case Epr::SystmOne:
            std::snprintf(eprId, sizeof eprId, "S1%08d", 20000000 + ordinal);
            break;
        }
        p.eprId = eprId;
        p.team = pick(rng, kTeams);
        std::string notes = pick(rng, kNotes);
        if (!options.canary.empty())
            notes += " " + options.canary;
        p.notes = notes;
        p.updatedAt = "2026-11-01T09:00:00Z";
        patients.push_back(std::move(p));
    }
    return patients;
}

} // namespace avocet::core::identity
