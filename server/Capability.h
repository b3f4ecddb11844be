#pragma once
// The CapabilityStatement served at GET /metadata: says exactly what this hub supports.

#include <nlohmann/json.hpp>

namespace avocet::hub {

struct CapabilityFacts
{
    bool hasStore = false; // without a database only /metadata and /health are served
    bool requiresAuthentication = false;
};

nlohmann::json makeCapabilityStatement(const CapabilityFacts& facts);

} // namespace avocet::hub
