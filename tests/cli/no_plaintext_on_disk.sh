#!/usr/bin/env bash
# SECURITY-RELIABILITY 1 through the real CLI: profile init + demo seed of 10,000 patients, then
# grep -a every file of the profile (and TMPDIR, HOME, ~/.cache) for every NHS number (both forms),
# every name of five letters or more and a canary — after a clean exit and after kill -9.
set -euo pipefail
CTL="$1"
WORK="$2/cli-no-plaintext-$$"
rm -rf "$WORK"; mkdir -p "$WORK/profiles" "$WORK/tmp" "$WORK/home"
trap 'rm -rf "$WORK"' EXIT
export TMPDIR="$WORK/tmp" HOME="$WORK/home" XDG_CACHE_HOME="$WORK/home/.cache" XDG_DATA_HOME="$WORK/home/.local/share"
export AVOCET_PASSPHRASE="correct horse battery staple"
CANARY="ZZCANARY-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
ctl() { "$CTL" --profile "$WORK/profiles" --user alice "$@"; }

ctl profile init --kdf interactive >/dev/null
ctl demo seed --patients 10000 --canary "$CANARY" >/dev/null
ctl patients list > "$WORK/list.txt"
[ "$(wc -l < "$WORK/list.txt")" -eq 10000 ] || { echo "expected 10000 patients"; exit 1; }

# Patterns: NHS numbers spaced and bare, given and family names of 5+ letters, the canary.
awk -F'\t' '{ split($1, f, "  "); print f[1]; n=f[1]; gsub(/ /, "", n); print n;
              split($2, name, ", "); if (length(name[1]) >= 5) print name[1]; if (length(name[2]) >= 5) print name[2] }' \
    "$WORK/list.txt" | sort -u > "$WORK/patterns.txt"
echo "$CANARY" >> "$WORK/patterns.txt"
grep -q "^999 000 0018$" "$WORK/patterns.txt" || { echo "pattern list is wrong"; exit 1; }
echo "checking $(wc -l < "$WORK/patterns.txt") patterns"

check() {
  local when="$1"
  if grep -a -r -F -l -f "$WORK/patterns.txt" "$WORK/profiles" "$WORK/tmp" "$WORK/home"; then
    echo "FAIL: patient data readable on disk $when"; exit 1
  fi
  echo "ok: nothing readable $when ($(ls "$WORK/profiles/alice" | tr '\n' ' '))"
}
check "after a clean exit"

# kill -9 while a second seed is writing: the WAL holds committed pages.
"$CTL" --profile "$WORK/profiles" --user alice demo seed --patients 40000 --canary "$CANARY" >/dev/null &
PID=$!
for _ in $(seq 1 200); do
  [ -s "$WORK/profiles/alice/cache.db-wal" ] && break
  sleep 0.05
done
sleep 0.3
kill -0 "$PID" 2>/dev/null || { echo "FAIL: the seed finished before it could be killed"; exit 1; }
kill -9 "$PID"
wait "$PID" 2>/dev/null || true
ls -la "$WORK/profiles/alice"
check "after kill -9"

# Nothing outside the profile: no temp files, nothing in HOME or ~/.cache.
if [ -n "$(find "$WORK/tmp" "$WORK/home" -type f)" ]; then
  echo "FAIL: files written outside the profile:"; find "$WORK/tmp" "$WORK/home" -type f; exit 1
fi
# And the killed cache still opens and verifies.
ctl cache verify
ctl audit verify
