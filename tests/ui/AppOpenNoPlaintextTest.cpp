// SECURITY-RELIABILITY 1 with the desktop app open: 10,000 synthetic patients unlocked, listed and
// searched in the real window; no NHS number (bare or 3-3-4), name or canary is readable in any
// file of the profile while it is open, and none after Lock.
#include <QApplication>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

#include <set>

#include "core/identity/NhsNumber.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "tests/support/FileScan.h"
#include "ui/MainWindow.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"

using namespace avocet;

namespace {
constexpr const char* kUser = "j.mensah";
constexpr const char* kPassphrase = "correct horse battery";
constexpr const char* kCanary = "ZZCANARY-2b9f6c1e-app-open";
} // namespace

class AppOpenNoPlaintextTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noPatientDataIsReadableOnDiskWhileTheAppIsOpenOrAfterLock()
    {
        QVERIFY(m_dir.isValid());
        ui::initResources();
        ui::applyTheme(*qApp);
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(profiles.create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
        core::identity::SyntheticOptions options;
        options.count = 10000;
        options.canary = kCanary;
        const auto patients = core::identity::generateSyntheticPatients(options);
        {
            auto cache = profiles.unlock(kUser, kPassphrase, "test-seed");
            QVERIFY(cache.ok());
            QVERIFY((*cache)->patients().upsert(patients).ok());
        }
        std::set<std::string> needles = {kCanary};
        for (const auto& p : patients) {
            needles.insert(*p.nhsNumber);
            needles.insert(core::identity::formatNhsNumber(*p.nhsNumber));
            if (p.familyName.size() >= 5)
                needles.insert(p.familyName);
            if (p.givenName.size() >= 5)
                needles.insert(p.givenName);
        }
        const std::vector<std::string> needleList(needles.begin(), needles.end());
        const std::filesystem::path userDir = profiles.directoryOf(kUser);

        ui::Session session(profiles);
        ui::MainWindowOptions windowOptions;
        windowOptions.preferredUser = QString::fromLatin1(kUser);
        ui::MainWindow window(session, windowOptions);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.start();
        QTRY_VERIFY(window.unlockView()->passphraseEdit()->isVisible());
        QTest::keyClicks(window.unlockView()->passphraseEdit(), QString::fromLatin1(kPassphrase));
        QTest::keyClick(window.unlockView()->passphraseEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(session.isUnlocked(), 10000);
        QTest::qWait(300); // let the first pages load and the audit rows commit

        QVERIFY(std::filesystem::exists(userDir / "cache.db-wal"));
        auto openHits = test::findInFiles(userDir, needleList);
        QVERIFY2(openHits.empty(), openHits.empty() ? "" : openHits.front().c_str());

        window.lockAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isUnlocked(), 10000);
        auto lockedHits = test::findInFiles(userDir, needleList);
        QVERIFY2(lockedHits.empty(), lockedHits.empty() ? "" : lockedHits.front().c_str());
        QVERIFY(!std::filesystem::exists(userDir / "cache.db-wal"));
    }

private:
    QTemporaryDir m_dir{QStringLiteral(AVOCET_UI_TEST_TMP "/app-open-XXXXXX")};
};

QTEST_MAIN(AppOpenNoPlaintextTest)
#include "AppOpenNoPlaintextTest.moc"
