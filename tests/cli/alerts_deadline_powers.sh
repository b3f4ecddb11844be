#!/usr/bin/env bash
# avocetctl alerts deadline for every Mental Health Act power the rule tables hold, by section name and
# by UK Core legal-status code; the s.135/136 extension in hours; the s.68 referral from the first
# admission, the last Tribunal and the patient's age; s.29(4) nearest-relative proceedings; bad input
# refused with exit 2 and a message naming the option.
set -uo pipefail
CTL="$1"
WORK="$2/cli-alerts-deadline-$$"
rm -rf "$WORK"; mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_exit() { local want="$1"; shift; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?
  [ "$got" -eq "$want" ] || { cat "$WORK/out" "$WORK/err"; fail "exit $got (wanted $want): $*"; }; }
deadline() { "$CTL" alerts deadline "$@"; }

# --- every power by a section name and by its legal-status code -----------------------------------------
while IFS='|' read -r name code canonical; do
  expect_exit 0 deadline --power "$name" --start 2024-03-01T10:00
  grep -q "^Power:      $canonical - " "$WORK/out" || { cat "$WORK/out"; fail "$name is not $canonical"; }
  if [ "$code" != "-" ]; then
    expect_exit 0 deadline --power "$code" --start 2024-03-01T10:00
    grep -q "^Power:      $canonical - .*(UK Core legal status $code)" "$WORK/out" || { cat "$WORK/out"; fail "code $code"; }
  fi
done <<'POWERS'
section 35|07|s35
s.36|08|s36
Section 37|10|s37
37/41|09|s37/41
s38|12|s38
s45A|37|s45a
s.47|16|s47
section 47/49|15|s47/49
s48|18|s48
s.48/49|17|s48/49
section 7|35|s7
s17g|-|cto-revoked
s17|-|s17-leave
s18|-|awol
s21b|-|awol-return
POWERS

# Hand-worked: s.38 made 1 Mar 2024 cannot run beyond 12 months, last day 28 Feb 2025.
expect_exit 0 deadline --power s38 --start 2024-03-01T10:00 --json
python3 - "$WORK/out" <<'PY' || fail "s.38 maximum"
import json, sys
r = json.load(open(sys.argv[1]))
last = [d for d in r["deadlines"] if d["id"] == "renewal-11"][0]
assert last["lastDay"] == "2025-02-28" and last["due"]["utc"] == "2025-03-01T00:00:00Z", last
assert "cut to the maximum of 12 months" in last["basis"], last
PY

# Restricted: no expiry, said in a note, and the s.71(2) referral listed.
expect_exit 0 deadline --power 09 --start 2024-03-01
grep -q "s37/41 has no expiry" "$WORK/out" || fail "no-expiry note"
grep -q "^  secretary-of-state-referral .*2027-03-01T00:00:00Z" "$WORK/out" || fail "s.71(2) referral"
grep -q "^  expiry " "$WORK/out" && fail "a restricted power lists an expiry"

# --- s.135/136 extension in hours ---------------------------------------------------------------------
expect_exit 0 deadline --power s136 --start 2024-10-26T20:00 --extension-hours 6
grep -q "Extension:  authorised, 6 hours counted" "$WORK/out" || fail "extension hours shown"
grep -q "^  expiry-extended  2024-10-28T01:00:00Z" "$WORK/out" || { cat "$WORK/out"; fail "24 + 6 real hours"; }
expect_exit 0 deadline --power 19 --start 2024-10-26T20:00 --extended --json
grep -q '"extensionHours": 12' "$WORK/out" || fail "--extended counts the table's 12 hours"
expect_exit 2 deadline --power s136 --start 2024-10-26T20:00 --extension-hours 13
grep -q "allows 1 to 12 hours" "$WORK/err" || fail "13 hours not explained"
expect_exit 2 deadline --power s136 --start 2024-10-26T20:00 --extension-hours six
grep -q "^avocetctl: --extension-hours: 'six' is not a whole number" "$WORK/err" || { cat "$WORK/err"; fail "six"; }
expect_exit 2 deadline --power s2 --start 2024-10-26T20:00 --extension-hours 2
grep -q "cannot be extended" "$WORK/err" || fail "s2 extension"

# --- s.68 from the right start ------------------------------------------------------------------------
expect_exit 0 deadline --power s3 --start 2024-02-10T10:00 --first-admission 2024-01-20T15:00
grep -q "^  tribunal-referral .*2024-07-19T23:00:00Z.*(last day 2024-07-19)" "$WORK/out" || { cat "$WORK/out"; fail "s3 after s2"; }
expect_exit 0 deadline --power cto --start 2024-03-01
grep -q "^  tribunal-referral " "$WORK/out" && fail "CTO referral guessed without the s.3 admission"
grep -q "counts from the first admission" "$WORK/out" || fail "CTO referral note"
expect_exit 0 deadline --power cto-revoked --start 2024-05-10T10:00 --birth-date 2008-01-01
grep -q "^  tribunal-referral-periodic .*2025-05-09T23:00:00Z" "$WORK/out" || { cat "$WORK/out"; fail "under-18 referral"; }
expect_exit 0 deadline --power cto --start 2023-09-01T12:00 --first-admission 2023-06-15T11:00 --last-tribunal 2024-02-29
grep -q "^  tribunal-referral-periodic .*(last day 2027-02-28)" "$WORK/out" || { cat "$WORK/out"; fail "3 years from a leap day"; }
expect_exit 2 deadline --power s3 --start 2024-02-10T10:00 --first-admission 2024-02-11T10:00
grep -q "first admission" "$WORK/err" || fail "first admission after the start"
expect_exit 2 deadline --power s3 --start 2024-02-10T10:00 --birth-date 2024-31-01
grep -q "^avocetctl: --birth-date: " "$WORK/err" || { cat "$WORK/err"; fail "bad birth date not named"; }

# --- s.29(4) ----------------------------------------------------------------------------------------
expect_exit 0 deadline --power s2 --start 2024-02-10T14:00 --nr-applied 2024-03-01T10:00
grep -q "^  expiry " "$WORK/out" && fail "a pending s.29(4) s2 shows an end"
grep -q "continues under s.29(4)" "$WORK/out" || fail "s.29(4) note"
expect_exit 0 deadline --power 02 --start 2024-02-10T14:00 --nr-applied 2024-03-01T10:00 --nr-disposed 2024-03-20T12:00 --nr-order-made
grep -q "^  expiry .*2024-03-27T00:00:00Z.*(last day 2024-03-26)" "$WORK/out" || { cat "$WORK/out"; fail "7 days after the order"; }
expect_exit 2 deadline --power s2 --start 2024-02-10T14:00 --nr-order-made
grep -q "need --nr-applied" "$WORK/err" || fail "order without application"
expect_exit 2 deadline --power s2 --start 2024-02-10T14:00 --nr-applied 2024-03-12T10:00
grep -q "does not extend it" "$WORK/err" || fail "application after the s2 ended"

# --- Part 4A: the later of the CTO's first month and the s.58 three months ------------------------------
expect_exit 0 deadline --power part4a --start 2024-01-31T10:00 --related-start 2023-12-20T09:00
grep -q "^  first-month .*2024-03-20T00:00:00Z.*(last day 2024-03-19)" "$WORK/out" || { cat "$WORK/out"; fail "part4a later of"; }
expect_exit 2 deadline --power s3 --start 2024-01-31T10:00 --related-start 2023-12-20T09:00
grep -q "does not count from the start of a related power" "$WORK/err" || fail "related start for s3"

# --- s.35: the court's own dates -----------------------------------------------------------------------
expect_exit 0 deadline --power s35 --start 2024-03-01T10:00 --court-last-days 2024-03-14,2024-04-11
grep -q "^  expiry .*2024-03-15T00:00:00Z.*(last day 2024-03-14)" "$WORK/out" || { cat "$WORK/out"; fail "court's remand date"; }
expect_exit 2 deadline --power s35 --start 2024-03-01T10:00 --court-last-days 2024-03-29
grep -q "is outside that period" "$WORK/err" || fail "court date beyond 28 days"
expect_exit 2 deadline --power s35 --start 2024-03-01T10:00 --court-last-days 2024-03-14,soon
grep -q "^avocetctl: --court-last-days: 'soon'" "$WORK/err" || { cat "$WORK/err"; fail "bad court date not named"; }

# --- s.18: the retaking limit counted against the power the patient is absent from ----------------------
expect_exit 0 deadline --power awol --start 2024-03-20T15:00 --underlying-power s2 --underlying-end 2024-03-29T00:00Z
grep -q "^  retaking-limit .*2024-03-29T00:00:00Z.*(last day 2024-03-28)" "$WORK/out" || { cat "$WORK/out"; fail "s2 AWOL: the 28 days"; }
expect_exit 0 deadline --power s18 --start 2024-06-20T14:00 --underlying-power 03 --underlying-end 2025-01-05T00:00Z
grep -q "^  retaking-limit .*2025-01-05T00:00:00Z" "$WORK/out" || { cat "$WORK/out"; fail "s3 AWOL: the later period end"; }
expect_exit 0 deadline --power awol --start 2024-06-20T14:00
grep -q "^  retaking-limit " "$WORK/out" && fail "the retaking limit guessed without the power the patient is absent from"
grep -q "depends on the power the patient is absent from" "$WORK/out" || { cat "$WORK/out"; fail "AWOL note"; }
expect_exit 2 deadline --power awol --start 2024-06-20T14:00 --underlying-power s37/41 --underlying-end 2025-01-05
grep -q "is not one awol counts against" "$WORK/err" || { cat "$WORK/err"; fail "restricted underlying power"; }
expect_exit 2 deadline --power awol --start 2024-06-20T14:00 --underlying-power s3 --underlying-end soon
grep -q "^avocetctl: --underlying-end" "$WORK/err" || { cat "$WORK/err"; fail "bad underlying end not named"; }
expect_exit 2 deadline --power awol --start 2024-06-20T14:00 --underlying-power s3
grep -q "give both the underlying power and the end" "$WORK/err" || { cat "$WORK/err"; fail "underlying power without end"; }

# --- annual periods run on without limit, listed up to the one running on --as-of ----------------------
# s.3 from 5 Jan 2020: annual period 6 runs 5 Jan 2026 to 4 Jan 2027 and holds 1 Mar 2026.
expect_exit 0 deadline --power s3 --start 2020-01-05T10:00 --as-of 2026-03-01
grep -q "^  annual-6 .*2027-01-05T00:00:00Z.*(last day 2027-01-04)" "$WORK/out" || { cat "$WORK/out"; fail "6th annual period"; }
grep -q "^  annual-7 " "$WORK/out" && fail "listed beyond the period running on the as-of day"

# --- the usage names every new option and power ------------------------------------------------------------
expect_exit 0 "$CTL" alerts --help
for word in --extension-hours --first-admission --last-tribunal --birth-date --nr-applied --related-start --court-last-days --underlying-power --underlying-end s37/41 s48/49 cto-revoked awol-return part4a; do
  grep -q -- "$word" "$WORK/out" || fail "usage does not mention $word"
done
echo "ok"
