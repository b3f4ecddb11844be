#!/usr/bin/env bash
# avocetctl's contract: --version; one-line reasons and exit codes; JSON with --json; a wrong
# passphrase changes no file; the passphrase never comes from argv.
set -uo pipefail
CTL="$1"
WORK="$2/cli-contract-$$"
rm -rf "$WORK"; mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_exit() { local want="$1"; shift; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?
  [ "$got" -eq "$want" ] || { cat "$WORK/out" "$WORK/err"; fail "exit $got (wanted $want): $*"; }; }
ctl() { "$CTL" --profile "$WORK/p" --user bob "$@"; }

"$CTL" --version | grep -Eq '^avocetctl [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
expect_exit 2 "$CTL" frobnicate
[ "$(wc -l < "$WORK/err")" -eq 1 ] || fail "error is not one line"
grep -q "unknown command 'frobnicate'" "$WORK/err" || fail "unknown command not named"

export AVOCET_PASSPHRASE="bobs passphrase"
expect_exit 0 ctl profile init --kdf minimal
expect_exit 2 ctl profile init --kdf minimal          # already exists
grep -q "already exists" "$WORK/err" || fail "existing profile not explained"
expect_exit 2 ctl profile init --kdf bogus
expect_exit 0 ctl demo seed --patients 25
expect_exit 2 ctl demo seed --patients many
grep -q -- "--patients must be a whole number" "$WORK/err" || fail "bad --patients not explained"

before=$(cd "$WORK/p" && find . -type f -exec sha256sum {} + | sort; ls -la --time-style=full-iso "$WORK/p/bob")
AVOCET_PASSPHRASE="wrong passphrase" expect_exit 3 ctl patients list
grep -q "passphrase is not right" "$WORK/err" || fail "wrong passphrase not explained"
after=$(cd "$WORK/p" && find . -type f -exec sha256sum {} + | sort; ls -la --time-style=full-iso "$WORK/p/bob")
[ "$before" = "$after" ] || fail "a wrong passphrase changed files"

expect_exit 0 ctl --json patients list --limit 5
grep -q '"count": 5' "$WORK/out" || fail "--json patients list"
expect_exit 0 ctl --json patients list --search "999 000 0018"
grep -q '"nhsNumber": "999 000 0018"' "$WORK/out" || fail "search by spaced NHS number"
expect_exit 0 ctl --json nhs validate "943 476 5919"
grep -q '"formatted": "943 476 5919"' "$WORK/out" || fail "nhs validate"
expect_exit 1 ctl nhs validate 9434765918
expect_exit 0 ctl --json cache verify
grep -q '"cipherVersion": "4\.' "$WORK/out" || fail "cache verify reports SQLCipher 4"
expect_exit 0 ctl --json audit verify
grep -q '"intact": true' "$WORK/out" || fail "audit verify"

# Passphrase change keeps the database bytes; the old passphrase stops working.
db_before=$(sha256sum "$WORK/p/bob/cache.db")
AVOCET_NEW_PASSPHRASE="bobs newer passphrase" expect_exit 0 ctl profile passwd
[ "$db_before" = "$(sha256sum "$WORK/p/bob/cache.db")" ] || fail "passwd rewrote the database"
expect_exit 3 ctl patients list
export AVOCET_PASSPHRASE="bobs newer passphrase"
expect_exit 0 ctl profile rekey
[ "$db_before" != "$(sha256sum "$WORK/p/bob/cache.db")" ] || fail "rekey did not rewrite the database"
expect_exit 0 ctl --json patients list
grep -q '"count": 25' "$WORK/out" || fail "data lost in rekey"
echo "ok"
