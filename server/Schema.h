#pragma once
// Ordered, versioned schema migrations for the hub's PostgreSQL store. Each migration runs in its
// own transaction and records its version; concurrent hubs starting together serialise on an
// advisory lock, so exactly one applies each step.

#include "core/common/Result.h"
#include "server/PgConnection.h"

namespace avocet::hub {

int latestSchemaVersion();
core::Result<int> migrateSchema(PgConnection& connection); // returns the version now in place

// Advisory lock keys shared by every hub process.
inline constexpr long long kMigrationLockKey = 0x417643455401;
inline constexpr long long kWriteLockKey = 0x417643455402;

} // namespace avocet::hub
