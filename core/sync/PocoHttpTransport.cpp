// The production transport: Poco HTTP(S) client session, one keep-alive connection, TCP_NODELAY,
// timeouts, gzip, strict TLS verification and an optional SPKI pin. Every Poco exception is caught
// here and turned into an Error; nothing throws past this file.

#include "core/sync/HttpTransport.h"
#include "core/sync/ExchangeDeadline.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <sstream>

#include <Poco/Base64Encoder.h>
#include <Poco/DeflatingStream.h>
#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <openssl/sha.h>
#include <openssl/x509.h>

namespace avocet::core::sync {

namespace {

// Request bodies above this go gzipped (below it the gzip header and a round of deflate cost more than they save).
constexpr std::size_t kCompressAbove = 1024;

// The most a server's answer may be, as sent and as inflated (a page of 2,000 records is a few MiB).
constexpr long long kMaxAnswerBytes = 64LL << 20;

// Reads the stream to its end into out; false as soon as it passes kMaxAnswerBytes.
bool readBounded(std::istream& in, std::string& out)
{
    char buffer[65536];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto got = in.gcount();
        if (got <= 0)
            break;
        if (static_cast<long long>(out.size()) + got > kMaxAnswerBytes)
            return false;
        out.append(buffer, static_cast<std::size_t>(got));
    }
    return true;
}

Error tooLarge()
{
    return makeError(ErrorCode::SyncFailed, "the server's answer is larger than " +
                                                std::to_string(kMaxAnswerBytes >> 20) +
                                                " MiB (after decompression); it was not read");
}

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

Poco::Timespan toTimespan(Millis value)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(value.count()) * 1000);
}

// Exposes the protected connect step so the connection (and its TLS handshake and pin check) is
// made before any header, and so the bearer token, leaves the machine.
template <typename Base>
class Session : public Base
{
public:
    using Base::Base;
    // Returns true when a new connection was opened.
    bool ensureConnected()
    {
        if (this->connected() && this->mustReconnect())
            this->close();
        if (this->connected())
            return false;
        this->reconnect();
        this->socket().setNoDelay(true);
        return true;
    }
};

using PlainSession = Session<Poco::Net::HTTPClientSession>;
using SecureSession = Session<Poco::Net::HTTPSClientSession>;

std::string spkiSha256Base64(const Poco::Net::X509Certificate& certificate)
{
    X509* x509 = const_cast<X509*>(certificate.certificate());
    X509_PUBKEY* key = X509_get_X509_PUBKEY(x509);
    unsigned char* der = nullptr;
    const int length = i2d_X509_PUBKEY(key, &der);
    if (length <= 0 || der == nullptr)
        return {};
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, static_cast<std::size_t>(length), digest);
    OPENSSL_free(der);
    std::ostringstream out;
    {
        Poco::Base64Encoder encoder(out);
        encoder.rdbuf()->setLineLength(0);
        encoder.write(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH);
        encoder.close();
    }
    return out.str();
}

class PocoTransport final : public HttpTransport
{
public:
    PocoTransport(ParsedUrl url, TransportOptions options) : m_url(std::move(url)), m_options(std::move(options)) {}

    Status init()
    {
        try {
            if (m_url.scheme == "https") {
                static std::once_flag once;
                std::call_once(once, [] { Poco::Net::initializeSSL(); });
                const bool systemCas = m_options.tls.caFile.empty();
                m_context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", m_options.tls.caFile,
                                                   Poco::Net::Context::VERIFY_STRICT, 9, systemCas,
                                                   "HIGH:!aNULL:!MD5:!RC4:@STRENGTH");
                m_context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
                m_secure = std::make_unique<SecureSession>(m_url.host, m_url.port, m_context);
                configure(*m_secure);
            } else {
                m_plain = std::make_unique<PlainSession>(m_url.host, m_url.port);
                configure(*m_plain);
            }
        } catch (const Poco::Exception& e) {
            return makeError(ErrorCode::CryptoFailure, "Cannot set up the connection: " + e.displayText());
        }
        return Status::success();
    }

    Result<HttpResponse> send(const HttpRequest& request) override
    {
        const bool gzip = m_compress && request.body.size() > kCompressAbove;
        auto result = sendEncoded(request, gzip);
        if (!gzip || !result || (result->status != 415 && result->status != 400))
            return result;
        // A server that does not take gzipped bodies refuses the request without acting on it:
        // the same request once more, plain. A 415 says so outright; a 400 only when the plain
        // body is then taken (otherwise the 400 was about something else and gzip stays on).
        auto plain = sendEncoded(request, false);
        if (plain && (result->status == 415 || plain->status != 400)) {
            m_compress = false;
            plain->gzipBodyRefused = true;
        }
        return plain;
    }

    void setCompressRequests(bool on) override { m_compress = on; }

    Result<HttpResponse> sendEncoded(const HttpRequest& request, bool gzip)
    {
        // A kept-alive connection the server has quietly closed fails on first use: reconnect once
        // at once (every request the engine sends is idempotent).
        for (int pass = 0; pass < 2; ++pass) {
            bool fresh = false;
            m_deadlinePassed = false;
            auto result = attempt(request, gzip, fresh);
            if (result.ok() || result.code() == ErrorCode::CryptoFailure || fresh || pass == 1 ||
                !request.idempotent || m_deadlinePassed)
                return result;
        }
        return makeError(ErrorCode::SyncFailed, "unreachable");
    }

    void reset() override
    {
        try {
            if (m_secure)
                m_secure->reset();
            if (m_plain)
                m_plain->reset();
        } catch (const Poco::Exception&) {
        }
    }

    int connectionsOpened() const override { return m_connections; }

private:
    template <typename S>
    void configure(S& session)
    {
        session.setKeepAlive(true);
        session.setKeepAliveTimeout(Poco::Timespan(3600, 0));
        session.setTimeout(toTimespan(m_options.connectTimeout), toTimespan(m_options.sendTimeout),
                           toTimespan(m_options.receiveTimeout));
    }

    // The watchdog shut the connection down: the exchange is over and the connection unusable.
    Result<HttpResponse> deadlinePassed()
    {
        m_deadlinePassed = true;
        reset();
        return makeError(ErrorCode::SyncFailed, "the server's answer did not arrive in time (more than " +
                                                    std::to_string(m_options.answerDeadline.count() / 1000) + " s)");
    }

    Result<HttpResponse> attempt(const HttpRequest& request, bool gzip, bool& fresh)
    {
        try {
            if (m_secure)
                return exchange(*m_secure, request, gzip, fresh);
            return exchange(*m_plain, request, gzip, fresh);
        } catch (const Poco::Net::CertificateValidationException& e) {
            reset();
            return makeError(ErrorCode::CryptoFailure, "TLS certificate refused: " + e.displayText());
        } catch (const Poco::Net::InvalidCertificateException& e) {
            reset();
            return makeError(ErrorCode::CryptoFailure, "TLS certificate refused: " + e.displayText());
        } catch (const Poco::Net::SSLException& e) {
            reset();
            const std::string text = e.displayText();
            if (text.find("certificate") != std::string::npos || text.find("handshake") != std::string::npos ||
                text.find("alert") != std::string::npos)
                return makeError(ErrorCode::CryptoFailure, "TLS refused: " + text);
            return makeError(ErrorCode::SyncFailed, "TLS connection failed: " + text);
        } catch (const Poco::TimeoutException&) {
            reset();
            return makeError(ErrorCode::SyncFailed, "the server did not answer in time");
        } catch (const Poco::Exception& e) {
            reset();
            return makeError(ErrorCode::SyncFailed, "network error: " + e.displayText());
        } catch (const std::exception& e) {
            reset();
            return makeError(ErrorCode::SyncFailed, std::string("network error: ") + e.what());
        }
    }

    template <typename S>
    Result<HttpResponse> exchange(S& session, const HttpRequest& request, bool gzip, bool& fresh)
    {
        fresh = session.ensureConnected();
        if (fresh) {
            ++m_connections;
            if constexpr (std::is_same_v<S, SecureSession>) {
                if (!m_options.tls.spkiPin.empty() &&
                    spkiSha256Base64(session.serverCertificate()) != m_options.tls.spkiPin) {
                    reset();
                    return makeError(ErrorCode::CryptoFailure,
                                     "TLS refused: the server's public key does not match the configured pin");
                }
            }
        }
        Poco::Net::HTTPRequest httpRequest(request.method, request.target, Poco::Net::HTTPMessage::HTTP_1_1);
        httpRequest.setKeepAlive(true);
        httpRequest.set("Accept-Encoding", "gzip");
        httpRequest.set("User-Agent", std::string("avocet/") + AVOCET_VERSION);
        for (const auto& [name, value] : request.headers)
            httpRequest.set(name, value);
        std::string body = request.body;
        if (gzip) {
            std::ostringstream compressed;
            {
                Poco::DeflatingOutputStream deflate(compressed, Poco::DeflatingStreamBuf::STREAM_GZIP);
                deflate << body;
                deflate.close();
            }
            body = compressed.str();
            httpRequest.set("Content-Encoding", "gzip");
        }
        if (!body.empty() || request.method == "POST" || request.method == "PUT")
            httpRequest.setContentLength(static_cast<std::streamsize>(body.size()));
        std::ostream& out = session.sendRequest(httpRequest);
        // From here to the last byte of the answer: however the bytes trickle, no longer than the deadline.
        ExchangeDeadline watchdog(m_watchdog, session.socket().impl()->sockfd(), m_options.answerDeadline);
        Poco::Net::HTTPResponse httpResponse;
        std::string raw;
        try {
            out.write(body.data(), static_cast<std::streamsize>(body.size()));
            out.flush();
            if (!out)
                throw Poco::IOException("the request could not be written");
            std::istream& in = session.receiveResponse(httpResponse);
            if (httpResponse.hasContentLength() && httpResponse.getContentLength64() > kMaxAnswerBytes) {
                (void)watchdog.disarm();
                reset();
                return tooLarge();
            }
            if (!readBounded(in, raw)) {
                (void)watchdog.disarm();
                reset();
                return tooLarge();
            }
        } catch (...) {
            if (watchdog.disarm())
                return deadlinePassed();
            throw;
        }
        if (watchdog.disarm())
            return deadlinePassed();
        if (httpResponse.hasContentLength() &&
            static_cast<long long>(raw.size()) != static_cast<long long>(httpResponse.getContentLength64())) {
            reset();
            return makeError(ErrorCode::SyncFailed, "the response was cut short (" + std::to_string(raw.size()) +
                                                        " of " +
                                                        std::to_string(httpResponse.getContentLength64()) + " bytes)");
        }
        HttpResponse response;
        response.status = static_cast<int>(httpResponse.getStatus());
        response.bytesSent = static_cast<std::int64_t>(body.size());
        response.bytesReceived = static_cast<std::int64_t>(raw.size());
        for (const auto& [name, value] : httpResponse)
            response.headers[lower(name)] = value;
        if (lower(response.header("content-encoding")) == "gzip" && !raw.empty()) {
            std::istringstream compressed(raw);
            Poco::InflatingInputStream inflate(compressed, Poco::InflatingStreamBuf::STREAM_GZIP);
            std::string plain;
            // A small gzip body can inflate to gigabytes: the limit holds for what it inflates to.
            if (!readBounded(inflate, plain)) {
                reset();
                return tooLarge();
            }
            response.body = std::move(plain);
        } else {
            response.body = std::move(raw);
        }
        if (!httpResponse.getKeepAlive())
            reset();
        return response;
    }

    ParsedUrl m_url;
    TransportOptions m_options;
    Poco::Net::Context::Ptr m_context;
    std::unique_ptr<SecureSession> m_secure;
    std::unique_ptr<PlainSession> m_plain;
    int m_connections = 0;
    bool m_compress = m_options.compressRequests;
    ExchangeWatchdog m_watchdog;
    bool m_deadlinePassed = false; // the last attempt ran out of time: not resent at once
};

} // namespace

bool isLoopbackHost(const std::string& host)
{
    const std::string name = lower(host);
    if (name == "localhost" || name == "::1" || name == "[::1]")
        return true;
    // 127.0.0.0/8, written as four decimal numbers (no names, no shorthand).
    int parts = 0;
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t dot = name.find('.', start);
        const std::string part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(part) > 255)
            return false;
        if (parts == 0 && part != "127")
            return false;
        ++parts;
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return parts == 4;
}

Result<ParsedUrl> parseBaseUrl(const std::string& url)
{
    try {
        Poco::URI uri(url);
        ParsedUrl parsed;
        parsed.scheme = lower(uri.getScheme());
        if (parsed.scheme != "http" && parsed.scheme != "https")
            return makeError(ErrorCode::InvalidArgument, "The server URL must start with http:// or https://");
        parsed.host = uri.getHost();
        if (parsed.host.empty())
            return makeError(ErrorCode::InvalidArgument, "The server URL has no host");
        // "http://localhost:80@hub.example/" names hub.example, not this computer: a URL with a
        // user part is refused rather than read one way here and another way by a reader.
        if (!uri.getUserInfo().empty() || url.find('@') != std::string::npos)
            return makeError(ErrorCode::InvalidArgument,
                             "The server URL must not contain a user name or '@': give only the address, "
                             "e.g. https://hub.trust.example");
        // Passwords, tokens and patient records never cross a network unencrypted: plain http://
        // only to this computer (tests, a local hub behind a TLS proxy).
        if (parsed.scheme == "http" && !isLoopbackHost(parsed.host))
            return makeError(ErrorCode::InvalidArgument,
                             "The server URL must start with https:// (plain http:// would send passwords and "
                             "patient records unencrypted; it is allowed only for this computer, e.g. "
                             "http://127.0.0.1:8080)");
        parsed.port = uri.getPort();
        parsed.basePath = uri.getPath();
        while (!parsed.basePath.empty() && parsed.basePath.back() == '/')
            parsed.basePath.pop_back();
        return parsed;
    } catch (const Poco::Exception& e) {
        return makeError(ErrorCode::InvalidArgument, "The server URL is not valid: " + e.displayText());
    }
}

Result<std::unique_ptr<HttpTransport>> makePocoTransport(const std::string& baseUrl, const TransportOptions& options)
{
    auto url = parseBaseUrl(baseUrl);
    if (!url)
        return url.error();
    auto transport = std::make_unique<PocoTransport>(*url, options);
    if (auto st = transport->init(); !st)
        return st.error();
    return std::unique_ptr<HttpTransport>(std::move(transport));
}

} // namespace avocet::core::sync
