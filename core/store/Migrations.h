#pragma once
// Ordered schema migrations. Each runs in its own transaction together with the record of its
// version, so a crash mid-migration leaves the previous version intact.

#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/store/Database.h"

namespace avocet::core::store {

struct Migration
{
    int version = 0;
    std::string description;
    std::string sql;
};

// Applies every migration newer than the database's PRAGMA user_version, in order. Refuses a
// database written by a newer Avocet (its version is above the last migration known here).
Status applyMigrations(Database& db, const std::vector<Migration>& migrations);

// The cache schema (core/store/Schema.cpp). Later features append migrations; never edit one.
const std::vector<Migration>& cacheMigrations();

} // namespace avocet::core::store
