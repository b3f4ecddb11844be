#pragma once
// The look of the desktop app: embedded resources, style, palette and stylesheet.
class QApplication;

namespace avocet::ui {

// Registers the ui library's embedded resources (icons, stylesheet); call once before any window.
void initResources();
// Fusion style with a calm, high-contrast palette and a comfortable base font size.
void applyTheme(QApplication& app);

} // namespace avocet::ui
