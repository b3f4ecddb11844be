// A conflict resolved by a merge (the conflicts view's "Merge"): the merged version is
// what the cache keeps, on top of the server's version; the conflict is closed; the merge is queued
// and pushed with If-Match of that server version, so it lands as the next version — and a server
// that moved on again in the meantime gives a new conflict instead of being overwritten. The merge
// itself (which item from which side) is ui/sync/ConflictRows, tested in ui.ConflictRows.

#include "tests/unit/sync/SyncTestSupport.h"

#include <mutex>

using namespace avocet::core;
using namespace avocet::core::sync;
using nlohmann::json;

namespace {

// Passes every request to the real connection and keeps a copy of it.
class RecordingTransport : public HttpTransport
{
public:
    explicit RecordingTransport(std::unique_ptr<HttpTransport> inner) : m_inner(std::move(inner)) {}

    Result<HttpResponse> send(const HttpRequest& request) override
    {
        {
            std::lock_guard lock(m_mutex); // bundles go out from the engine's sending thread
            m_sent.push_back(request);
        }
        return m_inner->send(request);
    }
    void reset() override { m_inner->reset(); }
    int connectionsOpened() const override { return m_inner->connectionsOpened(); }

    // The If-Match of every write to `url` ("QuestionnaireResponse/f1"), as a header or in a batch entry.
    std::vector<std::string> ifMatchFor(const std::string& url)
    {
        std::lock_guard lock(m_mutex);
        std::vector<std::string> found;
        for (const auto& request : m_sent) {
            if (request.method == "PUT" && request.target.find("/" + url) != std::string::npos) {
                for (const auto& [name, value] : request.headers)
                    if (name == "If-Match")
                        found.push_back(value);
            }
            if (request.method != "POST" || request.body.empty())
                continue;
            const json bundle = json::parse(request.body, nullptr, false);
            if (!bundle.is_object() || bundle.value("resourceType", "") != "Bundle")
                continue;
            for (const auto& entry : bundle.value("entry", json::array())) {
                const auto r = entry.value("request", json::object());
                if (r.value("method", "") == "PUT" && r.value("url", "") == url && r.contains("ifMatch"))
                    found.push_back(r["ifMatch"].get<std::string>());
            }
        }
        return found;
    }

private:
    std::unique_ptr<HttpTransport> m_inner;
    std::mutex m_mutex;
    std::vector<HttpRequest> m_sent;
};

json phq9(int item2, int item9)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"status", "completed"},
            {"questionnaire", "https://fhir.avocet.example/Questionnaire/phq-9|1.0"},
            {"subject", {{"reference", "Patient/pat-1"}}},
            {"item", json::array({{{"linkId", "phq9-1"}, {"answer", json::array({{{"valueInteger", 1}}})}},
                                  {{"linkId", "phq9-2"}, {"answer", json::array({{{"valueInteger", item2}}})}},
                                  {{"linkId", "phq9-9"}, {"answer", json::array({{{"valueInteger", item9}}})}}})}};
}

int answer(const json& form, int index)
{
    return form["item"][index]["answer"][0].value("valueInteger", -1);
}

class MergedResolution : public avocet::test::SyncTest
{
protected:
    void SetUp() override
    {
        SyncTest::SetUp();
        auto c = config();
        auto transport = makePocoTransport(c.baseUrl, c.transport);
        ASSERT_TRUE(transport.ok()) << transport.message();
        auto recording = std::make_unique<RecordingTransport>(std::move(*transport));
        recorder = recording.get();
        auto client = std::make_unique<FhirClient>(std::move(recording), "", c.retry, clock, random);
        e = std::make_unique<SyncEngine>(db, c, std::move(client), clock, random);

        // Synced at version 1; then the server's version 2 changes item 9, while this computer's
        // off-line edit changes items 2 and 9: the next run stores a conflict.
        serverId = server.put(phq9(2, 0))["id"].get<std::string>();
        ASSERT_TRUE(e->syncNow()->complete);
        auto local = *e->store().getByServerId("QuestionnaireResponse", serverId);
        ASSERT_TRUE(local.has_value());
        localId = local->localId;
        json theirs = *server.current("QuestionnaireResponse", serverId);
        theirs["item"][2]["answer"][0]["valueInteger"] = 2;
        server.put(theirs);
        json mine = local->content;
        mine["item"][1]["answer"][0]["valueInteger"] = 3;
        mine["item"][2]["answer"][0]["valueInteger"] = 1;
        ASSERT_TRUE(e->store().updateLocal("QuestionnaireResponse", localId, mine).ok());
        ASSERT_EQ(e->syncNow()->conflicts, 1);
        auto conflicts = e->store().conflicts();
        ASSERT_TRUE(conflicts.ok());
        ASSERT_EQ(conflicts->size(), 1u);
        conflict = conflicts->front();
        ASSERT_EQ(conflict.serverVersion, "2");
    }

    // Item 2 from mine, item 9 from theirs (what the conflicts view builds with item 9 ticked).
    json mergedForm()
    {
        json merged = json::parse(conflict.localContent);
        merged["item"][2] = json::parse(conflict.serverContent)["item"][2];
        return merged;
    }

    std::unique_ptr<SyncEngine> e;
    RecordingTransport* recorder = nullptr;
    std::string serverId;
    std::string localId;
    ConflictInfo conflict;
};

} // namespace

TEST_F(MergedResolution, IsStoredOnTopOfTheServersVersionAndQueued)
{
    ASSERT_TRUE(e->store().resolveConflict(conflict.id, Resolution::Merged, mergedForm()).ok());

    EXPECT_TRUE(e->store().conflicts()->empty()) << "resolved";
    auto local = **e->store().get("QuestionnaireResponse", localId);
    EXPECT_EQ(answer(local.content, 1), 3) << "item 2: mine";
    EXPECT_EQ(answer(local.content, 2), 2) << "item 9: theirs";
    EXPECT_EQ(answer(local.content, 0), 1);
    EXPECT_EQ(local.content.value("id", ""), serverId);
    EXPECT_EQ(local.versionId.value_or(""), "2") << "the server's version is the base now";
    EXPECT_EQ(local.patientRef.value_or(""), "Patient/pat-1");

    auto queued = *e->store().outboxFor("QuestionnaireResponse", localId);
    ASSERT_TRUE(queued.has_value());
    EXPECT_EQ(queued->op, "update");
    EXPECT_EQ(queued->baseVersion.value_or(""), "2");
    EXPECT_EQ(queued->state, "pending");
    EXPECT_EQ(*e->store().pendingCount(), 1);
}

TEST_F(MergedResolution, SyncsWithIfMatchOfTheServersVersion)
{
    ASSERT_TRUE(e->store().resolveConflict(conflict.id, Resolution::Merged, mergedForm()).ok());
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(summary->conflicts, 0);

    const auto ifMatch = recorder->ifMatchFor("QuestionnaireResponse/" + serverId);
    ASSERT_FALSE(ifMatch.empty());
    EXPECT_EQ(ifMatch.back(), "W/\"2\"");
    EXPECT_EQ(server.versionsOf("QuestionnaireResponse", serverId), 3u);
    const json onServer = *server.current("QuestionnaireResponse", serverId);
    EXPECT_EQ(answer(onServer, 1), 3);
    EXPECT_EQ(answer(onServer, 2), 2);
    EXPECT_EQ(*e->store().pendingCount(), 0);
    EXPECT_EQ((**e->store().get("QuestionnaireResponse", localId)).versionId.value_or(""), "3");
}

TEST_F(MergedResolution, AServerThatMovedOnAgainGivesANewConflictNotAnOverwrite)
{
    ASSERT_TRUE(e->store().resolveConflict(conflict.id, Resolution::Merged, mergedForm()).ok());
    json again = *server.current("QuestionnaireResponse", serverId);
    again["item"][0]["answer"][0]["valueInteger"] = 0;
    server.put(again); // version 3, made after the user merged against version 2

    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_EQ(summary->conflicts, 1);
    EXPECT_EQ(server.versionsOf("QuestionnaireResponse", serverId), 3u) << "never overwritten";
    EXPECT_EQ(answer(*server.current("QuestionnaireResponse", serverId), 0), 0);
    auto conflicts = *e->store().conflicts();
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0].serverVersion, "3");
    EXPECT_EQ(answer(json::parse(conflicts[0].localContent), 2), 2) << "the merge is kept for the next decision";
}
