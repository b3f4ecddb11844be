#!/usr/bin/env bash
# Sanitizer runs, outside the README's test command (they take longer than the CI budget allows
# on two cores):
#   ./scripts/sanitizers.sh tsan   ThreadSanitizer: the sync engine, drafts, store and ui.Sync tests
#   ./scripts/sanitizers.sh asan   AddressSanitizer + UBSan: the unit tests
# Each builds only what it runs, in build-tsan / build-asan.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-tsan}"
./scripts/setup.sh
cmake --preset "$kind"
modules=(alerts audit caseload crypto designer drafts forms identity mapping pmi store sync)
case "$kind" in
  tsan)
    cmake --build --preset tsan --target avocet_sync_ui_tests avocet_sync_tests avocet_drafts_tests avocet_store_tests
    ctest --preset tsan -R '^(ui\.Sync$|sync\.|drafts\.|store\.)' -E '^sync\.With' ;;
  asan)
    targets=()
    for m in "${modules[@]}"; do targets+=("avocet_${m}_tests"); done
    cmake --build --preset asan --target "${targets[@]}"
    ctest --preset asan -R "^($(IFS='|'; echo "${modules[*]}"))\." -E '^sync\.With' ;;
  *) echo "usage: $0 tsan|asan" >&2; exit 2 ;;
esac
