#!/usr/bin/env bash
# Sets everything up, builds, and opens the Avocet desktop app on the embedded demo workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset default
cmake --build --preset default --target avocet avocetctl
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-demo: no display found; starting Avocet on a virtual X display (xvfb-run)." >&2
  exec xvfb-run -a ./build/app/avocet/avocet --demo "$@"
fi
exec ./build/app/avocet/avocet --demo "$@"
