#pragma once

namespace avocet::core {

// Release builds: no core dumps (they would hold keys and patient data) and no ptrace attach by
// other processes of the same user. Debug builds leave both alone so developers can debug.
void hardenProcess();

} // namespace avocet::core
