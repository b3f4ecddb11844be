// First sign-in on a shared computer ("Login: on-line against the hub, off-line by unlocking
// the user's own cache"): a ward nurse with no profile here signs in with their trust account; a
// wrong password creates nothing; the right one creates their own encrypted profile, opens their
// session, syncs, and the server's patients appear. The profile has its own passphrase (never the
// trust password); later, off-line, that passphrase unlocks it.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <nlohmann/json.hpp>

#include "core/mapping/NativePayload.h"
#include "core/store/ProfileStore.h"
#include "tests/support/FakeFhirServer.h"
#include "ui/ChangePassphraseDialog.h"
#include "ui/MainWindow.h"
#include "ui/PatientListView.h"
#include "ui/PatientTableModel.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/sync/FirstSignIn.h"

using namespace avocet;
using avocet::ui::MainWindow;

namespace {

constexpr const char* kUser = "nurse.new";
constexpr const char* kPassword = "Canary-Trust-Pass-7";
constexpr const char* kPassphrase = "canary computer passphrase staple";

bool listShows(MainWindow& window, const QString& needle)
{
    auto* model = window.patientModel();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, ui::PatientTableModel::NameColumn).data().toString().contains(needle))
            return true;
    return false;
}

void fill(ui::sync::FirstSignInDialog& dialog, const QString& server, const QString& password)
{
    dialog.serverEdit()->setText(server);
    dialog.userEdit()->setText(QString::fromLatin1(kUser));
    dialog.passwordEdit()->setText(password);
}

} // namespace

class FirstSignInTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ui::initResources();
        ui::installTranslations(*qApp);
        ui::applyTheme(*qApp);
    }

    void wrongPasswordCreatesNothingAndTheRightOneOpensASyncedSession()
    {
        test::FakeFhirServer server;
        server.requireLogin(kUser, kPassword);
        (void)server.put({{"resourceType", "Patient"},
                          {"id", "fs-1"},
                          {"identifier",
                           nlohmann::json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", "9990007041"}},
                                                  {{"system", core::mapping::eprRecordSystem(core::identity::Epr::Mobius)},
                                                   {"value", "MOB-7041"}}})},
                          {"name", nlohmann::json::array({{{"family", "Firstsignin"}, {"given", {"Canary"}}}})},
                          {"birthDate", "1988-02-29"}});

        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        // Someone else already works on this computer: the unlock screen shows, with the sign-in link.
        QVERIFY(profiles.create("ward.a", "ward-a-passphrase", core::crypto::KdfParams::minimal()).ok());
        ui::Session session(profiles);
        ui::MainWindowOptions options;
        options.watchDesktop = false;
        options.idleLockMs = 0;
        MainWindow window(session, options);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.start();
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Unlock);

        auto* link = window.unlockView()->findChild<QPushButton*>(QStringLiteral("firstSignIn"));
        QVERIFY(link != nullptr);
        QVERIFY(link->isVisible());
        link->click();
        QTRY_VERIFY(window.firstSignInDialog() != nullptr);
        auto* dialog = window.firstSignInDialog();
        // A passphrase of its own for this computer, always: never the trust password.
        QVERIFY(dialog->passphraseEdit()->isVisible());
        QVERIFY(dialog->confirmEdit()->isVisible());

        fill(*dialog, QString::fromStdString(server.baseUrl()), QStringLiteral("not-the-password"));
        dialog->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->confirmEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->signInButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->message().startsWith(QStringLiteral("Not signed in")), 15000);
        QVERIFY(dialog->signInButton()->isEnabled());
        QVERIFY(!profiles.exists(kUser)); // the server said no: nothing created here
        QCOMPARE(window.screen(), MainWindow::Screen::Unlock);

        // The passphrase must be typed twice, the same, and must not be the trust password.
        dialog->confirmEdit()->setText(QStringLiteral("my-own-passphrasX"));
        dialog->signInButton()->click();
        QVERIFY(dialog->message().contains(QStringLiteral("not the same")));
        dialog->passwordEdit()->setText(QString::fromLatin1(kPassword));
        dialog->passphraseEdit()->setText(QString::fromLatin1(kPassword));
        dialog->confirmEdit()->setText(QString::fromLatin1(kPassword));
        dialog->signInButton()->click();
        QVERIFY2(dialog->message().contains(QStringLiteral("not your trust password")), qPrintable(dialog->message()));
        QVERIFY(!profiles.exists(kUser));
        dialog->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        dialog->confirmEdit()->setText(QString::fromLatin1(kPassphrase));

        QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
        QVERIFY(dialog->grab().save(QStringLiteral(AVOCET_SCREENSHOT_DIR "/first-sign-in.png")));
        dialog->signInButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(window.firstSignInDialog() == nullptr, 30000); // accepted and closed
        QVERIFY(profiles.exists(kUser));
        QCOMPARE(session.user(), QString::fromLatin1(kUser));
        // No caseload from this server: the session opens on the search, and the first sync brings
        // the server's patient into it.
        QTRY_VERIFY_WITH_TIMEOUT(listShows(window, QStringLiteral("FIRSTSIGNIN")), 30000);
        QVERIFY(server.requests("POST", "/auth/login") >= 2); // checked first, then signed in for keeps

        // Off-line later: their passphrase unlocks their own cache on this computer.
        window.lockSession(QString());
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Unlock);
        QVERIFY(!listShows(window, QStringLiteral("FIRSTSIGNIN")));
        auto* picker = window.unlockView()->userPicker();
        QTRY_VERIFY(picker->findText(QString::fromLatin1(kUser)) >= 0);
        picker->setCurrentIndex(picker->findText(QString::fromLatin1(kUser)));
        window.unlockView()->passphraseEdit()->setText(QString::fromLatin1(kPassphrase));
        QTest::keyClick(window.unlockView()->passphraseEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(window.screen() != MainWindow::Screen::Unlock, 20000);
        QCOMPARE(session.user(), QString::fromLatin1(kUser));

        // Session ▸ Change passphrase: the new one unlocks here.
        window.changePassphraseAction()->trigger();
        QPointer<ui::ChangePassphraseDialog> change = window.findChild<ui::ChangePassphraseDialog*>();
        QTRY_VERIFY(change != nullptr && change->isVisible());
        change->currentEdit()->setText(QStringLiteral("wrong-current-pass"));
        change->newEdit()->setText(QStringLiteral("Canary-New-Pass-8"));
        change->confirmEdit()->setText(QStringLiteral("Canary-New-Pass-8"));
        change->changeButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(change->changeButton()->isEnabled() && !change->message().isEmpty() &&
                                     change->message() != QStringLiteral("Changing…"),
                                 20000);
        QVERIFY(change->isVisible()); // a wrong current passphrase changes nothing
        change->currentEdit()->setText(QString::fromLatin1(kPassphrase));
        change->confirmEdit()->setText(QStringLiteral("Canary-New-Pass-8"));
        change->changeButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(change.isNull(), 20000); // accepted, closed and deleted
        window.lockSession(QString());
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Unlock);
        QVERIFY(!profiles.unlock(kUser, kPassphrase).ok());
        QVERIFY(!profiles.unlock(kUser, kPassword).ok());
        QVERIFY(profiles.unlock(kUser, "Canary-New-Pass-8").ok());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(FirstSignInTest)
#include "FirstSignInTest.moc"
