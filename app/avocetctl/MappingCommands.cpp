// avocetctl mapping: apply and check per-EPR mapping documents (core/mapping) without a display.
#include <filesystem>
#include <string>
#include <vector>

#include "app/avocetctl/CliSupport.h"
#include "core/mapping/Coverage.h"
#include "core/mapping/EprMapping.h"
#include "core/mapping/Impact.h"
#include "core/mapping/InboundMapper.h"
#include "core/mapping/OutboundMapper.h"
#include "core/metrics/MetricImpact.h"
#include "core/mapping/TemplateOutline.h"

namespace avocet::ctl {

namespace {

namespace mapping = core::mapping;

constexpr const char* kMappingUsage = R"(Usage: avocetctl mapping <command> ...
  apply    --mapping M.json --response R.json      QuestionnaireResponse -> EPR native payload
  reverse  --mapping M.json --native N.json        native record -> QuestionnaireResponse
  coverage --template Q.json --mapping M.json      mapped / lossy / unmapped items, unfilled fields
  impact   --from Q1.json --to Q2.json --mapping M.json [M2.json ...]
                                                   what a template change breaks or alters
  check    --mapping M.json [--template Q.json]    load and validate a mapping
Options: --catalogue C.json overrides the catalogue the mapping names; --json for JSON output.
Exit codes: 0 ok, 1 problems found (incomplete coverage, breaking impact), 2 bad input.
)";

// Every value after `name` up to the next --option (so --mapping a.json b.json works).
std::vector<std::string> optionValues(const Args& args, const std::string& name)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != name)
            continue;
        for (std::size_t j = i + 1; j < args.size() && !args[j].starts_with("--"); ++j)
            out.push_back(args[j]);
    }
    return out;
}

std::optional<std::filesystem::path> catalogueOption(const Args& args)
{
    if (auto value = optionValue(args, "--catalogue"))
        return std::filesystem::path(*value);
    return std::nullopt;
}

core::Result<nlohmann::json> readJson(const std::string& path) { return mapping::readJsonFile(path); }

core::Result<mapping::EprMapping> loadMapping(const Args& args, const std::string& path)
{
    return mapping::loadMappingFile(path, catalogueOption(args));
}

core::Result<mapping::TemplateOutline> loadTemplate(const std::string& path)
{
    auto document = readJson(path);
    if (!document)
        return document.error();
    return mapping::readTemplate(*document, path);
}

// Required single option; prints the reason and sets `exitCode` when it is missing.
std::optional<std::string> required(CliContext& ctx, const Args& args, const std::string& name, int& exitCode)
{
    auto value = optionValue(args, name);
    if (!value || value->starts_with("--")) {
        exitCode = fail(ctx, 2, "mapping " + args.front() + " needs " + name + " FILE; see avocetctl mapping help");
        return std::nullopt;
    }
    return value;
}

void printWarnings(CliContext& ctx, const std::vector<mapping::MappingWarning>& warnings)
{
    for (const auto& w : warnings)
        ctx.err << "warning: " << w.code << (w.linkId.empty() ? "" : " " + w.linkId) << ": " << w.message << "\n";
}

int runApply(CliContext& ctx, const Args& args)
{
    int code = 0;
    const auto mappingPath = required(ctx, args, "--mapping", code);
    if (!mappingPath)
        return code;
    const auto responsePath = required(ctx, args, "--response", code);
    if (!responsePath)
        return code;
    auto loaded = loadMapping(args, *mappingPath);
    if (!loaded)
        return fail(ctx, 2, loaded.message());
    auto response = readJson(*responsePath);
    if (!response)
        return fail(ctx, 2, response.message());
    auto result = mapping::applyOutbound(*loaded, *response, *responsePath);
    if (!result)
        return fail(ctx, 2, result.message());
    if (!ctx.json)
        printWarnings(ctx, result->warnings);
    ctx.out << result->payload.dump(2) << "\n";
    return 0;
}

int runReverse(CliContext& ctx, const Args& args)
{
    int code = 0;
    const auto mappingPath = required(ctx, args, "--mapping", code);
    if (!mappingPath)
        return code;
    const auto nativePath = required(ctx, args, "--native", code);
    if (!nativePath)
        return code;
    auto loaded = loadMapping(args, *mappingPath);
    if (!loaded)
        return fail(ctx, 2, loaded.message());
    auto record = readJson(*nativePath);
    if (!record)
        return fail(ctx, 2, record.message());
    auto result = mapping::applyInbound(*loaded, *record, *nativePath);
    if (!result)
        return fail(ctx, 2, result.message());
    if (ctx.json) {
        ctx.out << nlohmann::json{{"response", result->response}, {"warnings", mapping::warningsToJson(result->warnings)}}
                       .dump(2)
                << "\n";
    } else {
        printWarnings(ctx, result->warnings);
        ctx.out << result->response.dump(2) << "\n";
    }
    return 0;
}

int runCoverage(CliContext& ctx, const Args& args)
{
    int code = 0;
    const auto templatePath = required(ctx, args, "--template", code);
    if (!templatePath)
        return code;
    const auto mappingPath = required(ctx, args, "--mapping", code);
    if (!mappingPath)
        return code;
    auto outline = loadTemplate(*templatePath);
    if (!outline)
        return fail(ctx, 2, outline.message());
    auto loaded = loadMapping(args, *mappingPath);
    if (!loaded)
        return fail(ctx, 2, loaded.message());
    const auto report = mapping::assessCoverage(*outline, *loaded);
    ctx.out << (ctx.json ? report.toJson().dump(2) + "\n" : report.toText());
    return report.isComplete() ? 0 : 1;
}

int runImpact(CliContext& ctx, const Args& args)
{
    int code = 0;
    const auto fromPath = required(ctx, args, "--from", code);
    if (!fromPath)
        return code;
    const auto toPath = required(ctx, args, "--to", code);
    if (!toPath)
        return code;
    const auto mappingPaths = optionValues(args, "--mapping");
    if (mappingPaths.empty())
        return fail(ctx, 2, "mapping impact needs at least one --mapping FILE");
    auto from = loadTemplate(*fromPath);
    if (!from)
        return fail(ctx, 2, from.message());
    auto to = loadTemplate(*toPath);
    if (!to)
        return fail(ctx, 2, to.message());
    std::vector<mapping::EprMapping> mappings;
    for (const auto& path : mappingPaths) {
        auto loaded = loadMapping(args, path);
        if (!loaded)
            return fail(ctx, 2, loaded.message());
        if (loaded->templateUrl != from->url)
            return fail(ctx, 2, path + "#/template/url: the mapping is for " + loaded->templateUrl + ", not " + from->url);
        mappings.push_back(std::move(*loaded));
    }
    auto report = mapping::assessImpact(*from, *to, mappings);
    // And the metrics of the library that read the template's items (docs/metrics.md).
    if (auto library = core::metrics::MetricLibrary::builtin(); library) {
        for (auto& finding : core::metrics::metricImpact(*from, *to, library->latest()))
            report.findings.push_back(std::move(finding));
    }
    ctx.out << (ctx.json ? report.toJson().dump(2) + "\n" : report.toText());
    return report.hasBreaking() ? 1 : 0;
}

int runCheck(CliContext& ctx, const Args& args)
{
    int code = 0;
    const auto mappingPath = required(ctx, args, "--mapping", code);
    if (!mappingPath)
        return code;
    auto loaded = loadMapping(args, *mappingPath);
    if (!loaded)
        return fail(ctx, 2, loaded.message());
    std::vector<std::string> problems;
    if (const auto templatePath = optionValue(args, "--template")) {
        auto outline = loadTemplate(*templatePath);
        if (!outline)
            return fail(ctx, 2, outline.message());
        problems = mapping::checkAgainstTemplate(*loaded, *outline);
    }
    nlohmann::json out{{"mapping", loaded->label()},
                       {"epr", core::identity::eprName(loaded->epr)},
                       {"template", loaded->templateUrl},
                       {"fits", loaded->fits.text()},
                       {"entries", loaded->entries.size()},
                       {"problems", problems}};
    std::string text = loaded->label() + ": " + std::to_string(loaded->entries.size()) + " entries, " +
                       core::identity::eprName(loaded->epr) + " form " + loaded->nativeFormId + ", fits " +
                       loaded->fits.text() + "\n";
    for (const auto& p : problems)
        text += "  problem: " + p + "\n";
    if (ctx.json)
        ctx.out << out.dump(2) << "\n";
    else
        ctx.out << text;
    return problems.empty() ? 0 : 1;
}

} // namespace

int runMappingCommand(CliContext& ctx, const Args& args)
{
    if (args.empty() || args.front() == "help" || args.front() == "--help") {
        (args.empty() ? ctx.err : ctx.out) << kMappingUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string& command = args.front();
    if (command == "apply") return runApply(ctx, args);
    if (command == "reverse") return runReverse(ctx, args);
    if (command == "coverage") return runCoverage(ctx, args);
    if (command == "impact") return runImpact(ctx, args);
    if (command == "check") return runCheck(ctx, args);
    return fail(ctx, 2, "unknown mapping command '" + command + "'; see avocetctl mapping help");
}

} // namespace avocet::ctl
