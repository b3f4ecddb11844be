#include "core/identity/Patient.h"

namespace avocet::core::identity {

std::string eprName(Epr epr)
{
    switch (epr) {
    case Epr::Paris: return "Paris";
    case Epr::Mobius: return "Mobius";
    case Epr::SystmOne: return "SystmOne";
    }
    return "Paris";
}

std::optional<Epr> eprFromName(const std::string& name)
{
    if (name == "Paris") return Epr::Paris;
    if (name == "Mobius") return Epr::Mobius;
    if (name == "SystmOne") return Epr::SystmOne;
    return std::nullopt;
}

} // namespace avocet::core::identity
