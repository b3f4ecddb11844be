#include "bench/Bench.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace avocet::bench {

std::vector<Scenario>& registry()
{
    static std::vector<Scenario> scenarios;
    return scenarios;
}

int reportRatio(const std::string& name, double value, double limit)
{
    std::printf("RATIO %s %.3f target<=%.3f\n", name.c_str(), value, limit);
    std::fflush(stdout);
    return value > limit ? 1 : 0;
}

namespace {
double timeOnce(const std::function<void()>& fn)
{
    const auto start = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

double medianSeconds(int repeats, const std::function<void()>& fn)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i)
        times.push_back(timeOnce(fn));
    return median(times);
}

std::pair<double, double> alternate(int rounds, const std::function<void()>& a, const std::function<void()>& b)
{
    std::vector<double> ta, tb;
    for (int i = 0; i < rounds; ++i) {
        if (i % 2 == 0) {
            ta.push_back(timeOnce(a));
            tb.push_back(timeOnce(b));
        } else {
            tb.push_back(timeOnce(b));
            ta.push_back(timeOnce(a));
        }
    }
    return {median(ta), median(tb)};
}

} // namespace avocet::bench

int main(int argc, char** argv)
{
    // avocet_bench [filter]: runs every scenario whose name contains filter.
    const char* filter = argc > 1 ? argv[1] : "";
    int misses = 0;
    for (const auto& scenario : avocet::bench::registry()) {
        if (std::strstr(scenario.name.c_str(), filter) == nullptr)
            continue;
        std::fprintf(stderr, "== %s\n", scenario.name.c_str());
        misses += scenario.run();
    }
    std::fprintf(stderr, "%d figure(s) missed their target\n", misses);
    return 0; // benchmarks report; they never fail a build on a noisy machine
}
