#pragma once
// `avocet-hub admin ...` and `avocet-hub migrate`: user, team and caseload administration.

#include <string>
#include <vector>

namespace avocet::hub {

int runAdminCommand(const std::vector<std::string>& args);
int runMigrateCommand(const std::vector<std::string>& args);

} // namespace avocet::hub
