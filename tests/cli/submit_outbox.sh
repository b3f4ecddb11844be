#!/usr/bin/env bash
# avocetctl submit | outbox list: a completed, valid PHQ-9 is queued exactly once (scores
# recomputed, NHS-number subject, questionnaire url|version, client identifier, no mapping pins in a
# profile that holds no EPR mapping); an incomplete or in-progress response exits 2 with the reason
# and queues nothing. Then delivery and alerts for one patient: refused until the patient is held,
# the queued form shown as the patient's, an unknown alert key refused; the PHQ-9's coded answers are
# queued as Observations beside it, and once the patient is held its item 9 score raises the alert
# with no sync (a retry of the same response queues nothing new); patients show prints what the
# banner and patient screen show, without the patient's name.
set -uo pipefail
CTL="$1"
SRC="$2"
WORK="$3/cli-submit-outbox-$$"
rm -rf "$WORK"; mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; cat "$WORK/out" "$WORK/err" 2>/dev/null; exit 1; }
expect_exit() { local want="$1"; shift; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got (wanted $want): $*"; }
ctl() { "$CTL" --profile "$WORK/p" --user carol "$@"; }
Q="$SRC/resources/templates/phq9-outcome-1.0.0.json"
R="$SRC/tests/fixtures/responses"

export AVOCET_PASSPHRASE="carols passphrase"
expect_exit 0 ctl profile init --kdf minimal

expect_exit 0 ctl --json outbox list
grep -q '"pending": 0' "$WORK/out" || fail "a new profile has an empty outbox"

# Refusals: nothing queued, exit 2, one-line reason.
expect_exit 2 ctl submit --patient 9990000018 --questionnaire "$Q" --response "$R/phq9-missing-item9.json"
grep -q "phq9-9" "$WORK/err" || fail "the missing answer is not named"
[ "$(wc -l < "$WORK/err")" -eq 1 ] || fail "the reason is not one line"
expect_exit 2 ctl submit --patient 9990000018 --questionnaire "$Q" --response "$R/phq9-in-progress.json"
grep -q "completed" "$WORK/err" || fail "an in-progress response is not explained"
expect_exit 2 ctl submit --patient 9990000019 --questionnaire "$Q" --response "$R/phq9-completed.json"
grep -q "NHS number" "$WORK/err" || fail "a bad NHS number is not explained"
expect_exit 2 ctl submit --patient 9990000026 --questionnaire "$Q" --response "$R/phq9-completed.json"
grep -q "another patient" "$WORK/err" || fail "a response for another patient is not refused"
expect_exit 2 ctl submit --questionnaire "$Q" --response "$R/phq9-completed.json"
expect_exit 0 ctl --json outbox list
grep -q '"pending": 0' "$WORK/out" || fail "a refused response was queued"

# A completed, valid response is queued once.
expect_exit 0 ctl --json submit --patient "999 000 0018" --questionnaire "$Q" --response "$R/phq9-completed.json"
grep -q '"queued": true' "$WORK/out" || fail "submit did not say queued"
grep -q '"questionnaire": "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0"' "$WORK/out" \
  || fail "questionnaire is not url|version"
grep -q '"mappingPins": \[\]' "$WORK/out" || fail "a profile holding no EPR mapping must pin none"
# Its coded answers (nine items and the total; SDC observationExtract) are queued as Observations.
grep -q '"observations": 10' "$WORK/out" || fail "the PHQ-9's coded answers were not extracted"
grep -q '"alreadyQueued": false' "$WORK/out" || fail "a first submission is not a retry"
expect_exit 0 ctl --json outbox list
grep -q '"pending": 11' "$WORK/out" || fail "outbox list does not show the response and its 10 Observations"
grep -q '"op": "create"' "$WORK/out" || fail "the queued change is not a create"
grep -q '"type": "QuestionnaireResponse"' "$WORK/out" || fail "the queued change is not a QuestionnaireResponse"
[ "$(grep -c '"type": "Observation"' "$WORK/out")" -eq 10 ] || fail "not one outbox row per Observation"
expect_exit 0 ctl outbox list
grep -q "^11 pending, 0 failed" "$WORK/out" || fail "text outbox list"
grep -q "pending  create QuestionnaireResponse" "$WORK/out" || fail "text outbox row"
expect_exit 2 ctl outbox frobnicate

# delivery and alerts patient|acknowledge|withdraw (the desktop's use cases) name a patient held in
# the profile; before the patient is held they say so and change nothing.
expect_exit 2 ctl delivery --patient 9990000018
grep -q "no patient with NHS number 9990000018 is held" "$WORK/err" || fail "delivery for a patient not held"
expect_exit 2 ctl delivery --patient 9990000019
grep -q "not a valid NHS number" "$WORK/err" || fail "delivery with a bad NHS number"
expect_exit 0 ctl demo seed --patients 5
# The form queued before the patient was held names them by NHS number: it is theirs.
expect_exit 0 ctl --json delivery --patient "999 000 0018"
grep -q '"sent": false' "$WORK/out" || fail "the queued form is not shown waiting"
grep -q '"questionnaire": "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0"' "$WORK/out" \
  || fail "delivery does not name the form"
expect_exit 0 ctl delivery --patient 9990000018
grep -q "^1 submission(s)" "$WORK/out" || fail "text delivery count"
grep -q "waiting on this computer" "$WORK/out" || fail "text delivery state"
expect_exit 0 ctl --json alerts patient --patient 9990000018
grep -q '"unacknowledged": 0' "$WORK/out" || fail "a seeded patient with no clinical records has no alerts"
expect_exit 2 ctl alerts acknowledge --patient 9990000018 --alert "score:none:canary"
grep -q "no alert with key 'score:none:canary'" "$WORK/err" || fail "an unknown alert key is not refused"
expect_exit 2 ctl alerts withdraw --patient 9990000018 --alert "score:none:canary"
expect_exit 2 ctl alerts acknowledge --patient 9990000018
# The same response submitted again (a retry, now the patient is held): nothing new is queued, and its
# item 9 answer ("Several days") raises the item 9 alert at once, with no sync.
expect_exit 0 ctl --json submit --patient 9990000018 --questionnaire "$Q" --response "$R/phq9-completed.json"
grep -q '"alreadyQueued": true' "$WORK/out" || fail "a retry is not recognised"
grep -q '"pending": 11' "$WORK/out" || fail "a retry queued something"
expect_exit 0 ctl --json alerts patient --patient 9990000018
grep -q ':phq9-item9"' "$WORK/out" || fail "the submitted item 9 score raises no alert without a sync"
grep -q '"unacknowledged": 1' "$WORK/out" || fail "the item 9 alert is not the one unacknowledged alert"

# patients show: what the banner and the patient screen show, from the same use cases, name-free.
expect_exit 0 ctl --json patients list --search 9990000018
FAMILY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["patients"][0]["familyName"])' "$WORK/out")
[ -n "$FAMILY" ] || fail "cannot read the seeded patient's family name"
expect_exit 0 ctl --json patients show --patient "999 000 0018"
python3 - "$WORK/out" <<'PY' || fail "patients show --json"
import json, sys
shown = json.load(open(sys.argv[1]))
assert shown["nhsNumber"] == "9990000018", shown
assert shown["legalStatus"] is None and shown["nextVisit"] is None and shown["reviews"] == [], shown
scores = {(s["instrument"], s["item"]): s["value"] for s in shown["latestScores"]}
assert scores[("PHQ-9", "9")] == 1 and scores[("PHQ-9", "total")] == 11, scores
alerts = [a for a in shown["alerts"] if a["key"].endswith(":phq9-item9")]
assert len(alerts) == 1 and alerts[0]["severity"] == "high" and alerts[0]["acknowledged"] is False, shown
assert shown["unacknowledged"] == 1 and shown["flags"] == [], shown
PY
grep -qi "$FAMILY" "$WORK/out" && fail "patients show names the patient"
KEY=$(python3 -c 'import json,sys; print([a["key"] for a in json.load(open(sys.argv[1]))["alerts"]][0])' "$WORK/out")
expect_exit 0 ctl alerts acknowledge --patient 9990000018 --alert "$KEY"
expect_exit 0 ctl patients show --patient 9990000018
grep -q "^NHS number 9990000018" "$WORK/out" || fail "text patients show: NHS number"
grep -q "^Legal status: no Mental Health Act power recorded" "$WORK/out" || fail "text patients show: legal status"
grep -q "^Score PHQ-9 item 9: 1 " "$WORK/out" || fail "text patients show: latest score"
grep -q "^Alert high: PHQ-9 item 9 scored 1 (acknowledged)" "$WORK/out" || fail "text patients show: acknowledged alert"
grep -qi "$FAMILY" "$WORK/out" && fail "text patients show names the patient"
expect_exit 2 ctl patients show
grep -q "usage: avocetctl patients show" "$WORK/err" || fail "patients show without --patient"
expect_exit 2 ctl patients show --patient 9990000019
expect_exit 2 ctl patients show --patient 9990000182
grep -q "is held in this profile" "$WORK/err" || fail "patients show for a patient not held"
echo "ok"
