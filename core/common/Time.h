#pragma once
#include <chrono>
#include <string>

namespace avocet::core {

// ISO 8601 UTC with seconds, e.g. 2026-11-24T09:30:00Z.
std::string toIsoUtc(std::chrono::system_clock::time_point when);
inline std::string utcNowIso() { return toIsoUtc(std::chrono::system_clock::now()); }

} // namespace avocet::core
