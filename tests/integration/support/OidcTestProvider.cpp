#include "tests/integration/support/OidcTestProvider.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace avocet::test {

namespace {

const std::filesystem::path kHarness = std::filesystem::path(AVOCET_SOURCE_DIR) / "tests" / "oidc-provider";

std::string findOnPath(const std::string& program)
{
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate.string();
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return {};
}

} // namespace

std::unique_ptr<OidcTestProvider> OidcTestProvider::start(const std::string& keyFile, std::string& why, bool& skip)
{
    skip = true;
    const std::string node = findOnPath("node");
    if (node.empty()) {
        why = "node is not installed (scripts/setup.sh installs nodejs)";
        return nullptr;
    }
    if (!std::filesystem::exists(kHarness / "node_modules" / "oidc-provider" / "package.json")) {
        why = "tests/oidc-provider/node_modules is missing: run scripts/setup.sh (npm ci in tests/oidc-provider)";
        return nullptr;
    }
    skip = false;
    int out[2];
    if (::pipe(out) != 0) {
        why = "pipe failed";
        return nullptr;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], 1);
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 2);
        ::close(out[0]);
        if (::chdir(kHarness.c_str()) != 0)
            _exit(126);
        ::execl(node.c_str(), "node", "server.mjs", "--port", "0", "--key-file", keyFile.c_str(),
                static_cast<char*>(nullptr));
        _exit(127);
    }
    ::close(out[1]);
    auto provider = std::unique_ptr<OidcTestProvider>(new OidcTestProvider(pid));
    std::string line;
    char c = 0;
    while (true) {
        pollfd fd{out[0], POLLIN, 0};
        if (::poll(&fd, 1, 60000) <= 0 || ::read(out[0], &c, 1) != 1)
            break;
        if (c == '\n') {
            if (line.rfind("LISTENING ", 0) == 0)
                provider->m_port = std::atoi(line.c_str() + 10);
            break;
        }
        line += c;
    }
    ::close(out[0]);
    if (provider->m_port <= 0) {
        why = "server.mjs did not start (run `node server.mjs` in tests/oidc-provider to see why)";
        return nullptr;
    }
    return provider;
}

OidcTestProvider::~OidcTestProvider()
{
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
}

nlohmann::json OidcTestProvider::control(const std::string& path) const
{
    const auto answer = HttpClient(static_cast<std::uint16_t>(m_port)).request("POST", "/__test/" + path);
    EXPECT_EQ(answer.status, 200) << path << ": " << answer.body;
    return answer.json();
}

TestBrowser::Answer TestBrowser::send(const std::string& method, const std::string& url, const std::string& form)
{
    Poco::URI uri(url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::NameValueCollection cookies;
    for (const auto& [name, value] : m_cookies)
        cookies.add(name, value);
    if (!m_cookies.empty())
        request.setCookies(cookies);
    if (method == "POST") {
        request.setContentType("application/x-www-form-urlencoded");
        request.setContentLength(static_cast<std::streamsize>(form.size()));
    }
    session.sendRequest(request) << form;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Answer answer;
    answer.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, answer.body);
    std::vector<Poco::Net::HTTPCookie> set;
    response.getCookies(set);
    for (const auto& cookie : set) {
        if (cookie.getValue().empty() || cookie.getMaxAge() == 0)
            m_cookies.erase(cookie.getName());
        else
            m_cookies[cookie.getName()] = cookie.getValue();
    }
    if (response.has("Location")) {
        answer.location = response.get("Location");
        if (answer.location.rfind("/", 0) == 0)
            answer.location =
                uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort()) + answer.location;
    }
    return answer;
}

std::string TestBrowser::signIn(const std::string& authorizeUrl, const std::string& redirectPrefix,
                                const std::string& user, const std::string& password)
{
    std::string url = authorizeUrl;
    for (int step = 0; step < 12; ++step) {
        if (url.rfind(redirectPrefix, 0) == 0)
            return url;
        auto answer = send("GET", url);
        if (answer.status == 200) {
            const auto action = answer.body.find("action=\"");
            if (action == std::string::npos) {
                ADD_FAILURE() << "the provider's page has no sign-in form: " << answer.body.substr(0, 300);
                return {};
            }
            const auto start = action + 8;
            const std::string target = answer.body.substr(start, answer.body.find('"', start) - start);
            Poco::URI base(url);
            std::string userEncoded;
            std::string passwordEncoded;
            Poco::URI::encode(user, "&=+", userEncoded);
            Poco::URI::encode(password, "&=+", passwordEncoded);
            answer = send("POST", base.getScheme() + "://" + base.getHost() + ":" + std::to_string(base.getPort()) + target,
                          "login=" + userEncoded + "&password=" + passwordEncoded);
        }
        if (answer.status < 300 || answer.status >= 400 || answer.location.empty()) {
            ADD_FAILURE() << "the provider answered HTTP " << answer.status << ": " << answer.body.substr(0, 300);
            return {};
        }
        url = answer.location;
    }
    ADD_FAILURE() << "no redirect back after 12 steps";
    return {};
}

} // namespace avocet::test
