#include "server/DeliveryWorker.h"

#include "server/EprChannel.h"
#include "server/Log.h"
#include "server/PgConnection.h"
#include "server/ResourceRepository.h"

#include "core/sync/ExchangeDeadline.h"

#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <istream>
#include <memory>

namespace avocet::hub {

namespace {

constexpr std::size_t kMaxReasonBytes = 300;
constexpr std::size_t kMaxAnswerBytes = 64 * 1024; // a recipient's acknowledgement

std::string claimToken()
{
    return newResourceId();
}

std::string oneLine(std::string text)
{
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    if (text.size() > kMaxReasonBytes)
        text = text.substr(0, kMaxReasonBytes) + "...";
    return text;
}

} // namespace

bool isTransientStatus(int httpStatus)
{
    return httpStatus == 0 || httpStatus == 408 || httpStatus == 425 || httpStatus == 429 || httpStatus >= 500;
}

int parseRetryAfter(const std::string& value)
{
    if (value.empty())
        return -1;
    if (value.find_first_not_of("0123456789") == std::string::npos && value.size() < 9)
        return std::stoi(value);
    try {
        int zone = 0;
        const Poco::DateTime when = Poco::DateTimeParser::parse(value, zone);
        const auto seconds = (when.timestamp() - Poco::Timestamp()) / Poco::Timestamp::resolution();
        return static_cast<int>(std::clamp<long long>(seconds, 0, 24 * 3600));
    } catch (const Poco::Exception&) {
        return -1;
    }
}

long long retryDelayMs(int attempts, int baseMs, int maxMs, int retryAfterSeconds)
{
    const int doublings = std::clamp(attempts - 1, 0, 30);
    const double exponential = static_cast<double>(baseMs) * std::pow(2.0, doublings);
    const auto delay = static_cast<long long>(std::min(exponential, static_cast<double>(maxMs)));
    const auto half = delay / 2;
    const auto jitter = half > 0 ? static_cast<long long>(randombytes_uniform(static_cast<std::uint32_t>(
                                       std::min<long long>(half + 1, 0xFFFFFFFFLL))))
                                 : 0;
    long long chosen = delay - half + jitter;
    if (retryAfterSeconds >= 0)
        chosen = std::max(chosen, static_cast<long long>(retryAfterSeconds) * 1000);
    return chosen;
}

Acknowledgement readAcknowledgement(const std::string& body)
{
    const auto message = nlohmann::json::parse(body, nullptr, false);
    if (!message.is_object() || message.value("resourceType", "") != "Bundle" || message.value("type", "") != "message" ||
        !message.contains("entry") || !message["entry"].is_array())
        return {"delivered", {}};
    const nlohmann::json* header = nullptr;
    std::map<std::string, const nlohmann::json*> byUrl;
    for (const auto& entry : message["entry"]) {
        if (!entry.is_object() || !entry.contains("resource") || !entry["resource"].is_object())
            continue;
        const auto& resource = entry["resource"];
        if (!header && resource.value("resourceType", "") == "MessageHeader")
            header = &resource;
        if (entry.contains("fullUrl") && entry["fullUrl"].is_string())
            byUrl[entry["fullUrl"].get<std::string>()] = &resource;
    }
    if (!header || !header->contains("response") || !(*header)["response"].is_object())
        return {"delivered", {}};
    const auto& response = (*header)["response"];
    const std::string code = response.value("code", "");
    std::string reason;
    if (response.contains("details") && response["details"].is_object()) {
        const auto found = byUrl.find(response["details"].value("reference", ""));
        if (found != byUrl.end() && found->second->contains("issue") && (*found->second)["issue"].is_array() &&
            !(*found->second)["issue"].empty()) {
            const auto& issue = (*found->second)["issue"][0];
            if (issue.contains("details") && issue["details"].is_object())
                reason = issue["details"].value("text", "");
            if (reason.empty())
                reason = issue.value("diagnostics", "");
        }
    }
    if (code == "ok")
        return {"accepted", {}};
    if (code == "fatal-error")
        return {"rejected", oneLine(reason.empty() ? std::string("rejected without a reason") : reason)};
    if (code == "transient-error")
        return {"failing", oneLine("the recipient will decide later: " + (reason.empty() ? code : reason))};
    return {"delivered", {}};
}

DeliveryWorker::DeliveryWorker(HubOptions options) : m_options(std::move(options))
{
    std::string list;
    for (const auto& [epr, url] : m_options.eprEndpoints)
        list += (list.empty() ? "" : ",") + epr;
    for (const auto& [code, url] : m_options.recipientEndpoints)
        list += (list.empty() ? "" : ",") + std::string(kRecipientChannelPrefix) + code;
    m_eprList = "{" + list + "}";
}

const std::string* DeliveryWorker::endpointFor(const std::string& channel) const
{
    const std::string prefix = kRecipientChannelPrefix;
    const auto& endpoints = channel.rfind(prefix, 0) == 0 ? m_options.recipientEndpoints : m_options.eprEndpoints;
    const auto found = endpoints.find(channel.rfind(prefix, 0) == 0 ? channel.substr(prefix.size()) : channel);
    return found == endpoints.end() ? nullptr : &found->second;
}

DeliveryWorker::~DeliveryWorker()
{
    stop();
}

void DeliveryWorker::start()
{
    if ((m_options.eprEndpoints.empty() && m_options.recipientEndpoints.empty()) || m_options.deliveryWorkers <= 0 ||
        m_options.databaseConninfo.empty())
        return;
    for (int i = 0; i < m_options.deliveryWorkers; ++i)
        m_threads.emplace_back([this, i] { run(i); });
    logEvent("info", "delivery_started", {{"workers", m_options.deliveryWorkers},
                                          {"channels", m_options.eprEndpoints.size() + m_options.recipientEndpoints.size()}});
}

void DeliveryWorker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto& thread : m_threads)
        if (thread.joinable())
            thread.join();
    m_threads.clear();
}

void DeliveryWorker::run(int index)
{
    std::unique_ptr<PgConnection> connection;
    while (!m_stopping) {
        bool worked = false;
        if (!connection || !connection->isHealthy()) {
            auto opened = PgConnection::open(m_options.databaseConninfo);
            if (opened)
                connection = std::move(opened.value());
            else
                logEvent("error", "delivery_database", {{"worker", index}, {"message", opened.message()}});
        }
        if (connection && connection->isHealthy())
            worked = deliverOne(*connection);
        if (!worked) {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::milliseconds(m_options.deliveryPollMs), [this] { return m_stopping.load(); });
        }
    }
}

bool DeliveryWorker::deliverOne(PgConnection& connection)
{
    // Lease long enough that a slow POST is never taken over while it is still running.
    const int leaseSeconds = std::max(m_options.deliveryLeaseSeconds, 2 * (m_options.deliveryTimeoutMs / 1000 + 1));
    const std::string token = claimToken();
    auto claimed = connection.query(
        "UPDATE epr_messages m SET lease_until = clock_timestamp() + make_interval(secs => $2::integer),"
        " claim_token = $3, attempts = m.attempts + 1, updated_at = clock_timestamp()"
        " WHERE m.message_id = (SELECT q.message_id FROM epr_messages q WHERE q.state IN ('pending', 'failing')"
        " AND q.epr = ANY($1::text[]) AND q.next_attempt_at <= clock_timestamp()"
        " AND (q.lease_until IS NULL OR q.lease_until < clock_timestamp())"
        " ORDER BY q.next_attempt_at, q.message_id LIMIT 1 FOR UPDATE SKIP LOCKED)"
        " RETURNING m.message_id, m.epr, m.idempotency_key, m.payload::text, m.attempts",
        {m_eprList, std::to_string(leaseSeconds), token});
    if (!claimed) {
        logEvent("error", "delivery_claim", {{"message", loggableError(claimed.error())}});
        return false;
    }
    if (claimed->rows() == 0)
        return false;
    const std::string messageId = claimed->text(0, 0);
    const std::string epr = claimed->text(0, 1);
    const std::string key = claimed->text(0, 2);
    const std::string body = claimed->text(0, 3);
    const int attempts = static_cast<int>(claimed->integer(0, 4));

    const std::string* endpoint = endpointFor(epr);
    DeliveryOutcome outcome = endpoint == nullptr ? DeliveryOutcome{0, "no endpoint configured for " + epr, -1, {}}
                                                  : post(*endpoint, epr, key, body);
    std::string state;
    if (outcome.httpStatus >= 200 && outcome.httpStatus < 300) {
        state = "delivered";
        if (epr.rfind(kRecipientChannelPrefix, 0) == 0) {
            // The recipient's answer may carry its decision: accepted, or rejected with its reason.
            const Acknowledgement acknowledgement = readAcknowledgement(outcome.body);
            state = acknowledgement.state;
            outcome.error = acknowledgement.reason;
        }
    } else if (isTransientStatus(outcome.httpStatus)) {
        state = "failing";
    } else {
        state = "failed";
    }
    const long long delayMs = state == "failing" ? retryDelayMs(attempts, m_options.deliveryBackoffMs,
                                                                m_options.deliveryBackoffMaxMs, outcome.retryAfterSeconds)
                                                 : 0;

    PgTransaction transaction(connection);
    core::Status status = transaction.begin();
    ResourceRepository repository(connection);
    if (status)
        status = repository.lockForWrite();
    if (status) {
        auto updated = connection.query(
            "UPDATE epr_messages m SET state = $3, lease_until = NULL, claim_token = NULL,"
            " last_status = nullif($4::integer, 0), last_error = nullif($5, ''),"
            " next_attempt_at = CASE WHEN $3 = 'failing' THEN clock_timestamp() + make_interval(secs => $6::double precision)"
            " ELSE m.next_attempt_at END,"
            " delivered_at = CASE WHEN $3 IN ('delivered', 'accepted', 'rejected') THEN clock_timestamp() ELSE NULL END,"
            " updated_at = clock_timestamp()"
            " WHERE m.message_id = $1::bigint AND m.claim_token = $2 RETURNING " +
                channelMessageColumns(),
            {messageId, token, state, std::to_string(outcome.httpStatus),
             state == "delivered" || state == "accepted" ? "" : outcome.error,
             std::to_string(static_cast<double>(delayMs) / 1000.0)});
        if (!updated)
            status = updated.error();
        else if (updated->rows() == 1)
            status = writeReceipt(repository, readChannelMessage(updated.value(), 0));
        // 0 rows: the lease ran out and another worker owns the message now; its result stands.
    }
    if (status)
        status = transaction.commit();
    logEvent(state == "delivered" || state == "accepted" ? "info" : "warn", "delivery",
             {{"epr", epr}, {"message", messageId}, {"attempt", attempts}, {"http", outcome.httpStatus},
              {"state", state}, {"recorded", status.ok()}});
    if (!status)
        logEvent("error", "delivery_record", {{"message", loggableError(status.error())}});
    return true;
}

DeliveryOutcome DeliveryWorker::post(const std::string& url, const std::string& epr, const std::string& key,
                                     const std::string& body) const
{
    DeliveryOutcome outcome;
    try {
        const Poco::URI uri(url);
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https") {
            Poco::Net::Context::Ptr context(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                                    Poco::Net::Context::VERIFY_STRICT, 9, true));
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        session->setTimeout(Poco::Timespan(static_cast<long>(m_options.deliveryTimeoutMs) * 1000));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        const bool transfer = epr.rfind(kRecipientChannelPrefix, 0) == 0;
        request.setContentType(transfer ? "application/fhir+json" : "application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        request.set("Idempotency-Key", key);
        if (transfer)
            request.set("X-Avocet-Recipient", epr.substr(std::char_traits<char>::length(kRecipientChannelPrefix)));
        else
            request.set("X-Avocet-Epr", epr);
        request.set("User-Agent", std::string("avocet-hub/") + AVOCET_VERSION);
        std::ostream& out = session->sendRequest(request);
        // The timeout bounds the whole exchange, not each read: an EPR that trickles its answer a
        // few bytes at a time is cut off like one that says nothing (then retried with the same key).
        core::sync::ExchangeWatchdog watchdog;
        core::sync::ExchangeDeadline deadline(watchdog, session->socket().impl()->sockfd(),
                                              std::chrono::milliseconds(m_options.deliveryTimeoutMs));
        Poco::Net::HTTPResponse response;
        std::string answer(kMaxAnswerBytes, '\0');
        try {
            out << body;
            out.flush();
            std::istream& in = session->receiveResponse(response);
            in.read(answer.data(), static_cast<std::streamsize>(answer.size()));
            answer.resize(static_cast<std::size_t>(in.gcount()));
        } catch (const Poco::Exception&) {
            if (deadline.disarm())
                throw Poco::TimeoutException("the whole exchange took too long");
            throw;
        }
        if (deadline.disarm())
            throw Poco::TimeoutException("the whole exchange took too long");
        outcome.httpStatus = static_cast<int>(response.getStatus());
        outcome.retryAfterSeconds = parseRetryAfter(response.get("Retry-After", ""));
        outcome.body = answer;
        if (outcome.httpStatus < 200 || outcome.httpStatus >= 300) {
            outcome.error = "HTTP " + std::to_string(outcome.httpStatus) + " " + response.getReason();
            if (!answer.empty())
                outcome.error += ": " + oneLine(answer);
        }
    } catch (const Poco::TimeoutException&) {
        outcome.error = "no answer from " + epr + " within " + std::to_string(m_options.deliveryTimeoutMs) + " ms";
    } catch (const Poco::Exception& error) {
        outcome.error = "cannot reach " + epr + ": " + oneLine(error.displayText());
    } catch (const std::exception& error) {
        outcome.error = "cannot reach " + epr + ": " + oneLine(error.what());
    }
    return outcome;
}

} // namespace avocet::hub
