#pragma once
// A minimal benchmark harness: scenarios register themselves; each measures the project's code
// against a baseline in the same process (machines are shared and noisy, so only ratios count).

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace avocet::bench {

struct Scenario
{
    std::string name;
    std::function<int()> run; // returns the number of figures that missed their target
};

std::vector<Scenario>& registry();

struct Registrar
{
    Registrar(std::string name, std::function<int()> run) { registry().push_back({std::move(name), std::move(run)}); }
};

// Prints the one line every figure uses; returns 1 when value > limit.
int reportRatio(const std::string& name, double value, double limit);

// Median wall time of fn over `repeats` runs, in seconds.
double medianSeconds(int repeats, const std::function<void()>& fn);

// Runs a and b alternately `rounds` times and returns the medians {a, b}: alternating keeps
// drift on a shared machine from favouring one side.
std::pair<double, double> alternate(int rounds, const std::function<void()>& a, const std::function<void()>& b);

// For comparisons whose runs are costly and need fresh state: `pairs` pairs of a and b. Pair i
// calls prepare(i) first (not timed; sets up both sides), then runs a and b back to back, a first
// in even pairs and b first in odd ones. a and b return the seconds they timed themselves (so
// their own untimed work stays out). Load that hits one run moves one pair's ratio, not a side.
struct PairedRatios
{
    std::vector<double> ratios;          // a / b of each pair, in pair order
    double median = 0, min = 0, max = 0; // of those per-pair ratios (median of an even count: mean of the middle two)
    double medianA = 0, medianB = 0;     // each side's median seconds
};
PairedRatios pairedRatios(int pairs, const std::function<void(int)>& prepare, const std::function<double()>& a,
                          const std::function<double()>& b);

} // namespace avocet::bench

#define AVOCET_BENCH_CONCAT2(a, b) a##b
#define AVOCET_BENCH_CONCAT(a, b) AVOCET_BENCH_CONCAT2(a, b)
#define AVOCET_BENCHMARK(name, fn) static ::avocet::bench::Registrar AVOCET_BENCH_CONCAT(registrar_, __LINE__)(name, fn)
