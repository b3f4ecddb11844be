#pragma once
// A fake GP practice (or social care team) system for the transfer-of-care tests: a Poco HTTPServer
// on loopback that receives what avocet-hub sends a recipient — an ITK3-style FHIR message Bundle
// (MessageHeader, the document Bundle, the PDF as a Binary) with an Idempotency-Key — files each key
// once (a repeat is answered with the same acknowledgement), and answers with a business
// acknowledgement: a FHIR message Bundle whose MessageHeader.response.code is "ok" (accepted) or
// "fatal-error" with an OperationOutcome giving the practice's reason (rejected). It can also time
// out: file the message and answer only after the hub has stopped waiting.

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

enum class GpAnswer { Accept, Reject, TimeOut };

struct GpDelivery
{
    std::string key;
    std::string recipientHeader; // X-Avocet-Recipient
    nlohmann::json message;      // the message Bundle as received
    std::string answered;        // accepted | rejected | timed-out | duplicate | refused
};

class FakeGpPractice
{
public:
    // odsCode: the practice's own code; a message addressed to another is refused with 422.
    explicit FakeGpPractice(std::string odsCode);
    ~FakeGpPractice();
    FakeGpPractice(const FakeGpPractice&) = delete;
    FakeGpPractice& operator=(const FakeGpPractice&) = delete;

    const std::string& odsCode() const { return m_odsCode; }
    std::string url() const;

    // How the next deliveries are answered, in order; then `fallback` (accept by default).
    void script(std::vector<GpAnswer> answers);
    void setFallback(GpAnswer answer) { std::lock_guard lock(m_mutex); m_fallback = answer; }
    void setRejectionReason(std::string reason) { std::lock_guard lock(m_mutex); m_reason = std::move(reason); }
    void setHang(std::chrono::milliseconds hang) { m_hang = hang; }

    std::vector<GpDelivery> deliveries() const;
    // Filed documents by idempotency key (each key once), and how often each key was filed.
    std::map<std::string, nlohmann::json> filed() const;
    int timesFiled(const std::string& key) const;

    // The request handler's work: status and body to answer with, and how long to wait first.
    void handle(const std::string& key, const std::string& recipientHeader, const std::string& body, int& status,
                std::string& answer, std::chrono::milliseconds& delay);

private:
    nlohmann::json acknowledgement(const nlohmann::json& message, bool accepted) const;

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_odsCode;
    std::uint16_t m_port = 0;
    mutable std::mutex m_mutex;
    std::deque<GpAnswer> m_script;
    GpAnswer m_fallback = GpAnswer::Accept;
    std::string m_reason = "Patient not registered at this practice";
    std::chrono::milliseconds m_hang{1500};
    std::vector<GpDelivery> m_deliveries;
    std::map<std::string, nlohmann::json> m_filed;
    std::map<std::string, bool> m_decisions; // key -> accepted
    std::map<std::string, int> m_fileCounts;
};

} // namespace avocet::test
