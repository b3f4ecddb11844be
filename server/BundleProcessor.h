#pragma once
// Batch and transaction Bundles (POST /). A transaction runs every entry in one database
// transaction and rolls everything back on the first failure; a batch runs each entry on its own.

#include "server/FhirInteractions.h"

#include <functional>
#include <nlohmann/json.hpp>

namespace avocet::hub {

// Runs fn inside a fresh database transaction; commits unless the result is an error.
using TransactionRunner = std::function<InteractionResult(const std::function<InteractionResult(FhirInteractions&)>&)>;

// Takes the Bundle by value: entry resources are moved out of it, not copied.
InteractionResult processBundle(nlohmann::json bundle, const TransactionRunner& runInTransaction);

// "201 Created" style status line for bundle entries.
std::string statusLine(int status);

} // namespace avocet::hub
