#include "tests/integration/support/HttpClient.h"

#include <Poco/InflatingStream.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <sstream>

namespace avocet::test {

std::string HttpResult::header(const std::string& lowerName) const
{
    const auto found = headers.find(lowerName);
    return found == headers.end() ? std::string() : found->second;
}

nlohmann::json HttpResult::json() const
{
    return nlohmann::json::parse(body, nullptr, false);
}

HttpResult HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) const
{
    Poco::Net::HTTPClientSession session("127.0.0.1", m_port);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!m_token.empty())
        request.set("Authorization", "Bearer " + m_token);
    for (const auto& [name, value] : m_extraHeaders)
        request.set(name, value);
    for (const auto& [name, value] : headers)
        request.set(name, value);
    if (!body.empty() || method == "POST" || method == "PUT") {
        if (!request.has("Content-Type"))
            request.setContentType("application/fhir+json");
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpResult result;
    result.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        result.headers[lower] = value;
    }
    std::string raw;
    Poco::StreamCopier::copyToString(in, raw);
    if (result.header("content-encoding") == "gzip") {
        std::istringstream compressed(raw);
        Poco::InflatingInputStream inflater(compressed, Poco::InflatingStreamBuf::STREAM_GZIP);
        Poco::StreamCopier::copyToString(inflater, result.body);
        result.wasGzipped = true;
    } else {
        result.body = std::move(raw);
    }
    return result;
}

} // namespace avocet::test
