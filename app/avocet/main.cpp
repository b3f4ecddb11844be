// avocet: the desktop app. Wiring only: the services are built here and passed to the ui.
#include <QApplication>
#include <QScreen>

#include <algorithm>

#include "app/avocet/CommandLine.h"
#include "app/avocet/UnixSignals.h"
#include "core/common/Hardening.h"
#include "core/store/Database.h"
#include "core/store/ProfileStore.h"
#include "platform/SystemKeychain.h"
#ifdef AVOCET_HAVE_PCSC
#include "platform/PcscCardMonitor.h"
#endif
#include "ui/ActionGuard.h"
#include "ui/MainWindow.h"
#include "ui/Session.h"
#include "ui/Theme.h"

int main(int argc, char* argv[])
{
    avocet::core::hardenProcess();
    avocet::ui::GuardedApplication app(argc, argv); // an exception from data never ends the session
    QApplication::setApplicationName(QStringLiteral("avocet"));
    QApplication::setApplicationDisplayName(QStringLiteral("Avocet"));
    QApplication::setApplicationVersion(QStringLiteral(AVOCET_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("uk.nhs.avocet"));
    avocet::app::installTranslations(app);
    const auto options = avocet::app::parseCommandLine(app);

    if (avocet::core::Status cipher = avocet::core::store::checkCipherLibrary(); !cipher)
        return avocet::app::refuseToStart(QString::fromStdString(cipher.message()));

    avocet::ui::initResources();
    avocet::ui::applyTheme(app);

    avocet::core::store::ProfileStore profiles(options.profileRoot);
    avocet::ui::Session session(profiles);
    avocet::platform::SystemKeychain keychain; // keychain unlock on managed laptops (policy/deviceClass)
    auto windowOptions = options.window;
    windowOptions.keychain = &keychain;
#ifdef AVOCET_HAVE_PCSC
    avocet::platform::PcscCardMonitor cards; // watched only with policy/smartcardRemovalLocks
    windowOptions.cardMonitor = &cards;
#endif
    avocet::ui::MainWindow window(session, windowOptions);
    avocet::app::quitOnTerminationSignals(app);
    // The first window uses most of the screen, so the caseload's columns are not cut.
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QRect area = screen->availableGeometry();
        window.resize(std::max(window.width(), area.width() * 9 / 10), std::max(window.height(), area.height() * 9 / 10));
        window.move(area.center() - window.rect().center());
    }
    window.show();
    window.start();
    return QApplication::exec();
}
