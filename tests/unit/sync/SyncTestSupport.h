#pragma once
// Shared set-up for the sync tests: an encrypted, migrated cache in a temp dir, a FakeFhirServer on
// loopback, and the time/randomness seams (a fake clock whose sleeps return at once and are recorded).

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/crypto/SecureBuffer.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "core/sync/SyncEngine.h"
#include "tests/support/FakeFhirServer.h"
#include "tests/support/TempDir.h"

namespace avocet::test {

class FakeClock : public core::sync::Clock
{
public:
    explicit FakeClock(core::sync::SystemTime start = std::chrono::system_clock::now()) : m_now(start) {}
    core::sync::SystemTime now() override
    {
        std::lock_guard lock(m_mutex);
        return m_now;
    }
    void sleepFor(core::sync::Millis duration) override
    {
        std::lock_guard lock(m_mutex);
        m_sleeps.push_back(duration);
        m_now += duration;
    }
    void advance(std::chrono::system_clock::duration by)
    {
        std::lock_guard lock(m_mutex);
        m_now += by;
    }
    std::vector<core::sync::Millis> sleeps()
    {
        std::lock_guard lock(m_mutex);
        return m_sleeps;
    }

private:
    std::mutex m_mutex;
    core::sync::SystemTime m_now;
    std::vector<core::sync::Millis> m_sleeps;
};

class FixedRandom : public core::sync::RandomSource
{
public:
    explicit FixedRandom(double value = 0.5) : m_value(value) {}
    double uniform() override { return m_value; }
    std::string uuid() override { return core::sync::systemRandom()->uuid(); }
    void set(double value) { m_value = value; }

private:
    double m_value;
};

class SyncTest : public ::testing::Test
{
public:
    void SetUp() override
    {
        auto opened = core::store::Database::open(m_dir / "cache.db", m_key, core::store::Database::Mode::CreateIfMissing);
        ASSERT_TRUE(opened.ok()) << opened.message();
        db = std::move(opened).value();
        ASSERT_TRUE(core::store::applyMigrations(db, core::store::cacheMigrations()).ok());
    }

    core::sync::SyncConfig config()
    {
        core::sync::SyncConfig c;
        c.baseUrl = server.baseUrl();
        c.pullTypes = {"Patient", "QuestionnaireResponse"};
        c.transport.connectTimeout = std::chrono::milliseconds(1000);
        c.transport.receiveTimeout = std::chrono::milliseconds(400);
        c.transport.sendTimeout = std::chrono::milliseconds(1000);
        c.retry.maxAttempts = 8;
        return c;
    }

    std::unique_ptr<core::sync::SyncEngine> engine(core::sync::SyncConfig c)
    {
        auto made = core::sync::SyncEngine::create(db, std::move(c), clock, random);
        EXPECT_TRUE(made.ok()) << made.message();
        return made.ok() ? std::move(made).value() : nullptr;
    }
    std::unique_ptr<core::sync::SyncEngine> engine() { return engine(config()); }

    static nlohmann::json response(const std::string& patientRef, const std::string& text)
    {
        return {{"resourceType", "QuestionnaireResponse"},
                {"status", "completed"},
                {"questionnaire", "https://example.org/Questionnaire/phq9|1.0"},
                {"subject", {{"reference", patientRef}}},
                {"item", nlohmann::json::array({{{"linkId", "note"}, {"answer", nlohmann::json::array({{{"valueString", text}}})}}})}};
    }
    static nlohmann::json patient(const std::string& nhs, const std::string& family)
    {
        return {{"resourceType", "Patient"},
                {"identifier", nlohmann::json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
                {"name", nlohmann::json::array({{{"family", family}, {"given", nlohmann::json::array({"Canary"})}}})}};
    }

    int outboxSize()
    {
        auto n = db.queryInt("SELECT count(*) FROM sync_outbox");
        return n ? static_cast<int>(*n) : -1;
    }

    TempDir m_dir{"sync"};
    core::crypto::SecureBuffer m_key = core::crypto::SecureBuffer::random(32);
    core::store::Database db;
    FakeFhirServer server;
    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
    std::shared_ptr<FixedRandom> random = std::make_shared<FixedRandom>();
};

} // namespace avocet::test
