// avocetctl map apply|reverse|coverage|impact: the short spelling of the mapping commands, with the file a command
// works on as a positional argument:
//   map apply    --mapping M.json R.json              = mapping apply    --mapping M.json --response R.json
//   map reverse  --mapping M.json NATIVE.json         = mapping reverse  --mapping M.json --native NATIVE.json
//   map coverage --mapping M.json Q.json              = mapping coverage --mapping M.json --template Q.json
//   map impact   --mapping M.json --from Q1 --to Q2   = mapping impact   (the same options)
// A thin adapter: it rewrites the arguments and runs the `mapping` command (MappingCommands.cpp), so
// output, --json, --catalogue and exit codes are exactly those of `mapping`.
#include <string>

#include "app/avocetctl/Commands.h"

namespace avocet::ctl {

namespace {

constexpr const char* kMapUsage = R"(Usage: avocetctl map <command> ... [--json]
  apply    --mapping M.json R.json                 QuestionnaireResponse -> EPR native payload
  reverse  --mapping M.json NATIVE.json            native record -> QuestionnaireResponse
  coverage --mapping M.json Q.json                 mapped / lossy / unmapped items, unfilled fields
  impact   --mapping M.json [M2.json ...] --from Q1.json --to Q2.json
                                                   what a template change breaks or alters
Options: --catalogue C.json overrides the catalogue the mapping names. Same as `avocetctl mapping`.
Exit codes: 0 ok, 1 problems found (incomplete coverage, breaking impact), 2 bad input.
)";

// The option `mapping <command>` expects for the positional file.
const char* positionalOption(const std::string& command)
{
    if (command == "apply")
        return "--response";
    if (command == "reverse")
        return "--native";
    if (command == "coverage")
        return "--template";
    return nullptr;
}

} // namespace

int runMapCommand(CliContext& ctx, const Args& args)
{
    if (args.empty() || args.front() == "help" || args.front() == "--help") {
        (args.empty() ? ctx.err : ctx.out) << kMapUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string& command = args.front();
    if (command == "impact" || command == "check")
        return runMappingCommand(ctx, args);
    const char* option = positionalOption(command);
    if (option == nullptr)
        return fail(ctx, 2, "unknown map command '" + command + "'; see avocetctl map help");
    Args rewritten{command};
    std::vector<std::string> positional;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.starts_with("--")) {
            rewritten.push_back(arg);
            if (i + 1 < args.size() && !args[i + 1].starts_with("--"))
                rewritten.push_back(args[++i]); // every option of these commands takes one value
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() > 1)
        return fail(ctx, 2, "map " + command + " takes one file after the options, not " +
                                std::to_string(positional.size()) + "; see avocetctl map help");
    if (positional.size() == 1) {
        rewritten.push_back(option);
        rewritten.push_back(positional.front());
    }
    return runMappingCommand(ctx, rewritten);
}

} // namespace avocet::ctl
