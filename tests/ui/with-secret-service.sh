#!/usr/bin/env bash
# Runs a test in a D-Bus session of its own with a real Secret Service: gnome-keyring-daemon with its
# secrets component, whose login collection is created and unlocked without a prompt (the password
# comes on standard input), in a throwaway home, so the user's own keyring is never touched.
# Usage: with-secret-service.sh TEST [ARGS...]. Exits 77 (ctest: skipped) only when the daemon or
# dbus-run-session is not installed (scripts/setup.sh installs both).
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed; run scripts/setup.sh (gnome-keyring, dbus) for the keychain tests"
    exit 77
  fi
done
home=$(mktemp -d "${TMPDIR:-/tmp}/avocet-keyring.XXXXXX")
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/runtime" "$home/data" && chmod 700 "$home/runtime"
export HOME="$home" XDG_RUNTIME_DIR="$home/runtime" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config"
export AVOCET_TEST_KEYRING_PASSWORD="throwaway-keyring-$$"
# shellcheck disable=SC2016
dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf "%s" "$AVOCET_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"
  exec "$@"
' avocet-secret-service "$@"
