#pragma once
// Entry point of the avocet-hub executable: serve, migrate, admin, --version.

namespace avocet::hub {

int runHubCommand(int argc, char** argv);

} // namespace avocet::hub
