#pragma once
// The templates built into Avocet (resources/templates/*.json), compiled into avocetctl.
#include <string_view>
#include <vector>

namespace avocet::ctl {

// The JSON text of each built-in template, in file-name order.
std::vector<std::string_view> builtInTemplateTexts();

} // namespace avocet::ctl
