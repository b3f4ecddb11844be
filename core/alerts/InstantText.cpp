#include "core/alerts/InstantText.h"

#include "core/alerts/LondonTime.h"

#include <cctype>

namespace avocet::core::alerts {

std::string utcInstantText(const std::string& iso)
{
    if (iso.size() <= 10)
        return iso;
    const auto t = iso.find('T');
    if (t == std::string::npos || iso.find_first_of("Z+-", t) == std::string::npos)
        return {};
    std::string trimmed = iso;
    if (const auto dot = trimmed.find('.', 19); dot != std::string::npos) { // fractions of a second dropped
        auto end = dot + 1;
        while (end < trimmed.size() && std::isdigit(static_cast<unsigned char>(trimmed[end])))
            ++end;
        trimmed.erase(dot, end - dot);
    }
    auto instant = parseIsoInstant(trimmed);
    return instant ? formatUtcIso(*instant) : std::string();
}

} // namespace avocet::core::alerts
