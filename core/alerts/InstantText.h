#pragma once
// A FHIR instant or dateTime with a zone as "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds), so
// instants from different sources compare as text (the projection matching a discharge summary to
// its stay; a template's expressions comparing a stay's start and end).
#include <string>

namespace avocet::core::alerts {

// A plain date is returned as it is; a time without a zone, or text that is not a time, gives "".
std::string utcInstantText(const std::string& iso);

} // namespace avocet::core::alerts
