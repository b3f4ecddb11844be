#pragma once
// Checks shared by the sync tests that run the real engine against a real server (avocet-hub in
// tests/integration/SyncHubTest.cpp, Medplum in SyncIndependentFhirTest.cpp).

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto/SecureBuffer.h"
#include "core/store/Database.h"
#include "core/sync/SyncEngine.h"
#include "tests/support/TempDir.h"

namespace avocet::test {

// A fresh encrypted client cache with every cache migration applied.
struct SyncCache
{
    explicit SyncCache(const std::string& tag);
    TempDir dir;
    core::crypto::SecureBuffer key;
    core::store::Database db;
};

// Queues `count` records made by `make(i)` with SyncStore::createLocal in one transaction and
// returns their client identifiers (empty, with a test failure, if the cache refused one).
std::vector<std::string> queueRecords(core::store::Database& db, int count,
                                      const std::function<nlohmann::json(int)>& make);

// The same inside a new encrypted profile (minimal KDF) for `avocetctl --profile dir --user user`.
std::vector<std::string> profileWithQueue(const std::filesystem::path& dir, const std::string& user,
                                          const std::string& passphrase, int count,
                                          const std::function<nlohmann::json(int)>& make);

// syncNow() until a run says complete, at most `maxRuns` times; false if none did.
bool syncUntilComplete(core::sync::SyncEngine& engine, int maxRuns);

// How the client identifiers queued by a test were found on the server.
struct OnceTally
{
    int missing = 0;
    int doubled = 0;
};
OnceTally tallyOnce(const std::vector<std::string>& ids, const std::map<std::string, int>& onServer);

// Two clients that both hold `patientId` edit it off-line; `a` pushes first, then `b`, whose
// If-Match is stale. Expects: `b` gets one stored conflict with both versions, the server keeps
// `a`'s edit (`serverCopy` reads the server's current version), and `b`'s outbox is empty.
void expectSecondEditBecomesStoredConflict(core::sync::SyncEngine& a, core::sync::SyncEngine& b,
                                           const std::string& patientId,
                                           const std::function<nlohmann::json()>& serverCopy);

} // namespace avocet::test
