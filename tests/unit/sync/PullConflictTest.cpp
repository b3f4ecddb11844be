// Pull with server watermarks, tombstones, conflicts, clock skew, audit push and the briefcase
// (SECURITY-RELIABILITY 18, 19).

#include "tests/unit/sync/SyncTestSupport.h"

#include "core/audit/AuditLog.h"

using namespace avocet::core;
using namespace avocet::core::sync;
using avocet::test::Fault;
using avocet::test::FaultRule;
using avocet::test::SyncTest;
using nlohmann::json;

class Pull : public SyncTest
{
protected:
    std::vector<std::string> seedPatients(int n, const std::string& prefix)
    {
        std::vector<std::string> ids;
        for (int i = 0; i < n; ++i) {
            char nhs[16];
            std::snprintf(nhs, sizeof nhs, "999%07d", i);
            ids.push_back(server.put(patient(nhs, prefix + std::to_string(i)))["id"]);
        }
        return ids;
    }
    std::optional<std::string> mark(const std::string& type, const std::string& kind = "search")
    {
        auto st = db.prepare("SELECT instant FROM sync_watermarks WHERE type = ? AND kind = ?");
        st->bindAll(type, kind);
        if (!*st->step())
            return std::nullopt;
        return st->text(0);
    }
};

TEST_F(Pull, FollowsNextLinksAndAdvancesTheServerWatermarkPerPage)
{
    const auto ids = seedPatients(23, "Paged");
    auto c = config();
    c.pageSize = 5;
    auto e = engine(c);
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(summary->pulled, 23);
    EXPECT_EQ(*e->store().count("Patient"), 23);
    // 5 pages, plus the first search once more: FakeFhirServer refuses `_total=none` (400) and
    // the client asks again without it.
    EXPECT_EQ(server.requests("GET", "/Patient?"), 6);
    const auto newest = server.current("Patient", ids.back())->at("meta").at("lastUpdated").get<std::string>();
    EXPECT_EQ(mark("Patient"), newest);

    // Next run: ge the watermark returns only the boundary record, de-duplicated by version.
    auto again = e->syncNow();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->pulled, 0);
}

// A server that pages with `next` links caps a page at its own maximum and links the rest, so
// once one has been seen the client asks for the larger linkedPageSize: fewer round trips.
TEST_F(Pull, OnceTheServerLinksPagesLaterSearchesAskForTheLargerLinkedPage)
{
    seedPatients(12, "Linked");
    auto c = config();
    c.pageSize = 5;
    c.linkedPageSize = 50;
    c.batchSearches = false; // every search a GET of its own, to see the page each asks for
    auto e = engine(c);
    auto first = e->syncNow();
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(first->complete) << first->error;
    EXPECT_EQ(*e->store().count("Patient"), 12);
    // Before any link the Patient search asked for pages of 5 (three pages, linked).
    EXPECT_GE(server.requests("GET", "/Patient?_sort=_lastUpdated&_count=5"), 3);
    EXPECT_EQ(server.requests("GET", "/Patient?_sort=_lastUpdated&_count=50"), 0);
    // The types pulled after the first linked page ask for 50.
    EXPECT_EQ(server.requests("GET", "/QuestionnaireResponse?"), 1);
    EXPECT_EQ(server.requests("GET", "/QuestionnaireResponse?_sort=_lastUpdated&_count=50"), 1);

    seedPatients(9, "Linked-later");
    auto second = e->syncNow();
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->complete) << second->error;
    EXPECT_EQ(second->pulled, 9);
    EXPECT_EQ(server.requests("GET", "/Patient?_sort=_lastUpdated&_count=50"), 1) << "nine new patients in one page";
}

// Every type's first search page, and its history page once that has a watermark, travel in one
// batch Bundle of GETs; a fresh engine for a server that has linked a page asks for the larger
// page from its first search, and one for a server that refused _total does not send it (both
// remembered per server, so the batch's URLs are the ones each search then asks for).
TEST_F(Pull, FirstPagesTravelInOneBatchAndAFreshEngineAsksForTheLinkedPageAtOnce)
{
    seedPatients(12, "Batched");
    auto c = config();
    c.pageSize = 5;
    c.linkedPageSize = 50;
    {
        auto e = engine(c);
        auto first = e->syncNow();
        ASSERT_TRUE(first.ok());
        EXPECT_TRUE(first->complete) << first->error;
        EXPECT_EQ(e->searchBatches(), 1);
        EXPECT_EQ(*e->store().count("Patient"), 12);
    }
    seedPatients(9, "Batched-later");
    const int posts = server.requests("POST", "/");
    const int patientGets = server.requests("GET", "/Patient?");
    const int smallPages = server.requests("GET", "/Patient?_sort=_lastUpdated&_count=5");
    auto e = engine(c);
    auto second = e->syncNow();
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->complete) << second->error;
    EXPECT_EQ(second->pulled, 9);
    EXPECT_EQ(*e->store().count("Patient"), 21);
    EXPECT_EQ(server.requests("POST", "/") - posts, 1) << "one batch of searches";
    EXPECT_EQ(server.requests("GET", "/Patient?") - patientGets, 0) << "the Patient search was in the batch";
    EXPECT_EQ(server.requests("GET", "/Patient?_sort=_lastUpdated&_count=5") - smallPages, 0)
        << "the batch asked for the linked page size";
}

TEST_F(Pull, AnInterruptedPullKeepsEveryAppliedPageAndResumesWithoutGapsOrDuplicates)
{
    seedPatients(20, "Resume");
    auto c = config();
    c.pageSize = 5;
    c.retry.maxAttempts = 1;
    auto e = engine(c);
    // The third page fails (twice: the transport reconnects once at once on a kept-alive connection).
    // The first search is refused for its `_total=none` and asked again: three requests pass.
    server.addFault({"GET", "/Patient", Fault::DropBeforeCommit, 3, 2});
    auto first = e->syncNow();
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(first->complete);
    EXPECT_EQ(*e->store().count("Patient"), 10);
    const auto afterTwoPages = mark("Patient");
    ASSERT_TRUE(afterTwoPages.has_value());
    seedPatients(3, "Later"); // written while the client was cut off
    auto second = e->syncNow();
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->complete) << second->error;
    EXPECT_EQ(second->pulled, 13);
    EXPECT_EQ(*e->store().count("Patient"), 23);
}

TEST_F(Pull, DeviceClockADayOffMissesAndDuplicatesNothing)
{
    for (const auto skew : {std::chrono::hours(-24), std::chrono::hours(24)}) {
        SCOPED_TRACE(skew.count());
        clock = std::make_shared<avocet::test::FakeClock>(std::chrono::system_clock::now() + skew);
        ASSERT_TRUE(db.exec("DELETE FROM sync_resources; DELETE FROM sync_watermarks; DELETE FROM sync_tombstones").ok());
        const int before = static_cast<int>(server.live("Patient").size());
        seedPatients(7, "Skew");
        auto e = engine();
        auto first = e->syncNow();
        ASSERT_TRUE(first.ok());
        EXPECT_EQ(first->pulled, before + 7);
        // Writes that land during the next runs, while the device clock also jumps.
        seedPatients(4, "Skew-later");
        clock->advance(std::chrono::hours(-30));
        auto second = e->syncNow();
        ASSERT_TRUE(second.ok());
        EXPECT_EQ(second->pulled, 4);
        clock->advance(std::chrono::hours(50));
        auto third = e->syncNow();
        EXPECT_EQ(third->pulled, 0);
        EXPECT_EQ(*e->store().count("Patient"), static_cast<std::int64_t>(server.live("Patient").size()));
        // The watermark is the server's own lastUpdated, whatever the device clock says.
        auto newest = server.live("Patient");
        std::string max;
        for (const auto& p : newest)
            max = std::max(max, p["meta"]["lastUpdated"].get<std::string>());
        EXPECT_EQ(mark("Patient"), max);
    }
}

TEST_F(Pull, ServerClockOffsetDoesNotConfuseWatermarks)
{
    server.setClockOffset(std::chrono::hours(-24));
    seedPatients(5, "ServerBehind");
    auto e = engine();
    EXPECT_EQ(e->syncNow()->pulled, 5);
    server.setClockOffset(std::chrono::seconds(0)); // jumps forward a day
    seedPatients(2, "ServerFixed");
    EXPECT_EQ(e->syncNow()->pulled, 2);
}

TEST_F(Pull, TwoClientsEditingOneRecordGiveAStoredConflictWithBothVersionsAndNoOverwrite)
{
    const auto id = server.put(patient("9990000034", "Shared"))["id"].get<std::string>();
    auto e = engine();
    ASSERT_TRUE(e->syncNow()->complete);
    auto local = *e->store().getByServerId("Patient", id);
    ASSERT_TRUE(local.has_value());

    // Another client updates the record on the server.
    auto theirs = *server.current("Patient", id);
    theirs["gender"] = "male";
    server.put(theirs);
    // This client edits its off-line copy.
    auto mine = local->content;
    mine["gender"] = "female";
    ASSERT_TRUE(e->store().updateLocal("Patient", local->localId, mine).ok());

    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->conflicts, 1);
    EXPECT_EQ(server.current("Patient", id)->value("gender", ""), "male") << "never overwritten";
    EXPECT_EQ(server.versionsOf("Patient", id), 2u);
    const auto status = e->status();
    ASSERT_EQ(status.conflicts.size(), 1u);
    const auto& conflict = status.conflicts[0];
    EXPECT_EQ(conflict.reason, "version");
    EXPECT_EQ(json::parse(conflict.localContent).value("gender", ""), "female");
    EXPECT_EQ(json::parse(conflict.serverContent).value("gender", ""), "male");
    EXPECT_EQ(conflict.serverVersion, "2");
    EXPECT_EQ(status.pending, 0);

    // The user keeps their version: it syncs on top of the server's.
    ASSERT_TRUE(e->store().resolveConflict(conflict.id, Resolution::KeepLocal).ok());
    auto resolved = e->syncNow();
    ASSERT_TRUE(resolved.ok());
    EXPECT_TRUE(resolved->complete) << resolved->error;
    EXPECT_EQ(server.current("Patient", id)->value("gender", ""), "female");
    EXPECT_EQ(server.versionsOf("Patient", id), 3u);
    EXPECT_TRUE(e->store().conflicts()->empty());
}

TEST_F(Pull, ADeletedRecordNeverComesBack)
{
    const auto ids = seedPatients(3, "Doomed");
    auto e = engine();
    ASSERT_TRUE(e->syncNow()->complete);
    ASSERT_EQ(*e->store().count("Patient"), 3);

    clock->advance(std::chrono::seconds(10));
    ASSERT_TRUE(server.remove("Patient", ids[0]));
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(summary->deleted, 1);
    EXPECT_EQ(*e->store().count("Patient"), 2);
    EXPECT_TRUE(e->store().isTombstoned("Patient", ids[0]));

    // A stale copy of the record (an old page replayed) is refused by the tombstone.
    ASSERT_TRUE(db.exec("DELETE FROM sync_watermarks WHERE kind = 'search'").ok());
    EXPECT_EQ(e->syncNow()->pulled, 0);
    EXPECT_EQ(*e->store().count("Patient"), 2);

    // An off-line edit of a record deleted on the server becomes a conflict, not a resurrection.
    auto kept = *e->store().getByServerId("Patient", ids[1]);
    ASSERT_TRUE(server.remove("Patient", ids[1]));
    auto edited = kept->content;
    edited["gender"] = "other";
    ASSERT_TRUE(e->store().updateLocal("Patient", kept->localId, edited).ok());
    auto after = e->syncNow();
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->conflicts, 1);
    EXPECT_FALSE(server.current("Patient", ids[1]).has_value());
    const auto conflicts = *e->store().conflicts();
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0].reason, "deleted");
    EXPECT_EQ(json::parse(conflicts[0].localContent).value("gender", ""), "other");
    EXPECT_FALSE(e->store().resolveConflict(conflicts[0].id, Resolution::KeepLocal).ok());
    EXPECT_TRUE(e->store().resolveConflict(conflicts[0].id, Resolution::KeepServer).ok());
}

TEST_F(Pull, PushesTheLocalAuditChainOnceEvenWhenTheAnswerIsLost)
{
    audit::AuditLog log(db);
    for (int i = 0; i < 12; ++i) {
        audit::AuditEvent event;
        event.user = "nurse.canary";
        event.action = i % 2 ? audit::action::View : audit::action::Edit;
        event.device = "test-device";
        event.patientId = "local-patient-" + std::to_string(i % 3);
        ASSERT_TRUE(log.append(event).ok());
    }
    auto e = engine();
    e->setAuditLog(&log);
    server.addFault({"POST", "/", Fault::DropAfterCommit, 0, 1});
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    auto events = server.live("AuditEvent");
    EXPECT_EQ(events.size(), 12u);
    std::set<std::string> keys;
    for (const auto& event : events)
        for (const auto& entity : event["entity"])
            for (const auto& detail : entity.value("detail", json::array()))
                if (detail["type"] == kAuditChainDetail)
                    keys.insert(detail["valueString"].get<std::string>());
    EXPECT_EQ(keys.size(), 12u);

    audit::AuditEvent more;
    more.user = "nurse.canary";
    more.action = audit::action::Lock;
    more.device = "test-device";
    ASSERT_TRUE(log.append(more).ok());
    auto again = e->syncNow();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->auditPushed, 1);
    EXPECT_EQ(server.live("AuditEvent").size(), 13u);
}

TEST_F(Pull, BriefcaseDownloadsTheCaseloadWithAnExpiryAndIsWipedWhenExpiredOrRevoked)
{
    const auto ids = seedPatients(4, "Caseload");
    server.put({{"resourceType", "Flag"}, {"status", "active"}, {"subject", {{"reference", "Patient/" + ids[0]}}},
                {"code", {{"text", "canary risk flag"}}}});
    server.put(response("Patient/" + ids[1], "recent visit"));
    auto c = config();
    c.pullTypes = {"Patient", "QuestionnaireResponse", "Flag", "Task", "Questionnaire"};
    auto e = engine(c);
    auto prepared = e->prepareBriefcase();
    ASSERT_TRUE(prepared.ok()) << prepared.message();
    EXPECT_EQ(prepared->patients, 4);
    EXPECT_EQ(prepared->resources, 6);
    EXPECT_FALSE(prepared->expiresAt.empty());

    // A patient taken off the caseload is wiped at the next preparation, with their records.
    server.remove("Patient", ids[0]);
    auto again = e->prepareBriefcase();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->revoked, 1);
    EXPECT_EQ(*e->store().count("Flag"), 0);

    // Unsynced work survives the wipe; everything else goes once the briefcase expired.
    auto unsynced = e->store().createLocal(response("Patient/" + ids[2], "written off-line"));
    ASSERT_TRUE(unsynced.ok());
    EXPECT_EQ(*wipeExpiredBriefcase(db, clock->now() + std::chrono::hours(1)), 0);
    const auto wiped = wipeExpiredBriefcase(db, clock->now() + std::chrono::hours(13));
    ASSERT_TRUE(wiped.ok());
    EXPECT_GE(*wiped, 4);
    EXPECT_EQ(*e->store().count("Patient"), 0);
    EXPECT_EQ(*e->store().count("QuestionnaireResponse"), 1);
    EXPECT_EQ(outboxSize(), 1);
}

TEST_F(Pull, BriefcaseIsWipedWhenTheDeviceClockIsWoundBack)
{
    seedPatients(2, "Rewind");
    auto e = engine();
    ASSERT_TRUE(e->prepareBriefcase().ok());
    EXPECT_EQ(*wipeExpiredBriefcase(db, clock->now() + std::chrono::hours(2)), 0);
    EXPECT_GT(*wipeExpiredBriefcase(db, clock->now() - std::chrono::hours(3)), 0);
}
