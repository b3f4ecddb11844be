#pragma once
// The look of the desktop app: embedded resources, translations, style, palette and stylesheet.
#include <QLocale>
#include <QString>
#include <QStringList>

class QApplication;
class QCoreApplication;

namespace avocet::ui {

// Registers the ui library's embedded resources (icons, stylesheet); call once before any window.
void initResources();
// Installs Avocet's catalogue from the embedded :/i18n resources and returns the locale it chose:
// `language` if given, else `--lang CODE` on the command line, else the AVOCET_LANG environment
// variable, else the user's locale. Falls back to en_GB (the source language, which still supplies
// the plural forms). A requested language also becomes the default QLocale (dates, numbers).
QLocale installTranslations(QCoreApplication& app, const QString& language = QString());
// The language asked for by `--lang CODE` / `--lang=CODE` in `arguments`, else AVOCET_LANG, else empty.
QString requestedLanguage(const QStringList& arguments);
// Fusion style with a calm, high-contrast palette and a comfortable base font size.
void applyTheme(QApplication& app);

} // namespace avocet::ui
