#pragma once
// avocet's command line: --profile DIR, --demo, --user NAME (plus --help and --version).
#include <filesystem>

#include "ui/MainWindow.h"

class QApplication;

namespace avocet::app {

struct DesktopOptions
{
    std::filesystem::path profileRoot;
    ui::MainWindowOptions window;
};

// Exits the process for --help, --version and malformed options, like any Qt tool.
DesktopOptions parseCommandLine(const QApplication& app);

// Qt's own translations for the user's locale, then Avocet's (embedded in the ui library).
void installTranslations(QApplication& app);

// Tells the user why Avocet will not start, on stderr and in a message box.
int refuseToStart(const QString& reason);

} // namespace avocet::app
