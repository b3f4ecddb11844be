#!/usr/bin/env bash
# Installs every Debian package Avocet needs to build, run and test. Idempotent:
# re-running it on a machine that already has everything changes nothing.
# SQLCipher 4.6.1 comes from bookworm-backports (stable ships 3.4.1 on SQLite 3.15).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-svg-dev qt6-charts-dev libqt6opengl6-dev libqt6svg6 qt6-qpa-plugins libgl-dev
  qtkeychain-qt6-dev libsecret-1-0
  libpcsclite-dev
  libsodium-dev
  libpoco-dev
  nlohmann-json3-dev
  libpq-dev postgresql postgresql-contrib
  nginx-light
  libgtest-dev libgmock-dev googletest
  xvfb xauth fonts-dejavu-core iproute2
  dbus gnome-keyring
  appstream desktop-file-utils
  dpkg-dev file
  poppler-utils
)

. /etc/os-release
CODENAME="${VERSION_CODENAME:-bookworm}"

# Add bookworm-backports once, in whichever sources format the machine uses.
if ! grep -rqs "${CODENAME}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "setup: adding ${CODENAME}-backports"
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$CODENAME" | $SUDO tee /etc/apt/sources.list.d/avocet-backports.sources >/dev/null
  NEED_UPDATE=1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
cipher_ver=$(dpkg-query -W -f='${Version}' libsqlcipher-dev 2>/dev/null || true)
case "$cipher_ver" in 4.*) ;; *) missing+=("libsqlcipher-dev/${CODENAME}-backports" "libsqlcipher1/${CODENAME}-backports" "sqlcipher/${CODENAME}-backports") ;; esac

if [ ${#missing[@]} -gt 0 ] || [ -n "${NEED_UPDATE:-}" ]; then
  echo "setup: installing ${missing[*]:-(none)}"
  $SUDO apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

cipher_ver=$(dpkg-query -W -f='${Version}' libsqlcipher-dev)
case "$cipher_ver" in
  4.*) echo "setup: SQLCipher $cipher_ver" ;;
  *) echo "setup: libsqlcipher-dev $cipher_ver is not 4.x; Avocet needs 4.6.1 from ${CODENAME}-backports" >&2; exit 1 ;;
esac

# Independent FHIR server for the sync tests (tests/independent-fhir: Medplum's FhirRouter, pinned
# by package-lock.json, run by Node >= 20). Node comes from Debian unless one is installed already
# (a NodeSource nodejs ships its own npm and conflicts with Debian's npm package). `npm ci` runs
# only when node_modules is missing or older than the lock file. Without it sync.WithIndependentFhir
# skips and says why; setup does not fail.
FHIR_HARNESS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/independent-fhir"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing nodejs npm"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm || true
fi
if command -v npm >/dev/null 2>&1; then
  # Test-only OpenID Connect provider for single sign-on (tests/oidc-provider: the oidc-provider
  # package, pinned by package-lock.json), installed the same way; without it hub.OidcSignOn skips.
  OIDC_HARNESS="$(dirname "$FHIR_HARNESS")/oidc-provider"
  for harness in "$FHIR_HARNESS" "$OIDC_HARNESS"; do
    if [ ! -f "$harness/node_modules/.package-lock.json" ] ||
       [ "$harness/package-lock.json" -nt "$harness/node_modules/.package-lock.json" ]; then
      echo "setup: npm ci in tests/$(basename "$harness")"
      if ! (cd "$harness" && npm ci --no-audit --no-fund --loglevel=error); then
        echo "setup: npm ci failed in tests/$(basename "$harness"); its tests will skip" >&2
      fi
    fi
  done
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$node_major" -lt 20 ]; then
    echo "setup: node $(node --version 2>/dev/null) is older than 20; sync.WithIndependentFhir and hub.OidcSignOn will skip" >&2
  fi
else
  echo "setup: npm unavailable; sync.WithIndependentFhir and hub.OidcSignOn will skip" >&2
fi
