#pragma once
// A poor network link on loopback: a TCP proxy (Poco sockets, two threads per direction per
// connection) between a client and a real server, with a bandwidth cap and a one-way delay per
// direction. Each direction is a serial wire: a chunk starts to leave once the bytes before it
// have left, takes size ÷ bandwidth to leave, and arrives `delay` later; chunks are cut to at
// most 1,460 bytes (one TCP segment) so an answer arrives progressively, as on a real link.
// The kernel's own loopback buffers take what the sender writes at once, so what the proxy
// models is the link, not TCP's windows (a floor-friendly model: no slow start, no loss).
//
// Used by the poor-link benchmark (bench/PoorLinkBench.cpp, 1 Mbit/s / 150 ms and 384 kbit/s /
// 300 ms) and by tests that count what crossed the link (bytes each way, connections). Never a
// timing assertion: the counts are exact, the times are for benchmarks.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

namespace avocet::test {

struct LinkDirection
{
    std::int64_t bitsPerSecond = 0; // 0: no cap
    std::chrono::milliseconds delay{0};
};

struct LinkProfile
{
    LinkDirection up;   // client → server
    LinkDirection down; // server → client

    // The same cap and one-way delay both ways.
    static LinkProfile symmetric(std::int64_t bitsPerSecond, std::chrono::milliseconds oneWay)
    {
        return {{bitsPerSecond, oneWay}, {bitsPerSecond, oneWay}};
    }
    std::chrono::milliseconds roundTrip() const { return up.delay + down.delay; }
};

class LinkSimulator
{
public:
    LinkSimulator(std::uint16_t upstreamPort, LinkProfile profile);
    ~LinkSimulator();
    LinkSimulator(const LinkSimulator&) = delete;
    LinkSimulator& operator=(const LinkSimulator&) = delete;

    std::uint16_t port() const;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
    LinkProfile profile() const;
    // Takes effect for bytes read from now on (e.g. catch up at full speed, then measure on the poor link).
    void setProfile(LinkProfile profile);

    // What crossed the link so far (as on the wire: compressed bodies count compressed).
    std::int64_t bytesUp() const { return m_bytesUp.load(); }
    std::int64_t bytesDown() const { return m_bytesDown.load(); }
    int connections() const { return m_connections.load(); }
    void resetCounters();

private:
    struct Wire;
    void acceptLoop();
    LinkDirection direction(bool up) const;
    void startDirection(Poco::Net::StreamSocket from, Poco::Net::StreamSocket to, bool up);

    std::uint16_t m_upstream;
    mutable std::mutex m_profileMutex;
    LinkProfile m_profile;
    Poco::Net::ServerSocket m_server;
    std::atomic<bool> m_stop{false};
    std::atomic<std::int64_t> m_bytesUp{0};
    std::atomic<std::int64_t> m_bytesDown{0};
    std::atomic<int> m_connections{0};
    std::mutex m_mutex;
    std::vector<Poco::Net::StreamSocket> m_sockets; // shut down on destruction so every thread ends
    std::vector<std::shared_ptr<Wire>> m_wires;
    std::vector<std::thread> m_threads;
    std::thread m_accept;
};

} // namespace avocet::test
