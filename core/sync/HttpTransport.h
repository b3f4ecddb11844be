#pragma once
// The one HTTP(S) connection the sync engine uses. The interface lets tests put a fault-injecting
// decorator between the engine and a real server; the Poco implementation is the only production
// transport.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/common/Result.h"
#include "core/sync/SyncTypes.h"

namespace avocet::core::sync {

struct HttpRequest
{
    std::string method;
    std::string target; // path and query on the server, e.g. /fhir/Patient?_count=50
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Safe to send twice (GET, conditional create, If-Match update). Only such requests are resent
    // at once when a kept-alive connection turns out to be closed.
    bool idempotent = true;
};

struct HttpResponse
{
    int status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;                            // decompressed
    // The server refused this request's gzipped body and took it plain: it gets plain bodies now.
    bool gzipBodyRefused = false;
    // Body bytes as on the wire: the request's as sent (gzipped or not), the answer's before inflating.
    std::int64_t bytesSent = 0;
    std::int64_t bytesReceived = 0;

    std::string header(const std::string& lowerName) const
    {
        const auto found = headers.find(lowerName);
        return found == headers.end() ? std::string() : found->second;
    }
};

// Errors from send():
//  - ErrorCode::SyncFailed: the network failed (connect, timeout, reset, truncated body). The
//    request may or may not have reached the server; retrying an idempotent request is safe.
//  - ErrorCode::CryptoFailure: TLS refused (certificate not trusted, name mismatch, pin mismatch).
//    Never retried.
class HttpTransport
{
public:
    virtual ~HttpTransport() = default;
    virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
    // Drops the connection (the next send reconnects).
    virtual void reset() {}
    // Connections opened so far (keep-alive means one for a whole sync).
    virtual int connectionsOpened() const { return 0; }
    // Gzip request bodies or not (TransportOptions::compressRequests; off for a server known to
    // refuse them). Decorators forward it.
    virtual void setCompressRequests(bool) {}
};

struct ParsedUrl
{
    std::string scheme; // http | https
    std::string host;
    unsigned short port = 0;
    std::string basePath; // without a trailing slash; "" for the root
};
// http:// or https:// with a host, no user part; plain http:// only to this computer
// (isLoopbackHost). Checked before anything is sent, so a refused URL never sees a password.
Result<ParsedUrl> parseBaseUrl(const std::string& url);
// localhost, ::1 or 127.x.y.z.
bool isLoopbackHost(const std::string& host);

// One keep-alive connection with TCP_NODELAY, timeouts on connect/send/receive, gzip both ways
// (request bodies with the fallback above),
// TLS with strict verification (CA file or system CAs, host name checked) and an optional SPKI pin.
Result<std::unique_ptr<HttpTransport>> makePocoTransport(const std::string& baseUrl, const TransportOptions& options);

} // namespace avocet::core::sync
