#include "tests/support/FaultProxy.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace avocet::test {

namespace {

using Poco::Net::StreamSocket;

struct Message
{
    std::string head; // start line and headers, with the blank line
    std::string body; // as framed on the wire (Content-Length bytes, or the raw chunks)
    std::string raw() const { return head + body; }
};

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// Reads more bytes into `buffer`. A receive timeout only checks `stop` and waits again.
bool fill(StreamSocket& socket, std::string& buffer, const std::atomic<bool>& stop)
{
    char chunk[65536];
    while (!stop.load()) {
        try {
            const int got = socket.receiveBytes(chunk, sizeof chunk);
            if (got <= 0)
                return false;
            buffer.append(chunk, static_cast<std::size_t>(got));
            return true;
        } catch (const Poco::TimeoutException&) {
            continue;
        } catch (const Poco::Exception&) {
            return false;
        }
    }
    return false;
}

bool need(StreamSocket& socket, std::string& buffer, std::size_t bytes, const std::atomic<bool>& stop)
{
    while (buffer.size() < bytes)
        if (!fill(socket, buffer, stop))
            return false;
    return true;
}

// One whole HTTP/1.1 message; bytes read past it stay in `buffer` for the next one.
bool readMessage(StreamSocket& socket, std::string& buffer, Message& message, const std::atomic<bool>& stop)
{
    std::size_t end = 0;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos)
        if (!fill(socket, buffer, stop))
            return false;
    message.head = buffer.substr(0, end + 4);
    buffer.erase(0, end + 4);
    message.body.clear();
    const std::string headers = lower(message.head);
    const bool noBody = headers.rfind("http/1.1 204", 0) == 0 || headers.rfind("http/1.1 304", 0) == 0;
    if (headers.find("\r\ntransfer-encoding: chunked") != std::string::npos && !noBody) {
        for (;;) {
            std::size_t lineEnd = 0;
            while ((lineEnd = buffer.find("\r\n")) == std::string::npos)
                if (!fill(socket, buffer, stop))
                    return false;
            const std::size_t size = std::strtoul(buffer.c_str(), nullptr, 16);
            const std::size_t total = lineEnd + 2 + size + 2; // "size\r\n" data "\r\n" (or the final blank line)
            if (!need(socket, buffer, total, stop))
                return false;
            message.body += buffer.substr(0, total);
            buffer.erase(0, total);
            if (size == 0)
                return true;
        }
    }
    std::size_t length = 0;
    if (const auto at = headers.find("\r\ncontent-length:"); at != std::string::npos && !noBody)
        length = std::strtoul(headers.c_str() + at + 17, nullptr, 10);
    if (!need(socket, buffer, length, stop))
        return false;
    message.body = buffer.substr(0, length);
    buffer.erase(0, length);
    return true;
}

bool sendAll(StreamSocket& socket, const std::string& data)
{
    try {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const int n = socket.sendBytes(data.data() + sent, static_cast<int>(data.size() - sent));
            if (n <= 0)
                return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

std::string statusAnswer(int status, const std::string& reason, const std::string& extraHeader)
{
    const std::string body = R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient",)"
                             R"("diagnostics":"injected by the test proxy"}]})";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: application/fhir+json\r\n" +
           extraHeader + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void closeQuietly(StreamSocket& socket)
{
    try {
        socket.shutdown();
    } catch (const Poco::Exception&) {
    }
    try {
        socket.close();
    } catch (const Poco::Exception&) {
    }
}

} // namespace

const char* proxyFaultName(ProxyFault fault)
{
    switch (fault) {
    case ProxyFault::DropBeforeCommit: return "drop-before-commit";
    case ProxyFault::DropAfterCommit: return "drop-after-commit";
    case ProxyFault::ServiceUnavailable: return "503";
    case ProxyFault::TooManyRequests: return "429";
    case ProxyFault::Hang: return "hang";
    case ProxyFault::Truncate: return "truncated-body";
    case ProxyFault::Duplicate: return "duplicate-delivery";
    case ProxyFault::Trickle: return "trickle";
    }
    return "?";
}

FaultProxy::FaultProxy(std::uint16_t upstreamPort)
    : m_upstream(upstreamPort), m_server(Poco::Net::SocketAddress("127.0.0.1", 0))
{
    m_accept = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy()
{
    m_stop = true;
    m_accept.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(m_mutex);
        workers.swap(m_workers);
    }
    for (auto& worker : workers)
        worker.join();
}

std::uint16_t FaultProxy::port() const { return m_server.address().port(); }

void FaultProxy::addRule(ProxyRule rule)
{
    std::lock_guard lock(m_mutex);
    m_rules.push_back(std::move(rule));
    m_seen.push_back(0);
}

bool FaultProxy::matchRule(const std::string& method, const std::string& path, ProxyRule& chosen)
{
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        const auto& rule = m_rules[i];
        if ((!rule.method.empty() && rule.method != method) || (!rule.path.empty() && rule.path != path))
            continue;
        const int n = ++m_seen[i];
        if (n <= rule.skip)
            return false;
        if (rule.times >= 0 && n > rule.skip + rule.times)
            continue;
        chosen = rule;
        return true;
    }
    return false;
}

void FaultProxy::acceptLoop()
{
    while (!m_stop) {
        try {
            if (!m_server.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ))
                continue;
            StreamSocket client = m_server.acceptConnection();
            ++m_connections;
            std::lock_guard lock(m_mutex);
            m_workers.emplace_back([this, client] { serve(client); });
        } catch (const Poco::Exception&) {
            continue;
        }
    }
}

void FaultProxy::serve(StreamSocket client)
{
    client.setNoDelay(true);
    client.setReceiveTimeout(Poco::Timespan(0, 100000)); // to notice the destructor
    StreamSocket upstream;
    try {
        upstream.connect(Poco::Net::SocketAddress("127.0.0.1", m_upstream), Poco::Timespan(5, 0));
        upstream.setNoDelay(true);
        upstream.setReceiveTimeout(Poco::Timespan(0, 100000));
    } catch (const Poco::Exception&) {
        closeQuietly(client);
        return;
    }
    std::string fromClient, fromServer;
    // Forwards one request and reads the whole answer.
    auto exchange = [&](const Message& request, Message& answer) {
        ++m_forwarded;
        return sendAll(upstream, request.raw()) && readMessage(upstream, fromServer, answer, m_stop);
    };
    while (!m_stop) {
        Message request;
        if (!readMessage(client, fromClient, request, m_stop))
            break;
        const auto methodEnd = request.head.find(' ');
        const auto targetEnd = request.head.find(' ', methodEnd + 1);
        const std::string method = request.head.substr(0, methodEnd);
        std::string path = request.head.substr(methodEnd + 1, targetEnd - methodEnd - 1);
        path = path.substr(0, path.find('?'));

        ProxyRule rule;
        Message answer;
        if (!matchRule(method, path, rule)) {
            if (!exchange(request, answer) || !sendAll(client, answer.raw()))
                break;
            continue;
        }
        ++m_injected;
        if (rule.fault == ProxyFault::DropBeforeCommit)
            break;
        if (rule.fault == ProxyFault::ServiceUnavailable || rule.fault == ProxyFault::TooManyRequests) {
            const bool busy = rule.fault == ProxyFault::TooManyRequests;
            const std::string reply =
                busy ? statusAnswer(429, "Too Many Requests",
                                    "Retry-After: " + std::to_string(rule.retryAfterSeconds) + "\r\n")
                     : statusAnswer(503, "Service Unavailable", "");
            if (!sendAll(client, reply))
                break;
            continue;
        }
        if (!exchange(request, answer))
            break;
        if (rule.fault == ProxyFault::Duplicate) {
            Message second;
            if (!exchange(request, second) || !sendAll(client, second.raw()))
                break;
            continue;
        }
        if (rule.fault == ProxyFault::Trickle) {
            const std::string whole = answer.raw();
            bool delivered = true;
            for (std::size_t at = 0; delivered && at < whole.size(); at += rule.trickleBytes) {
                if (at > 0)
                    std::this_thread::sleep_for(rule.trickleGap);
                delivered = !m_stop && sendAll(client, whole.substr(at, rule.trickleBytes));
            }
            if (delivered)
                continue;
            break; // the client gave up waiting
        }
        if (rule.fault == ProxyFault::Truncate)
            sendAll(client, answer.head + answer.body.substr(0, answer.body.size() / 2));
        if (rule.fault == ProxyFault::Hang) {
            const auto until = std::chrono::steady_clock::now() + rule.hang;
            while (!m_stop && std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        break; // DropAfterCommit, Truncate and Hang end with the connection closed
    }
    closeQuietly(client);
    closeQuietly(upstream);
}

} // namespace avocet::test
