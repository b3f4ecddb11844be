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
-- Name search uses the FTS5 index below, not a b-tree on names: FTS5 writes each transaction's
-- postings as one new segment, so bulk inserts do not dirty (and re-encrypt) a random index page
-- per row (bench: store.insert_100k_tx500_encrypted_vs_plain).
CREATE VIRTUAL TABLE patient_search USING fts5(
    given_name, family_name, nhs_number, birth_date,
    content='patients', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', detail='column'
);
CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN
    INSERT INTO patient_search(rowid, given_name, family_name, nhs_number, birth_date)
    VALUES (new.rowid, new.given_name, new.family_name, new.nhs_number, new.birth_date);
END;
CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN
    INSERT INTO patient_search(patient_search, rowid, given_name, family_name, nhs_number, birth_date)
    VALUES ('delete', old.rowid, old.given_name, old.family_name, old.nhs_number, old.birth_date);
END;
CREATE TRIGGER patients_search_update AFTER UPDATE ON patients BEGIN
    INSERT INTO patient_search(patient_search, rowid, given_name, family_name, nhs_number, birth_date)
    VALUES ('delete', old.rowid, old.given_name, old.family_name, old.nhs_number, old.birth_date);
    INSERT INTO patient_search(rowid, given_name, family_name, nhs_number, birth_date)
    VALUES (new.rowid, new.given_name, new.family_name, new.nhs_number, new.birth_date);
END;
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
        {2, "sync: local FHIR resources, outbox, watermarks, conflicts, tombstones, state",
         R"sql(
CREATE TABLE sync_resources (
    type          TEXT NOT NULL,
    local_id      TEXT NOT NULL,
    server_id     TEXT,
    version_id    TEXT,
    last_updated  TEXT,
    client_id     TEXT,
    patient_ref   TEXT,
    content       TEXT NOT NULL,
    origin        TEXT NOT NULL DEFAULT 'server',
    briefcase     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (type, local_id)
);
CREATE UNIQUE INDEX sync_resources_by_server ON sync_resources(type, server_id) WHERE server_id IS NOT NULL;
CREATE TABLE sync_outbox (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    type          TEXT NOT NULL,
    local_id      TEXT NOT NULL,
    op            TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    change_id     TEXT NOT NULL,
    base_version  TEXT,
    revision      INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL DEFAULT 'pending',
    last_error    TEXT,
    UNIQUE (type, local_id)
);
CREATE TABLE sync_watermarks (
    server        TEXT NOT NULL,
    type          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    instant       TEXT NOT NULL,
    PRIMARY KEY (server, type, kind)
);
CREATE TABLE sync_conflicts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    type            TEXT NOT NULL,
    local_id        TEXT NOT NULL,
    server_id       TEXT,
    client_id       TEXT,
    base_version    TEXT,
    server_version  TEXT,
    local_content   TEXT NOT NULL,
    server_content  TEXT,
    reason          TEXT NOT NULL,
    detected_at     TEXT NOT NULL,
    resolved        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sync_tombstones (
    type          TEXT NOT NULL,
    server_id     TEXT NOT NULL,
    deleted_at    TEXT,
    PRIMARY KEY (type, server_id)
);
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql"},
        {3, "caseload: teams, visits, legal status, reviews, scores, alert acknowledgements",
         R"sql(
CREATE TABLE caseload_teams (
    team TEXT PRIMARY KEY
);
-- No foreign keys to patients: patients are upserted with INSERT OR REPLACE, which would cascade.
CREATE TABLE visits (
    id          TEXT PRIMARY KEY,
    patient_id  TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    minutes     INTEGER NOT NULL DEFAULT 30,
    kind        TEXT NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'planned'
);
CREATE INDEX visits_by_start ON visits(starts_at);
CREATE TABLE legal_status (
    id               TEXT PRIMARY KEY,
    patient_id       TEXT NOT NULL,
    power            TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    preceding_start  TEXT,
    extended         INTEGER NOT NULL DEFAULT 0,
    ended_at         TEXT
);
CREATE INDEX legal_status_by_patient ON legal_status(patient_id);
CREATE TABLE reviews (
    patient_id  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    setting     TEXT NOT NULL,
    last_done   TEXT NOT NULL,
    PRIMARY KEY (patient_id, subject)
);
CREATE TABLE score_results (
    id           TEXT PRIMARY KEY,
    patient_id   TEXT NOT NULL,
    instrument   TEXT NOT NULL,
    item         TEXT NOT NULL,
    value        REAL NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX score_results_by_patient ON score_results(patient_id);
CREATE TABLE alert_acknowledgements (
    alert_key        TEXT PRIMARY KEY,
    patient_id       TEXT NOT NULL,
    acknowledged_at  TEXT NOT NULL
);
)sql"},
        {5, "identity: patient master index (people, EPR records, review queue, link events)",
         R"sql(
CREATE TABLE pmi_persons (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL
);
CREATE TABLE pmi_records (
    epr           TEXT NOT NULL,
    epr_id        TEXT NOT NULL,
    person_id     TEXT NOT NULL REFERENCES pmi_persons(id),
    nhs_number    TEXT,
    nhs_verified  INTEGER NOT NULL DEFAULT 0,
    given_name    TEXT NOT NULL,
    family_name   TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    postcode      TEXT,
    link_basis    TEXT NOT NULL,
    no_auto_link  INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (epr, epr_id)
);
CREATE INDEX pmi_records_by_person ON pmi_records(person_id);
CREATE INDEX pmi_records_by_nhs ON pmi_records(nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX pmi_records_by_birth ON pmi_records(birth_date);
CREATE TABLE pmi_review (
    id           INTEGER PRIMARY KEY,
    epr_a        TEXT NOT NULL,
    epr_id_a     TEXT NOT NULL,
    epr_b        TEXT NOT NULL,
    epr_id_b     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'distinct')),
    created_at   TEXT NOT NULL,
    resolved_at  TEXT,
    resolved_by  TEXT,
    UNIQUE (epr_a, epr_id_a, epr_b, epr_id_b)
);
CREATE TABLE pmi_events (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    action     TEXT NOT NULL,
    epr        TEXT NOT NULL,
    epr_id     TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    by_user    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);
)sql"},
        {6, "forms: drafts with the template version they were started on",
         R"sql(
CREATE TABLE form_drafts (
    id             TEXT PRIMARY KEY,
    patient_id     TEXT NOT NULL,
    questionnaire  TEXT NOT NULL,
    title          TEXT NOT NULL,
    template       TEXT NOT NULL,
    response       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX form_drafts_by_patient ON form_drafts(patient_id, updated_at);
)sql"},
        {7, "sync: look up local resources by client identifier",
         R"sql(
-- SyncEngine::applyResource looks every pulled resource up by its client identifier; without
-- this index each lookup scanned (and decrypted) the whole table, so a download grew with n^2.
CREATE INDEX sync_resources_by_client ON sync_resources(type, client_id) WHERE client_id IS NOT NULL;
)sql"},
        {8, "patient search: ordered indexes for as-you-type search, caseload scope in the FTS index",
         R"sql(
-- As-you-type search over 300,000 patients (docs/desktop.md, bench search.*): a short prefix such as
-- "S" matches tens of thousands of rows, and fetching and sorting them all before LIMIT cost ~300 ms.
-- PatientStore ranks name matches by their position in patients_by_name (held in memory, rebuilt
-- when patients_generation moves); numbers and dates walk their own indexes.
CREATE INDEX patients_by_name ON patients(family_name COLLATE NOCASE, given_name COLLATE NOCASE, birth_date);
CREATE INDEX patients_by_birth ON patients(birth_date, family_name COLLATE NOCASE, given_name COLLATE NOCASE);
CREATE INDEX patients_by_team_nhs ON patients(team, nhs_number);
CREATE INDEX patients_by_team_birth ON patients(team, birth_date, family_name COLLATE NOCASE, given_name COLLATE NOCASE);
INSERT OR REPLACE INTO meta(key, value) VALUES ('patients_generation', 0);
CREATE TRIGGER patients_generation_insert AFTER INSERT ON patients BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'patients_generation';
END;
CREATE TRIGGER patients_generation_update AFTER UPDATE ON patients BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'patients_generation';
END;
CREATE TRIGGER patients_generation_delete AFTER DELETE ON patients BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'patients_generation';
END;
-- Searching only the user's caseload: team_key is one FTS token per team (hex of the team name, so
-- "North" never matches "North East"), and the FTS index is rebuilt with it.
ALTER TABLE patients ADD COLUMN team_key TEXT GENERATED ALWAYS AS (hex(coalesce(team, ''))) VIRTUAL;
DROP TRIGGER patients_search_insert;
DROP TRIGGER patients_search_delete;
DROP TRIGGER patients_search_update;
DROP TABLE patient_search;
CREATE VIRTUAL TABLE patient_search USING fts5(
    given_name, family_name, nhs_number, birth_date, team_key,
    content='patients', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', detail='column'
);
CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN
    INSERT INTO patient_search(rowid, given_name, family_name, nhs_number, birth_date, team_key)
    VALUES (new.rowid, new.given_name, new.family_name, new.nhs_number, new.birth_date, new.team_key);
END;
CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN
    INSERT INTO patient_search(patient_search, rowid, given_name, family_name, nhs_number, birth_date, team_key)
    VALUES ('delete', old.rowid, old.given_name, old.family_name, old.nhs_number, old.birth_date, old.team_key);
END;
CREATE TRIGGER patients_search_update AFTER UPDATE ON patients BEGIN
    INSERT INTO patient_search(patient_search, rowid, given_name, family_name, nhs_number, birth_date, team_key)
    VALUES ('delete', old.rowid, old.given_name, old.family_name, old.nhs_number, old.birth_date, old.team_key);
    INSERT INTO patient_search(rowid, given_name, family_name, nhs_number, birth_date, team_key)
    VALUES (new.rowid, new.given_name, new.family_name, new.nhs_number, new.birth_date, new.team_key);
END;
INSERT INTO patient_search(patient_search) VALUES ('rebuild');
)sql"},
        {9, "patients: mark the rows that sync projected from FHIR Patients",
         R"sql(
-- core/sync/DesktopProjection keeps these rows in step with sync_resources; other rows (the demo
-- workspace, imports) are never removed by it.
ALTER TABLE patients ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;
)sql"},
        {10, "patient search: no name or date-of-birth b-trees (bulk inserts)",
         R"sql(
-- Every index on patients is written (and each dirty page encrypted) on every insert, and an index
-- in random order dirties a page per row: the two date indexes of migration 8 took bulk inserts
-- from 1.08x to 1.44x plain SQLite (bench store.insert_100k_tx500_encrypted_vs_plain, target
-- 1.25). Dates of birth are found through the FTS index (their numbers are terms) and sorted.
DROP INDEX patients_by_team_birth;
DROP INDEX patients_by_birth;
-- The same for names: PatientStore sorts the name order in memory when patients change.
DROP INDEX patients_by_name;
)sql"},
        {11, "designer: the template being designed, saved after each change",
         R"sql(
-- core/forms/DesignerDraftStore: the change manager's unfinished template, its mappings and the
-- version it is compared with, as one JSON document (one row per cache: the cache is the user's).
CREATE TABLE designer_drafts (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    document    TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
)sql"},
        {12, "caseload: mark the rows the clinical-record projection writes",
         R"sql(
-- core/sync/ClinicalProjection rebuilds the rows marked 'projection' from the synced EPR resources
-- on every run; rows written any other way ('local') are left alone. Before this version the only
-- writer of these tables was the demo workspace, which now goes through the projection: its rows
-- become the projection's, replaced on its next run.
ALTER TABLE visits ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
ALTER TABLE legal_status ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
ALTER TABLE reviews ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
ALTER TABLE score_results ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
UPDATE visits SET source = 'projection';
UPDATE legal_status SET source = 'projection';
UPDATE reviews SET source = 'projection';
UPDATE score_results SET source = 'projection';
)sql"},
        {13, "legal status: the renewals and extensions recorded for a power",
         R"sql(
-- A renewal (s.20) or extension (s.20A) is a fact from the responsible clinician's report, never
-- assumed: the alert engine moves a power into its next period only for one recorded here.
ALTER TABLE legal_status ADD COLUMN renewals_recorded INTEGER NOT NULL DEFAULT 0;
)sql"},
        {14, "legal status: the inputs the law counts deadlines from",
         R"sql(
-- Facts the EPR records beside a power that move its deadlines (core/alerts DeadlineRequest): the
-- s.135/136 extension in hours, the s.68 applicable day (first admission), the last Tribunal, a
-- s.29(4) application to displace the nearest relative, the court's last days of each period
-- (comma-separated dates) and the first dose of the s.58 clock a Part 4A month runs on to. A power
-- whose record could not be read keeps a row saying why, so the patient shows "could not be read".
ALTER TABLE legal_status ADD COLUMN extension_hours INTEGER;
ALTER TABLE legal_status ADD COLUMN first_admission TEXT;
ALTER TABLE legal_status ADD COLUMN last_tribunal TEXT;
ALTER TABLE legal_status ADD COLUMN nr_applied TEXT;
ALTER TABLE legal_status ADD COLUMN nr_disposed TEXT;
ALTER TABLE legal_status ADD COLUMN nr_order_made INTEGER NOT NULL DEFAULT 0;
ALTER TABLE legal_status ADD COLUMN court_last_days TEXT NOT NULL DEFAULT '';
ALTER TABLE legal_status ADD COLUMN related_start TEXT;
ALTER TABLE legal_status ADD COLUMN unreadable TEXT;
)sql"},
        {15, "scores: the item's code, and why an item has no value (declined to answer)",
         R"sql(
-- Alert rules match score items by their code (LOINC or SNOMED CT). An item the person declined
-- to answer has no value: absent_reason says so (HL7 data-absent-reason), and value is not a score.
ALTER TABLE score_results ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE score_results ADD COLUMN absent_reason TEXT NOT NULL DEFAULT '';
)sql"},
        {16, "identity: the sex each EPR records, which automatic linking checks",
         R"sql(
-- Automatic linking (same verified NHS number and birth date in two EPRs) is refused when the
-- records contradict each other: a different recorded sex (FHIR administrative gender) goes to review.
ALTER TABLE pmi_records ADD COLUMN sex TEXT NOT NULL DEFAULT 'unknown';
)sql"},
        {17, "caseload: inpatient discharges and where their discharge summary is",
         R"sql(
-- core/sync/ClinicalProjection: one row per inpatient stay that has ended (an Encounter of class
-- IMP with no Mental Health Act legal status), with the state of its discharge summary to the GP
-- (none; queued on this computer; sent to the hub; rejected by the recipient or failed to deliver,
-- so not received), for the 24-hour alert.
CREATE TABLE discharges (
    id            TEXT PRIMARY KEY,
    patient_id    TEXT NOT NULL,
    discharged_at TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT 'none' CHECK (summary IN ('none', 'queued', 'sent', 'rejected', 'failed')),
    source        TEXT NOT NULL DEFAULT 'projection'
);
CREATE INDEX discharges_by_patient ON discharges (patient_id, discharged_at);
)sql"},
    };
    return migrations;
}

} // namespace avocet::core::store
