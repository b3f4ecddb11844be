#include "ui/UiLog.h"

namespace avocet::ui {

Q_LOGGING_CATEGORY(lcSession, "avocet.ui.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcViews, "avocet.ui.views", QtInfoMsg)

} // namespace avocet::ui
