// avocetctl form lint|evaluate: the forms engine (core/forms) without a display.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Commands.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireLinter.h"
#include "core/usecases/ScoreRuleCoverage.h"
#include "core/forms/QuestionnaireResponseCodec.h"

namespace avocet::ctl {

namespace {

namespace forms = core::forms;
using nlohmann::json;

constexpr const char* kFormUsage =
    "usage: avocetctl form lint Q.json [--json]\n"
    "       avocetctl form evaluate Q.json [--response R.json] [--json]\n";

core::Result<forms::Questionnaire> loadQuestionnaire(const std::string& path)
{
    auto text = readSmallFile(path);
    if (!text) {
        return text.error();
    }
    auto q = forms::Questionnaire::fromText(*text);
    if (!q) {
        return core::makeError(q.code(), path + ": " + q.message());
    }
    return q;
}

// Positional arguments, without flags and the values of options that take one.
std::vector<std::string> positional(const Args& args)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--response") {
            ++i;
        } else if (args[i].rfind("--", 0) != 0) {
            out.push_back(args[i]);
        }
    }
    return out;
}

int runLint(CliContext& ctx, const Args& args)
{
    auto files = positional(args);
    if (files.size() != 1) {
        return fail(ctx, 2, "form lint needs exactly one questionnaire file");
    }
    auto q = loadQuestionnaire(files[0]);
    if (!q) {
        return fail(ctx, 2, q.message());
    }
    auto findings = forms::QuestionnaireLinter(*q).run();
    // An instrument's item that the alert rules read must be in the form holding the instrument.
    auto gaps = core::usecases::scoreRuleGapsToday(*q);
    if (!gaps) {
        return fail(ctx, 1, "the alert rules could not be read: " + gaps.message());
    }
    for (const auto& gap : *gaps) {
        findings.push_back({forms::Severity::Error, gap.linkId, gap.message});
    }
    std::size_t errors = 0;
    std::size_t warnings = 0;
    json list = json::array();
    for (const auto& f : findings) {
        errors += f.severity == forms::Severity::Error ? 1 : 0;
        warnings += f.severity == forms::Severity::Warning ? 1 : 0;
        list.push_back({{"severity", forms::severityName(f.severity)}, {"linkId", f.linkId}, {"message", f.message}});
    }
    if (ctx.json) {
        ctx.out << json{{"file", files[0]}, {"errors", errors}, {"warnings", warnings}, {"findings", list}}.dump(2) << "\n";
    } else {
        for (const auto& f : findings) {
            ctx.out << forms::severityName(f.severity) << ": " << (f.linkId.empty() ? "(form)" : f.linkId) << ": "
                    << f.message << "\n";
        }
        ctx.out << files[0] << ": " << errors << " error(s), " << warnings << " warning(s)\n";
    }
    return errors > 0 ? 1 : 0;
}

int runEvaluate(CliContext& ctx, const Args& args)
{
    auto files = positional(args);
    if (files.size() != 1) {
        return fail(ctx, 2, "form evaluate needs exactly one questionnaire file");
    }
    auto q = loadQuestionnaire(files[0]);
    if (!q) {
        return fail(ctx, 2, q.message());
    }
    auto session = forms::FormSession::open(*q);
    if (!session) {
        return fail(ctx, 2, session.message());
    }
    json errors = json::array();
    forms::ResponseHeader header;
    auto responseArg = std::find(args.begin(), args.end(), "--response");
    if (responseArg != args.end()) {
        if (responseArg + 1 == args.end()) {
            return fail(ctx, 2, "--response needs a file");
        }
        auto text = readSmallFile(*(responseArg + 1));
        if (!text) {
            return fail(ctx, 2, text.message());
        }
        auto parsed = forms::parseJsonDocument(*text);
        if (!parsed) {
            return fail(ctx, 2, *(responseArg + 1) + ": " + parsed.message());
        }
        auto loaded = forms::QuestionnaireResponseCodec::read(*session, *parsed);
        if (!loaded) {
            return fail(ctx, 2, *(responseArg + 1) + ": " + loaded.message());
        }
        header = loaded->header;
        for (const auto& issue : loaded->issues) {
            errors.push_back({{"linkId", issue.linkId}, {"message", issue.message}});
        }
    }
    for (const auto& issue : session->validate()) {
        errors.push_back({{"linkId", issue.linkId}, {"message", issue.message}});
    }
    for (const auto& issue : session->expressionErrors()) {
        errors.push_back({{"linkId", issue.linkId}, {"message", issue.message}});
    }
    auto response = forms::QuestionnaireResponseCodec::write(*session, header);
    if (!response && response.code() == core::ErrorCode::FormNotValid) {
        errors.push_back({{"linkId", ""},
                          {"message", std::string("The response was marked ") + forms::responseStatusCode(header.status) +
                                          " but is not valid, so it is shown as in-progress."}});
        header.status = forms::ResponseStatus::InProgress;
        response = forms::QuestionnaireResponseCodec::write(*session, header);
    }
    if (!response) {
        return fail(ctx, 2, response.message());
    }
    json out{{"response", *response}, {"enabled", session->enabledLinkIds()}, {"errors", errors}};
    ctx.out << (ctx.json ? out.dump() : out.dump(2)) << "\n";
    return 0;
}

} // namespace

int runFormCommand(CliContext& ctx, const Args& args)
{
    Args rest;
    for (const auto& a : args) {
        if (a != "--json") {
            rest.push_back(a);
        }
    }
    if (rest.empty() || rest[0] == "--help" || rest[0] == "help") {
        ctx.err << kFormUsage;
        return rest.empty() ? 2 : 0;
    }
    const std::string command = rest[0];
    const Args tail(rest.begin() + 1, rest.end());
    try {
        if (command == "lint") {
            return runLint(ctx, tail);
        }
        if (command == "evaluate") {
            return runEvaluate(ctx, tail);
        }
    } catch (const std::exception& e) {
        return fail(ctx, 2, std::string("form ") + command + " failed: " + e.what());
    }
    return fail(ctx, 2, "unknown form command '" + command + "'; use lint or evaluate");
}

} // namespace avocet::ctl
