// Pull paging against servers unlike avocet-hub: one that gives no `next` links (Medplum's
// in-memory repository pages only by _count) and refuses `_total`; the client must still read
// every record exactly once, make progress when a whole page shares one lastUpdated, and fall
// back to searches without `_total=none`.

#include "tests/unit/sync/SyncTestSupport.h"

#include <Poco/URI.h>

#include <algorithm>

using namespace avocet::core;
using namespace avocet::core::sync;
using nlohmann::json;

namespace {

// Answers `Patient?_sort=_lastUpdated&_count=N[&_lastUpdated=geX]` from a fixed list, sorted by
// lastUpdated, without any link; 404 for history. Optionally refuses `_total` with 400.
class LinklessServer : public HttpTransport
{
public:
    LinklessServer(std::vector<json> records, bool refuseTotal) : m_records(std::move(records)), m_refuseTotal(refuseTotal)
    {
    }

    Result<HttpResponse> send(const HttpRequest& request) override
    {
        targets.push_back(request.target);
        Poco::URI uri(request.target);
        if (uri.getPath() != "/Patient")
            return HttpResponse{404, {}, R"({"resourceType":"OperationOutcome"})"};
        std::size_t count = 100;
        std::string since;
        for (const auto& [name, value] : uri.getQueryParameters()) {
            if (name == "_total" && m_refuseTotal)
                return HttpResponse{400, {}, R"({"resourceType":"OperationOutcome"})"};
            if (name == "_count")
                count = static_cast<std::size_t>(std::stoul(value));
            if (name == "_lastUpdated" && value.rfind("ge", 0) == 0)
                since = value.substr(2);
        }
        json bundle = {{"resourceType", "Bundle"}, {"type", "searchset"}, {"entry", json::array()}};
        for (const auto& record : m_records) {
            if (bundle["entry"].size() >= count)
                break;
            const auto when = parseInstant(record["meta"]["lastUpdated"].get<std::string>());
            if (!since.empty() && when < parseInstant(since))
                continue;
            bundle["entry"].push_back({{"resource", record}, {"search", {{"mode", "match"}}}});
        }
        return HttpResponse{200, {{"date", "Wed, 25 Nov 2026 01:00:00 GMT"}}, bundle.dump()};
    }

    std::vector<std::string> targets;

private:
    std::vector<json> m_records;
    bool m_refuseTotal;
};

// `n` patients; `sameInstant` of them (the first ones) share one lastUpdated.
std::vector<json> patients(int n, int sameInstant)
{
    std::vector<json> out;
    for (int i = 0; i < n; ++i) {
        const int second = i < sameInstant ? 0 : i;
        char when[40];
        std::snprintf(when, sizeof when, "2026-11-25T00:%02d:%02d.000Z", second / 60, second % 60);
        out.push_back({{"resourceType", "Patient"},
                       {"id", "p" + std::to_string(i)},
                       {"meta", {{"versionId", "1"}, {"lastUpdated", when}}}});
    }
    return out;
}

class PagingTest : public avocet::test::SyncTest
{
public:
    std::unique_ptr<SyncEngine> linklessEngine(std::vector<json> records, bool refuseTotal, int pageSize)
    {
        auto transport = std::make_unique<LinklessServer>(std::move(records), refuseTotal);
        server = transport.get();
        auto c = config();
        c.pullTypes = {"Patient"};
        c.pageSize = pageSize;
        auto client = std::make_unique<FhirClient>(std::move(transport), "", c.retry, clock, random);
        return std::make_unique<SyncEngine>(db, c, std::move(client), clock, random);
    }
    LinklessServer* server = nullptr;
};

} // namespace

TEST_F(PagingTest, WithoutNextLinksAFullPageContinuesFromTheNewestLastUpdated)
{
    auto engine = linklessEngine(patients(95, 0), false, 20);
    auto pulled = engine->pull();
    ASSERT_TRUE(pulled.ok()) << pulled.message();
    EXPECT_TRUE(pulled->error.empty()) << pulled->error;
    EXPECT_EQ(pulled->pulled, 95);
    EXPECT_EQ(*engine->store().count("Patient"), 95);
    for (const auto& target : server->targets) {
        if (target.rfind("/Patient?", 0) == 0) {
            EXPECT_NE(target.find("_total=none"), std::string::npos) << target;
        }
    }
    // 95 records in pages of 20, each page after the first re-reading its boundary record:
    // 0-19, 19-38, 38-57, 57-76 (full) and 76-94.
    const auto searches = std::count_if(server->targets.begin(), server->targets.end(),
                                        [](const std::string& t) { return t.rfind("/Patient?", 0) == 0; });
    EXPECT_EQ(searches, 5);
}

TEST_F(PagingTest, APageThatSharesOneInstantAsksForMoreInsteadOfLooping)
{
    auto engine = linklessEngine(patients(60, 45), false, 20); // 45 records at the same instant
    auto pulled = engine->pull();
    ASSERT_TRUE(pulled.ok()) << pulled.message();
    EXPECT_TRUE(pulled->error.empty()) << pulled->error;
    EXPECT_EQ(pulled->pulled, 60);
    bool grew = false;
    for (const auto& target : server->targets)
        grew = grew || target.find("_count=80") != std::string::npos;
    EXPECT_TRUE(grew) << "the page size should double until the shared instant fits";
}

TEST_F(PagingTest, AServerThatRefusesTotalIsAskedAgainWithoutIt)
{
    auto engine = linklessEngine(patients(10, 0), true, 20);
    auto pulled = engine->pull();
    ASSERT_TRUE(pulled.ok()) << pulled.message();
    EXPECT_TRUE(pulled->error.empty()) << pulled->error;
    EXPECT_EQ(pulled->pulled, 10);
    ASSERT_GE(server->targets.size(), 2u);
    EXPECT_NE(server->targets[0].find("_total=none"), std::string::npos);
    EXPECT_EQ(server->targets[1].find("_total"), std::string::npos);
}
