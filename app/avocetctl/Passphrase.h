#pragma once
#include <string>

#include "core/common/Result.h"

namespace avocet::ctl {

// AVOCET_PASSPHRASE (or, for prompts naming a new passphrase, AVOCET_NEW_PASSPHRASE) when set;
// otherwise asks on the controlling terminal with echo off. Never reads argv.
core::Result<std::string> readPassphraseFromEnvOrTty(const std::string& prompt);

// The value of environment variable `envVar` when set; otherwise asks on the controlling terminal
// with echo off. `what` names the secret in the error ("passphrase", "password").
core::Result<std::string> readSecret(const char* envVar, const std::string& what, const std::string& prompt);

} // namespace avocet::ctl
