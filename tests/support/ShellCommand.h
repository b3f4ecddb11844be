#pragma once
// Running a shipped executable as a user would, from a test: a word quoted for /bin/sh, and a
// command's exit status with everything it printed.
#include <string>
#include <utility>

namespace avocet::test {

std::string shellQuoted(const std::string& text);

// Runs `command` with /bin/sh; returns the exit status (-1 when it did not exit normally) and its
// stdout (and stderr when the command redirects it there).
std::pair<int, std::string> runShell(const std::string& command);

} // namespace avocet::test
