#pragma once
// A throwaway PostgreSQL cluster for integration tests: initdb in a fresh directory under the
// build tree, postgres on a free loopback port (unix socket in the same directory), removed on
// destruction. initdb and postgres refuse to run as root, so when the tests run as root (CI) the
// server processes drop to an unprivileged user (AVOCET_PG_TEST_USER, default "nobody").

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>

namespace avocet::test {

class TempPostgres
{
public:
    // Returns nullptr and fills error when the cluster cannot be created or started.
    static std::unique_ptr<TempPostgres> start(std::string& error);
    ~TempPostgres();
    TempPostgres(const TempPostgres&) = delete;
    TempPostgres& operator=(const TempPostgres&) = delete;

    std::uint16_t port() const { return m_port; }
    const std::filesystem::path& directory() const { return m_directory; }
    // libpq conninfo for a database of this cluster.
    std::string conninfo(const std::string& database = "postgres") const;
    // Creates a fresh, empty database and returns its conninfo ("" and error on failure).
    std::string createDatabase(const std::string& name, std::string& error) const;

    // Locates initdb/postgres: $AVOCET_PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/*/bin.
    static std::filesystem::path findServerBinaries();

private:
    TempPostgres() = default;
    void stop();

    std::filesystem::path m_directory;
    std::uint16_t m_port = 0;
    pid_t m_postmaster = -1;
};

// One cluster per test process, started on first use and stopped at exit.
TempPostgres& sharedPostgres();

} // namespace avocet::test
