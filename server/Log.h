#pragma once
// Structured logs: one JSON object per line on stderr. Callers pass only non-identifying fields
// (resource type, status, timings, opaque ids); never names, NHS numbers or query strings.

#include <nlohmann/json.hpp>
#include <string>

namespace avocet::hub {

void logEvent(const std::string& level, const std::string& event, nlohmann::json fields = nlohmann::json::object());
void setLogQuiet(bool quiet);

} // namespace avocet::hub
