#include "ui/Theme.h"

#include <QApplication>
#include <QFile>
#include <QFont>
#include <QPalette>
#include <QStyleFactory>
#include <QTranslator>

#include <algorithm>

// Q_INIT_RESOURCE must be used outside a namespace; it pulls the compiled .qrc out of the static
// library so the executables get the icons and stylesheet without listing the .qrc themselves.
static void initAvocetResources()
{
    Q_INIT_RESOURCE(avocet);
}

namespace avocet::ui {

void initResources()
{
    initAvocetResources();
}

QString requestedLanguage(const QStringList& arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if ((argument == QLatin1String("--lang") || argument == QLatin1String("-lang")) && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (argument.startsWith(QLatin1String("--lang=")))
            return argument.mid(7);
    }
    return qEnvironmentVariable("AVOCET_LANG");
}

QLocale installTranslations(QCoreApplication& app, const QString& language)
{
    const QString requested = language.isEmpty() ? requestedLanguage(QCoreApplication::arguments()) : language;
    const QLocale locale = requested.isEmpty() ? QLocale() : QLocale(requested);
    if (!requested.isEmpty())
        QLocale::setDefault(locale);
    auto* translator = new QTranslator(&app);
    const QString prefix = QStringLiteral("avocet");
    const QString directory = QStringLiteral(":/i18n");
    if (translator->load(locale, prefix, QStringLiteral("_"), directory) ||
        translator->load(QStringLiteral("avocet_en_GB"), directory))
        QCoreApplication::installTranslator(translator);
    else
        delete translator;
    return locale;
}

void applyTheme(QApplication& app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QPalette palette;
    const QColor text(0x21, 0x2b, 0x32);
    const QColor secondary(0x4c, 0x62, 0x72);
    const QColor nhsBlue(0x00, 0x5e, 0xb8);
    palette.setColor(QPalette::Window, QColor(0xf0, 0xf4, 0xf5));
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xf4, 0xf7, 0xf8));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::PlaceholderText, secondary);
    palette.setColor(QPalette::Button, Qt::white);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::Highlight, nhsBlue);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::ToolTipBase, Qt::white);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Link, nhsBlue);
    palette.setColor(QPalette::Disabled, QPalette::Text, secondary);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, secondary);
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, secondary);
    app.setPalette(palette);

    QFont font = app.font();
    font.setPointSizeF(std::max(font.pointSizeF(), 11.0));
    app.setFont(font);

    // An embedded resource, not a file on disk.
    QFile sheet(QStringLiteral(":/ui/avocet.qss"));
    if (sheet.open(QIODevice::ReadOnly))
        app.setStyleSheet(QString::fromUtf8(sheet.readAll()));
}

} // namespace avocet::ui
