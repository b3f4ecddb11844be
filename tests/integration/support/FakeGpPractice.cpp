#include "tests/integration/support/FakeGpPractice.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <thread>

namespace avocet::test {

namespace {

using nlohmann::json;

class GpHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit GpHandler(FakeGpPractice& practice) : m_practice(practice) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        int status = 200;
        std::string answer;
        std::chrono::milliseconds delay{0};
        m_practice.handle(request.get("Idempotency-Key", ""), request.get("X-Avocet-Recipient", ""), body, status,
                          answer, delay);
        if (delay.count() > 0)
            std::this_thread::sleep_for(delay);
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.setContentType("application/fhir+json");
        response.setContentLength(static_cast<std::streamsize>(answer.size()));
        try {
            response.send() << answer;
        } catch (...) {
            // The hub stopped waiting (time-out): nobody reads the answer any more.
        }
    }

private:
    FakeGpPractice& m_practice;
};

class GpFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit GpFactory(FakeGpPractice& practice) : m_practice(practice) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new GpHandler(m_practice);
    }

private:
    FakeGpPractice& m_practice;
};

// What the practice checks before filing: a message addressed to it, carrying a document Bundle
// and a PDF. "" when it is acceptable, else why not.
std::string problemWith(const json& message, const std::string& odsCode)
{
    if (!message.is_object() || message.value("resourceType", "") != "Bundle" || message.value("type", "") != "message")
        return "not a FHIR message Bundle";
    const auto& entries = message.value("entry", json::array());
    if (entries.size() < 3 || entries[0]["resource"].value("resourceType", "") != "MessageHeader")
        return "the message has no MessageHeader first";
    const json& header = entries[0]["resource"];
    const std::string addressedTo = header.value(json::json_pointer("/destination/0/receiver/identifier/value"), "");
    if (addressedTo != odsCode)
        return "addressed to " + addressedTo + ", not to this practice (" + odsCode + ")";
    bool document = false;
    bool pdf = false;
    for (const auto& entry : entries) {
        const json& resource = entry.value("resource", json::object());
        document = document || (resource.value("resourceType", "") == "Bundle" && resource.value("type", "") == "document");
        pdf = pdf || (resource.value("resourceType", "") == "Binary" &&
                      resource.value("contentType", "") == "application/pdf" && !resource.value("data", "").empty());
    }
    if (!document || !pdf)
        return "the message needs the document Bundle and its PDF";
    return {};
}

} // namespace

struct FakeGpPractice::Impl
{
    std::unique_ptr<Poco::Net::HTTPServer> server;
};

FakeGpPractice::FakeGpPractice(std::string odsCode) : m_impl(std::make_unique<Impl>()), m_odsCode(std::move(odsCode))
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    m_port = socket.address().port();
    auto params = Poco::makeAuto<Poco::Net::HTTPServerParams>();
    params->setMaxThreads(8);
    params->setKeepAlive(false);
    m_impl->server = std::make_unique<Poco::Net::HTTPServer>(new GpFactory(*this), socket, params);
    m_impl->server->start();
}

FakeGpPractice::~FakeGpPractice()
{
    m_impl->server->stopAll(true);
}

std::string FakeGpPractice::url() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/itk/" + m_odsCode;
}

void FakeGpPractice::script(std::vector<GpAnswer> answers)
{
    std::lock_guard lock(m_mutex);
    m_script = std::deque<GpAnswer>(answers.begin(), answers.end());
}

std::vector<GpDelivery> FakeGpPractice::deliveries() const
{
    std::lock_guard lock(m_mutex);
    return m_deliveries;
}

std::map<std::string, nlohmann::json> FakeGpPractice::filed() const
{
    std::lock_guard lock(m_mutex);
    return m_filed;
}

int FakeGpPractice::timesFiled(const std::string& key) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_fileCounts.find(key);
    return found == m_fileCounts.end() ? 0 : found->second;
}

json FakeGpPractice::acknowledgement(const json& message, bool accepted) const
{
    json header = {{"resourceType", "MessageHeader"},
                   {"eventCoding", {{"system", "https://fhir.nhs.uk/CodeSystem/message-event"}, {"code", "acknowledgement"}}},
                   {"source", {{"endpoint", "urn:nhs-uk:addressing:ods:" + m_odsCode}}},
                   {"response", {{"identifier", message.value("identifier", json::object()).value("value", "unknown")},
                                 {"code", accepted ? "ok" : "fatal-error"}}}};
    json entries = json::array({{{"fullUrl", "urn:uuid:4a7d0c1e-0000-4000-8000-000000000001"}, {"resource", header}}});
    if (!accepted) {
        entries[0]["resource"]["response"]["details"] = {{"reference", "urn:uuid:4a7d0c1e-0000-4000-8000-000000000002"}};
        entries.push_back({{"fullUrl", "urn:uuid:4a7d0c1e-0000-4000-8000-000000000002"},
                           {"resource", {{"resourceType", "OperationOutcome"},
                                         {"issue", json::array({{{"severity", "error"},
                                                                 {"code", "business-rule"},
                                                                 {"details", {{"text", m_reason}}}}})}}}});
    }
    return {{"resourceType", "Bundle"}, {"type", "message"}, {"entry", entries}};
}

void FakeGpPractice::handle(const std::string& key, const std::string& recipientHeader, const std::string& body,
                            int& status, std::string& answer, std::chrono::milliseconds& delay)
{
    std::lock_guard lock(m_mutex);
    GpDelivery delivery{key, recipientHeader, json::parse(body, nullptr, false), {}};
    if (const std::string problem = problemWith(delivery.message, m_odsCode); !problem.empty() || key.empty()) {
        status = 422;
        answer = json{{"resourceType", "OperationOutcome"},
                      {"issue", json::array({{{"severity", "error"}, {"code", "invalid"},
                                              {"diagnostics", key.empty() ? "no Idempotency-Key" : problem}}})}}
                     .dump();
        delivery.answered = "refused";
        m_deliveries.push_back(std::move(delivery));
        return;
    }
    status = 200;
    if (const auto decided = m_decisions.find(key); decided != m_decisions.end()) {
        // A resend of a message already filed (or already rejected): the same decision, nothing new.
        answer = acknowledgement(delivery.message, decided->second).dump();
        delivery.answered = "duplicate";
        m_deliveries.push_back(std::move(delivery));
        return;
    }
    GpAnswer next = m_fallback;
    if (!m_script.empty()) {
        next = m_script.front();
        m_script.pop_front();
    }
    const bool accepted = next != GpAnswer::Reject;
    m_decisions[key] = accepted;
    if (accepted) {
        m_filed[key] = delivery.message;
        ++m_fileCounts[key];
    }
    answer = acknowledgement(delivery.message, accepted).dump();
    if (next == GpAnswer::TimeOut)
        delay = m_hang;
    delivery.answered = next == GpAnswer::TimeOut ? "timed-out" : accepted ? "accepted" : "rejected";
    m_deliveries.push_back(std::move(delivery));
}

} // namespace avocet::test
