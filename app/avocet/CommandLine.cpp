#include "app/avocet/CommandLine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

#include <cstdio>

#include "core/store/ProfileStore.h"
#include "ui/Theme.h"

namespace avocet::app {

DesktopOptions parseCommandLine(const QApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("avocet", "Avocet: clinical records for mental-health and community services."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QApplication::translate("avocet", "Folder holding the user profiles (default: %1).")
            .arg(QString::fromStdString(core::store::ProfileStore::defaultRoot().string())),
        QApplication::translate("avocet", "DIR"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QApplication::translate("avocet", "Open the demo workspace (synthetic patients), creating it if needed."));
    const QCommandLineOption user(QStringLiteral("user"),
                                  QApplication::translate("avocet", "User to preselect on the unlock screen."),
                                  QApplication::translate("avocet", "NAME"));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        QApplication::translate("avocet", "Language of the user interface, for example en_GB or pl "
                                          "(default: AVOCET_LANG, else the system language)."),
        QApplication::translate("avocet", "CODE"));
    parser.addOptions({profile, demo, user, lang});
    parser.process(app);

    DesktopOptions options;
    options.profileRoot = parser.isSet(profile) ? std::filesystem::path(parser.value(profile).toStdString())
                                                : core::store::ProfileStore::defaultRoot();
    options.window.demo = parser.isSet(demo);
    options.window.preferredUser = parser.value(user);
    return options;
}

void installTranslations(QApplication& app)
{
    const QLocale locale = ui::installTranslations(app); // --lang CODE, AVOCET_LANG or the user's locale
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
}

int refuseToStart(const QString& reason)
{
    const QString text = QApplication::translate("avocet", "Avocet cannot start safely: %1").arg(reason);
    std::fprintf(stderr, "avocet: %s\n", qPrintable(text));
    QMessageBox::critical(nullptr, QApplication::translate("avocet", "Avocet"), text);
    return 1;
}

} // namespace avocet::app
