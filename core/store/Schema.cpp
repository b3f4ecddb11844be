// The cache schema, as ordered migrations. Append new versions at the end; never edit a shipped one.
#include "core/store/Migrations.h"

namespace avocet::core::store {

const std::vector<Migration>& cacheMigrations()
{
    static const std::vector<Migration> migrations = {
        {1, "patients, audit log and metadata",
         R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE patients (
    id            TEXT PRIMARY KEY,
    nhs_number    TEXT,
    nhs_verified  INTEGER NOT NULL DEFAULT 0,
    given_name    TEXT NOT NULL,
    family_name   TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    sex           TEXT NOT NULL DEFAULT 'unknown',
    postcode      TEXT,
    epr           TEXT NOT NULL,
    epr_id        TEXT NOT NULL,
    team          TEXT,
    notes         TEXT,
    updated_at    TEXT NOT NULL
);
CREATE INDEX patients_by_name ON patients(family_name, given_name);
CREATE UNIQUE INDEX patients_by_nhs ON patients(nhs_number) WHERE nhs_number IS NOT NULL;
CREATE UNIQUE INDEX patients_by_epr ON patients(epr, epr_id);
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user        TEXT NOT NULL,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    patient_id  TEXT,
    device      TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
)sql"},
    };
    return migrations;
}

} // namespace avocet::core::store
