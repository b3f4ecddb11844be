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

#include <atomic>
#include <fstream>
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

using namespace avocet;

namespace {

constexpr const char* kPassphrase = "ward computer passphrase 19";

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
