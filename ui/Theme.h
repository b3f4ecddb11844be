#pragma once
// The look of the desktop app: embedded resources, style, palette and stylesheet.
class QApplication;
class QCoreApplication;

namespace avocet::ui {

// Registers the ui library's embedded resources (icons, stylesheet); call once before any window.
void initResources();
// Installs Avocet's catalogue for the user's locale from the embedded :/i18n resources; falls back
// to en_GB (the source language, which still supplies the plural forms).
void installTranslations(QCoreApplication& app);
// Fusion style with a calm, high-contrast palette and a comfortable base font size.
void applyTheme(QApplication& app);

} // namespace avocet::ui
