#!/usr/bin/env bash
# avocetctl nhs-number check and the map apply|reverse|coverage|impact short spelling of the mapping commands, against
# the shipped resources/mappings and resources/templates: outputs and exit codes, text and --json.
set -uo pipefail
CTL="$1"
SRC="$2"
WORK="$3/cli-nhs-map-$$"
rm -rf "$WORK"; mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_exit() { local want="$1"; shift; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?
  [ "$got" -eq "$want" ] || { cat "$WORK/out" "$WORK/err"; fail "exit $got (wanted $want): $*"; }; }

# --- nhs-number check ---------------------------------------------------------------------------
expect_exit 0 "$CTL" nhs-number check 9434765919 "943 476 5919" 943-476-5919
[ "$(grep -c $'\tvalid\t943 476 5919$' "$WORK/out")" -eq 3 ] || { cat "$WORK/out"; fail "valid numbers not listed 3-3-4"; }

expect_exit 1 "$CTL" nhs-number check 9434765919 9434765918 12345 0000000000 94347A5919
grep -q $'^9434765919\tvalid\t943 476 5919$' "$WORK/out" || fail "valid number among invalid ones"
grep -q $'^9434765918\tinvalid\t.*check digit does not match' "$WORK/out" || fail "wrong check digit not explained"
grep -q $'^12345\tinvalid\t.*10 digits; this has 5' "$WORK/out" || fail "short number not explained"
grep -q $'^0000000000\tinvalid\t.*not a real NHS number' "$WORK/out" || fail "0000000000 not refused"
grep -q $'^94347A5919\tinvalid\t.*only digits' "$WORK/out" || fail "letters not explained"
[ "$(wc -l < "$WORK/out")" -eq 5 ] || fail "one line per number"
# A check digit of 10 cannot be valid: 100000001's weighted sum (12) gives one.
expect_exit 1 "$CTL" nhs-number check 1000000010
grep -q "no check digit is possible" "$WORK/out" || { cat "$WORK/out"; fail "check digit 10 not explained"; }

expect_exit 1 "$CTL" --json nhs-number check "999 000 0018" 9990000019
grep -q '"allValid": false' "$WORK/out" || fail "--json allValid"
grep -q '"formatted": "999 000 0018"' "$WORK/out" || fail "--json formatted"
grep -q '"synthetic": true' "$WORK/out" || fail "--json synthetic"
grep -q '"valid": false' "$WORK/out" || fail "--json invalid entry"
grep -q '"reason": ' "$WORK/out" || fail "--json reason"
expect_exit 0 "$CTL" nhs-number check 9990000018 --json
grep -q '"allValid": true' "$WORK/out" || fail "--json after the numbers"
expect_exit 2 "$CTL" nhs-number check
expect_exit 2 "$CTL" nhs-number verify 9434765919
expect_exit 0 "$CTL" nhs-number help

# --- map ----------------------------------------------------------------------------------------
MAPS="$SRC/resources/mappings"
TEMPLATES="$SRC/resources/templates"
PHQ9="$TEMPLATES/phq9-outcome-1.0.0.json"
PARIS="$MAPS/phq9-outcome/1.0.0/paris.json"
answer() { echo "{\"linkId\": \"phq9-$1\", \"answer\": [{\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"$2\"}}]}"; }
cat > "$WORK/response.json" <<JSON
{ "resourceType": "QuestionnaireResponse", "id": "qr-cli",
  "questionnaire": "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0",
  "status": "completed", "authored": "2025-03-14T10:30:00Z",
  "subject": { "identifier": { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000018" } },
  "item": [
    { "linkId": "assessment-date", "answer": [ { "valueDate": "2025-03-14" } ] },
    { "linkId": "phq9-items", "item": [
      $(answer 1 LA6568-5), $(answer 2 LA6569-3), $(answer 3 LA6570-1), $(answer 4 LA6571-9), $(answer 5 LA6568-5),
      $(answer 6 LA6569-3), $(answer 7 LA6570-1), $(answer 8 LA6571-9), $(answer 9 LA6569-3) ] },
    { "linkId": "phq9-total", "answer": [ { "valueInteger": 14 } ] },
    { "linkId": "difficulty", "answer": [ { "valueCoding": { "system": "http://loinc.org", "code": "LA6573-5" } } ] }
  ] }
JSON

# apply: the same payload as `mapping apply --response`.
expect_exit 0 "$CTL" map apply --mapping "$PARIS" "$WORK/response.json"
cp "$WORK/out" "$WORK/native.json"
grep -q '"format": "avocet-native-payload"' "$WORK/out" || fail "map apply payload"
grep -q '"id": "PAR_PHQ9"' "$WORK/out" || fail "map apply names the Paris form"
expect_exit 0 "$CTL" mapping apply --mapping "$PARIS" --response "$WORK/response.json"
cmp -s "$WORK/out" "$WORK/native.json" || fail "map apply differs from mapping apply"
expect_exit 0 "$CTL" --json map apply --mapping "$PARIS" "$WORK/response.json"
grep -q '"warnings"' "$WORK/out" || fail "map apply --json carries warnings"

# reverse: the payload back to a response marked with its source EPR.
expect_exit 0 "$CTL" map reverse --mapping "$PARIS" "$WORK/native.json"
grep -q '"resourceType": "QuestionnaireResponse"' "$WORK/out" || fail "map reverse response"
grep -q '"code": "Paris"' "$WORK/out" || fail "map reverse marks the source EPR"
grep -q '"code": "LA6571-9"' "$WORK/out" || fail "map reverse keeps answer codes"
expect_exit 0 "$CTL" --json map reverse --mapping "$PARIS" "$WORK/native.json"
grep -q '"response": {' "$WORK/out" || fail "map reverse --json"

# coverage: same output and exit code as `mapping coverage --template`.
for epr in paris mobius systmone; do
  "$CTL" mapping coverage --template "$PHQ9" --mapping "$MAPS/phq9-outcome/1.0.0/$epr.json" >"$WORK/want" 2>&1
  want=$?
  expect_exit "$want" "$CTL" map coverage --mapping "$MAPS/phq9-outcome/1.0.0/$epr.json" "$PHQ9"
  cmp -s "$WORK/out" "$WORK/want" || fail "map coverage differs from mapping coverage ($epr)"
  [ -s "$WORK/out" ] || fail "map coverage printed nothing ($epr)"
done
expect_exit 0 "$CTL" --json map coverage --mapping "$MAPS/risk-assessment/1.0.0/paris.json" \
  "$TEMPLATES/risk-assessment-1.0.0.json"
grep -q '"mapped"' "$WORK/out" || fail "map coverage --json"

# impact: an unchanged template breaks nothing; removing an item is breaking (exit 1).
expect_exit 0 "$CTL" map impact --mapping "$PARIS" --from "$PHQ9" --to "$PHQ9"
sed -e 's/"version": "1.0.0"/"version": "1.1.0"/' -e 's/"linkId": "difficulty"/"linkId": "difficulty-renamed"/' \
  "$PHQ9" > "$WORK/phq9-next.json"
expect_exit 1 "$CTL" map impact --mapping "$PARIS" --from "$PHQ9" --to "$WORK/phq9-next.json"
grep -q "linkIdRemoved" "$WORK/out" || { cat "$WORK/out"; fail "map impact names the removed linkId"; }
expect_exit 1 "$CTL" --json map impact --mapping "$PARIS" "$MAPS/phq9-outcome/1.0.0/mobius.json" \
  --from "$PHQ9" --to "$WORK/phq9-next.json"
grep -q '"linkIdRemoved"' "$WORK/out" || fail "map impact --json"

# bad input: exit 2 with a one-line reason.
expect_exit 2 "$CTL" map apply --mapping "$PARIS"
expect_exit 2 "$CTL" map apply --mapping "$PARIS" "$WORK/response.json" "$WORK/native.json"
grep -q "takes one file" "$WORK/err" || fail "two files not explained"
expect_exit 2 "$CTL" map apply --mapping "$WORK/missing.json" "$WORK/response.json"
expect_exit 2 "$CTL" map frobnicate
grep -q "unknown map command 'frobnicate'" "$WORK/err" || fail "unknown map command not named"
expect_exit 0 "$CTL" map help
echo "nhs-number and map: ok"
