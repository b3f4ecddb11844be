// avocetctl alerts: the alert rule tables and Mental Health Act deadlines (core/alerts).
//   alerts rules    [--as-of DATE] [--rules FILE|DIR]...
//   alerts deadline --power CODE --start ISO-8601 [--extended | --extension-hours N]
//                   [--preceding-start ISO-8601] [--first-admission ISO-8601] [--last-tribunal DATE]
//                   [--birth-date DATE] [--nr-applied ISO-8601 [--nr-disposed ISO-8601] [--nr-order-made]]
//                   [--related-start ISO-8601] [--court-last-days DATE,...] [--as-of DATE] [--rules FILE|DIR]...
// The rule tables compiled into the program are used unless --rules names others.

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/avocetctl/Commands.h"
#include "core/alerts/DeadlineCalculator.h"
#include "core/alerts/RuleLibrary.h"

namespace avocet::ctl {

namespace {

using namespace core::alerts;
using json = nlohmann::ordered_json; // keeps keys in the order written

constexpr const char* kAlertsUsage = R"(Usage:
  avocetctl alerts rules [--as-of DATE] [--rules FILE|DIR]... [--json]
      The alert rule tables: every loaded version, and the one in force (today, or on DATE)
      with its Mental Health Act powers, review rules and score rules.
  avocetctl alerts deadline --power CODE --start ISO-8601 [--extended | --extension-hours N]
                            [--preceding-start ISO-8601] [--first-admission ISO-8601]
                            [--last-tribunal DATE] [--birth-date DATE]
                            [--nr-applied ISO-8601 [--nr-disposed ISO-8601] [--nr-order-made]]
                            [--related-start ISO-8601] [--court-last-days DATE,...]
                            [--underlying-power CODE --underlying-end ISO-8601]
                            [--as-of DATE] [--rules FILE|DIR]... [--json]
      Every deadline the rules derive from the start of a power, in UTC and London time, and
      notes on what could not be computed or needs the Mental Health Act office's reading.
  avocetctl alerts patient --patient NHS [--at ISO-8601] [--json]
      A patient's alerts now (or at the time given), each with its key, as the desktop shows them.
  avocetctl alerts acknowledge --patient NHS --alert KEY [--json]
  avocetctl alerts withdraw --patient NHS --alert KEY [--json]
      Acknowledge an alert the patient has now, or take an acknowledgement back (both audited).
  avocetctl alerts renewal --patient NHS (--record ID | --power CODE) --reported DATE [--json]
      Record the renewal (s.20) or extension (s.20A) of a power in force on the responsible
      clinician's report of DATE (audited, sent to the hub at the next sync); refused outside the
      examination window of the period now running or after its last day.
  avocetctl alerts renewal-withdraw --patient NHS (--record ID | --power CODE) --reason TEXT [--json]
      Withdraw the latest renewal recorded in Avocet as entered in error, with the reason (audited,
      sent to the hub at the next sync); the power falls back to the period before.
      CODE: s5(4) s5(2) s4 s2 s3 cto cto-recall cto-revoked s58 s135 s136 s35 s36 s37
      s37/41 s38 s45a s47 s47/49 s48 s48/49 s7 s17-leave awol awol-return part4a, a section name
      (section 37/41, s.48/49), or a UK Core legal-status code (02 s2, 03 s3, 04 s4, 05 s5(2),
      06 s5(4), 07 s35, 08 s36, 09 s37/41, 10 s37, 12 s38, 15 s47/49, 16 s47, 17 s48/49,
      18 s48, 19 s135, 20 s136, 35 s7, 37 s45a); 'alerts rules' lists them all.
      ISO-8601: 2024-03-31T14:30 (London wall clock), 2024-03-31T13:30Z, ...+01:00, or a date.
      --extended          the s.135/136 extension has been authorised: count all 12 hours
      --extension-hours N the s.135/136 extension authorised, in hours (1 to 12)
      --preceding-start   start of the s.5(4) before a s.5(2), or of the s.4 before a s.2
      --first-admission   start of the first power of this detention, where the s.68 referral
                          counts from it: the s.2 before a s.3, the original s.3 of a CTO
      --last-tribunal     the day the Tribunal last considered the case (s.68(6), s.71(2))
      --birth-date        the patient's date of birth (s.68(6): one year, not three, under 18)
      --nr-applied        s.29(4): when the application to displace the nearest relative was
                          made during a s.2; --nr-disposed when it was finally disposed of,
                          --nr-order-made if an order was made
      --related-start     part4a: the first dose that started the s.58 three months (the
                          certificate is needed from the later of the two ends)
      --court-last-days   s.35, s.36, s.38: the last day of each period as the court set it
                          (the remand, then each further remand or renewal), comma-separated
      --underlying-power  awol: the power the patient is absent from (s2, s3, cto …), with
      --underlying-end    the end of its current period; the retaking limit is the later of 6
                          months and that end, or that end for s.2, s.4 and s.5 (s.18(4), (5))
      --as-of DATE        use the rule table in force on DATE (default: the day the power began);
                          annual periods and yearly duties are listed up to the ones running on
                          DATE (default: now)
      --rules FILE|DIR    load rule tables from JSON files instead of the built-in ones
)";

struct Options
{
    std::map<std::string, std::string> values;
    std::vector<std::string> rules;
    std::set<std::string> flags;
};

// Parses "--name value", "--name=value" and flags; anything unexpected is an error.
core::Result<Options> parseOptions(const Args& args, std::size_t from, const std::set<std::string>& valued,
                                   const std::set<std::string>& flags)
{
    Options options;
    for (std::size_t i = from; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> value;
        if (const auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (name == "--json")
            continue; // main.cpp normally consumes it; tolerate it here too
        if (flags.count(name) && !value) {
            options.flags.insert(name);
        } else if (valued.count(name) || name == "--rules") {
            if (!value) {
                if (i + 1 >= args.size())
                    return core::makeError(core::ErrorCode::InvalidArgument, name + " needs a value");
                value = args[++i];
            }
            if (name == "--rules")
                options.rules.push_back(*value);
            else if (!options.values.emplace(name, *value).second)
                return core::makeError(core::ErrorCode::InvalidArgument, name + " was given twice");
        } else {
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   "unexpected argument '" + args[i] + "'; see avocetctl alerts --help");
        }
    }
    return options;
}

int exitCode(core::ErrorCode code)
{
    switch (code) {
    case core::ErrorCode::InvalidArgument:
    case core::ErrorCode::ParseError:
    case core::ErrorCode::NotFound:
    case core::ErrorCode::IoError:
    case core::ErrorCode::AlertRulesInvalid: return 2;
    default: return 1;
    }
}

core::Result<RuleLibrary> loadRules(const Options& options)
{
    if (options.rules.empty())
        return RuleLibrary::builtin();
    std::vector<std::filesystem::path> paths(options.rules.begin(), options.rules.end());
    return RuleLibrary::fromPaths(paths);
}

LocalDate todayInLondon()
{
    return london::localDate(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string periodSummary(const PowerRule& power)
{
    std::string text;
    for (const auto& period : power.periods) {
        if (!text.empty())
            text += ", then ";
        text += describe(period.length);
        if (period.repeat > 1)
            text += " x" + std::to_string(period.repeat);
        if (period.extension)
            text += " (extendable by up to " + describe(*period.extension) + ")";
    }
    if (power.noExpiry)
        text = "no expiry";
    if (power.maximumTotal)
        text += "; " + describe(*power.maximumTotal) + " in all";
    if (power.inheritsStartFrom)
        text += "; from the start of a preceding " + power.inheritsStartFrom->fromPower;
    return text;
}

json spanJson(const Span& span)
{
    switch (span.unit) {
    case Span::Unit::Hours: return {{"hours", span.count}};
    case Span::Unit::Days: return {{"days", span.count}};
    case Span::Unit::Months: return {{"months", span.count}};
    }
    return {};
}

json ruleSetJson(const RuleSet& set)
{
    json powers = json::array();
    for (const auto& p : set.powers) {
        json periods = json::array();
        for (const auto& period : p.periods) {
            json entry{{"id", period.id}, {"label", period.label}, {"kind", toString(period.kind)},
                       {"length", spanJson(period.length)}, {"repeat", period.repeat}};
            if (period.extension)
                entry["extension"] = spanJson(*period.extension);
            if (period.windowBefore)
                entry["windowBefore"] = spanJson(*period.windowBefore);
            periods.push_back(std::move(entry));
        }
        json deadlines = json::array();
        for (const auto& d : p.deadlines)
            deadlines.push_back({{"id", d.id}, {"label", d.label}, {"kind", toString(d.kind)}, {"within", spanJson(d.within)}});
        powers.push_back({{"code", p.code},
                          {"legalStatusCode", p.legalStatusCode ? json(*p.legalStatusCode) : json(nullptr)},
                          {"aliases", p.aliases},
                          {"name", p.name},
                          {"start", p.startMeaning},
                          {"inheritsStartFrom", p.inheritsStartFrom ? json(p.inheritsStartFrom->fromPower) : json(nullptr)},
                          {"periods", periods},
                          {"deadlines", deadlines}});
    }
    json reviews = json::array();
    for (const auto& r : set.reviews) {
        reviews.push_back({{"id", r.id}, {"label", r.label}, {"subject", r.subject}, {"setting", r.setting},
                           {"interval", spanJson(r.interval)}, {"dueSoon", spanJson(r.dueSoon)}});
    }
    json scores = json::array();
    for (const auto& s : set.scores) {
        const bool declined = s.when == core::alerts::ScoreRule::When::Declined;
        scores.push_back({{"id", s.id}, {"instrument", s.instrument}, {"item", s.item}, {"system", s.system},
                          {"code", s.code}, {"panel", s.panel}, {"op", declined ? "declined" : toString(s.op)},
                          {"value", declined ? json(nullptr) : json(s.threshold)}, {"severity", s.severity},
                          {"message", s.message}});
    }
    return {{"name", set.name},       {"version", set.version}, {"effectiveFrom", formatDate(set.effectiveFrom)},
            {"title", set.title},     {"basis", set.basis},     {"approval", set.approval},
            {"source", set.source},   {"powers", powers},       {"reviews", reviews},
            {"scores", scores}};
}

int runRules(CliContext& ctx, const Args& args)
{
    auto options = parseOptions(args, 1, {"--as-of"}, {});
    if (!options)
        return fail(ctx, 2, options.message());
    LocalDate asOf = todayInLondon();
    if (const auto it = options->values.find("--as-of"); it != options->values.end()) {
        auto parsed = parseIsoDate(it->second);
        if (!parsed)
            return fail(ctx, 2, "--as-of: " + parsed.message());
        asOf = parsed.value();
    }
    auto library = loadRules(options.value());
    if (!library)
        return fail(ctx, exitCode(library.code()), library.message());
    auto active = library->activeOn(asOf);
    if (!active)
        return fail(ctx, exitCode(active.code()), active.message());
    const RuleSet& set = *active.value();
    const auto& sets = library->sets();

    if (ctx.json) {
        json versions = json::array();
        for (std::size_t i = 0; i < sets.size(); ++i) {
            versions.push_back(
                {{"name", sets[i].name},
                 {"version", sets[i].version},
                 {"effectiveFrom", formatDate(sets[i].effectiveFrom)},
                 {"effectiveUntil", i + 1 < sets.size()
                                        ? json(formatDate(LocalDate{std::chrono::sys_days{sets[i + 1].effectiveFrom} -
                                                                    std::chrono::days{1}}))
                                        : json(nullptr)},
                 {"source", sets[i].source},
                 {"active", &sets[i] == &set}});
        }
        ctx.out << json{{"asOf", formatDate(asOf)}, {"ruleSets", versions}, {"active", ruleSetJson(set)}}.dump(2)
                << "\n";
        return 0;
    }

    std::ostream& out = ctx.out;
    out << "Alert rule tables (" << sets.size() << " loaded; * = in force on " << formatDate(asOf) << "):\n";
    for (const auto& s : sets) {
        out << (&s == &set ? "  * " : "    ") << s.name << " " << s.version << "  effective from "
            << formatDate(s.effectiveFrom) << "  " << s.source << "\n";
    }
    out << "\nIn force: " << set.name << " " << set.version << " - " << set.title << "\n"
        << "Basis:    " << set.basis << "\n"
        << "Approval: " << set.approval << "\n"
        << "\nMental Health Act powers (code, UK Core legal status, periods):\n";
    for (const auto& p : set.powers) {
        out << "  " << p.code << std::string(p.code.size() < 11 ? 11 - p.code.size() : 1, ' ')
            << (p.legalStatusCode ? *p.legalStatusCode : std::string("--")) << "  " << p.name << "\n"
            << std::string(17, ' ') << periodSummary(p) << "\n";
    }
    out << "\nReview rules:\n";
    for (const auto& r : set.reviews) {
        out << "  " << r.id << ": " << r.label << " (" << r.setting << "), every " << describe(r.interval)
            << ", due soon " << describe(r.dueSoon) << " before\n";
    }
    out << "\nScore rules:\n";
    for (const auto& s : set.scores) {
        std::ostringstream threshold;
        threshold << s.threshold;
        out << "  " << s.id << ": " << s.instrument << " " << (s.item == "total" ? "total" : "item " + s.item) << " ("
            << s.code << ") "
            << (s.when == core::alerts::ScoreRule::When::Declined ? std::string("declined")
                                                                   : toString(s.op) + " " + threshold.str())
            << " [" << s.severity << "] " << s.message << "\n";
    }
    return 0;
}

json instantJson(Instant t)
{
    return {{"utc", formatUtcIso(t)}, {"local", london::formatIso(t)}, {"wallClock", london::formatWallClock(t)}};
}

core::Result<Instant> instantOption(const std::map<std::string, std::string>& values, const std::string& name)
{
    auto parsed = parseIsoInstant(values.at(name));
    if (!parsed)
        return core::makeError(core::ErrorCode::InvalidArgument, name + ": " + parsed.message());
    return parsed.value();
}

core::Result<LocalDate> dateOption(const std::map<std::string, std::string>& values, const std::string& name)
{
    auto parsed = parseIsoDate(values.at(name));
    if (!parsed)
        return core::makeError(core::ErrorCode::InvalidArgument, name + ": " + parsed.message());
    return parsed.value();
}

// The request the options describe; any option that does not parse is an error naming it.
core::Result<DeadlineRequest> deadlineRequest(const Options& options)
{
    const auto& values = options.values;
    if (!values.count("--power"))
        return core::makeError(core::ErrorCode::InvalidArgument, "--power CODE is required (e.g. s2, s5(2), s136, cto)");
    if (!values.count("--start"))
        return core::makeError(core::ErrorCode::InvalidArgument, "--start ISO-8601 is required (e.g. 2024-03-31T14:30)");
    DeadlineRequest request;
    request.power = values.at("--power");
    auto start = instantOption(values, "--start");
    if (!start)
        return start.error();
    request.start = start.value();
    for (const auto& [name, target] : {std::pair{"--preceding-start", &request.precedingStart},
                                       std::pair{"--first-admission", &request.firstAdmission},
                                       std::pair{"--related-start", &request.relatedStart},
                                       std::pair{"--underlying-end", &request.underlyingPeriodEnd}}) {
        if (!values.count(name))
            continue;
        auto parsed = instantOption(values, name);
        if (!parsed)
            return parsed.error();
        *target = parsed.value();
    }
    for (const auto& [name, target] : {std::pair{"--as-of", &request.asOf}, std::pair{"--last-tribunal", &request.lastTribunal},
                                       std::pair{"--birth-date", &request.birthDate}}) {
        if (!values.count(name))
            continue;
        auto parsed = dateOption(values, name);
        if (!parsed)
            return parsed.error();
        *target = parsed.value();
    }
    if (const auto it = values.find("--court-last-days"); it != values.end()) {
        std::stringstream list(it->second);
        for (std::string item; std::getline(list, item, ',');) {
            auto parsed = parseIsoDate(item);
            if (!parsed)
                return core::makeError(core::ErrorCode::InvalidArgument, "--court-last-days: '" + item + "': " +
                                                                             parsed.message());
            request.courtLastDays.push_back(parsed.value());
        }
    }
    if (const auto it = values.find("--underlying-power"); it != values.end())
        request.underlyingPower = it->second;
    // Periods and duties without limit are listed up to the ones running on --as-of, else now.
    if (!request.asOf)
        request.through = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    request.extended = options.flags.count("--extended") > 0;
    if (const auto it = values.find("--extension-hours"); it != values.end()) {
        const std::string& text = it->second;
        if (text.empty() || text.size() > 3 ||
            !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   "--extension-hours: '" + text + "' is not a whole number of hours (1 to 12)");
        request.extensionHours = std::stoi(text);
    }
    const bool disposed = values.count("--nr-disposed") > 0;
    const bool order = options.flags.count("--nr-order-made") > 0;
    if (values.count("--nr-applied")) {
        auto applied = instantOption(values, "--nr-applied");
        if (!applied)
            return applied.error();
        DeadlineRequest::NearestRelativeProceedings proceedings{applied.value(), std::nullopt, order};
        if (disposed) {
            auto when = instantOption(values, "--nr-disposed");
            if (!when)
                return when.error();
            proceedings.disposedOf = when.value();
        }
        if (order && !disposed)
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   "--nr-order-made needs --nr-disposed: an order is made when the application is disposed of");
        request.nearestRelativeProceedings = proceedings;
    } else if (disposed || order) {
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "--nr-disposed and --nr-order-made need --nr-applied (when the application was made)");
    }
    return request;
}

int runDeadline(CliContext& ctx, const Args& args)
{
    auto options = parseOptions(args, 1,
                                {"--power", "--start", "--preceding-start", "--as-of", "--extension-hours",
                                 "--first-admission", "--last-tribunal", "--birth-date", "--nr-applied", "--nr-disposed",
                                 "--related-start", "--court-last-days", "--underlying-power", "--underlying-end"},
                                {"--extended", "--nr-order-made"});
    if (!options)
        return fail(ctx, 2, options.message());
    auto built = deadlineRequest(options.value());
    if (!built)
        return fail(ctx, 2, built.message());
    const DeadlineRequest& request = built.value();

    auto library = loadRules(options.value());
    if (!library)
        return fail(ctx, exitCode(library.code()), library.message());
    auto report = computeDeadlines(library.value(), request);
    if (!report)
        return fail(ctx, exitCode(report.code()), report.message());
    const DeadlineReport& r = report.value();

    if (ctx.json) {
        json deadlines = json::array();
        for (const auto& d : r.deadlines) {
            json entry{{"id", d.id}, {"label", d.label}, {"kind", toString(d.kind)}, {"due", instantJson(d.due)},
                       {"basis", d.basis}};
            entry["lastDay"] = d.lastDay ? json(formatDate(*d.lastDay)) : json(nullptr);
            deadlines.push_back(std::move(entry));
        }
        ctx.out << json{{"ruleSet",
                         {{"name", r.ruleSetName},
                          {"version", r.ruleSetVersion},
                          {"effectiveFrom", formatDate(r.ruleSetEffectiveFrom)},
                          {"source", r.ruleSetSource}}},
                        {"power",
                         {{"code", r.powerCode},
                          {"name", r.powerName},
                          {"legalStatusCode", r.legalStatusCode ? json(*r.legalStatusCode) : json(nullptr)}}},
                        {"start", instantJson(r.start)},
                        {"periodStart", instantJson(r.periodStart)},
                        {"inheritedFrom", r.inheritedFrom ? json(*r.inheritedFrom) : json(nullptr)},
                        {"extended", r.extended},
                        {"extensionHours", r.extensionHours ? json(*r.extensionHours) : json(nullptr)},
                        {"deadlines", deadlines},
                        {"notes", r.notes}}
                       .dump(2)
                << "\n";
        return 0;
    }

    std::ostream& out = ctx.out;
    out << "Power:      " << r.powerCode << " - " << r.powerName;
    if (r.legalStatusCode)
        out << " (UK Core legal status " << *r.legalStatusCode << ")";
    out << "\nStart:      " << formatUtcIso(r.start) << "  (" << london::formatWallClock(r.start) << ")\n";
    if (r.inheritedFrom) {
        out << "Counted from the " << *r.inheritedFrom << " start: " << formatUtcIso(r.periodStart) << "  ("
            << london::formatWallClock(r.periodStart) << ")\n";
    }
    out << "Rule table: " << r.ruleSetName << " " << r.ruleSetVersion << ", effective from "
        << formatDate(r.ruleSetEffectiveFrom) << " (" << r.ruleSetSource << ")\n";
    if (r.extensionHours)
        out << "Extension:  authorised, " << *r.extensionHours << " hours counted\n";
    out << "\nDeadlines (UTC, then London time):\n";
    std::size_t width = 0;
    for (const auto& d : r.deadlines)
        width = std::max(width, d.id.size());
    for (const auto& d : r.deadlines) {
        out << "  " << d.id << std::string(width - d.id.size() + 2, ' ') << formatUtcIso(d.due) << "  "
            << london::formatWallClock(d.due) << "  " << d.label;
        if (d.lastDay)
            out << " (last day " << formatDate(*d.lastDay) << ")";
        out << "\n";
    }
    if (!r.notes.empty()) {
        out << "\nNotes:\n";
        for (const auto& note : r.notes)
            out << "  - " << note << "\n";
    }
    return 0;
}

} // namespace

int runAlertsCommand(CliContext& ctx, const Args& args)
{
    if (args.empty() || args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
        (args.empty() ? ctx.err : ctx.out) << kAlertsUsage;
        return args.empty() ? 2 : 0;
    }
    if (args.front() == "rules")
        return runRules(ctx, args);
    if (args.front() == "deadline")
        return runDeadline(ctx, args);
    if (args.front() == "patient" || args.front() == "acknowledge" || args.front() == "withdraw" ||
        args.front() == "renewal" || args.front() == "renewal-withdraw")
        return runAlertsPatientCommand(ctx, args);
    return fail(ctx, 2, "unknown alerts command '" + args.front() +
                            "'; use 'rules', 'deadline', 'patient', 'acknowledge', 'withdraw', 'renewal' or 'renewal-withdraw'");
}

} // namespace avocet::ctl
