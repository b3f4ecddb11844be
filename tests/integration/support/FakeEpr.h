#pragma once
// A fake EPR endpoint for the delivery tests: a Poco HTTPServer on loopback that records every
// POST, stores each Idempotency-Key's message once (a repeat is answered 200 "duplicate"), and
// fails chosen requests: 500, 429 with Retry-After, 400, or a hang that stores the message and
// answers too late (the hub times out, retries, and must not create a second record), or a trickle
// that stores the message and sends its answer a few bytes at a time, never silent for as long as
// the hub's timeout but taking far longer in all.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace avocet::test {

enum class EprFault { None, ServerError, TooManyRequests, BadRequest, Hang, Trickle };

struct EprRequest
{
    std::string key;
    std::string eprHeader;
    nlohmann::json body;
    int answeredStatus = 0;
    std::chrono::steady_clock::time_point at;
};

class FakeEpr
{
public:
    explicit FakeEpr(std::string name);
    ~FakeEpr();
    FakeEpr(const FakeEpr&) = delete;
    FakeEpr& operator=(const FakeEpr&) = delete;

    const std::string& name() const { return m_name; }
    std::uint16_t port() const { return m_port; }
    std::string url() const;

    // Faults for the next requests carrying this key, in order; then it succeeds.
    void scriptKey(const std::string& key, std::vector<EprFault> faults);
    // Same, for messages about the patient with this EPR record id (payload subject), so a test
    // can script failures before the submission exists.
    void scriptSubject(const std::string& recordId, std::vector<EprFault> faults);
    // Every request without a script fails with 500 with this probability (0..1).
    void setRandomFailureRate(double rate);
    void setHang(std::chrono::milliseconds hang) { m_hang = hang; }
    void setRetryAfterSeconds(int seconds) { m_retryAfterSeconds = seconds; }

    std::vector<EprRequest> requests() const;
    std::vector<EprRequest> requestsFor(const std::string& key) const;
    // Messages the EPR stored (one per key at most), and how often each key was stored.
    std::map<std::string, nlohmann::json> stored() const;
    int timesStored(const std::string& key) const;

    // Called by the request handler.
    void handle(const std::string& key, const std::string& eprHeader, const std::string& body, int& status,
                std::string& answer, std::map<std::string, std::string>& headers, std::chrono::milliseconds& delay,
                std::chrono::milliseconds& trickleGap);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_name;
    std::uint16_t m_port = 0;
    mutable std::mutex m_mutex;
    std::map<std::string, std::deque<EprFault>> m_scripts;
    std::map<std::string, std::deque<EprFault>> m_subjectScripts;
    double m_failureRate = 0.0;
    std::chrono::milliseconds m_hang{1500};
    int m_retryAfterSeconds = 1;
    std::vector<EprRequest> m_requests;
    std::map<std::string, nlohmann::json> m_stored;
    std::map<std::string, int> m_storeCounts;
    unsigned m_random = 12345;
};

} // namespace avocet::test
