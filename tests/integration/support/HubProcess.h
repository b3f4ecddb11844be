#pragma once
// Runs the real avocet-hub binary as a child process on a free loopback port.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace avocet::test {

std::string hubBinaryPath();

class HubProcess
{
public:
    // Starts `avocet-hub <args> --port 0` and waits for its "LISTENING <port>" line.
    // On failure returns nullptr and fills error. logPath: where its log (stderr) goes, appended
    // (empty: the test's own stderr), so a test can read what the hub logged.
    static std::unique_ptr<HubProcess> start(const std::vector<std::string>& args, std::string& error,
                                             const std::string& logPath = {});

    ~HubProcess();
    HubProcess(const HubProcess&) = delete;
    HubProcess& operator=(const HubProcess&) = delete;

    std::uint16_t port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    void sendSignal(int signal) const;
    // Exit status if the process exited normally within the timeout, -1 on timeout, 128+signal when killed.
    int waitForExit(std::chrono::milliseconds timeout);

private:
    HubProcess() = default;
    pid_t m_pid = -1;
    int m_stdout = -1;
    std::uint16_t m_port = 0;
    bool m_reaped = false;
};

// Runs avocet-hub to completion (for admin and migrate commands); returns the exit status and
// captures stdout.
int runHubCommand(const std::vector<std::string>& args, std::string& output,
                  const std::vector<std::string>& extraEnvironment = {});

} // namespace avocet::test
