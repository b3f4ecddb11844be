#!/usr/bin/env bash
# avocetctl document render: every shipped transfer-of-care template — the discharge summary, the
# clinic letter and the three Care Act notices (assessment, discharge, withdrawal) — completed
# becomes a FHIR R4 document Bundle that a validator that is not ours (Medplum's, run by node from
# tests/independent-fhir) finds valid, whose Composition carries every heading of its template (for
# the discharge summary: the 23 PRSB headings with their SNOMED CT section codes; for the clinic
# letter: the 27 outpatient headings with theirs), and a PDF that pdftotext reads back with every
# heading and with the patient's NHS number on every page. The letterhead is the demo trust unless
# a [letterhead] (the system-wide settings' section, here tried from a file with --letterhead) names
# another, which then heads every page and is the document's custodian.
# Bad input (an in-progress response, a template that is not a transfer-of-care document, a missing
# option) exits 2 with the reason and writes nothing.
set -uo pipefail
CTL="$1"
SRC="$2"
WORK="$3/cli-document-render-$$"
rm -rf "$WORK"; mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; cat "$WORK/out" "$WORK/err" 2>/dev/null; exit 1; }
expect_exit() { local want="$1"; shift; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got (wanted $want): $*"; }
T="$SRC/resources/templates"
F="$SRC/tests/fixtures/transfer"
VALIDATOR="$SRC/tests/independent-fhir"

command -v pdftotext >/dev/null || fail "pdftotext (poppler-utils) is missing: run scripts/setup.sh"

render() { # template fixture
  expect_exit 0 "$CTL" --json document render --questionnaire "$T/$1-1.0.0.json" --response "$F/$2-response.json" \
    --out "$WORK/out-$2"
}
render discharge-summary discharge-summary
grep -q '"status": "final"' "$WORK/out" || fail "a signed-off summary is not final"
grep -q '"headings": 23' "$WORK/out" || fail "the discharge summary does not have the 23 PRSB headings"
render clinic-letter clinic-letter
render care-act-assessment-notice care-act-assessment
render care-act-discharge-notice care-act-discharge
render care-act-withdrawal-notice care-act-withdrawal

# The PRSB mental health discharge headings and their SNOMED CT section codes (DOMAIN.md).
codes="886731000000109 886711000000101 887231000000104 887181000000106 887161000000102 886921000000105
886781000000108 886811000000106 886961000000102 886931000000107 887201000000105 887141000000103 1052951000000105
1052901000000109 1052891000000108 887261000000109 886751000000102 933361000000108 887051000000101 887111000000104
1082101000000102 887171000000109 1052941000000107"
if command -v node >/dev/null && [ -d "$VALIDATOR/node_modules/@medplum/core" ]; then
  (cd "$VALIDATOR" && node validate.js "$WORK"/out-*/*.json) >"$WORK/out" 2>"$WORK/err" ||
    fail "Medplum finds the document Bundles invalid"
  [ "$(grep -c 'valid FHIR R4 Bundle' "$WORK/out")" -eq 5 ] || fail "not every Bundle was validated"
  node -e '
    const b = require(process.argv[1]);
    const c = b.entry[0].resource;
    if (b.type !== "document" || c.resourceType !== "Composition") process.exit(1);
    const have = new Set(c.section.map((s) => s.code.coding[0].code));
    const missing = process.argv.slice(2).filter((code) => !have.has(code));
    if (missing.length) { console.log("missing headings: " + missing.join(" ")); process.exit(1); }' \
    "$WORK/out-discharge-summary/discharge-summary.json" $codes >"$WORK/out" 2>"$WORK/err" ||
    fail "a PRSB heading is missing from the Composition"
  # Every template: one section per heading, in the template's order, each with the heading's code.
  for pair in discharge-summary:discharge-summary clinic-letter:clinic-letter \
      care-act-assessment-notice:care-act-assessment care-act-discharge-notice:care-act-discharge \
      care-act-withdrawal-notice:care-act-withdrawal; do
    node -e '
      const q = require(process.argv[1]);
      const c = require(process.argv[2]).entry[0].resource;
      const want = q.item.map((i) => (i.code && i.code[0] ? i.code[0].code : "") + " " + i.text);
      const have = c.section.map((s) => (s.code && s.code.coding ? s.code.coding[0].code : "") + " " + s.title);
      if (JSON.stringify(want) !== JSON.stringify(have)) {
        console.log("template: " + want.join(" | ") + "\ndocument: " + have.join(" | ")); process.exit(1); }' \
      "$T/${pair%%:*}-1.0.0.json" "$WORK/out-${pair#*:}/${pair#*:}.json" >"$WORK/out" 2>"$WORK/err" ||
      fail "the ${pair#*:} Composition does not have its template's headings in order"
  done
else
  echo "note: node or tests/independent-fhir/node_modules missing (scripts/setup.sh); FHIR validation skipped"
  for code in $codes; do
    grep -q "\"$code\"" "$WORK/out-discharge-summary/discharge-summary.json" || fail "heading $code missing"
  done
fi

# The PDF: every heading in its text, and the NHS number on every page.
check_pdf() { # pdf nhs-number heading...
  local pdf="$1" nhs="$2"; shift 2
  pdftotext -layout "$pdf" "$WORK/text.txt" 2>/dev/null || fail "pdftotext cannot read $pdf"
  local pages; pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  [ -n "$pages" ] && [ "$pages" -ge 1 ] || fail "$pdf has no pages"
  for ((page = 1; page <= pages; page++)); do
    pdftotext -f "$page" -l "$page" -layout "$pdf" "$WORK/page.txt" 2>/dev/null
    grep -q "NHS number $nhs" "$WORK/page.txt" || fail "page $page of $pdf does not show NHS number $nhs"
    grep -q "Page $page of $pages" "$WORK/page.txt" || fail "page $page of $pdf is not numbered"
  done
  for heading in "$@"; do
    grep -qF "$heading" "$WORK/text.txt" || fail "$pdf does not show the heading '$heading'"
  done
  echo "$pdf: $pages pages"
}
check_pdf "$WORK/out-discharge-summary/discharge-summary.pdf" "999 000 0018" \
  "Patient demographics" "GP practice" "Person completing record" "Referrer details" "Admission details" \
  "Discharge details" "Legal information" "Clinical summary" "Diagnoses" "Allergies and adverse reactions" \
  "Medications and medical devices" "Safety alerts" "Assessment scales" "Plan and requested actions" \
  "Information and advice given" "Individual requirements" "Patient and carer concerns" "Social context" \
  "Family history" "Investigation results" "Procedures" "Participation in research" "Distribution list" \
  "Avocet demo NHS Foundation Trust"
# The outpatient letter's headings (PRSB outpatient letter standard), all 27.
check_pdf "$WORK/out-clinic-letter/clinic-letter.pdf" "999 000 0050" \
  "Patient demographics" "GP practice" "Person completing record" "Referrer details" "Attendance details" \
  "History" "Clinical review of systems" "Examination findings" "Problems and issues" "Clinical summary" \
  "Diagnoses" "Allergies and adverse reactions" "Medications and medical devices" "Assessment scales" \
  "Safety alerts" "Relevant clinical risk factors" "Legal information" "Plan and requested actions" \
  "Information and advice given" "Individual requirements" "Patient and carer concerns, expectations and wishes" \
  "Social context" "Family history" "Investigation results" "Procedures" "Participation in research" \
  "Distribution list" "Outpatient letter"
check_pdf "$WORK/out-care-act-assessment/care-act-assessment.pdf" "999 000 0050" "Patient demographics" \
  "GP practice" "Social care team" "Hospital stay" "Assessment requested" "Consultation" "Person completing record" \
  "Mid Essex adult social care hospital team (illustrative) (Y90101)"
check_pdf "$WORK/out-care-act-discharge/care-act-discharge.pdf" "999 000 0050" "Patient demographics" \
  "GP practice" "Social care team" "Hospital stay" "Discharge" "Consultation" "Person completing record" \
  "Medications on discharge" "Mid Essex adult social care hospital team (illustrative) (Y90101)" \
  "Signed off by Priya Shah (Discharge coordinator, band 7 nurse)"
check_pdf "$WORK/out-care-act-withdrawal/care-act-withdrawal.pdf" "999 000 0050" "Patient demographics" \
  "GP practice" "Social care team" "Withdrawal" "Person completing record" "Reason for withdrawal" \
  "Assessment and discharge notices" "Mid Essex adult social care hospital team (illustrative) (Y90101)"
# The recipient and document kind of each notice, as the hub reads them to deliver it.
for kind in care-act-assessment care-act-discharge care-act-withdrawal; do
  grep -q '"Y90101"' "$WORK/out-$kind/$kind.json" || fail "the $kind notice does not name its social care team"
done

# The trust's letterhead from its settings: on every page, and the document's custodian.
cat >"$WORK/Avocet.conf" <<'CONF'
[letterhead]
trustName=Blackwater Valley NHS Foundation Trust (illustrative)
odsCode=Y99123
address=Riverside House, 2 Example Street, Maldon
phone=01621 000 000
CONF
expect_exit 0 "$CTL" --json document render --questionnaire "$T/clinic-letter-1.0.0.json" \
  --response "$F/clinic-letter-response.json" --letterhead "$WORK/Avocet.conf" --out "$WORK/out-letterhead"
grep -q "Blackwater Valley NHS Foundation Trust (illustrative)" "$WORK/out-letterhead/clinic-letter.json" ||
  fail "the configured trust is not the document's custodian"
grep -q "Avocet demo NHS Foundation Trust" "$WORK/out-letterhead/clinic-letter.json" &&
  fail "the demo trust is still in a document the configured trust sends"
pdf="$WORK/out-letterhead/clinic-letter.pdf"
pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
for ((page = 1; page <= pages; page++)); do
  pdftotext -f "$page" -l "$page" -layout "$pdf" "$WORK/page.txt" 2>/dev/null
  for line in "Blackwater Valley NHS Foundation Trust (illustrative)" "Riverside House, 2 Example Street, Maldon" \
      "Tel 01621 000 000" "ODS Y99123"; do
    grep -qF "$line" "$WORK/page.txt" || fail "page $page of the configured letterhead lacks '$line'"
  done
  grep -q "Avocet demo NHS Foundation Trust" "$WORK/page.txt" && fail "page $page still names the demo trust"
done
# Half a letterhead (no trust name) is not used: the demo trust stays, and avocetctl says why.
printf '[letterhead]\nodsCode=Y99123\n' >"$WORK/Avocet.conf"
expect_exit 0 "$CTL" document render --questionnaire "$T/clinic-letter-1.0.0.json" \
  --response "$F/clinic-letter-response.json" --letterhead "$WORK/Avocet.conf" --out "$WORK/out-half"
grep -q "letterhead/trustName" "$WORK/err" || fail "a letterhead without the trust's name is not explained"
pdftotext -f 1 -l 1 -layout "$WORK/out-half/clinic-letter.pdf" "$WORK/page.txt" 2>/dev/null
grep -q "Avocet demo NHS Foundation Trust" "$WORK/page.txt" || fail "half a letterhead replaced the demo trust"
expect_exit 2 "$CTL" document render --questionnaire "$T/clinic-letter-1.0.0.json" \
  --response "$F/clinic-letter-response.json" --letterhead "$WORK/no-such.conf" --out "$WORK/refused"
grep -q "no-such.conf" "$WORK/err" || fail "a missing letterhead file is not named"
[ ! -e "$WORK/refused" ] || fail "a refused render wrote something"

# Bad input: exit 2, one line saying what and where, nothing written.
node_draft="$WORK/draft.json"
sed 's/"status": "completed"/"status": "in-progress"/' "$F/discharge-summary-response.json" >"$node_draft"
expect_exit 2 "$CTL" document render --questionnaire "$T/discharge-summary-1.0.0.json" --response "$node_draft" \
  --out "$WORK/refused"
grep -q "in-progress" "$WORK/err" || fail "an in-progress response is not explained"
[ ! -e "$WORK/refused" ] || fail "a refused render wrote something"
expect_exit 2 "$CTL" document render --questionnaire "$T/cpa-review-1.0.0.json" --response "$node_draft" \
  --out "$WORK/refused"
grep -q "not a transfer-of-care template" "$WORK/err" || fail "a plain form is not refused"
expect_exit 2 "$CTL" document render --questionnaire "$T/discharge-summary-1.0.0.json" --out "$WORK/refused"
grep -q "needs --questionnaire, --response and --out" "$WORK/err" || fail "a missing option is not named"
[ ! -e "$WORK/refused" ] || fail "a refused render wrote something"
echo "ok: document render"
