// Keychain unlock against a real Secret Service: ctest runs this under tests/ui/with-secret-service.sh,
// which starts a D-Bus session of its own with gnome-keyring-daemon and an unlocked login collection.
// A managed laptop keeps a fresh secret in the keychain and opens after a "reboot" (a new process
// with a fresh session) without a second secret; a touchdown PC refuses and removes what it finds;
// a wrong or damaged secret says so and changes nothing; with no keychain at all (a process whose
// session bus is gone) turning it on is refused clearly and the passphrase still unlocks.
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QDir>
#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <QSignalSpy>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SignOn.h"
#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/OidcTestProvider.h"
#include "platform/SystemKeychain.h"
#include "tests/support/FileScan.h"
#include "ui/KeychainDialog.h"
#include "ui/KeychainUnlock.h"
#include "ui/MainWindow.h"
#include "ui/Session.h"
#include "ui/SignOnUi.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/WelcomeView.h"
#include "ui/sync/FirstSignIn.h"

using namespace avocet;
namespace fs = std::filesystem;

namespace {

constexpr const char* kUser = "nadia.laptop";
constexpr const char* kPassphrase = "laptop passphrase 42";

ui::DevicePolicy laptop()
{
    ui::DevicePolicy policy;
    policy.deviceClass = ui::DeviceClass::ManagedLaptop;
    return policy;
}

// Waits for one asynchronous reply (keychain calls answer through the event loop).
template <typename T, typename Call>
std::optional<ui::Reply<T>> await(Call call, int timeoutMs = 30000)
{
    std::optional<ui::Reply<T>> result;
    QObject context;
    QEventLoop loop;
    call(&context, [&](ui::Reply<T> reply) {
        result = std::move(reply);
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result;
}

platform::KeychainReply awaitKeychain(const std::function<void(QObject*, platform::Keychain::Done)>& call)
{
    std::optional<platform::KeychainReply> result;
    QObject context;
    QEventLoop loop;
    call(&context, [&](platform::KeychainReply reply) {
        result = std::move(reply);
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result.value_or(platform::KeychainReply{platform::KeychainReply::Outcome::Failed, {}, QStringLiteral("no answer")});
}

// A profile with three synthetic patients, made the way first sign-in makes one (fast KDF for tests).
void makeProfile(const QString& root)
{
    core::store::ProfileStore profiles(root.toStdString());
    QVERIFY(profiles.create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
    auto cache = profiles.unlock(kUser, kPassphrase, "test");
    QVERIFY(cache.ok());
    core::identity::SyntheticOptions options;
    options.count = 3;
    QVERIFY((*cache)->patients().upsert(core::identity::generateSyntheticPatients(options)).ok());
}

qint64 patientCount(ui::Session& session)
{
    auto count = await<qint64>([&](QObject* context, auto done) { session.countPatients(context, done); });
    return count && count->ok() ? count->value : -1;
}

// Unlocks with the passphrase and turns keychain unlock on, as a managed laptop's user does once.
bool unlockAndTurnOn(ui::Session& session, platform::Keychain& keychain)
{
    ui::KeychainUnlock unlock(session, &keychain, laptop());
    auto opened = await<ui::Done>([&](QObject* c, auto done) {
        session.unlock(QString::fromLatin1(kUser), QString::fromLatin1(kPassphrase), c, done);
    });
    auto turnedOn = opened && opened->ok() ? await<ui::Done>([&](QObject* c, auto done) {
        unlock.turnOn(QString::fromLatin1(kPassphrase), c, done);
    })
                                           : std::nullopt;
    return turnedOn && turnedOn->ok();
}

// A computer without a keychain service: every call answers Unavailable, as SystemKeychain does
// when there is no Secret Service.
class NoKeychain final : public platform::Keychain
{
public:
    void write(const QString&, const QByteArray&, QObject* context, Done done) override { answer(context, done); }
    void read(const QString&, QObject* context, Done done) override { answer(context, done); }
    void remove(const QString&, QObject* context, Done done) override { answer(context, done); }

private:
    static void answer(QObject* context, Done done)
    {
        QMetaObject::invokeMethod(
            context,
            [done] {
                done({platform::KeychainReply::Outcome::Unavailable, {},
                      QStringLiteral("no Secret Service on this computer")});
            },
            Qt::QueuedConnection);
    }
};

// The second process: nothing carried over from the first but the files and the keychain.
int afterReboot(const QString& root, const QString& mode)
{
    core::store::ProfileStore profiles(root.toStdString());
    ui::Session session(profiles);
    platform::SystemKeychain keychain;
    ui::KeychainUnlock unlock(session, &keychain, laptop());
    const QString user = QString::fromLatin1(kUser);
    if (mode == QLatin1String("unlock")) {
        auto opened = await<ui::Done>([&](QObject* context, auto done) { unlock.unlockAtStart(user, context, done); });
        if (!opened || !opened->ok()) {
            std::printf("not unlocked: %s\n", opened ? qPrintable(opened->message) : "no answer");
            return 1;
        }
        std::printf("unlocked with %lld patients\n", static_cast<long long>(patientCount(session)));
        return session.isUnlocked() ? 0 : 1;
    }
    if (mode == QLatin1String("no-keychain")) {
        auto opened = await<ui::Done>(
            [&](QObject* context, auto done) { session.unlock(user, QString::fromLatin1(kPassphrase), context, done); });
        if (!opened || !opened->ok()) {
            std::printf("passphrase did not unlock\n");
            return 1;
        }
        auto turnedOn = await<ui::Done>(
            [&](QObject* context, auto done) { unlock.turnOn(QString::fromLatin1(kPassphrase), context, done); });
        std::printf("turn on: %s\n", turnedOn ? qPrintable(turnedOn->message) : "no answer");
        const bool refused = turnedOn && !turnedOn->ok();
        return refused && !profiles.hasKeychainWrap(kUser) ? 0 : 1;
    }
    return 2;
}

} // namespace

class KeychainUnlockTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The wrapper started a Secret Service: a probe entry must go in and come back.
        platform::SystemKeychain keychain;
        const QString probe = QStringLiteral("avocet test probe");
        auto written = awaitKeychain([&](QObject* c, auto done) { keychain.write(probe, "probe", c, done); });
        QVERIFY2(written.ok(), qPrintable(QStringLiteral("no Secret Service in this session (run the test through "
                                                         "tests/ui/with-secret-service.sh): ") + written.detail));
        auto read = awaitKeychain([&](QObject* c, auto done) { keychain.read(probe, c, done); });
        QVERIFY(read.ok());
        QCOMPARE(read.secret, QByteArray("probe"));
        QVERIFY(awaitKeychain([&](QObject* c, auto done) { keychain.remove(probe, c, done); }).ok());
    }

    void aManagedLaptopOpensAfterARebootWithoutASecondSecret()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("profiles"));
        makeProfile(root);
        const QString user = QString::fromLatin1(kUser);
        {
            core::store::ProfileStore profiles(root.toStdString());
            ui::Session session(profiles);
            platform::SystemKeychain keychain;
            ui::KeychainUnlock unlock(session, &keychain, laptop());
            QVERIFY(unlock.isOffered());
            auto opened = await<ui::Done>([&](QObject* c, auto done) {
                session.unlock(user, QString::fromLatin1(kPassphrase), c, done);
            });
            QVERIFY(opened && opened->ok());
            // A wrong passphrase turns nothing on.
            auto wrong = await<ui::Done>([&](QObject* c, auto done) { unlock.turnOn(QStringLiteral("not it at all"), c, done); });
            QVERIFY(wrong && !wrong->ok());
            QCOMPARE(wrong->code, core::ErrorCode::WrongPassphrase);
            QVERIFY(!profiles.hasKeychainWrap(kUser));
            auto turnedOn = await<ui::Done>([&](QObject* c, auto done) { unlock.turnOn(QString::fromLatin1(kPassphrase), c, done); });
            QVERIFY2(turnedOn && turnedOn->ok(), turnedOn ? qPrintable(turnedOn->message) : "no answer");
            QVERIFY(profiles.hasKeychainWrap(kUser));
            // The secret is in the keychain and nowhere on the profile's disk.
            auto secret = awaitKeychain([&](QObject* c, auto done) { keychain.read(session.keychainEntryOf(user), c, done); });
            QVERIFY(secret.ok());
            QCOMPARE(secret.secret.size(), qsizetype(core::crypto::kKeychainSecretSize));
            const auto hits = test::findInFiles(profiles.directoryOf(kUser),
                                                {secret.secret.toStdString(), secret.secret.toHex().toStdString()});
            QVERIFY(hits.empty());
            auto on = await<bool>([&](QObject* c, auto done) { unlock.isOn(user, c, done); });
            QVERIFY(on && on->value);
            session.lock();
            QTRY_VERIFY(!session.isUnlocked());
        }
        // "Reboot": a new process with a fresh session and keychain object opens it at start.
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--after-reboot"), root, QStringLiteral("unlock")});
        QVERIFY(child.waitForFinished(60000));
        const QString output = QString::fromUtf8(child.readAllStandardOutput());
        QVERIFY2(child.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("unlocked with 3 patients")), qPrintable(output));

        // A copy of the disk on another computer (another keychain: here, the profile under another
        // folder, whose entry the keychain does not have) opens nothing without the passphrase.
        const QString stolen = dir.filePath(QStringLiteral("stolen"));
        fs::create_directories(stolen.toStdString());
        fs::copy(fs::path(root.toStdString()) / kUser, fs::path(stolen.toStdString()) / kUser,
                 fs::copy_options::recursive);
        core::store::ProfileStore copied(stolen.toStdString());
        QVERIFY(copied.hasKeychainWrap(kUser));
        ui::Session thief(copied);
        platform::SystemKeychain keychain;
        ui::KeychainUnlock unlock(thief, &keychain, laptop());
        auto opened = await<ui::Done>([&](QObject* c, auto done) { unlock.unlockAtStart(user, c, done); });
        QVERIFY(opened && !opened->ok());
        QVERIFY(!thief.isUnlocked());
    }

    void aWrongOrDamagedKeychainSecretSaysSoAndChangesNothing()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("profiles"));
        makeProfile(root);
        const QString user = QString::fromLatin1(kUser);
        core::store::ProfileStore profiles(root.toStdString());
        ui::Session session(profiles);
        platform::SystemKeychain keychain;
        ui::KeychainUnlock unlock(session, &keychain, laptop());
        QVERIFY(unlockAndTurnOn(session, keychain));
        session.lock();
        QTRY_VERIFY(!session.isUnlocked());

        const QString entry = session.keychainEntryOf(user);
        const QByteArray wrongSecret = QByteArray(int(core::crypto::kKeychainSecretSize), '\x5a');
        const QByteArray truncated = QByteArray("damaged");
        for (const QByteArray& bad : {wrongSecret, truncated}) {
            QVERIFY(awaitKeychain([&](QObject* c, auto done) { keychain.write(entry, bad, c, done); }).ok());
            const auto before = test::snapshotDirectory(profiles.directoryOf(kUser));
            auto opened = await<ui::Done>([&](QObject* c, auto done) { unlock.unlockAtStart(user, c, done); });
            QVERIFY(opened && !opened->ok());
            QVERIFY2(opened->message.contains(QStringLiteral("does not open your profile")) &&
                         opened->message.contains(QStringLiteral("passphrase")),
                     qPrintable(opened->message));
            QVERIFY(!session.isUnlocked());
            // Nothing changed: the profile's files, the wrap, the keychain's entry.
            const auto after = test::snapshotDirectory(profiles.directoryOf(kUser));
            QCOMPARE(after.size(), before.size());
            for (const auto& [name, state] : before) {
                QVERIFY2(after.count(name) == 1, name.c_str());
                QVERIFY2(after.at(name).sha256 == state.sha256 && after.at(name).mtimeNs == state.mtimeNs, name.c_str());
            }
            QVERIFY(profiles.hasKeychainWrap(kUser));
            QCOMPARE(awaitKeychain([&](QObject* c, auto done) { keychain.read(entry, c, done); }).secret, bad);
        }
        // The passphrase still unlocks.
        auto opened = await<ui::Done>([&](QObject* c, auto done) { session.unlock(user, QString::fromLatin1(kPassphrase), c, done); });
        QVERIFY(opened && opened->ok());
        QCOMPARE(patientCount(session), qint64(3));
    }

    void aTouchdownPcNeverKeepsAKeyAndRemovesAnyThatExist()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("profiles"));
        makeProfile(root);
        const QString user = QString::fromLatin1(kUser);
        core::store::ProfileStore profiles(root.toStdString());
        ui::Session session(profiles);
        platform::SystemKeychain keychain;
        // The computer was a managed laptop once and kept a key; now it is a touchdown PC.
        QVERIFY(unlockAndTurnOn(session, keychain));
        ui::KeychainUnlock touchdown(session, &keychain, ui::DevicePolicy{});
        QVERIFY(!touchdown.isOffered());
        auto refused = await<ui::Done>([&](QObject* c, auto done) { touchdown.turnOn(QString::fromLatin1(kPassphrase), c, done); });
        QVERIFY(refused && !refused->ok());
        QVERIFY2(refused->message.contains(QStringLiteral("touchdown PC")), qPrintable(refused->message));
        auto candidates = await<QStringList>([&](QObject* c, auto done) { touchdown.startCandidates(c, done); });
        QVERIFY(candidates && candidates->ok() && candidates->value.isEmpty());
        auto atStart = await<ui::Done>([&](QObject* c, auto done) { touchdown.unlockAtStart(user, c, done); });
        QVERIFY(atStart && !atStart->ok());

        auto removed = await<int>([&](QObject* c, auto done) { touchdown.enforcePolicy(c, done); });
        QVERIFY(removed && removed->ok());
        QCOMPARE(removed->value, 1);
        QVERIFY(!profiles.hasKeychainWrap(kUser));
        auto entry = awaitKeychain([&](QObject* c, auto done) { keychain.read(session.keychainEntryOf(user), c, done); });
        QCOMPARE(int(entry.outcome), int(platform::KeychainReply::Outcome::NotFound));
    }

    void theDesktopOpensAtStartFromTheKeychainAndSigningOutRemovesTheKey()
    {
        ui::initResources();
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("profiles"));
        makeProfile(root);
        const QString user = QString::fromLatin1(kUser);
        core::store::ProfileStore profiles(root.toStdString());
        platform::SystemKeychain keychain;
        {
            ui::Session first(profiles);
            QVERIFY(unlockAndTurnOn(first, keychain));
        }
        ui::Session session(profiles);
        ui::MainWindowOptions options;
        options.idleLockMs = 0;
        options.watchDesktop = false;
        options.keychain = &keychain;
        options.devicePolicy = laptop();
        std::vector<std::string> opened;
        options.openBrowser = [&](const std::string& address) { opened.push_back(address); };
        ui::MainWindow window(session, options);
        window.show();
        window.start();
        // After the "reboot", straight in (to the search: this user has no caseload): no passphrase typed.
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 30000);
        QTRY_COMPARE(window.screen(), ui::MainWindow::Screen::Patients);
        ui::SignOnUi* signOn = window.signOnUi();
        QVERIFY(signOn->keychainAction()->isVisible());
        QTRY_VERIFY(signOn->keychainAction()->isChecked());

        // Turned off from the Session menu (no passphrase needed), then on again through the dialog.
        signOn->keychainAction()->trigger();
        QTRY_VERIFY(!profiles.hasKeychainWrap(kUser));
        QVERIFY(!signOn->keychainAction()->isChecked());
        signOn->keychainAction()->trigger();
        QTRY_VERIFY(signOn->keychainDialog() != nullptr && signOn->keychainDialog()->isVisible());
        ui::KeychainDialog* dialog = signOn->keychainDialog();
        dialog->passphraseEdit()->setText(QStringLiteral("not my passphrase"));
        dialog->turnOnButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->message().contains(QStringLiteral("not right")), 20000);
        QVERIFY(!profiles.hasKeychainWrap(kUser));
        QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
        QDir().mkpath(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR));
        QVERIFY(dialog->grab().save(QStringLiteral(AVOCET_SCREENSHOT_DIR "/keychain-unlock-dialog.png")));
        QVERIFY(dialog->grab().save(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR "/keychain-unlock-dialog.png")));
        dialog->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->turnOnButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(signOn->keychainAction()->isChecked(), 20000);
        QVERIFY(profiles.hasKeychainWrap(kUser));

        // A lock asks for the passphrase: the keychain opens Avocet at start only.
        window.lockSession();
        QTRY_VERIFY(!session.isUnlocked());
        QCOMPARE(window.screen(), ui::MainWindow::Screen::Unlock);
        QVERIFY(window.unlockView()->passphraseEdit()->isEnabled());
        window.unlockView()->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        window.unlockView()->unlockButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 20000);

        // Sign out (no server here): back to the unlock screen, the keychain key gone from disk and
        // keychain, no provider page to open.
        signOn->signOutAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isUnlocked(), 20000);
        QTRY_COMPARE(window.screen(), ui::MainWindow::Screen::Unlock);
        QTRY_VERIFY(window.statusText().contains(QStringLiteral("Signed out")));
        QVERIFY(!profiles.hasKeychainWrap(kUser));
        auto entry = awaitKeychain([&](QObject* c, auto done) { keychain.read(session.keychainEntryOf(user), c, done); });
        QCOMPARE(int(entry.outcome), int(platform::KeychainReply::Outcome::NotFound));
        QVERIFY(opened.empty());
    }

    // The first sign-in through the trust's page (the real oidc-provider and hub): on a managed
    // laptop the keychain key is kept at once, so the next start needs no second secret; a touchdown
    // PC never keeps one; a managed laptop without a keychain says so and goes on with the passphrase.
    void theFirstSignOnOfAManagedLaptopKeepsAKeychainKeyAndATouchdownPcNever()
    {
        ui::initResources();
        QTemporaryDir dir;
        std::string why;
        bool skip = false;
        auto provider = test::OidcTestProvider::start(dir.filePath(QStringLiteral("keys.json")).toStdString(), why, skip);
        if (!provider) {
            if (skip)
                QSKIP(why.c_str());
            QFAIL(why.c_str());
        }
        {
            std::ofstream key(dir.filePath(QStringLiteral("token.key")).toStdString());
            key << "b1c2d3e4f5a60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f91\n";
        }
        auto hub = test::HubEnvironment::shared().startHub(
            {"--oidc-issuer", provider->issuer(), "--oidc-client-id", "avocet-desktop", "--oidc-token-key-file",
             dir.filePath(QStringLiteral("token.key")).toStdString(), "--oidc-group", "avocet-clinicians=clinician",
             "--oidc-group", "team-north-community=teams=north-community"});
        QVERIFY(hub != nullptr);
        const QString server = QStringLiteral("http://127.0.0.1:%1").arg(hub->port());
        platform::SystemKeychain keychain;

        // Signs `user` in for the first time on a computer of this class; the window stays open.
        struct FirstSignOn
        {
            core::store::ProfileStore profiles;
            ui::Session session;
            std::thread browser;
            std::unique_ptr<ui::MainWindow> window;
            std::unique_ptr<QSignalSpy> keychainSaid;
            explicit FirstSignOn(const std::string& root) : profiles(root), session(profiles) {}
            ~FirstSignOn()
            {
                if (browser.joinable())
                    browser.join();
            }
        };
        auto signOn = [&](const QString& root, const std::string& user, const std::string& password,
                          ui::DevicePolicy policy, platform::Keychain* chain) {
            auto rig = std::make_unique<FirstSignOn>(root.toStdString());
            ui::MainWindowOptions options;
            options.idleLockMs = 0;
            options.watchDesktop = false;
            options.keychain = chain;
            options.devicePolicy = policy;
            options.openBrowser = [&browser = rig->browser, user, password](const std::string& url) {
                const std::string redirect = core::sync::queryParameter(url, "redirect_uri");
                browser = std::thread([url, redirect, user, password] {
                    test::TestBrowser agent;
                    agent.send("GET", agent.signIn(url, redirect, user, password));
                });
            };
            rig->window = std::make_unique<ui::MainWindow>(rig->session, options);
            rig->window->show();
            rig->window->start();
            rig->keychainSaid = std::make_unique<QSignalSpy>(rig->window->signOnUi(), &ui::SignOnUi::firstSignOnKeychain);
            return rig;
        };
        auto finishSignIn = [&](FirstSignOn& rig) {
            ui::MainWindow& window = *rig.window;
            QTRY_COMPARE(window.screen(), ui::MainWindow::Screen::Welcome);
            Q_EMIT window.welcomeView()->firstSignInRequested();
            QTRY_VERIFY(window.firstSignInDialog() != nullptr);
            ui::sync::FirstSignInDialog* dialog = window.firstSignInDialog();
            dialog->serverEdit()->setText(server);
            dialog->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
            dialog->confirmEdit()->setText(QString::fromLatin1(kPassphrase));
            dialog->signOnButton()->click();
            QTRY_VERIFY_WITH_TIMEOUT(rig.session.isUnlocked(), 60000);
            // The dialog closes once the sign-in is kept and the first sync started.
            QTRY_VERIFY_WITH_TIMEOUT(window.firstSignInDialog() == nullptr || !window.firstSignInDialog()->isVisible(),
                                     60000);
        };

        // A managed laptop: the key is kept at once, and opens the profile "after a reboot".
        {
            auto rig = signOn(dir.filePath(QStringLiteral("laptop")), "kim.laptop", "synthetic-Passw0rd-11", laptop(),
                              &keychain);
            finishSignIn(*rig);
            if (QTest::currentTestFailed())
                return;
            QTRY_VERIFY_WITH_TIMEOUT(rig->keychainSaid->count() == 1, 30000);
            QVERIFY2(rig->keychainSaid->first().at(0).toBool(), qPrintable(rig->keychainSaid->first().at(1).toString()));
            QVERIFY(rig->profiles.hasKeychainWrap("kim.laptop"));
            QTRY_VERIFY(rig->window->signOnUi()->keychainAction()->isChecked());
            const QString entry = rig->session.keychainEntryOf(QStringLiteral("kim.laptop"));
            auto secret = awaitKeychain([&](QObject* c, auto done) { keychain.read(entry, c, done); });
            QVERIFY(secret.ok());
            QCOMPARE(secret.secret.size(), qsizetype(core::crypto::kKeychainSecretSize));
            rig->window->lockSession();
            QTRY_VERIFY(!rig->session.isUnlocked());
            rig->window.reset();
            ui::Session afterReboot(rig->profiles);
            ui::KeychainUnlock unlock(afterReboot, &keychain, laptop());
            auto opened = await<ui::Done>(
                [&](QObject* c, auto done) { unlock.unlockAtStart(QStringLiteral("kim.laptop"), c, done); });
            QVERIFY2(opened && opened->ok(), opened ? qPrintable(opened->message) : "no answer");
            QVERIFY(afterReboot.isUnlocked());
            afterReboot.lock();
            QTRY_VERIFY(!afterReboot.isUnlocked());
            QVERIFY(awaitKeychain([&](QObject* c, auto done) { keychain.remove(entry, c, done); }).ok());
        }
        // A touchdown PC with the same keychain: nothing is kept.
        {
            auto rig = signOn(dir.filePath(QStringLiteral("touchdown")), "lee.touchdown", "synthetic-Passw0rd-12",
                              ui::DevicePolicy{}, &keychain);
            finishSignIn(*rig);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(rig->keychainSaid->count(), 0);
            QVERIFY(!rig->profiles.hasKeychainWrap("lee.touchdown"));
            auto entry = awaitKeychain([&](QObject* c, auto done) {
                keychain.read(rig->session.keychainEntryOf(QStringLiteral("lee.touchdown")), c, done);
            });
            QCOMPARE(int(entry.outcome), int(platform::KeychainReply::Outcome::NotFound));
            QVERIFY(!rig->window->signOnUi()->keychainAction()->isVisible());
            rig->window->lockSession();
            QTRY_VERIFY(!rig->session.isUnlocked());
        }
        // A managed laptop whose keychain is not available: said so; the passphrase unlocks.
        {
            NoKeychain none;
            auto rig = signOn(dir.filePath(QStringLiteral("no-keychain")), "mo.nokeychain", "synthetic-Passw0rd-13",
                              laptop(), &none);
            finishSignIn(*rig);
            if (QTest::currentTestFailed())
                return;
            QTRY_VERIFY_WITH_TIMEOUT(rig->keychainSaid->count() == 1, 30000);
            QVERIFY(!rig->keychainSaid->first().at(0).toBool());
            const QString told = rig->keychainSaid->first().at(1).toString();
            QVERIFY2(told.contains(QStringLiteral("keychain is not available")) && told.contains(QStringLiteral("passphrase")),
                     qPrintable(told));
            QVERIFY(!rig->profiles.hasKeychainWrap("mo.nokeychain"));
            QVERIFY(rig->session.isUnlocked()); // the sign-in carried on
            rig->window->lockSession();
            QTRY_VERIFY(!rig->session.isUnlocked());
            rig->window->unlockView()->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
            rig->window->unlockView()->unlockButton()->click();
            QTRY_VERIFY_WITH_TIMEOUT(rig->session.isUnlocked(), 30000);
            rig->window->lockSession();
            QTRY_VERIFY(!rig->session.isUnlocked());
        }
    }

    void withNoKeychainTurningOnIsRefusedClearlyAndThePassphraseStillWorks()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("profiles"));
        makeProfile(root);
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-bus")));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--after-reboot"), root, QStringLiteral("no-keychain")});
        QVERIFY(child.waitForFinished(60000));
        const QString output = QString::fromUtf8(child.readAllStandardOutput());
        QVERIFY2(child.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("keychain is not available")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("nothing was changed")), qPrintable(output));
    }
};

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    if (argc == 4 && std::strcmp(argv[1], "--after-reboot") == 0)
        return afterReboot(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    KeychainUnlockTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "KeychainUnlockTest.moc"
