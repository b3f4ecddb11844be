#include "core/sync/LoopbackRedirect.h"

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

namespace avocet::core::sync {

namespace {

constexpr std::size_t kMaxRequestHead = 16 * 1024;

const char* kDonePage =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Avocet</title></head>"
    "<body style=\"font-family:sans-serif\"><h1>Signed in</h1><p>You can close this tab and go back to Avocet.</p>"
    "</body></html>";

const char* kWrongPage =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Avocet</title></head>"
    "<body style=\"font-family:sans-serif\"><p>This address is only for Avocet's sign-in.</p></body></html>";

void answer(Poco::Net::StreamSocket& socket, int status, const char* reason, const std::string& page)
{
    const std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                                 "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                                 "Connection: close\r\nContent-Length: " +
                                 std::to_string(page.size()) + "\r\n\r\n" + page;
    try {
        socket.sendBytes(response.data(), static_cast<int>(response.size()));
        socket.shutdownSend();
    } catch (const Poco::Exception&) {
        // The browser went away; the sign-in goes on with what it sent.
    }
}

} // namespace

struct LoopbackRedirect::Impl
{
    Poco::Net::ServerSocket server;
};

LoopbackRedirect::LoopbackRedirect() : m_impl(std::make_unique<Impl>()) {}

LoopbackRedirect::~LoopbackRedirect()
{
    try {
        m_impl->server.close();
    } catch (const Poco::Exception&) {
    }
}

Result<std::unique_ptr<LoopbackRedirect>> LoopbackRedirect::listen()
{
    std::unique_ptr<LoopbackRedirect> listener(new LoopbackRedirect());
    try {
        listener->m_impl->server.bind(Poco::Net::SocketAddress("127.0.0.1", 0), false);
        listener->m_impl->server.listen(4);
    } catch (const Poco::Exception& error) {
        return makeError(ErrorCode::IoError, "Cannot listen on this computer for the sign-in's return (" +
                                                 error.displayText() + ").");
    }
    return listener;
}

int LoopbackRedirect::port() const
{
    return m_impl->server.address().port();
}

std::string LoopbackRedirect::redirectUri() const
{
    return "http://127.0.0.1:" + std::to_string(port()) + "/callback";
}

Result<std::string> LoopbackRedirect::awaitRedirect(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return makeError(ErrorCode::Busy, "The sign-in did not come back from the browser in time; try again.");
        try {
            if (!m_impl->server.poll(Poco::Timespan(static_cast<long>(left.count()) * 1000), Poco::Net::Socket::SELECT_READ))
                continue;
            Poco::Net::StreamSocket socket = m_impl->server.acceptConnection();
            socket.setReceiveTimeout(Poco::Timespan(5, 0));
            std::string head;
            char buffer[2048];
            while (head.find("\r\n\r\n") == std::string::npos && head.size() < kMaxRequestHead) {
                const int got = socket.receiveBytes(buffer, sizeof buffer);
                if (got <= 0)
                    break;
                head.append(buffer, static_cast<std::size_t>(got));
            }
            const auto lineEnd = head.find("\r\n");
            const std::string line = head.substr(0, lineEnd);
            const auto firstSpace = line.find(' ');
            const auto secondSpace = line.find(' ', firstSpace + 1);
            if (firstSpace == std::string::npos || secondSpace == std::string::npos) {
                answer(socket, 400, "Bad Request", kWrongPage);
                continue;
            }
            const std::string method = line.substr(0, firstSpace);
            const std::string target = line.substr(firstSpace + 1, secondSpace - firstSpace - 1);
            if (method != "GET" || target.rfind("/callback?", 0) != 0) {
                answer(socket, 404, "Not Found", kWrongPage); // a favicon, a probe: not the sign-in
                continue;
            }
            answer(socket, 200, "OK", kDonePage);
            return target;
        } catch (const Poco::Exception&) {
            continue; // a connection that broke off; wait for the real one
        }
    }
}

Result<LoginResult> signOnThroughBrowser(HttpTransport& hub, const std::function<void(const std::string&)>& openBrowser,
                                         std::chrono::milliseconds timeout, const std::string& basePath)
{
    auto settings = fetchSignOnSettings(hub, basePath);
    if (!settings)
        return settings.error();
    auto listener = LoopbackRedirect::listen();
    if (!listener)
        return listener.error();
    const auto pending = beginSignOn(*settings, (*listener)->redirectUri());
    openBrowser(pending.authorizeUrl);
    auto target = (*listener)->awaitRedirect(timeout);
    if (!target)
        return target.error();
    auto code = authorizationCode(pending, *target);
    if (!code)
        return code.error();
    return completeSignOn(hub, pending, *code, basePath);
}

} // namespace avocet::core::sync
