// First sign-in on a shared computer through the trust's identity provider: the real
// oidc-provider (tests/oidc-provider) and the real avocet-hub on PostgreSQL. The nurse types only
// the server and a passphrase for this computer; the sign-in page opens in "the browser" (here a
// thread that follows the provider's redirects, signs in on its page and comes back to Avocet's
// loopback address); the user name comes from the sign-on, the profile is created with the
// passphrase (never the trust password) and holds the hub's token; when the provider disables her,
// the next sync says the sign-on ended (the window locks on it); a sign-in the user abandons
// creates nothing. Skips when node or the npm packages are missing.
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QAction>

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>
#include <memory>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/store/ProfileStore.h"
#include "core/sync/SignOn.h"
#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubSql.h"
#include "tests/integration/support/OidcTestProvider.h"
#include "core/sync/SyncStore.h"
#include "ui/MainWindow.h"
#include "ui/Session.h"
#include "ui/SignOnUi.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/WelcomeView.h"
#include "ui/sync/FirstSignIn.h"
#include "ui/sync/SyncController.h"
#include "ui/sync/SyncUi.h"
#include "ui/SessionClock.h"

using namespace avocet;

namespace {

constexpr const char* kPassphrase = "ward computer passphrase 19";

// The wall clock the session checks the briefcase's expiry against: the real one, moved on by
// the test (the briefcase itself is stamped with the real time when it is prepared).
class MovedClock final : public ui::SessionClock
{
public:
    MovedClock() { m_started.start(); }
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc().addSecs(m_aheadSeconds.load()); }
    qint64 monotonicMs() const override { return m_started.elapsed(); }
    void moveOn(qint64 seconds) { m_aheadSeconds += seconds; }

private:
    QElapsedTimer m_started;
    std::atomic<qint64> m_aheadSeconds{0};
};

qint64 patientCount(ui::Session& session)
{
    std::optional<qint64> count;
    QObject context;
    QEventLoop loop;
    session.countPatients(&context, [&](ui::Reply<qint64> reply) {
        count = reply.ok() ? reply.value : -1;
        loop.quit();
    });
    if (!count) {
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return count.value_or(-2);
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
    QTest::qWait(50); // let the last layout and paint settle
    const QString path = QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
}

std::string iso(std::chrono::system_clock::time_point at)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// A synthetic patient as the Paris feed sends one.
nlohmann::json feedPatient(const std::string& recordId, const std::string& nhs, const std::string& family,
                           const std::string& given)
{
    const std::string paris = "https://fhir.avocet.example/Id/paris-record-id";
    return {{"resourceType", "Patient"},
            {"identifier", nlohmann::json::array({{{"system", paris}, {"value", recordId}},
                                                  {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
            {"extension", nlohmann::json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/epr-changed-at"},
                                                  {"valueInstant", iso(std::chrono::system_clock::now() -
                                                                       std::chrono::seconds(5))}}})},
            {"name", nlohmann::json::array({{{"use", "official"}, {"family", family}, {"given", {given}}}})},
            {"gender", "female"},
            {"birthDate", "1981-03-14"}};
}

} // namespace

class FirstSignOnTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ui::initResources();
        std::string why;
        bool skip = false;
        m_provider = test::OidcTestProvider::start(m_dir.filePath(QStringLiteral("keys.json")).toStdString(), why, skip);
        if (!m_provider) {
            if (skip)
                QSKIP(why.c_str());
            QFAIL(why.c_str());
        }
        {
            std::ofstream key(m_dir.filePath(QStringLiteral("token.key")).toStdString());
            key << "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90\n";
        }
        m_hub = test::HubEnvironment::shared().startHub(
            {"--oidc-issuer", m_provider->issuer(), "--oidc-client-id", "avocet-desktop", "--oidc-token-key-file",
             m_dir.filePath(QStringLiteral("token.key")).toStdString(), "--oidc-group", "avocet-ward-staff=ward_staff",
             "--oidc-group", "team-south-ward=teams=south-ward", "--oidc-group", "avocet-clinicians=clinician",
             "--oidc-group", "team-north-community=teams=north-community", "--token-seconds", "1"});
        QVERIFY(m_hub != nullptr);
    }

    void theNurseSignsInAtTheTrustsPageAndGetsHerOwnProfileWithHerOwnPassphrase()
    {
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        ui::Session session(profiles);
        ui::sync::SyncControllerOptions options;
        options.periodicMs = 0;
        options.offlineProbeMs = 0;
        options.watchNetwork = false;
        options.signOnTimeoutMs = 60000;
        std::thread browser;
        std::atomic<int> pagesOpened{0};
        options.openBrowser = [&](const std::string& url) {
            ++pagesOpened;
            const std::string redirect = core::sync::queryParameter(url, "redirect_uri");
            browser = std::thread([url, redirect] {
                test::TestBrowser agent;
                const std::string back = agent.signIn(url, redirect, "ben.ward", "synthetic-Passw0rd-2");
                agent.send("GET", back);
            });
        };
        ui::sync::SyncController controller(session, options);
        ui::sync::FirstSignInDialog dialog(session, controller);
        dialog.show();
        const QString server = QStringLiteral("http://127.0.0.1:%1").arg(m_hub->port());
        dialog.serverEdit()->setText(server);
        QVERIFY(dialog.signOnButton()->isVisible());

        // The passphrase is still checked before the browser opens.
        dialog.passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog.confirmEdit()->setText(QStringLiteral("something else entirely"));
        dialog.signOnButton()->click();
        QVERIFY(dialog.message().contains(QStringLiteral("not the same")));
        QCOMPARE(pagesOpened.load(), 0);

        QString opened;
        connect(&dialog, &ui::sync::FirstSignInDialog::profileOpened, this, [&](const QString& user) { opened = user; });
        dialog.confirmEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog.signOnButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.result() == QDialog::Accepted || dialog.message().startsWith("Not signed in") ||
                                     dialog.message().startsWith("Your profile"),
                                 60000);
        if (browser.joinable())
            browser.join();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(pagesOpened.load(), 1);
        QCOMPARE(opened, QStringLiteral("ben.ward")); // the user name came from the sign-on
        QCOMPARE(session.user(), QStringLiteral("ben.ward"));
        QVERIFY(profiles.exists("ben.ward"));
        // Disabled at the provider: the next sync (the hub's token has expired, so it refreshes) is
        // refused by the hub, and the controller says the sign-on ended (the window locks on it).
        QSignalSpy ended(&controller, &ui::sync::SyncController::signOnEnded);
        m_provider->control("users/ben.ward/disable");
        QTest::qWait(2100);
        controller.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() >= 1, 30000);
        QVERIFY2(ended.first().first().toString().contains(QStringLiteral("no longer vouches")),
                 qPrintable(ended.first().first().toString()));

        // Locked: her profile opens with her passphrase, and the trust password opens nothing.
        session.lock();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isUnlocked(), 20000);
        QVERIFY(!profiles.unlock("ben.ward", "synthetic-Passw0rd-2").ok());
        QVERIFY(profiles.unlock("ben.ward", kPassphrase).ok());
        QCOMPARE(QString::fromStdString(test::sqlValue(test::HubEnvironment::shared().conninfo(),
                                                       "SELECT role FROM users WHERE username = 'ben.ward'")),
                 QStringLiteral("ward_staff"));
    }

    void anAbandonedSignInCreatesNothing()
    {
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles-2")).toStdString());
        ui::Session session(profiles);
        ui::sync::SyncControllerOptions options;
        options.periodicMs = 0;
        options.offlineProbeMs = 0;
        options.watchNetwork = false;
        options.signOnTimeoutMs = 500;
        options.openBrowser = [](const std::string&) {}; // the user closes the browser
        ui::sync::SyncController controller(session, options);
        ui::sync::FirstSignInDialog dialog(session, controller);
        dialog.serverEdit()->setText(QStringLiteral("http://127.0.0.1:%1").arg(m_hub->port()));
        dialog.passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog.confirmEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog.signOnButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.message().startsWith(QStringLiteral("Not signed in")), 20000);
        QVERIFY2(dialog.message().contains(QStringLiteral("did not come back")), qPrintable(dialog.message()));
        QVERIFY(dialog.signOnButton()->isEnabled());
        const auto users = profiles.users();
        QVERIFY(users.ok() && users->empty());
    }

    void signingOutEndsTheHubLoginOpensTheProvidersEndSessionPageAndLeavesNothingBehind()
    {
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles-3")).toStdString());
        ui::Session session(profiles);
        ui::MainWindowOptions options;
        options.idleLockMs = 0;
        options.watchDesktop = false;
        options.devicePolicy = ui::DevicePolicy{}; // a touchdown PC
        std::thread browser;
        std::mutex openedMutex;
        std::vector<std::string> endSessionPages;
        options.openBrowser = [&](const std::string& url) {
            if (url.find("/session/end") != std::string::npos) { // what Sign out opens
                std::lock_guard hold(openedMutex);
                endSessionPages.push_back(url);
                return;
            }
            const std::string redirect = core::sync::queryParameter(url, "redirect_uri");
            browser = std::thread([url, redirect] {
                test::TestBrowser agent;
                agent.send("GET", agent.signIn(url, redirect, "ada.north", "synthetic-Passw0rd-1"));
            });
        };
        ui::MainWindow window(session, options);
        window.show();
        window.start();
        QTRY_COMPARE(window.screen(), ui::MainWindow::Screen::Welcome); // no profile on this PC yet
        Q_EMIT window.welcomeView()->firstSignInRequested();
        QTRY_VERIFY(window.firstSignInDialog() != nullptr);
        ui::sync::FirstSignInDialog* dialog = window.firstSignInDialog();
        dialog->serverEdit()->setText(QStringLiteral("http://127.0.0.1:%1").arg(m_hub->port()));
        dialog->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->confirmEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->signOnButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked() && window.screen() != ui::MainWindow::Screen::Welcome, 60000);
        if (browser.joinable())
            browser.join();
        QCOMPARE(session.user(), QStringLiteral("ada.north"));
        const std::string liveLogins = "SELECT count(*) FROM sessions WHERE username = 'ada.north' AND NOT revoked";
        QVERIFY(std::stoi(test::sqlValue(test::HubEnvironment::shared().conninfo(), liveLogins)) >= 1);

        window.signOnUi()->signOutAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isUnlocked() && window.screen() == ui::MainWindow::Screen::Unlock, 30000);
        QTRY_VERIFY(window.statusText().contains(QStringLiteral("Signed out")));
        // The hub's login ended at once; the provider's own session ends in the browser.
        QCOMPARE(test::sqlValue(test::HubEnvironment::shared().conninfo(), liveLogins), std::string("0"));
        {
            std::lock_guard hold(openedMutex);
            QCOMPARE(endSessionPages.size(), std::size_t(1));
            QVERIFY2(endSessionPages.front().rfind(m_provider->issuer() + "/session/end?", 0) == 0,
                     endSessionPages.front().c_str());
            QVERIFY(endSessionPages.front().find("id_token_hint=") != std::string::npos);
        }
        // Nothing of the session is left for the next person: an empty passphrase field, no keychain
        // key, and no sign-in kept in the profile (her passphrase still opens it off-line).
        QVERIFY(window.unlockView()->passphraseEdit()->text().isEmpty());
        QVERIFY(!profiles.hasKeychainWrap("ada.north"));
        auto cache = profiles.unlock("ada.north", kPassphrase, "test");
        QVERIFY(cache.ok());
        core::sync::SyncStore store((*cache)->database());
        const auto server = store.state("server");
        QVERIFY(server.ok() && server->has_value());
        const auto token = store.state("token:" + **server);
        QVERIFY(token.ok());
        if (token->has_value()) {
            const auto kept = nlohmann::json::parse(token->value(), nullptr, false);
            QVERIFY(kept.is_object());
            QCOMPARE(kept.value("access", std::string("?")), std::string());
            QCOMPARE(kept.value("refresh", std::string("?")), std::string());
        }
    }

    void theHubEndingTheSignOnLocksTheWindowSayingSoAndThePassphraseStillOpensTheBriefcaseUntilItExpires()
    {
        // Two synthetic patients on the north community team's caseload, fed by the Paris EPR.
        auto& env = test::HubEnvironment::shared();
        QCOMPARE(env.admin({"create-user", "feed.paris.signon", "--role", "epr_feed", "--epr", "Paris"}), 0);
        const auto fed = env.clientFor("feed.paris.signon")
                             .post("/",
                                   nlohmann::json{{"resourceType", "Bundle"},
                                                  {"type", "transaction"},
                                                  {"entry", nlohmann::json::array(
                                                                {{{"request", {{"method", "POST"}, {"url", "Patient"}}},
                                                                  {"resource", feedPatient("P-SSO-1", "9990003416",
                                                                                           "Canary-Signon", "Ada")}},
                                                                 {{"request", {{"method", "POST"}, {"url", "Patient"}}},
                                                                  {"resource", feedPatient("P-SSO-2", "9990003424",
                                                                                           "Canary-Briefcase", "Bea")}}})}},
                                   {{"Content-Type", "application/fhir+json"}});
        QVERIFY2(fed.status == 200, fed.body.c_str());
        for (const char* nhs : {"9990003416", "9990003424"}) {
            const auto found = env.clientFor("admin1").get(std::string("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C") + nhs);
            const auto bundle = found.json();
            QVERIFY2(bundle.is_object() && bundle.contains("entry") && !bundle["entry"].empty(), found.body.c_str());
            QCOMPARE(env.admin({"assign-caseload", "north-community",
                                "Patient/" + bundle["entry"][0]["resource"].value("id", std::string())}),
                     0);
        }
        // A hub of its own (it goes off-line later), where the provider tells of ended sessions.
        auto hub = env.startHub({"--oidc-issuer", m_provider->issuer(), "--oidc-client-id", "avocet-desktop",
                                 "--oidc-token-key-file", m_dir.filePath(QStringLiteral("token.key")).toStdString(),
                                 "--oidc-group", "avocet-clinicians=clinician", "--oidc-group",
                                 "team-north-community=teams=north-community"});
        QVERIFY(hub != nullptr);
        m_provider->control("backchannel?uri=http://127.0.0.1:" + std::to_string(hub->port()) +
                            "/auth/oidc/backchannel-logout");
        struct Reset
        {
            test::OidcTestProvider* provider;
            ~Reset() { provider->control("backchannel?uri="); }
        } reset{m_provider.get()};

        ui::applyTheme(*qApp); // as the app looks (the screenshot is in docs/desktop.md)
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles-4")).toStdString());
        ui::Session session(profiles);
        MovedClock clock;
        session.setClock(&clock);
        ui::MainWindowOptions options;
        options.idleLockMs = 0;
        options.watchDesktop = false;
        options.devicePolicy = ui::DevicePolicy{};
        std::thread browser;
        options.openBrowser = [&](const std::string& url) {
            const std::string redirect = core::sync::queryParameter(url, "redirect_uri");
            browser = std::thread([url, redirect] {
                test::TestBrowser agent;
                agent.send("GET", agent.signIn(url, redirect, "jon.briefcase", "synthetic-Passw0rd-10"));
            });
        };
        ui::MainWindow window(session, options);
        window.resize(1100, 700);
        window.show();
        window.start();
        QTRY_COMPARE(window.screen(), ui::MainWindow::Screen::Welcome);
        Q_EMIT window.welcomeView()->firstSignInRequested();
        QTRY_VERIFY(window.firstSignInDialog() != nullptr);
        ui::sync::FirstSignInDialog* dialog = window.firstSignInDialog();
        dialog->serverEdit()->setText(QStringLiteral("http://127.0.0.1:%1").arg(hub->port()));
        dialog->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->confirmEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->signOnButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked() && window.screen() != ui::MainWindow::Screen::Welcome, 60000);
        if (browser.joinable())
            browser.join();
        QCOMPARE(session.user(), QStringLiteral("jon.briefcase"));

        // Ready for off-line: the caseload's briefcase (12 hours).
        ui::sync::SyncController* controller = window.syncUi()->controller();
        QTRY_VERIFY_WITH_TIMEOUT(window.firstSignInDialog() == nullptr || !window.firstSignInDialog()->isVisible(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 60000);
        QSignalSpy briefcase(controller, &ui::sync::SyncController::briefcaseFinished);
        controller->prepareForOffline(12);
        QTRY_VERIFY_WITH_TIMEOUT(briefcase.count() == 1, 60000);
        QVERIFY2(briefcase.first().first().toBool(), qPrintable(briefcase.first().at(1).toString()));
        QCOMPARE(patientCount(session), qint64(2));

        // The provider ends her session and tells the hub (back-channel logout); at the next sync the
        // hub refuses the refresh, saying so, and the window locks with a message that says what
        // happened and how to go on.
        const std::string sid = test::sqlValue(env.conninfo(),
                                               "SELECT o.provider_sid FROM oidc_sessions o JOIN oidc_identities i ON"
                                               " i.subject = o.subject WHERE i.username = 'jon.briefcase' AND"
                                               " o.ended_reason IS NULL LIMIT 1");
        QVERIFY(!sid.empty());
        m_provider->control("users/jon.briefcase/backchannel-logout?sid=" + sid);
        controller->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isUnlocked() && window.screen() == ui::MainWindow::Screen::Unlock, 30000);
        QLabel* notice = window.unlockView()->noticeLabel();
        QVERIFY(notice->isVisible());
        for (const char* words : {"Your trust sign-in has ended", "session at the trust's sign-in service ended",
                                  "sign in with your trust account", "passphrase still unlocks"})
            QVERIFY2(notice->text().contains(QString::fromLatin1(words)), qPrintable(notice->text()));
        QVERIFY2(window.statusText().contains(QStringLiteral("Your trust sign-in has ended")),
                 qPrintable(window.statusText()));
        saveScreenshot(window, QStringLiteral("sign-on-ended-locked.png"));
        QDir().mkpath(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR));
        QVERIFY(window.grab().save(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR "/sign-on-ended-locked.png")));
        if (QTest::currentTestFailed())
            return;

        // The passphrase unlocks at once; the dead sign-in was forgotten, so the sync that follows
        // the unlock does not end the session again, and the briefcase is all there.
        QSignalSpy runs(controller, &ui::sync::SyncController::runFinished);
        window.unlockView()->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        window.unlockView()->unlockButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(runs.count() >= 1, 30000);
        QVERIFY(session.isUnlocked());
        QVERIFY(window.screen() != ui::MainWindow::Screen::Unlock);
        QVERIFY(!notice->isVisible());
        QCOMPARE(patientCount(session), qint64(2));

        // Signing in again from the unlock screen, through the trust's page: the profile already here
        // opens with its passphrase, keeps the new sign-in, and syncs again.
        window.lockSession();
        QTRY_VERIFY(!session.isUnlocked());
        QSignalSpy synced(controller, &ui::sync::SyncController::runFinished);
        Q_EMIT window.unlockView()->firstSignInRequested();
        QTRY_VERIFY(window.firstSignInDialog() != nullptr);
        dialog = window.firstSignInDialog();
        dialog->serverEdit()->setText(QStringLiteral("http://127.0.0.1:%1").arg(hub->port()));
        dialog->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->confirmEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->signOnButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 60000);
        if (browser.joinable())
            browser.join();
        auto completed = [&synced] {
            for (const auto& run : synced)
                if (run.at(0).toBool())
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(completed(), 60000);
        QCOMPARE(session.user(), QStringLiteral("jon.briefcase"));
        QCOMPARE(patientCount(session), qint64(2));

        // Off-line (the hub is gone): the passphrase still opens the briefcase within its expiry...
        window.lockSession();
        QTRY_VERIFY(!session.isUnlocked());
        hub.reset();
        window.unlockView()->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        window.unlockView()->unlockButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 30000);
        QCOMPARE(patientCount(session), qint64(2));

        // ...and past it the records are wiped at the unlock, before anything is shown.
        window.lockSession();
        QTRY_VERIFY(!session.isUnlocked());
        clock.moveOn(13 * 3600);
        window.unlockView()->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        window.unlockView()->unlockButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 30000);
        QCOMPARE(patientCount(session), qint64(0));
    }

    void cleanupTestCase()
    {
        m_hub.reset();
        m_provider.reset();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::OidcTestProvider> m_provider;
    std::unique_ptr<test::HubProcess> m_hub;
};

QTEST_MAIN(FirstSignOnTest)
#include "FirstSignOnTest.moc"
