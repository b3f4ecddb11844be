// avocet_designer_hub_tests (issue 8): the designer, on the offscreen platform, builds a template
// from scratch (enableWhen, score, Paris mapping) and publishes it through its own publish path to
// the REAL avocet-hub on a throwaway PostgreSQL cluster (tests/integration/support), signed in as a
// change manager; the mapping goes to POST /mappings. A second client — its own encrypted cache
// and the real SyncEngine, signed in as a clinician — syncs and finds the template and the mapping
// in its cache. A draft the clinician starts on 1.0.0 stays on 1.0.0 after 2.0.0 arrives.
#include <QTest>

#include <algorithm>
#include <optional>

#include "core/forms/DraftStore.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/sync/SyncEngine.h"
#include "tests/integration/support/HubEnvironment.h"
#include "tests/support/SyncChecks.h"
#include "tests/ui/DesignerScenario.h"

using nlohmann::json;
namespace cf = avocet::core::forms;
namespace cs = avocet::core::sync;
namespace ud = avocet::ui::designer;
using avocet::test::HubEnvironment;

namespace {

const std::string kUrl = "https://fhir.avocet.example/Questionnaire/mood-check";

QString hubUrl() { return QStringLiteral("http://127.0.0.1:%1").arg(HubEnvironment::shared().port()); }

// Publishes through DesignerWindow::publish (off the UI thread, as the Publish… action does).
std::optional<ud::PublishOutcome> publishFromWindow(ud::DesignerWindow& window, const QString& user)
{
    std::optional<ud::PublishOutcome> outcome;
    window.publish({hubUrl(), user, QString::fromLatin1(avocet::test::kTestPassword)},
                   [&outcome](ud::PublishOutcome o) { outcome = std::move(o); });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 60000))
        return std::nullopt;
    return outcome;
}

void setRoot(ud::DesignerWindow& window, const char* key, const std::string& value)
{
    QVERIFY(window.document().edit(QStringLiteral("root"), [&](cf::TemplateEditor& e) { return e.setRoot(key, value); }));
}

// The cached Questionnaire with this url|version, if the client holds it.
std::optional<json> cachedTemplate(cs::SyncEngine& engine, const std::string& version)
{
    auto all = engine.store().list("Questionnaire");
    if (!all)
        return std::nullopt;
    for (const auto& resource : *all)
        if (resource.content.value("url", "") == kUrl && resource.content.value("version", "") == version)
            return resource.content;
    return std::nullopt;
}

} // namespace

class DesignerHubTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void publishesToTheRealHubAndASecondClientFindsTemplateAndMapping();
};

void DesignerHubTest::publishesToTheRealHubAndASecondClientFindsTemplateAndMapping()
{
    HubEnvironment::shared(); // throwaway PostgreSQL + avocet-hub; users "designer" (change manager), "nurse.north"

    // 1. The change manager builds the template from scratch, maps it to Paris and approves it.
    ud::DesignerWindow window;
    avocet::test::MoodCheck built;
    avocet::test::buildMoodCheck(window, built);
    if (QTest::currentTestFailed())
        return;
    setRoot(window, "version", "1.0.0");
    ud::MappingEditor* paris = window.mappingEditor(QStringLiteral("Paris"));
    QVERIFY(paris);
    avocet::test::mapMoodCheckToParis(*paris, built);
    if (QTest::currentTestFailed())
        return;
    setRoot(window, "status", "active");
    QCOMPARE(window.lintErrorCount(), 0);

    // A clinician may not publish: refused before anything is sent.
    const auto refused = ud::DesignerWindow::publishNow(window.document().questionnaire(), std::nullopt,
                                                        {hubUrl(), QStringLiteral("nurse.north"),
                                                         QString::fromLatin1(avocet::test::kTestPassword)},
                                                        window.document().state().mappings);
    QVERIFY(!refused.ok);
    QVERIFY2(refused.message.contains(QStringLiteral("change manager")), qPrintable(refused.message));

    // 2. Published through the designer's own path, with the Paris mapping beside it.
    auto first = publishFromWindow(window, QStringLiteral("designer"));
    QVERIFY(first);
    QVERIFY2(first->ok, qPrintable(first->message));
    QCOMPARE(first->mappings, QStringList{QStringLiteral("mood-check.paris@1.0.0")});
    QVERIFY(window.baseline() && window.baseline()->value("version", "") == "1.0.0");

    // 3. A second client: its own encrypted cache, the real engine, signed in as a clinician.
    avocet::test::SyncCache cache("designer-hub");
    cs::SyncConfig config;
    config.baseUrl = hubUrl().toStdString();
    config.pullTypes = {"Questionnaire"};
    config.pullMappings = true; // the hub's EPR mapping documents into the cache too
    auto engine = cs::SyncEngine::create(cache.db, config);
    QVERIFY2(engine.ok(), engine.ok() ? "" : engine.message().c_str());
    QVERIFY((*engine)->login("nurse.north", avocet::test::kTestPassword).ok());
    QVERIFY(avocet::test::syncUntilComplete(**engine, 5));
    const auto v1 = cachedTemplate(**engine, "1.0.0");
    QVERIFY(v1);
    QCOMPARE(v1->value("title", ""), std::string("Mood check"));
    QVERIFY(v1->contains("item") && (*v1)["item"].size() == 5);
    // The mapping reaches the clinician's cache too, as published (SyncStore::mappings).
    {
        auto cached = (*engine)->store().mappings();
        QVERIFY(cached.ok());
        // (the hub also serves the shipped mappings of resources/mappings)
        const auto mine = std::find_if(cached->begin(), cached->end(),
                                       [](const json& m) { return m.value("id", "") == "mood-check.paris"; });
        QVERIFY(mine != cached->end());
        QCOMPARE(mine->at("template").value("url", ""), kUrl);
        QVERIFY(*mine == window.document().state().mappings.at("Paris"));
    }
    // 4. The clinician starts a draft on 1.0.0.
    auto q1 = cf::Questionnaire::fromJson(*v1);
    QVERIFY(q1.ok());
    auto session = cf::FormSession::open(*q1);
    QVERIFY(session.ok());
    QVERIFY(session->chooseOption(built.q1.toStdString(), "LA6570-1"));
    cf::DraftStore drafts(cache.db);
    const std::string draftId = cf::DraftStore::newId();
    auto draft = cf::DraftStore::capture(*session, draftId, "local-patient-1");
    QVERIFY(draft.ok());
    QVERIFY(drafts.save(*draft).ok());

    // 5. The change manager publishes 2.0.0 (a changed question); the clinician syncs again.
    QVERIFY(window.document().edit(QStringLiteral("text"), [&](cf::TemplateEditor& e) {
        return e.setField(built.q1.toStdString(), "text", "Little interest or pleasure in your usual activities");
    }));
    setRoot(window, "version", "2.0.0");
    // The Paris mapping made for 1.0.0 (fits ~1.0.0) does not fit 2.0.0: refused, nothing sent.
    auto stale = publishFromWindow(window, QStringLiteral("designer"));
    QVERIFY(stale);
    QVERIFY(!stale->ok);
    QVERIFY2(stale->message.contains(QStringLiteral("Paris")), qPrintable(stale->message));
    {
        json next = window.document().state().mappings.at("Paris");
        next["version"] = "2.0.0";
        next["template"]["version"] = "2.0.0";
        next["template"]["fits"] = "~2.0.0";
        window.document().setMapping(QStringLiteral("new mapping version"), "Paris", next);
    }
    auto second = publishFromWindow(window, QStringLiteral("designer"));
    QVERIFY(second);
    QVERIFY2(second->ok, qPrintable(second->message));
    QVERIFY(avocet::test::syncUntilComplete(**engine, 5));
    QVERIFY(cachedTemplate(**engine, "2.0.0"));
    QVERIFY(cachedTemplate(**engine, "1.0.0")); // each version is its own resource: 1.0.0 is still there
    {
        auto cached = (*engine)->store().mappings();
        QVERIFY(cached.ok());
        QVERIFY(std::any_of(cached->begin(), cached->end(), [](const json& m) {
            return m.value("id", "") == "mood-check.paris" && m.value("version", "") == "2.0.0";
        }));
    }

    // The draft reopens on 1.0.0 with its answer, not on 2.0.0.
    auto loaded = drafts.load(draftId);
    QVERIFY(loaded.ok() && loaded->has_value());
    QCOMPARE((*loaded)->summary.questionnaire, kUrl + "|1.0.0");
    auto reopened = cf::DraftStore::restore(**loaded);
    QVERIFY(reopened.ok());
    QCOMPARE(reopened->questionnaire().version(), std::string("1.0.0"));
    QCOMPARE(reopened->answers(built.q1.toStdString()).size(), std::size_t{1});
}

QTEST_MAIN(DesignerHubTest)
#include "DesignerHubTest.moc"
