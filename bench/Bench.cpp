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

namespace {
double middle(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t half = v.size() / 2;
    return v.size() % 2 == 1 ? v[half] : (v[half - 1] + v[half]) / 2;
}
} // namespace

PairedRatios pairedRatios(int pairs, const std::function<void(int)>& prepare, const std::function<double()>& a,
                          const std::function<double()>& b)
{
    std::vector<double> ta, tb;
    PairedRatios out;
    for (int i = 0; i < pairs; ++i) {
        prepare(i);
        const bool aFirst = i % 2 == 0;
        const double first = aFirst ? a() : b();
        const double second = aFirst ? b() : a();
        ta.push_back(aFirst ? first : second);
        tb.push_back(aFirst ? second : first);
        out.ratios.push_back(ta.back() / tb.back());
    }
    if (out.ratios.empty())
        return out;
    out.median = middle(out.ratios);
    out.min = *std::min_element(out.ratios.begin(), out.ratios.end());
    out.max = *std::max_element(out.ratios.begin(), out.ratios.end());
    out.medianA = middle(ta);
    out.medianB = middle(tb);
    return out;
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
