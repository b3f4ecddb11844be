#pragma once
// A tiny HTTP client for the integration tests (Poco HTTPClientSession over loopback).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace avocet::test {

struct HttpResult
{
    int status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body; // already gunzipped when the server compressed it
    bool wasGzipped = false;

    std::string header(const std::string& lowerName) const;
    nlohmann::json json() const; // discarded (null) when the body is not JSON
};

class HttpClient
{
public:
    explicit HttpClient(std::uint16_t port) : m_port(port) {}

    void setBearerToken(std::string token) { m_token = std::move(token); }
    void setHeader(const std::string& name, const std::string& value) { m_extraHeaders[name] = value; }
    void clearHeader(const std::string& name) { m_extraHeaders.erase(name); }

    HttpResult request(const std::string& method, const std::string& target, const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
    HttpResult get(const std::string& target) const { return request("GET", target); }
    HttpResult post(const std::string& target, const nlohmann::json& body,
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) const
    {
        return request("POST", target, body.dump(), headers);
    }
    HttpResult put(const std::string& target, const nlohmann::json& body,
                   const std::vector<std::pair<std::string, std::string>>& headers = {}) const
    {
        return request("PUT", target, body.dump(), headers);
    }

private:
    std::uint16_t m_port;
    std::string m_token;
    std::map<std::string, std::string> m_extraHeaders;
};

} // namespace avocet::test
