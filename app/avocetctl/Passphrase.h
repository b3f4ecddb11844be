#pragma once
#include <string>

#include "core/common/Result.h"

namespace avocet::ctl {

// AVOCET_PASSPHRASE (or, for prompts naming a new passphrase, AVOCET_NEW_PASSPHRASE) when set;
// otherwise asks on the controlling terminal with echo off. Never reads argv.
core::Result<std::string> readPassphraseFromEnvOrTty(const std::string& prompt);

} // namespace avocet::ctl
