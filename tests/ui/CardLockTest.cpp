// "Lock when the smartcard is taken out" (policy/smartcardRemovalLocks) driven through a fake
// CardPresenceMonitor, with no reader: with the setting on, taking the card out locks the session
// with a message saying so; with it off (the default), nothing happens. The screenshot of the lock
// screen is docs/screenshots/smartcard-removed-lock.png.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "core/store/ProfileStore.h"
#include "platform/CardPresenceMonitor.h"
#ifdef AVOCET_HAVE_PCSC
#include "platform/PcscCardMonitor.h"
#include <QSignalSpy>
#endif
#include "ui/DevicePolicy.h"
#include "ui/MainWindow.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"

using namespace avocet;

namespace {

constexpr const char* kUser = "ward.nurse";
constexpr const char* kPassphrase = "ward passphrase 77";

// A reader the test holds in its hand.
class FakeCardMonitor : public platform::CardPresenceMonitor
{
public:
    void start() override { m_started = true; }
    void stop() override { m_started = false; }
    State state() const override { return m_state; }
    bool isStarted() const { return m_started; }
    void insert()
    {
        m_state = State::CardPresent;
        Q_EMIT cardInserted();
    }
    void remove()
    {
        m_state = State::CardAbsent;
        Q_EMIT cardRemoved();
    }

private:
    State m_state = State::CardPresent;
    bool m_started = false;
};

} // namespace

class CardLockTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ui::initResources();
        QVERIFY(m_dir.isValid());
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(profiles.create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
    }

    void takingTheCardOutLocksTheSessionWhenTheTrustSaysSo()
    {
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        ui::Session session(profiles);
        FakeCardMonitor card;
        ui::MainWindowOptions options;
        options.idleLockMs = 0;
        options.watchDesktop = false;
        options.cardMonitor = &card;
        ui::DevicePolicy policy;
        policy.smartcardRemovalLocks = true;
        options.devicePolicy = policy;
        ui::MainWindow window(session, options);
        window.resize(900, 600);
        window.show();
        window.start();
        QVERIFY(card.isStarted());
        unlock(window, session);

        card.remove();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isUnlocked(), 20000);
        QCOMPARE(window.screen(), ui::MainWindow::Screen::Unlock);
        QVERIFY2(window.statusText().contains(QStringLiteral("smartcard was taken out")), qPrintable(window.statusText()));
        QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
        QDir().mkpath(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR));
        QVERIFY(window.grab().save(QStringLiteral(AVOCET_SCREENSHOT_DIR "/smartcard-removed-lock.png")));
        QVERIFY(window.grab().save(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR "/smartcard-removed-lock.png")));

        // The card back in does not unlock by itself: the passphrase does.
        card.insert();
        QCoreApplication::processEvents();
        QVERIFY(!session.isUnlocked());
        unlock(window, session);
        // Taken out while locked: nothing more happens; out again while unlocked: locks again.
        card.remove();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isUnlocked(), 20000);
        card.remove();
        QCoreApplication::processEvents();
        QCOMPARE(window.screen(), ui::MainWindow::Screen::Unlock);
    }

    void theDevicePolicyIsReadFromTheTrustsSettingsAndAnythingUnknownIsTheSafeSide()
    {
        auto policyOf = [this](const QByteArray& ini) {
            const QString file = m_dir.filePath(QStringLiteral("Avocet.conf"));
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return ui::DevicePolicy{};
            out.write(ini);
            out.close();
            const QSettings settings(file, QSettings::IniFormat);
            return ui::devicePolicyFrom(settings);
        };
        ui::DevicePolicy laptop = policyOf("[policy]\ndeviceClass=managed-laptop\nsmartcardRemovalLocks=true\n");
        QVERIFY(laptop.keepsKeychainKeys());
        QVERIFY(laptop.smartcardRemovalLocks);
        ui::DevicePolicy unset = policyOf("[policy]\nidleLockMinutes=5\n");
        QVERIFY(!unset.keepsKeychainKeys()); // touchdown by default
        QVERIFY(!unset.smartcardRemovalLocks);
        ui::DevicePolicy misspelt = policyOf("[policy]\ndeviceClass=laptop\nsmartcardRemovalLocks=perhaps\n");
        QCOMPARE(misspelt.deviceClass, ui::DeviceClass::Touchdown);
        QVERIFY(!misspelt.smartcardRemovalLocks);
    }

#ifdef AVOCET_HAVE_PCSC
    void theRealPcscMonitorStartsAndStopsWithOrWithoutAReaderService()
    {
        // On a computer with no reader (CI), pcscd is absent or has no reader: the monitor says so and
        // stop() ends its waiting thread at once (SCardCancel), whatever it was waiting in.
        platform::PcscCardMonitor monitor;
        QSignalSpy unavailable(&monitor, &platform::CardPresenceMonitor::unavailable);
        monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(unavailable.count() > 0 ||
                                     monitor.state() != platform::CardPresenceMonitor::State::Unknown,
                                 10000);
        monitor.stop();
        if (unavailable.count() > 0)
            QVERIFY(!unavailable.first().first().toString().isEmpty()); // the reader service's own words
        else
            QVERIFY(monitor.state() == platform::CardPresenceMonitor::State::NoReader ||
                    monitor.state() == platform::CardPresenceMonitor::State::CardAbsent ||
                    monitor.state() == platform::CardPresenceMonitor::State::CardPresent);
        monitor.start(); // and again after a stop
        monitor.stop();
    }
#endif

    void withTheSettingOffTheCardIsNotWatched()
    {
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        ui::Session session(profiles);
        FakeCardMonitor card;
        ui::MainWindowOptions options;
        options.idleLockMs = 0;
        options.watchDesktop = false;
        options.cardMonitor = &card;
        options.devicePolicy = ui::DevicePolicy{}; // smartcardRemovalLocks defaults to off
        ui::MainWindow window(session, options);
        window.show();
        window.start();
        QVERIFY(!card.isStarted());
        unlock(window, session);
        card.remove();
        QCoreApplication::processEvents();
        QVERIFY(session.isUnlocked());
        QVERIFY(window.screen() != ui::MainWindow::Screen::Unlock);
    }

private:
    static void unlock(ui::MainWindow& window, ui::Session& session)
    {
        QTRY_COMPARE(window.screen(), ui::MainWindow::Screen::Unlock);
        window.unlockView()->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        window.unlockView()->unlockButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 20000);
        QTRY_VERIFY(window.screen() != ui::MainWindow::Screen::Unlock);
    }

    QTemporaryDir m_dir;
};

QTEST_MAIN(CardLockTest)
#include "CardLockTest.moc"
