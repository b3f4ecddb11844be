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

} // namespace avocet::bench

#define AVOCET_BENCH_CONCAT2(a, b) a##b
#define AVOCET_BENCH_CONCAT(a, b) AVOCET_BENCH_CONCAT2(a, b)
#define AVOCET_BENCHMARK(name, fn) static ::avocet::bench::Registrar AVOCET_BENCH_CONCAT(registrar_, __LINE__)(name, fn)
