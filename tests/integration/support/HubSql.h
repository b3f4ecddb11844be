#pragma once
// One SQL statement on a test database, for tests that check what the hub stored.

#include <string>

namespace avocet::test {

// Runs one statement; returns the first value of the first row ("" if none). Fails the current
// test (non-fatally) when the statement fails.
std::string sqlValue(const std::string& conninfo, const std::string& statement);

} // namespace avocet::test
