#!/usr/bin/env bash
# Runs every benchmark in the project; each figure prints as "RATIO <name> <value> target<=<limit>".
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset default
cmake --build --preset default --target avocet_bench
mkdir -p build/bench-run
cd build/bench-run
exec ../bench/avocet_bench "$@"
