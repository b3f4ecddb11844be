#pragma once
// Sends the messages in the delivery channels (epr_messages) to each EPR's HTTP endpoint and each
// transfer-of-care recipient's (GP practice, social care team). Stateless
// across hub processes: a worker claims one due message with SELECT ... FOR UPDATE SKIP LOCKED and
// a lease, posts it with its Idempotency-Key, then records the outcome and the receipt's next
// version in one transaction. 2xx = delivered; 408, 425, 429, 5xx and network errors = failing,
// retried with exponential backoff and jitter (never sooner than Retry-After); any other status =
// failed for good, with the EPR's reason on the receipt. Nothing is dropped.

#include "server/HubOptions.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace avocet::hub {

struct DeliveryOutcome
{
    int httpStatus = 0;       // 0 = no HTTP answer (network error, timeout)
    std::string error;        // why it failed, without patient data
    int retryAfterSeconds = -1; // from Retry-After, -1 when absent
    std::string body;         // the answer (at most 64 KiB): a recipient's acknowledgement
};

// A transfer-of-care recipient's business acknowledgement, read from its 2xx answer: a FHIR message
// Bundle whose MessageHeader.response.code is ok (accepted), fatal-error (rejected, with the reason
// from the OperationOutcome it names) or transient-error (try again later). Anything else: the
// recipient has the document and has not decided yet (delivered).
struct Acknowledgement
{
    std::string state;  // accepted | rejected | failing | delivered
    std::string reason; // the recipient's words, at most 300 bytes on one line
};
Acknowledgement readAcknowledgement(const std::string& body);

// The delay before attempt `attempts + 1`: base * 2^(attempts-1), capped, with jitter in
// [delay/2, delay], and never below Retry-After.
long long retryDelayMs(int attempts, int baseMs, int maxMs, int retryAfterSeconds);
// Delay-seconds or an HTTP-date; -1 when absent or unreadable.
int parseRetryAfter(const std::string& value);
bool isTransientStatus(int httpStatus);

class DeliveryWorker
{
public:
    explicit DeliveryWorker(HubOptions options);
    ~DeliveryWorker();
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    void start(); // no-op without endpoints or with 0 workers
    void stop();  // lets an in-flight POST finish (bounded by the timeout)

private:
    void run(int index);
    bool deliverOne(class PgConnection& connection); // false when nothing was due
    DeliveryOutcome post(const std::string& url, const std::string& epr, const std::string& key,
                         const std::string& body) const;

    // The URL a channel's messages go to: an EPR's endpoint, or a recipient's ("ods:<code>").
    const std::string* endpointFor(const std::string& channel) const;

    HubOptions m_options;
    std::string m_eprList; // PostgreSQL text[] literal of the channels with endpoints (EPRs and recipients)
    std::vector<std::thread> m_threads;
    std::atomic<bool> m_stopping{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace avocet::hub
