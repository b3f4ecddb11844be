#include "tests/support/LinkSimulator.h"

#include <algorithm>
#include <condition_variable>
#include <deque>

#include <Poco/Net/SocketAddress.h>

namespace avocet::test {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kSegment = 1460; // one TCP segment's payload on an Ethernet-sized MTU

} // namespace

// One direction of one connection: pieces waiting for their arrival time.
struct LinkSimulator::Wire
{
    struct Piece
    {
        Clock::time_point due;
        std::string data; // empty: the sender closed
    };
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Piece> pieces;
    bool stopped = false;
};

LinkSimulator::LinkSimulator(std::uint16_t upstreamPort, LinkProfile profile)
    : m_upstream(upstreamPort), m_profile(profile), m_server(Poco::Net::SocketAddress("127.0.0.1", 0))
{
    m_accept = std::thread([this] { acceptLoop(); });
}

LinkSimulator::~LinkSimulator()
{
    m_stop = true;
    m_accept.join();
    std::lock_guard lock(m_mutex);
    for (auto& socket : m_sockets) {
        try {
            socket.shutdown();
        } catch (...) {
        }
    }
    for (auto& wire : m_wires) {
        std::lock_guard wireLock(wire->mutex);
        wire->stopped = true;
        wire->ready.notify_all();
    }
    for (auto& thread : m_threads)
        thread.join();
}

std::uint16_t LinkSimulator::port() const { return m_server.address().port(); }

LinkProfile LinkSimulator::profile() const
{
    std::lock_guard lock(m_profileMutex);
    return m_profile;
}

void LinkSimulator::setProfile(LinkProfile profile)
{
    std::lock_guard lock(m_profileMutex);
    m_profile = profile;
}

LinkDirection LinkSimulator::direction(bool up) const
{
    std::lock_guard lock(m_profileMutex);
    return up ? m_profile.up : m_profile.down;
}

void LinkSimulator::resetCounters()
{
    m_bytesUp = 0;
    m_bytesDown = 0;
    m_connections = 0;
}

void LinkSimulator::acceptLoop()
{
    while (!m_stop) {
        try {
            if (!m_server.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ))
                continue;
            Poco::Net::StreamSocket client = m_server.acceptConnection();
            Poco::Net::StreamSocket server(Poco::Net::SocketAddress("127.0.0.1", m_upstream));
            client.setNoDelay(true);
            server.setNoDelay(true);
            ++m_connections;
            std::lock_guard lock(m_mutex);
            m_sockets.push_back(client);
            m_sockets.push_back(server);
            startDirection(client, server, true);
            startDirection(server, client, false);
        } catch (...) {
            // The server refused the connection: the client's socket closes with it.
        }
    }
}

void LinkSimulator::startDirection(Poco::Net::StreamSocket from, Poco::Net::StreamSocket to, bool up)
{
    std::atomic<std::int64_t>& counter = up ? m_bytesUp : m_bytesDown;
    auto wire = std::make_shared<Wire>();
    m_wires.push_back(wire);
    // Reader: stamps each piece with the time its last byte reaches the far end.
    m_threads.emplace_back([this, from, wire, up, &counter]() mutable {
        std::string buffer(65536, '\0');
        Clock::time_point wireFree = Clock::now(); // when the bytes already queued have left
        while (true) {
            int got = 0;
            try {
                got = from.receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
            } catch (...) {
                got = 0;
            }
            const auto now = Clock::now();
            const LinkDirection link = direction(up);
            std::lock_guard lock(wire->mutex);
            if (got <= 0) {
                wire->pieces.push_back({std::max(now, wireFree) + link.delay, std::string()});
                wire->ready.notify_one();
                return;
            }
            counter += got;
            for (std::size_t at = 0; at < static_cast<std::size_t>(got); at += kSegment) {
                const std::size_t size = std::min(kSegment, static_cast<std::size_t>(got) - at);
                const auto start = std::max(now, wireFree);
                const auto leaving =
                    link.bitsPerSecond > 0
                        ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                              static_cast<double>(size) * 8.0 / static_cast<double>(link.bitsPerSecond)))
                        : Clock::duration::zero();
                wireFree = start + leaving;
                wire->pieces.push_back({wireFree + link.delay, buffer.substr(at, size)});
            }
            wire->ready.notify_one();
        }
    });
    // Writer: hands each piece on at its arrival time.
    m_threads.emplace_back([to, wire]() mutable {
        while (true) {
            Wire::Piece piece;
            {
                std::unique_lock lock(wire->mutex);
                wire->ready.wait(lock, [&] { return wire->stopped || !wire->pieces.empty(); });
                if (wire->stopped)
                    return;
                const auto due = wire->pieces.front().due;
                if (wire->ready.wait_until(lock, due, [&] { return wire->stopped; }))
                    return;
                piece = std::move(wire->pieces.front());
                wire->pieces.pop_front();
            }
            try {
                if (piece.data.empty()) {
                    to.shutdownSend();
                    return;
                }
                to.sendBytes(piece.data.data(), static_cast<int>(piece.data.size()));
            } catch (...) {
                return;
            }
        }
    });
}

} // namespace avocet::test
