#pragma once
// One throwaway database with users, teams and caseloads, and one avocet-hub serving it, shared by
// the tests of one executable (each test uses its own identifiers, so they do not interfere).

#include "tests/integration/support/HttpClient.h"
#include "tests/integration/support/HubProcess.h"

#include <memory>
#include <string>
#include <vector>

namespace avocet::test {

inline constexpr const char* kTestPassword = "canary-Passw0rd-not-real";

class HubEnvironment
{
public:
    static HubEnvironment& shared();

    const std::string& conninfo() const { return m_conninfo; }
    std::uint16_t port() const { return m_hub->port(); }

    // Runs `avocet-hub admin --database <db> args...`; returns the exit status.
    int admin(const std::vector<std::string>& args, std::string* output = nullptr) const;
    // Logs in and returns the access token ("" on failure).
    std::string login(const std::string& user, std::uint16_t port = 0) const;
    HttpClient clientFor(const std::string& user) const;

    // Starts another hub on the same database (for multi-process and expiry tests); logPath: where
    // its log goes (HubProcess::start).
    std::unique_ptr<HubProcess> startHub(const std::vector<std::string>& extraArgs = {},
                                         const std::string& logPath = {}) const;

private:
    HubEnvironment() = default;
    std::string m_conninfo;
    std::unique_ptr<HubProcess> m_hub;
};

} // namespace avocet::test
