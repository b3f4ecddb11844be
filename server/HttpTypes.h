#pragma once
// Transport-neutral request and response: the Poco adapter fills a HubRequest, the router answers
// with a HubResponse. Keeps every FHIR rule testable without sockets.

#include <string>
#include <utility>
#include <vector>

namespace avocet::hub {

struct HubRequest
{
    std::string method;
    std::string path; // decoded, without the query string, e.g. "/Patient/abc"
    std::vector<std::pair<std::string, std::string>> query; // decoded, in order
    std::vector<std::pair<std::string, std::string>> headers; // names lower-case
    std::string body;
    // The hub's public base URL (--public-url, else this listener), no trailing slash. Never taken
    // from the request's Host header, which the client chooses.
    std::string baseUrl;
    // The client's IP address: the peer, or what a trusted proxy says in X-Forwarded-For.
    std::string clientAddress;

    // First header with this (lower-case) name, or "" when absent.
    std::string header(const std::string& lowerName) const;
    bool hasHeader(const std::string& lowerName) const;
};

struct HubResponse
{
    int status = 200;
    std::string contentType = "application/fhir+json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    void setHeader(const std::string& name, const std::string& value);
};

} // namespace avocet::hub
