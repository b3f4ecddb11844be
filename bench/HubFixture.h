#pragma once
// Shared by HubBench.cpp and SyncBench.cpp: a database of the throwaway PostgreSQL cluster
// (tests/integration/support/TempPostgres), migrated and given users by the real avocet-hub
// binary, real hub processes on loopback, a minimal libpq connection for the bare baselines and
// a keep-alive Poco HTTP client for load generation.

#include <libpq-fe.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/integration/support/HubProcess.h"
#include "tests/integration/support/TempPostgres.h"

namespace avocet::bench::hub {

inline constexpr const char* kBenchPassword = "bench-Passw0rd-not-real";
// server/Schema.h kWriteLockKey: the hub's one transaction-level write lock (bare baselines take it too).
inline constexpr const char* kWriteLockKey = "71997174690818"; // 0x417643455402

[[noreturn]] inline void die(const std::string& message)
{
    std::fprintf(stderr, "hub bench: %s\n", message.c_str());
    std::exit(1);
}

// One libpq connection; PQexecParams with text parameters, as server/PgConnection does.
class Pg
{
public:
    explicit Pg(const std::string& conninfo) : m_conn(PQconnectdb(conninfo.c_str()))
    {
        if (PQstatus(m_conn) != CONNECTION_OK)
            die(std::string("libpq: ") + PQerrorMessage(m_conn));
    }
    ~Pg() { PQfinish(m_conn); }
    Pg(const Pg&) = delete;
    Pg& operator=(const Pg&) = delete;

    // Returns the result (caller PQclear) or dies.
    PGresult* exec(const std::string& sql, const std::vector<std::string>& params = {})
    {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params)
            values.push_back(p.c_str());
        PGresult* result = params.empty() ? PQexec(m_conn, sql.c_str())
                                          : PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()),
                                                         nullptr, values.data(), nullptr, nullptr, 0);
        const auto status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN)
            die("SQL failed: " + std::string(PQresultErrorMessage(result)) + " in " + sql.substr(0, 120));
        return result;
    }
    void run(const std::string& sql, const std::vector<std::string>& params = {}) { PQclear(exec(sql, params)); }

    // As server/PgConnection::queryPrepared: prepared once per connection by its text, then
    // executed (nullopt = SQL NULL). Returns the result (caller PQclear) or dies.
    PGresult* execPrepared(const std::string& sql, const std::vector<std::optional<std::string>>& params)
    {
        auto found = m_prepared.find(sql);
        if (found == m_prepared.end()) {
            const std::string name = "bench_" + std::to_string(m_prepared.size());
            PGresult* prepared = PQprepare(m_conn, name.c_str(), sql.c_str(), 0, nullptr);
            if (PQresultStatus(prepared) != PGRES_COMMAND_OK)
                die("prepare failed: " + std::string(PQresultErrorMessage(prepared)) + " in " + sql.substr(0, 120));
            PQclear(prepared);
            found = m_prepared.emplace(sql, name).first;
        }
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params)
            values.push_back(p ? p->c_str() : nullptr);
        PGresult* result = PQexecPrepared(m_conn, found->second.c_str(), static_cast<int>(values.size()),
                                          values.data(), nullptr, nullptr, 0);
        const auto status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            die("SQL failed: " + std::string(PQresultErrorMessage(result)) + " in " + sql.substr(0, 120));
        return result;
    }
    std::string scalar(const std::string& sql, const std::vector<std::string>& params = {})
    {
        PGresult* r = exec(sql, params);
        std::string v = PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
        PQclear(r);
        return v;
    }

private:
    PGconn* m_conn;
    std::map<std::string, std::string> m_prepared;
};

// A fresh database, migrated by `avocet-hub migrate`, with an administrator and a clinician of
// team north-community (password kBenchPassword).
struct Database
{
    std::string conninfo;

    static Database create(const std::string& name)
    {
        std::string error;
        Database db;
        db.conninfo = test::sharedPostgres().createDatabase(name, error);
        if (db.conninfo.empty())
            die("cannot create database: " + error);
        std::string output;
        if (test::runHubCommand({"migrate", "--database", db.conninfo}, output) != 0)
            die("avocet-hub migrate failed: " + output);
        const std::vector<std::vector<std::string>> setup = {
            {"create-team", "north-community"},
            {"create-user", "bench.admin", "--role", "administrator"},
            {"create-user", "bench.nurse", "--role", "clinician", "--team", "north-community"},
        };
        for (const auto& step : setup) {
            std::vector<std::string> args = {"admin", "--database", db.conninfo};
            args.insert(args.end(), step.begin(), step.end());
            if (test::runHubCommand(args, output, {std::string("AVOCET_HUB_PASSWORD=") + kBenchPassword}) != 0)
                die("avocet-hub admin " + step[0] + " failed: " + output);
        }
        return db;
    }

    std::unique_ptr<test::HubProcess> startHub(int threads = 8) const
    {
        // The hub's request log (one JSON line per request on stderr) goes to hub-<pid>.log in the
        // working directory instead of the benchmark's own output.
        std::fflush(stderr);
        const int saved = ::dup(2);
        const int log = ::open(("hub-" + std::to_string(::getpid()) + ".log").c_str(),
                               O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (log >= 0)
            ::dup2(log, 2);
        std::string error;
        auto hub = test::HubProcess::start({"--database", conninfo, "--threads", std::to_string(threads)}, error);
        ::dup2(saved, 2);
        ::close(saved);
        if (log >= 0)
            ::close(log);
        if (!hub)
            die("cannot start avocet-hub: " + error);
        return hub;
    }
};

// A keep-alive HTTP/1.1 client to one hub (what a load generator or a bare client needs, nothing more).
class Http
{
public:
    explicit Http(std::uint16_t port) : m_session("127.0.0.1", port) { m_session.setKeepAlive(true); }

    void setToken(const std::string& token) { m_token = token; }

    int request(const std::string& method, const std::string& target, const std::string& body, std::string& answer,
                const std::vector<std::pair<std::string, std::string>>& headers = {})
    {
        Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        if (!m_token.empty())
            request.set("Authorization", "Bearer " + m_token);
        request.set("Accept", "application/fhir+json");
        if (!body.empty()) {
            request.setContentType("application/fhir+json");
            request.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        for (const auto& [name, value] : headers)
            request.set(name, value);
        std::ostream& out = m_session.sendRequest(request);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        Poco::Net::HTTPResponse response;
        std::istream& in = m_session.receiveResponse(response);
        std::ostringstream text;
        text << in.rdbuf();
        answer = text.str();
        return static_cast<int>(response.getStatus());
    }

    std::string login(const std::string& user)
    {
        std::string answer;
        const int status = request("POST", "/auth/login",
                                   nlohmann::json{{"username", user}, {"password", kBenchPassword}}.dump(), answer,
                                   {{"Content-Type", "application/json"}});
        if (status != 200)
            die("login failed: " + std::to_string(status) + " " + answer);
        return nlohmann::json::parse(answer).value("access_token", "");
    }

private:
    Poco::Net::HTTPClientSession m_session;
    std::string m_token;
};

} // namespace avocet::bench::hub
