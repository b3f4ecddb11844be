#include "server/HttpServerAdapter.h"

#include "server/Log.h"
#include "server/OperationOutcome.h"

#include <Poco/DeflatingStream.h>
#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/IPAddress.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <typeinfo>
#include <unordered_map>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace avocet::hub {
namespace {

using core::ErrorCode;
using core::makeError;

// Compressing tiny bodies costs more than it saves.
constexpr std::size_t kGzipThreshold = 1024;

struct InFlight
{
    std::mutex mutex;
    std::condition_variable idle;
    int count = 0;
};

class InFlightGuard
{
public:
    explicit InFlightGuard(InFlight& state) : m_state(state)
    {
        std::lock_guard lock(m_state.mutex);
        ++m_state.count;
    }
    ~InFlightGuard()
    {
        std::lock_guard lock(m_state.mutex);
        if (--m_state.count == 0)
            m_state.idle.notify_all();
    }
    InFlightGuard(const InFlightGuard&) = delete;
    InFlightGuard& operator=(const InFlightGuard&) = delete;

private:
    InFlight& m_state;
};

std::string toLower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string percentDecode(const std::string& text)
{
    std::string decoded;
    try {
        Poco::URI::decode(text, decoded, false);
    } catch (const Poco::Exception&) {
        return text;
    }
    return decoded;
}

// Parsed by hand so '+' stays '+' (timestamps like 2025-01-01T00:00:00+00:00 arrive unencoded).
std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query)
{
    std::vector<std::pair<std::string, std::string>> parameters;
    std::size_t start = 0;
    while (start <= query.size()) {
        auto end = query.find('&', start);
        if (end == std::string::npos)
            end = query.size();
        const std::string part = query.substr(start, end - start);
        if (!part.empty()) {
            const auto equals = part.find('=');
            if (equals == std::string::npos)
                parameters.emplace_back(percentDecode(part), "");
            else
                parameters.emplace_back(percentDecode(part.substr(0, equals)), percentDecode(part.substr(equals + 1)));
        }
        start = end + 1;
    }
    return parameters;
}

constexpr std::size_t kDrainLimit = 64u * 1024u * 1024u;

bool drain(std::istream& in, std::size_t limit)
{
    char buffer[65536];
    std::size_t total = 0;
    try {
        while (in && total < limit) {
            in.read(buffer, sizeof buffer);
            const auto got = static_cast<std::size_t>(in.gcount());
            if (got == 0)
                return true;
            total += got;
        }
    } catch (const std::exception&) {
        return false;
    }
    return total < limit;
}

class PayloadTooLarge : public std::runtime_error
{
public:
    PayloadTooLarge() : std::runtime_error("payload too large") {}
};

std::string readLimited(std::istream& in, std::size_t limit)
{
    std::string body;
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0)
            break;
        if (body.size() + got > limit)
            throw PayloadTooLarge();
        body.append(buffer, got);
    }
    return body;
}

bool acceptsGzip(const Poco::Net::HTTPRequest& request)
{
    const std::string accepted = toLower(request.get("Accept-Encoding", ""));
    // Good enough for real clients: "gzip" listed and not explicitly refused with q=0.
    const auto at = accepted.find("gzip");
    if (at == std::string::npos)
        return false;
    const auto rest = accepted.substr(at, accepted.find(',', at) - at);
    return rest.find("q=0") == std::string::npos || rest.find("q=0.") != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// What both front ends share: turning a parsed request head and its body into the answer.

bool isTokenEndpoint(const std::string& method, const std::string& path)
{
    return method == "POST" && (path == "/auth/login" || path == "/auth/refresh");
}

std::string pathOf(const std::string& uri)
{
    return percentDecode(uri.substr(0, uri.find('?')));
}

// The client's address: the peer, or, when the peer is a trusted proxy, the last address it put
// in X-Forwarded-For (the one it saw; anything before it the client could have written).
std::string clientAddressOf(const Poco::Net::HTTPRequest& head, const std::string& peer, const HubOptions& options)
{
    if (options.trustedProxies.empty() ||
        std::find(options.trustedProxies.begin(), options.trustedProxies.end(), peer) == options.trustedProxies.end())
        return peer;
    const std::string forwarded = head.get("X-Forwarded-For", "");
    if (forwarded.empty())
        return peer;
    std::string last = forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
    last.erase(0, last.find_first_not_of(" \t"));
    last.erase(last.find_last_not_of(" \t") + 1);
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(last, address))
        return peer;
    return address.toString();
}

class RequestCore
{
public:
    RequestCore(std::shared_ptr<RequestDispatcher> dispatcher, InFlight& inFlight, const HubOptions& options,
                const std::string& baseUrl)
        : m_dispatcher(std::move(dispatcher)), m_inFlight(inFlight), m_options(options), m_baseUrl(baseUrl)
    {
    }

    // The answer to give without reading the body, when its announced size is over the limit
    // (a login or refresh has a small one).
    std::optional<HubResponse> refuseBeforeBody(const Poco::Net::HTTPRequest& head) const
    {
        if (!head.hasContentLength())
            return std::nullopt;
        const auto length = head.getContentLength64();
        const bool tokenEndpoint = isTokenEndpoint(head.getMethod(), pathOf(head.getURI()));
        const std::size_t limit = tokenEndpoint ? m_options.loginMaxBodyBytes : m_options.maxBodyBytes;
        if (length <= static_cast<std::int64_t>(limit))
            return std::nullopt;
        return errorResponse(413, "too-costly", "request body exceeds the limit of " + std::to_string(limit) + " bytes");
    }
    std::size_t bodyLimit(const Poco::Net::HTTPRequest& head) const
    {
        return isTokenEndpoint(head.getMethod(), pathOf(head.getURI())) ? m_options.loginMaxBodyBytes
                                                                         : m_options.maxBodyBytes;
    }

    HubResponse process(const Poco::Net::HTTPRequest& head, std::string body, const std::string& peer,
                        HubRequest& in)
    {
        InFlightGuard guard(m_inFlight);
        try {
            in.method = head.getMethod();
            const std::string& uri = head.getURI();
            const auto question = uri.find('?');
            in.path = percentDecode(uri.substr(0, question));
            if (question != std::string::npos)
                in.query = parseQuery(uri.substr(question + 1));
            for (const auto& [name, value] : head)
                in.headers.emplace_back(toLower(name), value);
            in.baseUrl = m_baseUrl;
            in.clientAddress = clientAddressOf(head, peer, m_options);
            if (toLower(head.get("Content-Encoding", "")) == "gzip" && !body.empty()) {
                std::istringstream compressed(body);
                Poco::InflatingInputStream inflater(compressed, Poco::InflatingStreamBuf::STREAM_GZIP);
                body = readLimited(inflater, bodyLimit(head));
            }
            in.body = std::move(body);
            return m_dispatcher->dispatch(in);
        } catch (const PayloadTooLarge&) {
            return errorResponse(413, "too-costly",
                                 "request body exceeds the limit of " + std::to_string(bodyLimit(head)) + " bytes");
        } catch (const Poco::Exception& error) {
            return errorResponse(400, "invalid", "malformed request: " + error.displayText());
        } catch (const std::exception& error) {
            // The type only: an exception's text can quote the request (a JSON parse error
            // shows what it last read), which may be patient data.
            logEvent("error", "unhandled", {{"type", typeid(error).name()}});
            return errorResponse(500, "exception", "internal error; the request was not applied");
        }
    }

    static void logRequest(const std::string& method, const std::string& path, int status,
                           std::chrono::steady_clock::time_point started)
    {
        const auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
        // Only the first path segment: ids and query strings can carry identifiers.
        const auto second = path.find('/', 1);
        logEvent("info", "request",
                 {{"method", method},
                  {"route", second == std::string::npos ? path : path.substr(0, second)},
                  {"status", status},
                  {"ms", static_cast<double>(micros) / 1000.0}});
    }

    // The body to send (gzipped when it pays and the client accepts it).
    static std::string encodeBody(const Poco::Net::HTTPRequest& head, const HubResponse& out, bool& gzipped)
    {
        gzipped = false;
        if (out.body.size() < kGzipThreshold || !acceptsGzip(head))
            return out.body;
        std::ostringstream compressed;
        {
            Poco::DeflatingOutputStream deflater(compressed, Poco::DeflatingStreamBuf::STREAM_GZIP);
            deflater << out.body;
            deflater.close();
        }
        gzipped = true;
        return compressed.str();
    }

    const HubOptions& options() const { return m_options; }

private:
    std::shared_ptr<RequestDispatcher> m_dispatcher;
    InFlight& m_inFlight;
    const HubOptions& m_options;
    const std::string& m_baseUrl;
};

// ---------------------------------------------------------------------------------------------
// TLS: Poco's HTTPServer, a thread per connection.

class HubRequestHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit HubRequestHandler(RequestCore& core) : m_core(core) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        const auto started = std::chrono::steady_clock::now();
        HubRequest in;
        HubResponse out;
        bool keepAlive = true;
        if (auto refused = m_core.refuseBeforeBody(request); refused) {
            out = std::move(*refused);
            keepAlive = false; // the body is not read
            in.method = request.getMethod();
            in.path = pathOf(request.getURI());
        } else {
            try {
                std::string body = readLimited(request.stream(), m_core.bodyLimit(request));
                out = m_core.process(request, std::move(body), request.clientAddress().host().toString(), in);
            } catch (const PayloadTooLarge&) {
                out = errorResponse(413, "too-costly", "request body exceeds the limit of " +
                                                           std::to_string(m_core.bodyLimit(request)) + " bytes");
                // Drain what the client is still sending (up to a cap) so it can read the answer
                // instead of a connection reset; beyond the cap the connection is closed.
                keepAlive = drain(request.stream(), kDrainLimit);
            } catch (const Poco::Exception& error) {
                out = errorResponse(400, "invalid", "malformed request: " + error.displayText());
                keepAlive = false;
            }
        }
        try {
            send(request, response, out, keepAlive);
        } catch (const std::exception& error) {
            logEvent("warn", "send_failed", {{"what", error.what()}});
        }
        RequestCore::logRequest(in.method, in.path, out.status, started);
    }

private:
    static void send(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                     const HubResponse& out, bool keepAlive)
    {
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
        if (!out.body.empty())
            response.setContentType(out.contentType);
        for (const auto& [name, value] : out.headers)
            response.set(name, value);
        if (!keepAlive)
            response.setKeepAlive(false);
        response.set("Vary", "Accept-Encoding");
        bool gzipped = false;
        const std::string body = RequestCore::encodeBody(request, out, gzipped);
        if (gzipped)
            response.set("Content-Encoding", "gzip");
        response.setContentLength64(static_cast<Poco::Int64>(body.size()));
        if (request.getMethod() == "HEAD") {
            response.send();
            return;
        }
        // Header and body straight to the socket (no copy into the stream's small buffer).
        response.sendBuffer(body.data(), body.size());
    }

    RequestCore& m_core;
};

class HubHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit HubHandlerFactory(RequestCore& core) : m_core(core) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new HubRequestHandler(m_core); // owned by Poco
    }

private:
    RequestCore& m_core;
};

// ---------------------------------------------------------------------------------------------
// Plain HTTP: the connection gate and its workers.

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxHeadBytes = 64u * 1024u;   // request line and headers
constexpr std::size_t kGateBodyBytes = 64u * 1024u;  // bodies up to this are read by the gate too
constexpr auto kBodyDeadline = std::chrono::seconds(60); // the rest of a larger body, and sending the answer

struct Connection
{
    int fd = -1;
    std::string address;   // peer IP
    std::string buffer;    // received and not yet consumed
    Clock::time_point deadline;
    Clock::time_point waitingSince;
    bool headStarted = false;
    bool keepAliveWait = false;
    std::uint64_t order = 0; // arrival order in the gate, for "oldest first"
};

std::string peerAddressOf(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return "unknown";
    try {
        const Poco::Net::SocketAddress address(reinterpret_cast<sockaddr*>(&storage), length);
        return address.host().toString();
    } catch (const Poco::Exception&) {
        return "unknown";
    }
}

// The end of the request head in buffer (the index just past the blank line), or npos.
std::size_t headEnd(const std::string& buffer)
{
    const auto crlf = buffer.find("\r\n\r\n");
    const auto lf = buffer.find("\n\n");
    if (crlf == std::string::npos && lf == std::string::npos)
        return std::string::npos;
    if (lf == std::string::npos || (crlf != std::string::npos && crlf + 2 <= lf))
        return crlf + 4;
    return lf + 2;
}

// Cheap look at a complete head for what the gate needs: Content-Length (-1 none or unusable),
// whether the client waits for "100 Continue" or sends chunks.
struct HeadFacts
{
    long long contentLength = -1;
    bool expectContinue = false;
    bool chunked = false;
};

HeadFacts headFacts(const std::string& buffer, std::size_t end)
{
    HeadFacts facts;
    const std::string head = toLower(buffer.substr(0, end));
    std::size_t at = 0;
    while ((at = head.find('\n', at)) != std::string::npos) {
        ++at;
        const auto lineEnd = head.find('\n', at);
        const std::string line = head.substr(at, lineEnd == std::string::npos ? std::string::npos : lineEnd - at);
        auto value = [&line](const char* name) -> std::optional<std::string> {
            const std::size_t length = std::strlen(name);
            if (line.compare(0, length, name) != 0)
                return std::nullopt;
            std::string rest = line.substr(length);
            rest.erase(0, rest.find_first_not_of(" \t"));
            rest.erase(rest.find_last_not_of(" \t\r") + 1);
            return rest;
        };
        if (auto length = value("content-length:"); length) {
            if (!length->empty() && length->size() < 18 && length->find_first_not_of("0123456789") == std::string::npos)
                facts.contentLength = std::stoll(*length);
        } else if (auto expect = value("expect:"); expect) {
            facts.expectContinue = expect->find("100-continue") != std::string::npos;
        } else if (auto encoding = value("transfer-encoding:"); encoding) {
            facts.chunked = encoding->find("chunked") != std::string::npos;
        }
    }
    return facts;
}

bool sendAll(int fd, const char* data, std::size_t size, Clock::time_point deadline)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            data += sent;
            size -= static_cast<std::size_t>(sent);
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            return false;
        pollfd entry{fd, POLLOUT, 0};
        if (::poll(&entry, 1, static_cast<int>(std::min<long long>(left, 1000))) < 0 && errno != EINTR)
            return false;
    }
    return true;
}

// After an answer that refused a body unread: read and discard what the client is still sending,
// up to `limit` bytes, the deadline or 200 ms without data, so it reads the answer instead of a connection reset (a
// client sends its whole request before it reads). The connection is closed afterwards anyway.
void drainSocket(int fd, std::size_t limit, Clock::time_point deadline)
{
    ::shutdown(fd, SHUT_WR);
    char scratch[16384];
    std::size_t total = 0;
    while (total < limit) {
        const ssize_t got = ::recv(fd, scratch, sizeof scratch, MSG_DONTWAIT);
        if (got > 0) {
            total += static_cast<std::size_t>(got);
            continue;
        }
        if (got == 0)
            return; // the client finished and closed
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            return;
        pollfd entry{fd, POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(std::min<long long>(left, 200))) <= 0 && errno != EINTR)
            return;
    }
}

// A canned answer from the gate itself (no worker): 503 when the queue is full, 431 for a huge head.
void sendCanned(int fd, int status, const std::string& message)
{
    const std::string body = makeOperationOutcome("error", status == 503 ? "transient" : "too-costly", message).dump();
    const std::string text = "HTTP/1.1 " + std::to_string(status) + " " +
                             Poco::Net::HTTPResponse::getReasonForStatus(
                                 static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status)) +
                             "\r\nContent-Type: application/fhir+json; charset=utf-8\r\nContent-Length: " +
                             std::to_string(body.size()) + (status == 503 ? "\r\nRetry-After: 1" : "") +
                             "\r\nConnection: close\r\n\r\n" + body;
    (void)sendAll(fd, text.data(), text.size(), Clock::now() + std::chrono::milliseconds(200));
}

std::string httpDateNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buffer;
}

class ConnectionGate
{
public:
    ConnectionGate(RequestCore& core, int listenFd) : m_core(core), m_options(core.options()), m_listenFd(listenFd)
    {
        m_wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    }
    ~ConnectionGate()
    {
        stopAll();
        if (m_wake >= 0)
            ::close(m_wake);
    }

    void start()
    {
        m_gate = std::thread([this] { runGate(); });
        for (int i = 0; i < m_options.threads; ++i)
            m_workers.emplace_back([this] { runWorker(); });
    }

    // Stops accepting and closes the connections waiting in the gate (idle keep-alives included);
    // queued and running requests are still answered.
    void stopAccepting()
    {
        m_stopping = true;
        wake();
        if (m_gate.joinable())
            m_gate.join();
    }

    // Ends the workers once the queue is empty (queued requests are answered first).
    void stopAll()
    {
        stopAccepting();
        {
            std::lock_guard lock(m_queueMutex);
            m_workersStop = true;
        }
        m_queueReady.notify_all();
        for (auto& worker : m_workers)
            if (worker.joinable())
                worker.join();
        m_workers.clear();
    }

private:
    void wake()
    {
        const std::uint64_t one = 1;
        (void)!::write(m_wake, &one, sizeof one);
    }

    // Per-address and total connection counts cover connections in the gate and in workers.
    bool isTrustedProxy(const std::string& address) const
    {
        return std::find(m_options.trustedProxies.begin(), m_options.trustedProxies.end(), address) !=
               m_options.trustedProxies.end();
    }
    void countOpen(const std::string& address)
    {
        std::lock_guard lock(m_countMutex);
        ++m_perAddress[address];
        ++m_open;
    }
    void closeConnection(std::unique_ptr<Connection> connection)
    {
        if (!connection || connection->fd < 0)
            return;
        ::close(connection->fd);
        connection->fd = -1;
        std::lock_guard lock(m_countMutex);
        if (auto found = m_perAddress.find(connection->address); found != m_perAddress.end() && --found->second <= 0)
            m_perAddress.erase(found);
        --m_open;
    }
    int openFrom(const std::string& address)
    {
        std::lock_guard lock(m_countMutex);
        const auto found = m_perAddress.find(address);
        return found == m_perAddress.end() ? 0 : found->second;
    }
    int openTotal()
    {
        std::lock_guard lock(m_countMutex);
        return m_open;
    }

    // The gate's waiting connections, oldest first by arrival order.
    std::unique_ptr<Connection> takeOldestWaiting(const std::string* address)
    {
        auto oldest = m_waiting.end();
        for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
            if (address != nullptr && it->second->address != *address)
                continue;
            if (oldest == m_waiting.end() || it->second->order < oldest->second->order)
                oldest = it;
        }
        if (oldest == m_waiting.end())
            return nullptr;
        auto connection = std::move(oldest->second);
        m_waiting.erase(oldest);
        return connection;
    }

    void addWaiting(std::unique_ptr<Connection> connection)
    {
        connection->order = ++m_order;
        connection->waitingSince = Clock::now();
        const int fd = connection->fd;
        m_waiting[fd] = std::move(connection);
        // A keep-alive connection may already hold its next request (pipelining).
        examine(fd);
    }

    void acceptAll()
    {
        for (;;) {
            sockaddr_storage storage{};
            socklen_t length = sizeof storage;
            const int fd = ::accept4(m_listenFd, reinterpret_cast<sockaddr*>(&storage), &length,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue;
                if (errno == EMFILE || errno == ENFILE) {
                    // Out of descriptors: make room by closing the oldest waiting connection.
                    if (auto oldest = takeOldestWaiting(nullptr); oldest) {
                        ++m_evicted;
                        closeConnection(std::move(oldest));
                        continue;
                    }
                }
                return;
            }
            const int one = 1;
            (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto connection = std::make_unique<Connection>();
            connection->fd = fd;
            connection->address = peerAddressOf(fd);
            connection->deadline = Clock::now() + std::chrono::seconds(m_options.headTimeoutSeconds);
            if (m_options.maxConnectionsPerAddress > 0 && !isTrustedProxy(connection->address) &&
                openFrom(connection->address) >= m_options.maxConnectionsPerAddress) {
                // The address's oldest connection still waiting makes room; if all of them are
                // being answered, this one is refused.
                auto oldest = takeOldestWaiting(&connection->address);
                ++m_evicted;
                if (!oldest) {
                    ::close(fd);
                    continue;
                }
                closeConnection(std::move(oldest));
            }
            if (openTotal() >= m_options.maxConnections) {
                auto oldest = takeOldestWaiting(nullptr);
                ++m_evicted;
                if (!oldest) {
                    ::close(fd);
                    continue;
                }
                closeConnection(std::move(oldest));
            }
            countOpen(connection->address);
            addWaiting(std::move(connection));
        }
    }

    // Reads what a waiting connection has sent; queues it once its request is complete.
    void readFrom(int fd)
    {
        auto found = m_waiting.find(fd);
        if (found == m_waiting.end())
            return;
        Connection& connection = *found->second;
        char buffer[16384];
        for (;;) {
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got > 0) {
                if (!connection.headStarted) {
                    connection.headStarted = true;
                    // The head must be complete within the head deadline from its first byte.
                    connection.deadline = std::min(connection.deadline,
                                                   Clock::now() + std::chrono::seconds(m_options.headTimeoutSeconds));
                    if (connection.keepAliveWait)
                        connection.deadline = Clock::now() + std::chrono::seconds(m_options.headTimeoutSeconds);
                }
                connection.buffer.append(buffer, static_cast<std::size_t>(got));
                if (connection.buffer.size() > kMaxHeadBytes + kGateBodyBytes)
                    break;
                if (static_cast<std::size_t>(got) < sizeof buffer)
                    break;
                continue;
            }
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            // End of stream or an error: the client is gone.
            auto gone = std::move(found->second);
            m_waiting.erase(found);
            closeConnection(std::move(gone));
            return;
        }
        examine(fd);
    }

    void examine(int fd)
    {
        auto found = m_waiting.find(fd);
        if (found == m_waiting.end())
            return;
        Connection& connection = *found->second;
        const std::size_t end = headEnd(connection.buffer);
        if (end == std::string::npos) {
            if (connection.buffer.size() > kMaxHeadBytes) {
                auto refused = std::move(found->second);
                m_waiting.erase(found);
                sendCanned(refused->fd, 431, "the request head is larger than " + std::to_string(kMaxHeadBytes) + " bytes");
                closeConnection(std::move(refused));
            }
            return;
        }
        const HeadFacts facts = headFacts(connection.buffer, end);
        // Small bodies are read here too, so a worker never waits for a slow small body.
        if (!facts.expectContinue && !facts.chunked && facts.contentLength > 0 &&
            static_cast<std::size_t>(facts.contentLength) <= kGateBodyBytes &&
            connection.buffer.size() < end + static_cast<std::size_t>(facts.contentLength))
            return;
        auto ready = std::move(found->second);
        m_waiting.erase(found);
        enqueue(std::move(ready));
    }

    void enqueue(std::unique_ptr<Connection> connection)
    {
        {
            std::lock_guard lock(m_queueMutex);
            if (static_cast<int>(m_queue.size()) < m_options.maxQueued) {
                m_queue.push_back(std::move(connection));
                m_queueReady.notify_one();
                return;
            }
        }
        ++m_shed;
        sendCanned(connection->fd, 503, "the hub is busy; try again in a moment");
        closeConnection(std::move(connection));
    }

    void runGate()
    {
        std::vector<pollfd> fds;
        while (!m_stopping) {
            // Connections handed back by workers (keep-alive).
            std::vector<std::unique_ptr<Connection>> returned;
            {
                std::lock_guard lock(m_returnMutex);
                returned.swap(m_returned);
            }
            std::uint64_t drained = 0;
            (void)!::read(m_wake, &drained, sizeof drained);
            for (auto& connection : returned)
                addWaiting(std::move(connection));

            // Deadlines.
            const auto now = Clock::now();
            auto next = now + std::chrono::seconds(1);
            std::vector<int> expired;
            for (const auto& [fd, connection] : m_waiting) {
                if (connection->deadline <= now)
                    expired.push_back(fd);
                else
                    next = std::min(next, connection->deadline);
            }
            for (const int fd : expired) {
                auto connection = std::move(m_waiting[fd]);
                m_waiting.erase(fd);
                if (connection->headStarted)
                    ++m_headTimeouts;
                closeConnection(std::move(connection));
            }

            fds.clear();
            fds.push_back({m_listenFd, POLLIN, 0});
            fds.push_back({m_wake, POLLIN, 0});
            for (const auto& [fd, connection] : m_waiting)
                fds.push_back({fd, POLLIN, 0});
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1;
            const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(wait, 1)));
            if (ready < 0) {
                if (errno == EINTR)
                    continue;
                logEvent("error", "gate_poll_failed", {{"errno", errno}});
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
                continue;
            }
            for (std::size_t i = 2; i < fds.size(); ++i) {
                if (fds[i].revents != 0)
                    readFrom(fds[i].fd);
            }
            if ((fds[0].revents & POLLIN) != 0 && !m_stopping)
                acceptAll();
        }
        // Stopping: connections still waiting for a request (idle keep-alives, unfinished heads)
        // are closed; requests already queued are answered by the workers.
        while (!m_waiting.empty()) {
            auto connection = std::move(m_waiting.begin()->second);
            m_waiting.erase(m_waiting.begin());
            closeConnection(std::move(connection));
        }
        std::lock_guard lock(m_returnMutex);
        for (auto& connection : m_returned)
            closeConnection(std::move(connection));
        m_returned.clear();
    }

    void runWorker()
    {
        for (;;) {
            std::unique_ptr<Connection> connection;
            {
                std::unique_lock lock(m_queueMutex);
                m_queueReady.wait(lock, [this] { return m_workersStop || !m_queue.empty(); });
                if (m_queue.empty())
                    return;
                connection = std::move(m_queue.front());
                m_queue.pop_front();
            }
            const bool keepAlive = serve(*connection);
            if (keepAlive && !m_stopping) {
                connection->headStarted = !connection->buffer.empty();
                connection->keepAliveWait = true;
                connection->deadline = Clock::now() + std::chrono::seconds(connection->headStarted
                                                                               ? m_options.headTimeoutSeconds
                                                                               : m_options.keepAliveSeconds);
                {
                    std::lock_guard lock(m_returnMutex);
                    m_returned.push_back(std::move(connection));
                }
                wake();
            } else {
                closeConnection(std::move(connection));
            }
        }
    }

    // Reads more of the request into the buffer until `wanted` bytes are there; false at the
    // deadline or when the client is gone.
    static bool fill(Connection& connection, std::size_t wanted, Clock::time_point deadline)
    {
        char buffer[65536];
        while (connection.buffer.size() < wanted) {
            const ssize_t got = ::recv(connection.fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got > 0) {
                connection.buffer.append(buffer, static_cast<std::size_t>(got));
                continue;
            }
            if (got == 0)
                return false;
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                return false;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0)
                return false;
            pollfd entry{connection.fd, POLLIN, 0};
            if (::poll(&entry, 1, static_cast<int>(std::min<long long>(left, 1000))) < 0 && errno != EINTR)
                return false;
        }
        return true;
    }

    // A chunked body from buffer[from...] (reading more as needed) into body; consumed set to
    // the index after it. Throws PayloadTooLarge; false when the client stops or sends garbage.
    static bool readChunked(Connection& connection, std::size_t from, std::size_t limit, Clock::time_point deadline,
                            std::string& body, std::size_t& consumed)
    {
        std::size_t at = from;
        auto line = [&](std::string& out) {
            for (;;) {
                const auto end = connection.buffer.find("\r\n", at);
                if (end != std::string::npos) {
                    out = connection.buffer.substr(at, end - at);
                    at = end + 2;
                    return true;
                }
                if (connection.buffer.size() - at > 4096 ||
                    !fill(connection, connection.buffer.size() + 1, deadline))
                    return false;
            }
        };
        for (;;) {
            std::string sizeLine;
            if (!line(sizeLine))
                return false;
            const std::string hex = sizeLine.substr(0, sizeLine.find(';'));
            if (hex.empty() || hex.size() > 8 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                return false;
            const std::size_t size = std::stoul(hex, nullptr, 16);
            if (size == 0) {
                std::string trailer;
                do {
                    if (!line(trailer))
                        return false;
                } while (!trailer.empty());
                consumed = at;
                return true;
            }
            if (body.size() + size > limit)
                throw PayloadTooLarge();
            if (!fill(connection, at + size + 2, deadline))
                return false;
            body.append(connection.buffer, at, size);
            at += size + 2;
        }
    }

    // Answers the request at the front of the connection's buffer; returns whether the connection
    // stays open for another.
    bool serve(Connection& connection)
    {
        const auto started = Clock::now();
        const auto deadline = started + kBodyDeadline;
        const std::size_t end = headEnd(connection.buffer);
        Poco::Net::HTTPRequest head;
        try {
            std::istringstream text(connection.buffer.substr(0, end));
            head.read(text);
        } catch (const Poco::Exception& error) {
            writeAnswer(connection, nullptr, errorResponse(400, "invalid", "malformed request head"), false, deadline);
            RequestCore::logRequest("?", "/", 400, started);
            return false;
        }
        HubRequest in;
        in.method = head.getMethod();
        in.path = pathOf(head.getURI());
        bool keepAlive = head.getKeepAlive() && !m_stopping;
        HubResponse out;
        std::size_t consumed = end;
        bool bodyRefused = false;
        if (auto refused = m_core.refuseBeforeBody(head); refused) {
            out = std::move(*refused);
            keepAlive = false; // the body is never read
            bodyRefused = true;
        } else {
            const HeadFacts facts = headFacts(connection.buffer, end);
            if (facts.expectContinue && (facts.contentLength > 0 || facts.chunked)) {
                const std::string go = "HTTP/1.1 100 Continue\r\n\r\n";
                (void)sendAll(connection.fd, go.data(), go.size(), deadline);
            }
            std::string body;
            bool whole = true;
            try {
                if (facts.chunked) {
                    whole = readChunked(connection, end, m_core.bodyLimit(head), deadline, body, consumed);
                } else if (facts.contentLength > 0) {
                    const auto length = static_cast<std::size_t>(facts.contentLength);
                    whole = fill(connection, end + length, deadline);
                    if (whole) {
                        body = connection.buffer.substr(end, length);
                        consumed = end + length;
                    }
                }
                if (!whole) {
                    RequestCore::logRequest(in.method, in.path, 408, started);
                    return false; // the client stopped sending: nothing to answer
                }
                in = HubRequest();
                out = m_core.process(head, std::move(body), connection.address, in);
            } catch (const PayloadTooLarge&) {
                out = errorResponse(413, "too-costly", "request body exceeds the limit of " +
                                                           std::to_string(m_core.bodyLimit(head)) + " bytes");
                keepAlive = false;
                bodyRefused = true;
            }
        }
        connection.buffer.erase(0, std::min(consumed, connection.buffer.size()));
        const bool sent = writeAnswer(connection, &head, out, keepAlive, deadline);
        RequestCore::logRequest(in.method, in.path, out.status, started);
        if (bodyRefused && sent)
            drainSocket(connection.fd, kDrainLimit, Clock::now() + std::chrono::seconds(2));
        return sent && keepAlive;
    }

    bool writeAnswer(Connection& connection, const Poco::Net::HTTPRequest* head, const HubResponse& out,
                     bool keepAlive, Clock::time_point deadline)
    {
        bool gzipped = false;
        std::string body = head != nullptr ? RequestCore::encodeBody(*head, out, gzipped) : out.body;
        std::string text = "HTTP/1.1 " + std::to_string(out.status) + " " +
                           Poco::Net::HTTPResponse::getReasonForStatus(
                               static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status)) +
                           "\r\nDate: " + httpDateNow() + "\r\nServer: avocet-hub\r\n";
        if (!out.body.empty())
            text += "Content-Type: " + out.contentType + "\r\n";
        for (const auto& [name, value] : out.headers)
            text += name + ": " + value + "\r\n";
        text += "Vary: Accept-Encoding\r\n";
        if (gzipped)
            text += "Content-Encoding: gzip\r\n";
        text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        text += keepAlive ? "Connection: Keep-Alive\r\nKeep-Alive: timeout=" + std::to_string(m_options.keepAliveSeconds) +
                                "\r\n"
                          : "Connection: close\r\n";
        text += "\r\n";
        if (head == nullptr || head->getMethod() != "HEAD")
            text += body;
        return sendAll(connection.fd, text.data(), text.size(), deadline);
    }

    RequestCore& m_core;
    const HubOptions& m_options;
    int m_listenFd;
    int m_wake = -1;
    std::atomic<bool> m_stopping{false};
    std::thread m_gate;
    std::vector<std::thread> m_workers;

    // Gate thread only.
    std::unordered_map<int, std::unique_ptr<Connection>> m_waiting;
    std::uint64_t m_order = 0;

    std::mutex m_queueMutex;
    std::condition_variable m_queueReady;
    std::deque<std::unique_ptr<Connection>> m_queue;
    bool m_workersStop = false;

    std::mutex m_returnMutex;
    std::vector<std::unique_ptr<Connection>> m_returned;

    std::mutex m_countMutex;
    std::map<std::string, int> m_perAddress;
    int m_open = 0;

    std::atomic<long long> m_evicted{0};
    std::atomic<long long> m_shed{0};
    std::atomic<long long> m_headTimeouts{0};
};

} // namespace

struct HttpServerAdapter::Impl
{
    HubOptions options;
    std::string baseUrl;
    std::shared_ptr<RequestDispatcher> dispatcher;
    InFlight inFlight;
    std::unique_ptr<RequestCore> core;
    // TLS
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    // plain
    int listenFd = -1;
    std::uint16_t plainPort = 0;
    std::unique_ptr<ConnectionGate> gate;
    bool started = false;
    bool stopped = false;
};

HttpServerAdapter::HttpServerAdapter(HubOptions options, std::shared_ptr<RequestDispatcher> dispatcher)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->options = std::move(options);
    m_impl->dispatcher = std::move(dispatcher);
}

HttpServerAdapter::~HttpServerAdapter()
{
    stop();
    if (m_impl->listenFd >= 0)
        ::close(m_impl->listenFd);
}

namespace {

int listenPlain(const std::string& bindAddress, std::uint16_t port, std::string& error)
{
    const Poco::Net::SocketAddress address(bindAddress, port);
    const int fd = ::socket(address.family() == Poco::Net::AddressFamily::IPv6 ? AF_INET6 : AF_INET,
                            SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::strerror(errno);
        return -1;
    }
    const int one = 1;
    (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, address.addr(), address.length()) != 0 || ::listen(fd, 1024) != 0) {
        error = std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string hostForUrl(const std::string& host)
{
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

} // namespace

core::Status HttpServerAdapter::start()
{
    if (auto policy = checkTransportPolicy(m_impl->options); !policy)
        return policy;
    const auto& options = m_impl->options;
    try {
        const Poco::Net::SocketAddress address(options.bindAddress, options.port);
        if (options.usesTls()) {
            Poco::Net::initializeSSL();
            Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_SERVER_USE, options.tlsPrivateKeyFile, options.tlsCertificateFile, "",
                Poco::Net::Context::VERIFY_NONE, 9, false, "HIGH:!aNULL:!MD5:!RC4:!3DES");
            context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            m_impl->socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 128, context);
        } else {
            std::string error;
            m_impl->listenFd = listenPlain(options.bindAddress, options.port, error);
            if (m_impl->listenFd < 0)
                return makeError(ErrorCode::IoError, "cannot listen on " + options.bindAddress + ":" +
                                                         std::to_string(options.port) + ": " + error);
            sockaddr_storage storage{};
            socklen_t length = sizeof storage;
            ::getsockname(m_impl->listenFd, reinterpret_cast<sockaddr*>(&storage), &length);
            m_impl->plainPort = Poco::Net::SocketAddress(reinterpret_cast<sockaddr*>(&storage), length).port();
        }
        m_impl->baseUrl = options.publicUrl.empty() ? std::string(options.usesTls() ? "https://" : "http://") +
                                                          hostForUrl(options.bindAddress) + ":" + std::to_string(port())
                                                    : options.publicUrl;
        m_impl->core = std::make_unique<RequestCore>(m_impl->dispatcher, m_impl->inFlight, m_impl->options,
                                                     m_impl->baseUrl);
        if (options.usesTls()) {
            auto params = Poco::Net::HTTPServerParams::Ptr(new Poco::Net::HTTPServerParams);
            params->setMaxThreads(options.threads);
            params->setMaxQueued(options.maxQueued);
            params->setKeepAlive(true);
            params->setKeepAliveTimeout(Poco::Timespan(std::min(options.keepAliveSeconds, 5), 0));
            params->setTimeout(Poco::Timespan(options.headTimeoutSeconds, 0));
            params->setServerName("avocet-hub");
            m_impl->pool = std::make_unique<Poco::ThreadPool>(2, options.threads + 2);
            m_impl->server = std::make_unique<Poco::Net::HTTPServer>(new HubHandlerFactory(*m_impl->core),
                                                                     *m_impl->pool, *m_impl->socket, params);
            m_impl->server->start();
        } else {
            m_impl->gate = std::make_unique<ConnectionGate>(*m_impl->core, m_impl->listenFd);
            m_impl->gate->start();
        }
        m_impl->started = true;
    } catch (const Poco::Exception& error) {
        return makeError(ErrorCode::IoError, "cannot listen on " + options.bindAddress + ":" +
                                                 std::to_string(options.port) + ": " + error.displayText());
    }
    return core::Status::success();
}

std::uint16_t HttpServerAdapter::port() const
{
    if (m_impl->listenFd >= 0)
        return m_impl->plainPort;
    if (!m_impl->socket)
        return 0;
    try {
        return m_impl->socket->address().port();
    } catch (const Poco::Exception&) {
        return 0;
    }
}

std::string HttpServerAdapter::baseUrl() const
{
    return m_impl->baseUrl;
}

void HttpServerAdapter::stop()
{
    if (!m_impl->started || m_impl->stopped)
        return;
    m_impl->stopped = true;
    try {
        if (m_impl->gate) {
            m_impl->gate->stopAccepting(); // no new connections; idle ones closed; queued ones answered
            ::close(m_impl->listenFd);
            m_impl->listenFd = -1;
        } else {
            m_impl->server->stop(); // closes the listening socket; running requests continue
        }
        {
            std::unique_lock lock(m_impl->inFlight.mutex);
            m_impl->inFlight.idle.wait_for(lock, std::chrono::seconds(m_impl->options.shutdownGraceSeconds),
                                           [this] { return m_impl->inFlight.count == 0; });
        }
        if (m_impl->gate) {
            m_impl->gate->stopAll();
        } else {
            m_impl->server->stopAll(true); // idle keep-alive connections are closed now
            m_impl->pool->joinAll();
        }
    } catch (const Poco::Exception& error) {
        logEvent("warn", "stop_failed", {{"what", error.displayText()}});
    }
}

} // namespace avocet::hub
