#!/usr/bin/env bash
# Sets everything up, builds with warnings as errors, and runs the whole test suite (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci "$@"
