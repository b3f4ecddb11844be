#include "core/sync/SyncTypes.h"

#include <array>
#include <cstdlib>
#include <cstdio>
#include <mutex>
#include <thread>

#include <sodium.h>

namespace avocet::core::sync {

namespace {

class RealClock final : public Clock
{
public:
    SystemTime now() override { return std::chrono::system_clock::now(); }
    void sleepFor(Millis duration) override
    {
        if (duration.count() > 0)
            std::this_thread::sleep_for(duration);
    }
};

class SodiumRandom final : public RandomSource
{
public:
    SodiumRandom()
    {
        if (sodium_init() < 0)
            std::abort();
    }
    double uniform() override
    {
        // 53 random bits -> [0, 1).
        std::uint64_t bits = 0;
        randombytes_buf(&bits, sizeof bits);
        return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);
    }
    std::string uuid() override
    {
        std::array<unsigned char, 16> b{};
        randombytes_buf(b.data(), b.size());
        b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
        b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
        char text[37];
        std::snprintf(text, sizeof text,
                      "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
                      b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
        return text;
    }
};

} // namespace

std::shared_ptr<Clock> systemClock()
{
    static auto clock = std::make_shared<RealClock>();
    return clock;
}

std::shared_ptr<RandomSource> systemRandom()
{
    static auto random = std::make_shared<SodiumRandom>();
    return random;
}

std::string phaseName(SyncPhase phase)
{
    switch (phase) {
    case SyncPhase::Idle: return "idle";
    case SyncPhase::Offline: return "offline";
    case SyncPhase::Syncing: return "syncing";
    case SyncPhase::UpToDate: return "up-to-date";
    case SyncPhase::Failed: return "failed";
    }
    return "idle";
}

} // namespace avocet::core::sync
