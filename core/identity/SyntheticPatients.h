#pragma once
// Synthetic patients for the demo workspace, tests and benchmarks: names that look real, NHS
// numbers only from the never-issued 999 range, Essex postcodes. Deterministic for a given seed.

#include <cstdint>
#include <string>
#include <vector>

#include "core/identity/Patient.h"

namespace avocet::core::identity {

struct SyntheticOptions
{
    int count = 200;
    std::uint64_t seed = 20261124;
    int firstSerial = 0;     // NHS numbers are 999 followed by serials from here, skipping invalid checks
    std::string canary;      // when set, appended to every patient's free-text notes (for leak tests)
};

std::vector<Patient> generateSyntheticPatients(const SyntheticOptions& options);

// The n-th valid NHS number in the 999 range (n from 0), e.g. 0 -> 9990000018.
std::string syntheticNhsNumber(int n);

} // namespace avocet::core::identity
