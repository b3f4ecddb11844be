#include "server/Log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace avocet::hub {
namespace {
std::mutex g_logMutex;
bool g_quiet = false;

std::string utcNow()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buffer;
}
} // namespace

void setLogQuiet(bool quiet)
{
    std::lock_guard lock(g_logMutex);
    g_quiet = quiet;
}

void logEvent(const std::string& level, const std::string& event, nlohmann::json fields)
{
    if (!fields.is_object())
        fields = nlohmann::json::object();
    fields["ts"] = utcNow();
    fields["level"] = level;
    fields["event"] = event;
    const std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard lock(g_logMutex);
    if (g_quiet && level == "debug")
        return;
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

} // namespace avocet::hub
