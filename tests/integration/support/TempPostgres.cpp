#include "tests/integration/support/TempPostgres.h"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace avocet::test {
namespace fs = std::filesystem;
namespace {

struct Identity
{
    bool dropPrivileges = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

Identity serverIdentity(std::string& error)
{
    Identity identity;
    if (geteuid() != 0)
        return identity;
    const char* configured = std::getenv("AVOCET_PG_TEST_USER");
    const std::string user = configured != nullptr && *configured != '\0' ? configured : "nobody";
    const passwd* entry = getpwnam(user.c_str());
    if (entry == nullptr) {
        error = "running as root and user '" + user + "' does not exist to run PostgreSQL";
        return identity;
    }
    identity.dropPrivileges = true;
    identity.uid = entry->pw_uid;
    identity.gid = entry->pw_gid;
    return identity;
}

// fork + exec with stdout/stderr to logFile; in the child drop root and ask for SIGQUIT when the
// test process dies, so a crashed test never leaves a postmaster behind.
pid_t spawn(const std::vector<std::string>& argv, const Identity& identity, const fs::path& logFile)
{
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid != 0)
        return pid;
    const int log = open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log >= 0) {
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        close(log);
    }
    if (identity.dropPrivileges) {
        if (setgroups(0, nullptr) != 0 || setgid(identity.gid) != 0 || setuid(identity.uid) != 0)
            _exit(126);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent)
        _exit(125);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& arg : copy)
        args.push_back(arg.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
}

int waitFor(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::uint16_t freeLoopbackPort()
{
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    std::uint16_t port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        socklen_t length = sizeof address;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            port = ntohs(address.sin_port);
    }
    close(fd);
    return port;
}

std::string readTail(const fs::path& file)
{
    FILE* in = std::fopen(file.c_str(), "r");
    if (in == nullptr)
        return {};
    std::string text;
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0)
        text.append(buffer, got);
    std::fclose(in);
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

// True when every directory from / down to dir lets "others" search it.
bool traversableByOthers(const fs::path& dir)
{
    std::error_code ec;
    for (fs::path current = fs::absolute(dir, ec); !current.empty(); current = current.parent_path()) {
        const auto permissions = fs::status(current, ec).permissions();
        if (ec || (permissions & fs::perms::others_exec) == fs::perms::none)
            return false;
        if (current == current.root_path())
            break;
    }
    return true;
}

fs::path scratchRoot()
{
#ifdef AVOCET_BINARY_DIR
    return fs::path(AVOCET_BINARY_DIR) / "test-tmp";
#else
    return fs::temp_directory_path();
#endif
}

} // namespace

fs::path TempPostgres::findServerBinaries()
{
    if (const char* configured = std::getenv("AVOCET_PG_BINDIR"); configured != nullptr && *configured != '\0')
        return configured;
    if (FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r"); pipe != nullptr) {
        char line[512] = {};
        const bool got = std::fgets(line, sizeof line, pipe) != nullptr;
        pclose(pipe);
        if (got) {
            std::string dir(line);
            dir.erase(dir.find_last_not_of(" \r\n") + 1);
            if (fs::exists(fs::path(dir) / "initdb") && fs::exists(fs::path(dir) / "postgres"))
                return dir;
        }
    }
    std::vector<fs::path> candidates;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        if (fs::exists(entry.path() / "bin" / "initdb") && fs::exists(entry.path() / "bin" / "postgres"))
            candidates.push_back(entry.path() / "bin");
    }
    std::sort(candidates.begin(), candidates.end(), [](const fs::path& a, const fs::path& b) {
        return std::atoi(a.parent_path().filename().c_str()) < std::atoi(b.parent_path().filename().c_str());
    });
    return candidates.empty() ? fs::path() : candidates.back();
}

std::unique_ptr<TempPostgres> TempPostgres::start(std::string& error)
{
    const fs::path bin = findServerBinaries();
    if (bin.empty()) {
        error = "PostgreSQL server binaries not found (install postgresql or set AVOCET_PG_BINDIR)";
        return nullptr;
    }
    const Identity identity = serverIdentity(error);
    if (!error.empty())
        return nullptr;

    std::unique_ptr<TempPostgres> cluster(new TempPostgres);
    std::error_code ec;
    fs::path root = scratchRoot();
    fs::create_directories(root, ec);
    if (identity.dropPrivileges && !traversableByOthers(root))
        root = fs::temp_directory_path(); // e.g. a build tree under /root: the server user cannot reach it
    std::string pattern = (root / "pg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        error = "cannot create a temporary directory under " + scratchRoot().string();
        return nullptr;
    }
    cluster->m_directory = pattern;
    const fs::path data = cluster->m_directory / "data";
    const fs::path log = cluster->m_directory / "postgres.log";
    if (identity.dropPrivileges) {
        // The unprivileged server user must reach and own its directory.
        if (chown(cluster->m_directory.c_str(), identity.uid, identity.gid) != 0) {
            error = "cannot hand " + cluster->m_directory.string() + " to the PostgreSQL user";
            return nullptr;
        }
    }

    const pid_t initdb = spawn({(bin / "initdb").string(), "-D", data.string(), "-U", "postgres", "-A", "trust",
                                "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                               identity, log);
    if (initdb < 0 || waitFor(initdb) != 0) {
        error = "initdb failed: " + readTail(log);
        return nullptr;
    }

    // Unix socket paths are limited to ~107 bytes; without a short enough directory use TCP only.
    const std::string socketDir = cluster->m_directory.string().size() < 90 ? cluster->m_directory.string() : "";
    for (int attempt = 0; attempt < 5; ++attempt) {
        cluster->m_port = freeLoopbackPort();
        cluster->m_postmaster = spawn({(bin / "postgres").string(), "-D", data.string(), "-p",
                                       std::to_string(cluster->m_port), "-c", "listen_addresses=127.0.0.1", "-c",
                                       "unix_socket_directories=" + socketDir, "-c", "fsync=off", "-c",
                                       "synchronous_commit=off", "-c", "full_page_writes=off", "-c",
                                       "max_connections=200", "-c", "shared_buffers=32MB"},
                                      identity, log);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        bool ready = false;
        bool exited = false;
        while (std::chrono::steady_clock::now() < deadline) {
            if (PQping(cluster->conninfo().c_str()) == PQPING_OK) {
                ready = true;
                break;
            }
            int status = 0;
            if (waitpid(cluster->m_postmaster, &status, WNOHANG) == cluster->m_postmaster) {
                exited = true; // most likely the port was taken in the meantime
                cluster->m_postmaster = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (ready)
            return cluster;
        if (!exited)
            break;
    }
    error = "postgres did not start: " + readTail(log);
    return nullptr;
}

TempPostgres::~TempPostgres()
{
    stop();
    std::error_code ec;
    if (!m_directory.empty())
        fs::remove_all(m_directory, ec);
}

void TempPostgres::stop()
{
    if (m_postmaster <= 0)
        return;
    kill(m_postmaster, SIGINT); // fast shutdown: roll back open transactions, close sessions
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(m_postmaster, &status, WNOHANG) == m_postmaster) {
            m_postmaster = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(m_postmaster, SIGQUIT);
    waitFor(m_postmaster);
    m_postmaster = -1;
}

std::string TempPostgres::conninfo(const std::string& database) const
{
    return "host=127.0.0.1 port=" + std::to_string(m_port) + " dbname=" + database +
           " user=postgres connect_timeout=10";
}

std::string TempPostgres::createDatabase(const std::string& name, std::string& error) const
{
    PGconn* connection = PQconnectdb(conninfo().c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        error = PQerrorMessage(connection);
        PQfinish(connection);
        return {};
    }
    PGresult* result = PQexec(connection, ("CREATE DATABASE \"" + name + "\"").c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok)
        error = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(connection);
    return ok ? conninfo(name) : std::string();
}

TempPostgres& sharedPostgres()
{
    static std::unique_ptr<TempPostgres> cluster = [] {
        std::string error;
        auto started = TempPostgres::start(error);
        if (!started)
            throw std::runtime_error("throwaway PostgreSQL: " + error);
        return started;
    }();
    return *cluster;
}

} // namespace avocet::test
