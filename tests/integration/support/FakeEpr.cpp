#include "tests/integration/support/FakeEpr.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <thread>

namespace avocet::test {

namespace {

class Handler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit Handler(FakeEpr& epr) : m_epr(epr) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        int status = 200;
        std::string answer;
        std::map<std::string, std::string> headers;
        std::chrono::milliseconds delay{0};
        std::chrono::milliseconds trickleGap{0};
        m_epr.handle(request.get("Idempotency-Key", ""), request.get("X-Avocet-Epr", ""), body, status, answer, headers,
                     delay, trickleGap);
        if (delay.count() > 0)
            std::this_thread::sleep_for(delay);
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        for (const auto& [name, value] : headers)
            response.set(name, value);
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(answer.size()));
        try {
            std::ostream& out = response.send();
            if (trickleGap.count() == 0) {
                out << answer;
                return;
            }
            for (std::size_t at = 0; at < answer.size() && out; at += 4) {
                out.write(answer.data() + at, static_cast<std::streamsize>(std::min<std::size_t>(4, answer.size() - at)));
                out.flush();
                std::this_thread::sleep_for(trickleGap);
            }
        } catch (...) {
            // The hub gave up waiting (hang): nobody is listening any more.
        }
    }

private:
    FakeEpr& m_epr;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit Factory(FakeEpr& epr) : m_epr(epr) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler(m_epr);
    }

private:
    FakeEpr& m_epr;
};

} // namespace

struct FakeEpr::Impl
{
    std::unique_ptr<Poco::Net::HTTPServer> server;
};

FakeEpr::FakeEpr(std::string name) : m_impl(std::make_unique<Impl>()), m_name(std::move(name))
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    m_port = socket.address().port();
    auto params = Poco::makeAuto<Poco::Net::HTTPServerParams>();
    params->setMaxThreads(16);
    params->setKeepAlive(false);
    m_impl->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
    m_impl->server->start();
}

FakeEpr::~FakeEpr()
{
    m_impl->server->stopAll(true);
}

std::string FakeEpr::url() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/" + m_name + "/messages";
}

void FakeEpr::scriptKey(const std::string& key, std::vector<EprFault> faults)
{
    std::lock_guard lock(m_mutex);
    m_scripts[key] = std::deque<EprFault>(faults.begin(), faults.end());
}

void FakeEpr::scriptSubject(const std::string& recordId, std::vector<EprFault> faults)
{
    std::lock_guard lock(m_mutex);
    m_subjectScripts[recordId] = std::deque<EprFault>(faults.begin(), faults.end());
}

void FakeEpr::setRandomFailureRate(double rate)
{
    std::lock_guard lock(m_mutex);
    m_failureRate = rate;
}

std::vector<EprRequest> FakeEpr::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

std::vector<EprRequest> FakeEpr::requestsFor(const std::string& key) const
{
    std::vector<EprRequest> out;
    for (auto& request : requests())
        if (request.key == key)
            out.push_back(request);
    return out;
}

std::map<std::string, nlohmann::json> FakeEpr::stored() const
{
    std::lock_guard lock(m_mutex);
    return m_stored;
}

int FakeEpr::timesStored(const std::string& key) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_storeCounts.find(key);
    return found == m_storeCounts.end() ? 0 : found->second;
}

void FakeEpr::handle(const std::string& key, const std::string& eprHeader, const std::string& body, int& status,
                     std::string& answer, std::map<std::string, std::string>& headers,
                     std::chrono::milliseconds& delay, std::chrono::milliseconds& trickleGap)
{
    std::lock_guard lock(m_mutex);
    EprFault fault = EprFault::None;
    EprRequest record{key, eprHeader, nlohmann::json::parse(body, nullptr, false), 0, std::chrono::steady_clock::now()};
    std::string subject;
    if (record.body.is_object() && record.body.contains("subject"))
        subject = record.body["subject"].value("identifier", nlohmann::json::object()).value("value", "");
    auto bySubject = m_subjectScripts.find(subject);
    if (auto script = m_scripts.find(key); script != m_scripts.end() && !script->second.empty()) {
        fault = script->second.front();
        script->second.pop_front();
    } else if (bySubject != m_subjectScripts.end() && !bySubject->second.empty()) {
        fault = bySubject->second.front();
        bySubject->second.pop_front();
    } else if (m_failureRate > 0.0) {
        m_random = m_random * 1103515245u + 12345u;
        if (static_cast<double>((m_random >> 16) % 1000) < m_failureRate * 1000.0)
            fault = EprFault::ServerError;
    }
    auto store = [&] {
        if (m_stored.count(key) != 0)
            return false;
        m_stored[key] = record.body;
        ++m_storeCounts[key];
        return true;
    };
    switch (fault) {
    case EprFault::ServerError:
        status = 500;
        answer = R"({"error":"EPR interface engine unavailable"})";
        break;
    case EprFault::TooManyRequests:
        status = 429;
        headers["Retry-After"] = std::to_string(m_retryAfterSeconds);
        answer = R"({"error":"slow down"})";
        break;
    case EprFault::BadRequest:
        status = 400;
        answer = R"({"error":"field RA_DATE rejected by the EPR form"})";
        break;
    case EprFault::Hang:
        store();
        status = 201;
        answer = R"({"status":"stored"})";
        delay = m_hang;
        break;
    case EprFault::Trickle:
        store();
        status = 201;
        answer = R"({"status":"stored","note":")" + std::string(600, '.') + R"("})";
        trickleGap = std::chrono::milliseconds(50);
        break;
    case EprFault::None:
        status = store() ? 201 : 200;
        answer = status == 201 ? R"({"status":"stored"})" : R"({"status":"duplicate"})";
        break;
    }
    record.answeredStatus = status;
    m_requests.push_back(std::move(record));
}

} // namespace avocet::test
