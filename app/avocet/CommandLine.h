#pragma once
// avocet's command line: --profile DIR, --demo, --user NAME, --lang CODE (plus --help and --version).
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

// Avocet's translations (embedded in the ui library) for --lang CODE, AVOCET_LANG or the user's
// locale, then Qt's own for the same locale.
void installTranslations(QApplication& app);

// Tells the user why Avocet will not start, on stderr and in a message box.
int refuseToStart(const QString& reason);

} // namespace avocet::app
