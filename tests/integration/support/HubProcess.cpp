#include "tests/integration/support/HubProcess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace avocet::test {
namespace {

pid_t spawn(const std::vector<std::string>& args, int& stdoutRead, const std::vector<std::string>& extraEnvironment,
            const std::string& logPath = {})
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    int logFd = -1;
    if (!logPath.empty()) {
        logFd = open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (logFd < 0) {
            close(fds[0]);
            close(fds[1]);
            return -1;
        }
    }
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry)
        environment.emplace_back(*entry);
    environment.insert(environment.end(), extraEnvironment.begin(), extraEnvironment.end());

    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        if (logFd >= 0)
            dup2(logFd, STDERR_FILENO);
        // A test process that crashes takes its hubs with it (SIGTERM: they stop cleanly).
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        // Undo any signal mask inherited from the test runner.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        std::vector<char*> argv;
        std::string binary = hubBinaryPath();
        argv.push_back(binary.data());
        std::vector<std::string> copy = args;
        for (auto& arg : copy)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (auto& entry : environment)
            envp.push_back(entry.data());
        envp.push_back(nullptr);
        execve(binary.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(fds[1]);
    if (logFd >= 0)
        close(logFd);
    if (pid < 0) {
        close(fds[0]);
        return -1;
    }
    stdoutRead = fds[0];
    return pid;
}

bool readLine(int fd, std::string& line, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    line.clear();
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd pfd{fd, POLLIN, 0};
        const int ready = poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready <= 0)
            continue;
        char c = 0;
        const ssize_t got = read(fd, &c, 1);
        if (got <= 0)
            return false;
        if (c == '\n')
            return true;
        line.push_back(c);
    }
}

int decodeStatus(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

std::string hubBinaryPath()
{
    return AVOCET_HUB_BINARY;
}

std::unique_ptr<HubProcess> HubProcess::start(const std::vector<std::string>& args, std::string& error,
                                              const std::string& logPath)
{
    std::vector<std::string> fullArgs = args;
    fullArgs.push_back("--port");
    fullArgs.push_back("0");
    std::unique_ptr<HubProcess> process(new HubProcess);
    process->m_pid = spawn(fullArgs, process->m_stdout, {}, logPath);
    if (process->m_pid < 0) {
        error = std::string("cannot start avocet-hub: ") + std::strerror(errno);
        return nullptr;
    }
    std::string line;
    if (!readLine(process->m_stdout, line, std::chrono::seconds(20)) || line.rfind("LISTENING ", 0) != 0) {
        error = "avocet-hub did not announce its port (got '" + line + "')";
        return nullptr; // destructor kills it
    }
    process->m_port = static_cast<std::uint16_t>(std::stoi(line.substr(10)));
    return process;
}

HubProcess::~HubProcess()
{
    if (m_pid > 0 && !m_reaped) {
        kill(m_pid, SIGKILL);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
    if (m_stdout >= 0)
        close(m_stdout);
}

void HubProcess::sendSignal(int signal) const
{
    if (m_pid > 0 && !m_reaped)
        kill(m_pid, signal);
}

int HubProcess::waitForExit(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t done = waitpid(m_pid, &status, WNOHANG);
        if (done == m_pid) {
            m_reaped = true;
            return decodeStatus(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

int runHubCommand(const std::vector<std::string>& args, std::string& output,
                  const std::vector<std::string>& extraEnvironment)
{
    int fd = -1;
    const pid_t pid = spawn(args, fd, extraEnvironment);
    if (pid < 0)
        return -1;
    output.clear();
    char buffer[4096];
    ssize_t got = 0;
    while ((got = read(fd, buffer, sizeof buffer)) > 0)
        output.append(buffer, static_cast<std::size_t>(got));
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    return decodeStatus(status);
}

} // namespace avocet::test
