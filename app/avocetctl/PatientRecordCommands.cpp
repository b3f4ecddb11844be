// avocetctl commands about one patient held in the profile, through the same use cases as the
// desktop (core/usecases):
//
//   avocetctl alerts patient     --patient NHS [--at ISO-8601] [--json]
//   avocetctl alerts acknowledge --patient NHS --alert KEY [--json]
//   avocetctl alerts withdraw    --patient NHS --alert KEY [--json]
//   avocetctl alerts renewal     --patient NHS (--record ID | --power CODE) --reported DATE [--json]
//   avocetctl alerts renewal-withdraw --patient NHS (--record ID | --power CODE) --reason TEXT [--json]
//   avocetctl delivery           --patient NHS [--json]
//   avocetctl patients show      --patient NHS [--at ISO-8601] [--json]
//
// alerts patient: the patient's alerts now (or at --at), as the desktop's patient screen lists
// them, each with the key acknowledge and withdraw take, and the powers in force with their record ids.
// renewal: records the renewal (s.20) or extension (s.20A) of a power on the responsible
// clinician's report (core/usecases recordRenewal), audited and queued for the hub; renewal-withdraw
// withdraws the latest one recorded here as entered in error, with the reason (withdrawRenewal). acknowledge accepts only a key of an alert
// the patient has now; both are audited like the desktop's buttons. delivery: the patient's
// submissions on this computer, waiting to send or sent, with what each EPR did (receipts pulled by
// sync). patients show: what the banner and the patient screen show (core/usecases patientSummary):
// legal status with its power and deadlines, next visit, reviews with due dates, latest scores,
// alerts with severity and acknowledgement, flags held with their EPR, GP-held allergies and medicines. Nothing printed names the patient beyond
// what the caller typed.

#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Commands.h"
#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"
#include "core/audit/AuditLog.h"
#include "core/identity/NhsNumber.h"
#include "core/store/Cache.h"
#include "core/store/ProfileStore.h"
#include "core/usecases/FormSubmission.h"
#include "core/usecases/MhaRenewals.h"
#include "core/usecases/PatientAlerts.h"
#include "core/usecases/PatientSummary.h"
#include "core/usecases/SubmissionDeliveries.h"
#include "core/usecases/SyncedRecords.h"

#include <chrono>
#include <optional>
#include <sstream>

namespace avocet::ctl {

namespace {

using nlohmann::json;
namespace alerts = core::alerts;
namespace usecases = core::usecases;

// The valid NHS number given with --patient, or the reason it is refused.
core::Result<std::string> patientOption(const Args& args, const char* usage)
{
    const auto given = optionValue(args, "--patient");
    if (!given)
        return core::makeError(core::ErrorCode::InvalidArgument, usage);
    auto nhs = core::identity::NhsNumber::parse(*given);
    if (!nhs)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "'" + *given + "' is not a valid NHS number: " + nhs.message());
    return nhs->digits();
}

// The profile opened and the patient named with --patient found in it.
struct OpenPatient
{
    std::unique_ptr<core::store::ProfileStore> profiles;
    std::unique_ptr<core::store::Cache> cache;
    std::string nhs; // 10 digits
    std::string patientId;
};

// Parses --patient, opens the profile and finds the patient; 0, or the exit code after saying why.
int openPatient(CliContext& ctx, const Args& args, const char* usage, OpenPatient& open)
{
    auto nhs = patientOption(args, usage);
    if (!nhs)
        return fail(ctx, 2, nhs.message());
    open.nhs = *nhs;
    open.profiles = std::make_unique<core::store::ProfileStore>(ctx.profileRoot);
    int exitCode = 0;
    open.cache = unlockProfile(ctx, *open.profiles, exitCode);
    if (!open.cache)
        return exitCode;
    // As on unlocking the desktop: an expired off-line briefcase goes before any data is shown.
    if (auto wiped = usecases::wipeExpiredBriefcase(*open.cache, std::chrono::system_clock::now()); !wiped)
        return fail(ctx, 1, wiped.message());
    auto id = usecases::patientIdForNhsNumber(*open.cache, open.nhs);
    if (!id)
        return fail(ctx, exitCodeFor(id.code()),
                    id.code() == core::ErrorCode::NotFound
                        ? "no patient with NHS number " + open.nhs +
                              " is held in this profile (sync or seed first)"
                        : id.message());
    open.patientId = *id;
    return 0;
}

constexpr const char* kPatientUsage =
    "usage: avocetctl alerts patient --patient NHS [--at ISO-8601] [--json]";
constexpr const char* kAcknowledgeUsage =
    "usage: avocetctl alerts acknowledge --patient NHS --alert KEY [--json]";
constexpr const char* kWithdrawUsage = "usage: avocetctl alerts withdraw --patient NHS --alert KEY [--json]";
constexpr const char* kRenewalUsage =
    "usage: avocetctl alerts renewal --patient NHS (--record ID | --power CODE) --reported DATE [--json]";
constexpr const char* kRenewalWithdrawUsage =
    "usage: avocetctl alerts renewal-withdraw --patient NHS (--record ID | --power CODE) --reason TEXT [--json]";
constexpr const char* kDeliveryUsage = "usage: avocetctl delivery --patient NHS [--json]";
constexpr const char* kShowUsage = "usage: avocetctl patients show --patient NHS [--at ISO-8601] [--json]";

core::Result<alerts::Instant> instantOption(const Args& args)
{
    const auto at = optionValue(args, "--at");
    if (!at)
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auto parsed = alerts::parseIsoInstant(*at);
    if (!parsed)
        return core::makeError(core::ErrorCode::InvalidArgument, "--at " + *at + ": " + parsed.message());
    return parsed;
}

core::Result<alerts::PatientAlertReport> reportFor(core::store::Cache& cache, const std::string& patientId,
                                                   alerts::Instant at)
{
    auto rules = alerts::RuleLibrary::builtin();
    if (!rules)
        return rules.error();
    return usecases::patientAlerts(cache, *rules, patientId, at);
}

// The powers in force the report summarises, the leading one first.
std::vector<const alerts::DetentionSummary*> powersIn(const alerts::PatientAlertReport& report)
{
    std::vector<const alerts::DetentionSummary*> powers;
    if (report.detention)
        powers.push_back(&*report.detention);
    for (const auto& concurrent : report.concurrentPowers)
        powers.push_back(&concurrent);
    return powers;
}

int runAlertsPatient(CliContext& ctx, const Args& args)
{
    auto at = instantOption(args);
    if (!at)
        return fail(ctx, 2, at.message());
    OpenPatient open;
    if (int code = openPatient(ctx, args, kPatientUsage, open); code != 0)
        return code;
    auto report = reportFor(*open.cache, open.patientId, *at);
    if (!report)
        return fail(ctx, exitCodeFor(report.code()), report.message());
    json items = json::array();
    std::ostringstream text;
    for (const auto& alert : report->alerts) {
        json item = {{"key", alert.key},
                     {"kind", alerts::toString(alert.kind)},
                     {"severity", alerts::toString(alert.severity)},
                     {"title", alert.title},
                     {"detail", alert.detail},
                     {"acknowledged", alert.acknowledged}};
        if (alert.due)
            item["due"] = alerts::formatUtcIso(*alert.due);
        items.push_back(item);
        text << alerts::toString(alert.severity) << "  " << alert.title;
        if (alert.due)
            text << " (due " << alerts::london::formatWallClock(*alert.due) << ")";
        text << (alert.acknowledged ? "  acknowledged" : "") << "\n    key " << alert.key << "\n";
    }
    std::ostringstream head;
    json powers = json::array();
    for (const auto* power : powersIn(*report)) {
        json item = {{"record", power->recordId},
                     {"power", power->powerCode},
                     {"start", alerts::formatUtcIso(power->start)},
                     {"renewalsRecorded", power->renewalsRecorded},
                     {"lapsed", power->lapsed}};
        head << "Power " << power->powerCode << " (record " << power->recordId << ") since "
             << alerts::london::formatWallClock(power->start);
        if (power->currentPeriodEnd) {
            item["periodEnd"] = alerts::formatUtcIso(power->currentPeriodEnd->due);
            head << ", period ends " << alerts::london::formatWallClock(power->currentPeriodEnd->due);
        }
        head << (power->lapsed ? ", ended with no renewal recorded" : "") << "\n";
        powers.push_back(item);
    }
    head << report->alerts.size() << " alert(s), " << report->unacknowledged() << " not acknowledged\n";
    return succeed(ctx, {{"powers", powers}, {"alerts", items}, {"unacknowledged", report->unacknowledged()}},
                   head.str() + text.str());
}

// The record of the power to renew: --record as given, or the one power in force with --power's code.
core::Result<std::string> renewalRecord(const Args& args, const alerts::RuleLibrary& rules,
                                        const alerts::PatientAlertReport& report)
{
    if (const auto record = optionValue(args, "--record"))
        return *record;
    const auto code = optionValue(args, "--power");
    if (!code)
        return core::makeError(core::ErrorCode::InvalidArgument, kRenewalUsage);
    std::vector<std::string> matching;
    for (const auto* power : powersIn(report)) {
        auto set = rules.activeOn(alerts::london::localDate(power->start));
        const alerts::PowerRule* rule = set ? (*set)->findPower(*code) : nullptr;
        if (rule && rule->code == power->powerCode)
            matching.push_back(power->recordId);
    }
    if (matching.empty())
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "this patient has no power '" + *code + "' in force; avocetctl alerts patient lists them");
    if (matching.size() > 1)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "this patient has " + std::to_string(matching.size()) + " powers '" + *code +
                                   "' in force: give --record (avocetctl alerts patient lists them)");
    return matching.front();
}

// The patient and the record of the power a renewal command is about (--record, or --power's one
// power in force), with the rules; 0, or the exit code after saying why.
struct RenewalTarget
{
    OpenPatient open;
    std::optional<alerts::RuleLibrary> rules;
    std::string record;
    alerts::Instant now;
};

int openRenewalTarget(CliContext& ctx, const Args& args, const char* usage, RenewalTarget& target)
{
    if (int code = openPatient(ctx, args, usage, target.open); code != 0)
        return code;
    auto rules = alerts::RuleLibrary::builtin();
    if (!rules)
        return fail(ctx, exitCodeFor(rules.code()), rules.message());
    target.rules = std::move(*rules);
    target.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auto report = usecases::patientAlerts(*target.open.cache, *target.rules, target.open.patientId, target.now);
    if (!report)
        return fail(ctx, exitCodeFor(report.code()), report.message());
    auto record = renewalRecord(args, *target.rules, *report);
    if (!record)
        return fail(ctx, 2, record.message() == kRenewalUsage ? std::string(usage) : record.message());
    target.record = *record;
    return 0;
}

int runRenewal(CliContext& ctx, const Args& args)
{
    const auto reported = optionValue(args, "--reported");
    if (!reported)
        return fail(ctx, 2, kRenewalUsage);
    auto day = alerts::parseIsoDate(*reported);
    if (!day)
        return fail(ctx, 2, "--reported " + *reported + ": " + day.message());
    RenewalTarget target;
    if (int code = openRenewalTarget(ctx, args, kRenewalUsage, target); code != 0)
        return code;
    auto renewal = usecases::recordRenewal(*target.open.cache, *target.rules, target.open.patientId, target.record,
                                           *day, target.now, ctx.user);
    if (!renewal)
        return fail(ctx, renewal.code() == core::ErrorCode::NotFound ? 2 : exitCodeFor(renewal.code()),
                    renewal.message());
    return succeed(ctx,
                   {{"record", renewal->legalStatusId},
                    {"power", renewal->power},
                    {"renewal", renewal->number},
                    {"reported", alerts::formatDate(renewal->reportDay)},
                    {"periodEnd", alerts::formatUtcIso(renewal->periodEnds)},
                    {"lastDay", renewal->lastDay ? alerts::formatDate(*renewal->lastDay) : std::string()}},
                   "Recorded renewal " + std::to_string(renewal->number) + " of " + renewal->power + " (reported " +
                       alerts::formatDate(renewal->reportDay) + "); the period now runs to " +
                       (renewal->lastDay ? "its last day " + alerts::formatDate(*renewal->lastDay)
                                         : alerts::london::formatWallClock(renewal->periodEnds)) +
                       ". Audited, and sent to the hub at the next sync.\n");
}

int runRenewalWithdraw(CliContext& ctx, const Args& args)
{
    const auto reason = optionValue(args, "--reason");
    if (!reason)
        return fail(ctx, 2, kRenewalWithdrawUsage);
    RenewalTarget target;
    if (int code = openRenewalTarget(ctx, args, kRenewalWithdrawUsage, target); code != 0)
        return code;
    auto withdrawn = usecases::withdrawRenewal(*target.open.cache, *target.rules, target.open.patientId, target.record,
                                               *reason, target.now, ctx.user);
    if (!withdrawn)
        return fail(ctx, withdrawn.code() == core::ErrorCode::NotFound ? 2 : exitCodeFor(withdrawn.code()),
                    withdrawn.message());
    return succeed(ctx,
                   {{"record", withdrawn->legalStatusId},
                    {"power", withdrawn->power},
                    {"withdrawn", withdrawn->number},
                    {"renewalsRecorded", withdrawn->counted}},
                   "Withdrew renewal " + std::to_string(withdrawn->number) + " of " + withdrawn->power +
                       " as entered in error; " + std::to_string(withdrawn->counted) +
                       " renewal(s) now count. Audited, and sent to the hub at the next sync.\n");
}

int runAcknowledgement(CliContext& ctx, const Args& args, bool acknowledge)
{
    const char* usage = acknowledge ? kAcknowledgeUsage : kWithdrawUsage;
    const auto key = optionValue(args, "--alert");
    if (!key || key->empty())
        return fail(ctx, 2, usage);
    OpenPatient open;
    if (int code = openPatient(ctx, args, usage, open); code != 0)
        return code;
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auto report = reportFor(*open.cache, open.patientId, now);
    if (!report)
        return fail(ctx, exitCodeFor(report.code()), report.message());
    const alerts::PatientAlert* found = nullptr;
    for (const auto& alert : report->alerts)
        if (alert.key == *key)
            found = &alert;
    if (acknowledge) {
        if (!found)
            return fail(ctx, 2,
                        "this patient has no alert with key '" + *key +
                            "' now; avocetctl alerts patient --patient " + open.nhs + " lists them");
        if (found->acknowledged)
            return succeed(ctx, {{"key", *key}, {"acknowledged", true}, {"changed", false}},
                           "Already acknowledged.\n");
        if (auto st =
                usecases::acknowledgeAlert(*open.cache, open.patientId, *key, alerts::formatUtcIso(now));
            !st)
            return fail(ctx, exitCodeFor(st.code()), st.message());
        return succeed(ctx, {{"key", *key}, {"acknowledged", true}, {"changed", true}},
                       "Acknowledged: " + found->title + " (recorded in the audit log).\n");
    }
    if (!found || !found->acknowledged)
        return fail(ctx, 2,
                    "no acknowledgement of an alert with key '" + *key + "' to withdraw for this patient");
    if (auto st = usecases::withdrawAlertAcknowledgement(*open.cache, open.patientId, *key); !st)
        return fail(ctx, exitCodeFor(st.code()), st.message());
    return succeed(ctx, {{"key", *key}, {"acknowledged", false}, {"changed", true}},
                   "Acknowledgement withdrawn: " + found->title + " (recorded in the audit log).\n");
}

} // namespace

int runAlertsPatientCommand(CliContext& ctx, const Args& args)
{
    const std::string sub = args.empty() ? std::string() : args.front();
    const Args rest = args.empty() ? Args() : Args(args.begin() + 1, args.end());
    if (sub == "patient")
        return runAlertsPatient(ctx, rest);
    if (sub == "renewal")
        return runRenewal(ctx, rest);
    if (sub == "renewal-withdraw")
        return runRenewalWithdraw(ctx, rest);
    if (sub == "acknowledge")
        return runAcknowledgement(ctx, rest, true);
    return runAcknowledgement(ctx, rest, false);
}

int runDeliveryCommand(CliContext& ctx, const Args& args)
{
    if (!args.empty() && (args.front() == "help" || args.front() == "--help"))
        return succeed(ctx, {{"usage", kDeliveryUsage}}, std::string(kDeliveryUsage) + "\n");
    OpenPatient open;
    if (int code = openPatient(ctx, args, kDeliveryUsage, open); code != 0)
        return code;
    auto deliveries = usecases::submissionDeliveries(*open.cache, open.patientId, open.nhs);
    if (!deliveries)
        return fail(ctx, exitCodeFor(deliveries.code()), deliveries.message());
    json items = json::array();
    std::ostringstream text;
    for (const auto& delivery : *deliveries) {
        json receipts = json::array();
        text << delivery.title << "  " << delivery.authored << "  "
             << (delivery.sent ? "sent" : "waiting on this computer") << "\n";
        for (const auto& receipt : delivery.receipts) {
            receipts.push_back({{"epr", receipt.epr},
                                {"state", receipt.state},
                                {"deliveredAt", receipt.deliveredAt},
                                {"nextAttempt", receipt.nextAttempt},
                                {"reason", receipt.reason},
                                {"attempts", receipt.attempts}});
            text << "    " << (receipt.epr.empty() ? "EPR" : receipt.epr) << ": " << receipt.state;
            if (!receipt.deliveredAt.empty())
                text << " " << receipt.deliveredAt;
            if (!receipt.reason.empty())
                text << " — " << receipt.reason;
            if (!receipt.nextAttempt.empty())
                text << "; retry at " << receipt.nextAttempt;
            text << "\n";
        }
        if (delivery.sent && delivery.receipts.empty())
            text << "    no receipt from the hub yet (sync again to fetch it)\n";
        items.push_back({{"localId", delivery.localId},
                         {"questionnaire", delivery.questionnaire},
                         {"title", delivery.title},
                         {"authored", delivery.authored},
                         {"sent", delivery.sent},
                         {"version", delivery.version},
                         {"receipts", receipts}});
    }
    std::ostringstream head;
    head << deliveries->size() << " submission(s)\n";
    return succeed(ctx, {{"submissions", items}}, head.str() + text.str());
}

int runPatientShowCommand(CliContext& ctx, const Args& args)
{
    auto at = instantOption(args);
    if (!at)
        return fail(ctx, 2, at.message());
    OpenPatient open;
    if (int code = openPatient(ctx, args, kShowUsage, open); code != 0)
        return code;
    auto rules = alerts::RuleLibrary::builtin();
    if (!rules)
        return fail(ctx, 1, rules.message());
    auto summary = usecases::patientSummary(*open.cache, *rules, open.patientId, *at);
    if (!summary)
        return fail(ctx, exitCodeFor(summary.code()), summary.message());
    // As the desktop's patient screen: opening a record is audited (no name in the detail).
    if (core::Status audited =
            open.cache->record(core::audit::action::View, open.patientId, "avocetctl patients show");
        !audited)
        return fail(ctx, 1, audited.message()); // no record, no data

    std::ostringstream text;
    text << "NHS number " << open.nhs << "\n";
    json legal = nullptr;
    if (const auto& d = summary->legalStatus) {
        legal = {{"power", d->powerCode},
                 {"name", d->powerName},
                 {"legalStatusCode", d->legalStatusCode.value_or("")},
                 {"start", alerts::formatUtcIso(d->start)},
                 {"renewalsRecorded", d->renewalsRecorded},
                 {"lapsed", d->lapsed}};
        text << "Legal status: " << d->powerName << " (" << d->powerCode << "), from "
             << alerts::london::formatWallClock(d->start);
        if (d->currentPeriodEnd) {
            legal["periodEnd"] = {{"label", d->currentPeriodEnd->label},
                                  {"due", alerts::formatUtcIso(d->currentPeriodEnd->due)}};
            text << "; " << d->currentPeriodEnd->label << " "
                 << alerts::london::formatWallClock(d->currentPeriodEnd->due);
        }
        if (d->lapsed)
            text << "; lapsed (no renewal recorded)";
        text << "\n";
    } else {
        text << "Legal status: no Mental Health Act power recorded\n";
    }
    json deadlines = json::array();
    for (const auto& alert : summary->alerts.alerts)
        if (alert.kind == alerts::AlertKind::MentalHealthAct && alert.due)
            deadlines.push_back({{"title", alert.title}, {"due", alerts::formatUtcIso(*alert.due)}});
    if (!legal.is_null())
        legal["deadlines"] = deadlines;
    json visit = nullptr;
    if (const auto& v = summary->nextVisit) {
        visit = {{"startsAt", v->startsAt}, {"minutes", v->minutes}, {"kind", v->kind}, {"place", v->place}};
        text << "Next visit: " << v->kind << " " << v->startsAt << " (" << v->minutes << " min)"
             << (v->place.empty() ? std::string() : ", " + v->place) << "\n";
    } else {
        text << "Next visit: none planned\n";
    }
    json reviews = json::array();
    for (const auto& review : summary->reviews) {
        reviews.push_back({{"subject", review.subject},
                           {"setting", review.setting},
                           {"lastDone", review.lastDone},
                           {"dueBy", review.dueBy},
                           {"state", review.state}});
        text << "Review " << review.subject << " (" << review.setting << "): last " << review.lastDone
             << ", due by " << (review.dueBy.empty() ? std::string("-") : review.dueBy) << ", "
             << review.state << "\n";
    }
    json scores = json::array();
    for (const auto& score : summary->latestScores) {
        scores.push_back({{"instrument", score.instrument},
                          {"item", score.item},
                          {"value", score.value},
                          {"recordedAt", score.recordedAt}});
        std::ostringstream value;
        value << score.value;
        text << "Score " << score.instrument << " "
             << (score.item == "total" ? "total" : "item " + score.item) << ": " << value.str() << " ("
             << score.recordedAt << ")\n";
    }
    json alertItems = json::array();
    for (const auto& alert : summary->alerts.alerts) {
        json item = {{"key", alert.key},
                     {"kind", alerts::toString(alert.kind)},
                     {"severity", alerts::toString(alert.severity)},
                     {"title", alert.title},
                     {"acknowledged", alert.acknowledged}};
        if (alert.due)
            item["due"] = alerts::formatUtcIso(*alert.due);
        alertItems.push_back(item);
        text << "Alert " << alerts::toString(alert.severity) << ": " << alert.title
             << (alert.acknowledged ? " (acknowledged)" : "") << "\n";
    }
    json flags = json::array();
    for (const auto& flag : summary->flags) {
        flags.push_back({{"id", flag.id},
                         {"status", flag.status},
                         {"category", flag.category},
                         {"text", flag.text},
                         {"start", flag.start},
                         {"end", flag.end},
                         {"source", flag.source},
                         {"current", flag.current}});
        text << "Flag " << (flag.current ? "current" : flag.status) << ": "
             << (flag.category.empty() ? "" : flag.category + " — ") << flag.text
             << (flag.source.empty() ? "" : " (" + flag.source + ")") << "\n";
    }
    json allergies = json::array();
    for (const auto& allergy : summary->allergies) {
        allergies.push_back({{"id", allergy.id},
                             {"substance", allergy.substance},
                             {"clinicalStatus", allergy.clinicalStatus},
                             {"criticality", allergy.criticality},
                             {"reaction", allergy.reaction},
                             {"recorded", allergy.recorded},
                             {"source", allergy.source}});
        text << "Allergy: " << allergy.substance << (allergy.reaction.empty() ? "" : " (" + allergy.reaction + ")")
             << (allergy.source.empty() ? "" : ", from " + allergy.source) << "\n";
    }
    json medications = json::array();
    for (const auto& medication : summary->medications) {
        medications.push_back({{"id", medication.id},
                               {"medicine", medication.medicine},
                               {"dosage", medication.dosage},
                               {"status", medication.status},
                               {"since", medication.since},
                               {"source", medication.source}});
        text << "Medicine " << medication.status << ": " << medication.medicine
             << (medication.dosage.empty() ? "" : ", " + medication.dosage)
             << (medication.source.empty() ? "" : ", from " + medication.source) << "\n";
    }
    json eprForms = json::array();
    for (const auto& form : summary->eprForms) {
        eprForms.push_back({{"recordId", form.recordId},
                            {"source", form.source},
                            {"questionnaire", form.response.value("questionnaire", "")},
                            {"status", form.response.value("status", "")},
                            {"authored", form.response.value("authored", "")}});
        text << "EPR form from " << form.source << ": " << form.response.value("questionnaire", "") << " ("
             << form.response.value("authored", "") << ")\n";
    }
    return succeed(ctx,
                   {{"nhsNumber", open.nhs},
                    {"legalStatus", legal},
                    {"nextVisit", visit},
                    {"reviews", reviews},
                    {"latestScores", scores},
                    {"alerts", alertItems},
                    {"unacknowledged", summary->alerts.unacknowledged()},
                    {"flags", flags},
                    {"allergies", allergies},
                    {"medications", medications},
                    {"eprForms", eprForms}},
                   text.str());
}

} // namespace avocet::ctl
