#include "tests/integration/support/HubEnvironment.h"

#include "tests/integration/support/TempPostgres.h"

#include <stdexcept>
#include <unistd.h>

namespace avocet::test {

HubEnvironment& HubEnvironment::shared()
{
    static std::unique_ptr<HubEnvironment> environment = [] {
        std::unique_ptr<HubEnvironment> created(new HubEnvironment);
        std::string error;
        created->m_conninfo = sharedPostgres().createDatabase("hub_" + std::to_string(getpid()), error);
        if (created->m_conninfo.empty())
            throw std::runtime_error("cannot create test database: " + error);
        const std::vector<std::vector<std::string>> setup = {
            {"create-team", "north-community"},
            {"create-team", "south-ward"},
            {"create-user", "admin1", "--role", "administrator"},
            {"create-user", "nurse.north", "--role", "clinician", "--team", "north-community"},
            {"create-user", "nurse.south", "--role", "clinician", "--team", "south-ward"},
            {"create-user", "designer", "--role", "change_manager"},
        };
        for (const auto& step : setup) {
            if (created->admin(step) != 0)
                throw std::runtime_error("admin setup step failed: " + step[0] + " " + step[1]);
        }
        created->m_hub = created->startHub();
        if (!created->m_hub)
            throw std::runtime_error("cannot start avocet-hub");
        return created;
    }();
    return *environment;
}

int HubEnvironment::admin(const std::vector<std::string>& args, std::string* output) const
{
    std::vector<std::string> full = {"admin", "--database", m_conninfo};
    full.insert(full.end(), args.begin(), args.end());
    std::string captured;
    const int status = runHubCommand(full, captured, {std::string("AVOCET_HUB_PASSWORD=") + kTestPassword});
    if (output != nullptr)
        *output = captured;
    return status;
}

std::string HubEnvironment::login(const std::string& user, std::uint16_t port) const
{
    HttpClient client(port == 0 ? this->port() : port);
    const auto response = client.request("POST", "/auth/login",
                                         nlohmann::json{{"username", user}, {"password", kTestPassword}}.dump(),
                                         {{"Content-Type", "application/json"}});
    if (response.status != 200)
        return {};
    return response.json().value("access_token", "");
}

HttpClient HubEnvironment::clientFor(const std::string& user) const
{
    HttpClient client(port());
    client.setBearerToken(login(user));
    return client;
}

std::unique_ptr<HubProcess> HubEnvironment::startHub(const std::vector<std::string>& extraArgs,
                                                     const std::string& logPath) const
{
    std::vector<std::string> args = {"--database", m_conninfo, "--threads", "8"};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    std::string error;
    auto hub = HubProcess::start(args, error, logPath);
    if (!hub)
        throw std::runtime_error(error);
    return hub;
}

} // namespace avocet::test
