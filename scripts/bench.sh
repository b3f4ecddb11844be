#!/usr/bin/env bash
# Runs every benchmark program in the project: avocet_bench, then avocet_ui_bench when the UI is
# built (AVOCET_BUILD_UI). Each figure prints as "RATIO <name> <value> target<=<limit>"; an
# optional filter (e.g. ./scripts/bench.sh forms) runs only the scenarios whose name contains it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset default
targets=(avocet_bench)
if grep -q '^AVOCET_BUILD_UI:BOOL=ON' build/CMakeCache.txt; then
  targets+=(avocet_ui_bench)
fi
cmake --build --preset default --target "${targets[@]}"
mkdir -p build/bench-run
cd build/bench-run
../bench/avocet_bench "$@"
if [ -x ../bench/ui/avocet_ui_bench ]; then
  QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" ../bench/ui/avocet_ui_bench "$@"
fi
