#pragma once
#include <optional>
#include <string>

namespace avocet::core::identity {

// The EPR that holds a patient's record of care.
enum class Epr { Paris, Mobius, SystmOne };
std::string eprName(Epr epr);              // "Paris", "Mobius", "SystmOne"
std::optional<Epr> eprFromName(const std::string& name);

struct Patient
{
    std::string id;                        // local stable id (uuid)
    std::optional<std::string> nhsNumber;  // 10 digits, no spaces
    bool nhsVerified = false;              // NHSNumberVerificationStatus 01
    std::string givenName;
    std::string familyName;
    std::string birthDate;                 // YYYY-MM-DD
    std::string sex = "unknown";           // FHIR administrative gender
    std::optional<std::string> postcode;
    Epr epr = Epr::Paris;
    std::string eprId;                     // the EPR's own identifier
    std::optional<std::string> team;
    std::optional<std::string> notes;      // free text
    std::string updatedAt;

    std::string displayName() const { return familyName + ", " + givenName; }
};

} // namespace avocet::core::identity
