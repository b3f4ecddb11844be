// avocetctl nhs-number check N...: validates each NHS number as DOMAIN.md defines it (10 digits,
// modulus-11 check digit, a check of 10 is invalid, 0000000000 refused; spaces and 3-3-4 accepted)
// and says why a number is invalid. Exit 0 when every number is valid, 1 when any is invalid,
// 2 when no number is given.
#include <string>

#include <nlohmann/json.hpp>

#include "app/avocetctl/CliSupport.h"
#include "core/identity/NhsNumber.h"

namespace avocet::ctl {

namespace {

constexpr const char* kNhsNumberUsage = R"(Usage: avocetctl nhs-number check NUMBER [NUMBER ...] [--json]
  Prints each number with valid (shown 3-3-4) or invalid and why. Spaces and dashes are accepted,
  so quote a spaced number: "943 476 5919".
Exit codes: 0 every number valid, 1 at least one invalid, 2 bad arguments.
)";

} // namespace

int runNhsNumberCommand(CliContext& ctx, const Args& args)
{
    if (!args.empty() && (args.front() == "help" || args.front() == "--help")) {
        ctx.out << kNhsNumberUsage;
        return 0;
    }
    if (args.empty() || args.front() != "check") {
        if (args.empty())
            ctx.err << kNhsNumberUsage;
        return args.empty() ? 2 : fail(ctx, 2, "unknown nhs-number command '" + args.front() + "'; see avocetctl nhs-number help");
    }
    if (args.size() < 2)
        return fail(ctx, 2, "nhs-number check needs at least one NUMBER");
    nlohmann::json results = nlohmann::json::array();
    std::string text;
    bool allValid = true;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& input = args[i];
        auto number = core::identity::NhsNumber::parse(input);
        if (number) {
            results.push_back({{"input", input},
                               {"valid", true},
                               {"formatted", number->formatted()},
                               {"synthetic", number->isSynthetic()}});
            text += input + "\tvalid\t" + number->formatted() + "\n";
        } else {
            allValid = false;
            results.push_back({{"input", input}, {"valid", false}, {"reason", number.message()}});
            text += input + "\tinvalid\t" + number.message() + "\n";
        }
    }
    if (ctx.json)
        ctx.out << nlohmann::json{{"results", results}, {"allValid", allValid}}.dump(2) << "\n";
    else
        ctx.out << text;
    return allValid ? 0 : 1;
}

} // namespace avocet::ctl
