#pragma once
// The look of forms, on top of the app's stylesheet (resources/ui/avocet.qss): white section cards
// on the calm grey background, dark text, a clear red for problems, the yellow focus ring.
#include <QString>

namespace avocet::ui::forms {

QString formStyleSheet();

} // namespace avocet::ui::forms
