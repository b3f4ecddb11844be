#pragma once
// Logging categories for the ui library. Never log a patient's name, NHS number or a passphrase.
#include <QLoggingCategory>

namespace avocet::ui {

Q_DECLARE_LOGGING_CATEGORY(lcSession)
Q_DECLARE_LOGGING_CATEGORY(lcViews)

} // namespace avocet::ui
