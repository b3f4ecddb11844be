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

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <typeinfo>

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

bool acceptsGzip(const Poco::Net::HTTPServerRequest& request)
{
    const std::string accepted = toLower(request.get("Accept-Encoding", ""));
    // Good enough for real clients: "gzip" listed and not explicitly refused with q=0.
    const auto at = accepted.find("gzip");
    if (at == std::string::npos)
        return false;
    const auto rest = accepted.substr(at, accepted.find(',', at) - at);
    return rest.find("q=0") == std::string::npos || rest.find("q=0.") != std::string::npos;
}

class HubRequestHandler : public Poco::Net::HTTPRequestHandler
{
public:
    HubRequestHandler(std::shared_ptr<RequestDispatcher> dispatcher, InFlight& inFlight, const HubOptions& options)
        : m_dispatcher(std::move(dispatcher)), m_inFlight(inFlight), m_options(options)
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        InFlightGuard guard(m_inFlight);
        const auto started = std::chrono::steady_clock::now();
        HubRequest in;
        HubResponse out;
        bool keepAlive = true;
        try {
            fill(request, in);
            out = m_dispatcher->dispatch(in);
        } catch (const PayloadTooLarge&) {
            out = errorResponse(413, "too-costly",
                                "request body exceeds the limit of " + std::to_string(m_options.maxBodyBytes) + " bytes");
            // Drain what the client is still sending (up to a cap) so it can read the answer
            // instead of a connection reset; beyond the cap the connection is closed.
            keepAlive = drain(request.stream(), kDrainLimit);
        } catch (const Poco::Exception& error) {
            out = errorResponse(400, "invalid", "malformed request: " + error.displayText());
            keepAlive = false;
        } catch (const std::exception& error) {
            // The type only: an exception's text can quote the request (a JSON parse error
            // shows what it last read), which may be patient data.
            logEvent("error", "unhandled", {{"type", typeid(error).name()}});
            out = errorResponse(500, "exception", "internal error; the request was not applied");
        }
        try {
            send(request, response, out, keepAlive);
        } catch (const std::exception& error) {
            logEvent("warn", "send_failed", {{"what", error.what()}});
        }
        const auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
        // Only the first path segment: ids and query strings can carry identifiers.
        const auto second = in.path.find('/', 1);
        logEvent("info", "request",
                 {{"method", in.method},
                  {"route", second == std::string::npos ? in.path : in.path.substr(0, second)},
                  {"status", out.status},
                  {"ms", static_cast<double>(micros) / 1000.0}});
    }

private:
    void fill(Poco::Net::HTTPServerRequest& request, HubRequest& in)
    {
        in.method = request.getMethod();
        const std::string& uri = request.getURI();
        const auto question = uri.find('?');
        in.path = percentDecode(uri.substr(0, question));
        if (question != std::string::npos)
            in.query = parseQuery(uri.substr(question + 1));
        for (const auto& [name, value] : request)
            in.headers.emplace_back(toLower(name), value);
        const std::string host = request.getHost();
        in.baseUrl = std::string(m_options.usesTls() ? "https://" : "http://") +
                     (host.empty() ? m_options.bindAddress : host);

        if (request.hasContentLength() && request.getContentLength64() > static_cast<std::int64_t>(m_options.maxBodyBytes))
            throw PayloadTooLarge();
        std::string body = readLimited(request.stream(), m_options.maxBodyBytes);
        if (toLower(request.get("Content-Encoding", "")) == "gzip" && !body.empty()) {
            std::istringstream compressed(body);
            Poco::InflatingInputStream inflater(compressed, Poco::InflatingStreamBuf::STREAM_GZIP);
            body = readLimited(inflater, m_options.maxBodyBytes);
        }
        in.body = std::move(body);
    }

    void send(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const HubResponse& out,
              bool keepAlive)
    {
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
        if (!out.body.empty())
            response.setContentType(out.contentType);
        for (const auto& [name, value] : out.headers)
            response.set(name, value);
        if (!keepAlive)
            response.setKeepAlive(false);
        response.set("Vary", "Accept-Encoding");
        const std::string* body = &out.body;
        std::string gzipped;
        if (body->size() >= kGzipThreshold && acceptsGzip(request)) {
            std::ostringstream compressed;
            {
                Poco::DeflatingOutputStream deflater(compressed, Poco::DeflatingStreamBuf::STREAM_GZIP);
                deflater << *body;
                deflater.close();
            }
            gzipped = compressed.str();
            body = &gzipped;
            response.set("Content-Encoding", "gzip");
        }
        response.setContentLength64(static_cast<Poco::Int64>(body->size()));
        if (request.getMethod() == "HEAD") {
            response.send();
            return;
        }
        // Header and body straight to the socket (no copy into the stream's small buffer).
        response.sendBuffer(body->data(), body->size());
    }

    std::shared_ptr<RequestDispatcher> m_dispatcher;
    InFlight& m_inFlight;
    const HubOptions& m_options;
};

class HubHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    HubHandlerFactory(std::shared_ptr<RequestDispatcher> dispatcher, InFlight& inFlight, const HubOptions& options)
        : m_dispatcher(std::move(dispatcher)), m_inFlight(inFlight), m_options(options)
    {
    }
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new HubRequestHandler(m_dispatcher, m_inFlight, m_options); // owned by Poco
    }

private:
    std::shared_ptr<RequestDispatcher> m_dispatcher;
    InFlight& m_inFlight;
    const HubOptions& m_options;
};

} // namespace

struct HttpServerAdapter::Impl
{
    HubOptions options;
    std::shared_ptr<RequestDispatcher> dispatcher;
    InFlight inFlight;
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
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
}

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
            m_impl->socket = std::make_unique<Poco::Net::ServerSocket>(address, 128);
        }
        auto params = Poco::Net::HTTPServerParams::Ptr(new Poco::Net::HTTPServerParams);
        params->setMaxThreads(options.threads);
        params->setMaxQueued(512);
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(5, 0));
        params->setTimeout(Poco::Timespan(60, 0));
        params->setServerName("avocet-hub");
        m_impl->pool = std::make_unique<Poco::ThreadPool>(2, options.threads + 2);
        m_impl->server = std::make_unique<Poco::Net::HTTPServer>(
            new HubHandlerFactory(m_impl->dispatcher, m_impl->inFlight, m_impl->options), *m_impl->pool,
            *m_impl->socket, params);
        m_impl->server->start();
    } catch (const Poco::Exception& error) {
        return makeError(ErrorCode::IoError, "cannot listen on " + options.bindAddress + ":" +
                                                 std::to_string(options.port) + ": " + error.displayText());
    }
    return core::Status::success();
}

std::uint16_t HttpServerAdapter::port() const
{
    if (!m_impl->socket)
        return 0;
    try {
        return m_impl->socket->address().port();
    } catch (const Poco::Exception&) {
        return 0;
    }
}

void HttpServerAdapter::stop()
{
    if (!m_impl->server || m_impl->stopped)
        return;
    m_impl->stopped = true;
    try {
        m_impl->server->stop(); // closes the listening socket; running requests continue
        {
            std::unique_lock lock(m_impl->inFlight.mutex);
            m_impl->inFlight.idle.wait_for(lock, std::chrono::seconds(m_impl->options.shutdownGraceSeconds),
                                           [this] { return m_impl->inFlight.count == 0; });
        }
        m_impl->server->stopAll(true); // idle keep-alive connections are closed now
        m_impl->pool->joinAll();
    } catch (const Poco::Exception& error) {
        logEvent("warn", "stop_failed", {{"what", error.displayText()}});
    }
}

} // namespace avocet::hub
