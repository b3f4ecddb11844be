// avocetctl forms: the templates a clinician can start, through the same use case as the desktop's
// New form list (core/usecases FormCatalogue):
//
//   avocetctl forms available [--json]
//       One line per form: title, version, url, and whether it was published by the trust's change
//       managers (synced from the hub) or is built into Avocet.
//   avocetctl forms show --form URL|VERSION [--json]
//       The template of that version as held on this computer (published or built in), and the
//       mappings a submission to it will be pinned to, one per EPR.
#include "app/avocetctl/BuiltinTemplates.h"
#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Commands.h"
#include "core/store/Cache.h"
#include "core/store/ProfileStore.h"
#include "core/usecases/FormCatalogue.h"

#include <sstream>

namespace avocet::ctl {

namespace {

using nlohmann::json;
namespace usecases = core::usecases;

constexpr const char* kFormsUsage = "usage: avocetctl forms available [--json]\n"
                                    "       avocetctl forms show --form URL|VERSION [--json]";

std::vector<json> builtIns()
{
    std::vector<json> out;
    for (const std::string_view text : builtInTemplateTexts()) {
        json form = json::parse(text.begin(), text.end(), nullptr, false);
        if (form.is_object())
            out.push_back(std::move(form));
    }
    return out;
}

int runAvailable(CliContext& ctx)
{
    core::store::ProfileStore profiles(ctx.profileRoot);
    int exitCode = 0;
    auto cache = unlockProfile(ctx, profiles, exitCode);
    if (!cache)
        return exitCode;
    auto forms = usecases::availableForms(*cache, builtIns());
    if (!forms)
        return fail(ctx, exitCodeFor(forms.code()), forms.message());
    json list = json::array();
    std::ostringstream text;
    for (const auto& form : *forms) {
        list.push_back({{"title", form.title},
                        {"url", form.url},
                        {"version", form.version},
                        {"canonical", form.canonical},
                        {"source", form.source}});
        text << form.title << "  version " << form.version << "  "
             << (form.source == "published" ? "published by the trust" : "built in") << "\n  " << form.url << "\n";
    }
    if (forms->empty())
        text << "No forms can be started on this computer.\n";
    return succeed(ctx, {{"forms", list}}, text.str());
}

int runShow(CliContext& ctx, const Args& args)
{
    const auto canonical = optionValue(args, "--form");
    if (!canonical || canonical->empty())
        return fail(ctx, 2, kFormsUsage);
    core::store::ProfileStore profiles(ctx.profileRoot);
    int exitCode = 0;
    auto cache = unlockProfile(ctx, profiles, exitCode);
    if (!cache)
        return exitCode;
    auto form = usecases::formTemplate(*cache, *canonical, builtIns());
    if (!form)
        return fail(ctx, exitCodeFor(form.code()), form.message());
    auto pins = usecases::mappingsToPin(*cache, *canonical);
    if (!pins)
        return fail(ctx, exitCodeFor(pins.code()), pins.message());
    json mappings = json::array();
    std::ostringstream text;
    text << form->value("title", std::string()) << "  version " << form->value("version", std::string()) << "  status "
         << form->value("status", std::string("active")) << "\n";
    for (const auto& document : pins->pinned) {
        mappings.push_back({{"epr", document.value("epr", "")},
                            {"id", document.value("id", "")},
                            {"version", document.value("version", "")}});
        text << "  " << document.value("epr", "") << ": mapping " << document.value("id", "") << " version "
             << document.value("version", "") << "\n";
    }
    if (!pins->held)
        text << "  No mapping from the trust's server is held here: the server chooses at delivery.\n";
    return succeed(ctx, {{"questionnaire", *form}, {"mappingsHeld", pins->held}, {"mappings", mappings}}, text.str());
}

} // namespace

int runFormsCommand(CliContext& ctx, const Args& args)
{
    const std::string sub = args.empty() ? std::string() : args.front();
    if (sub == "available")
        return runAvailable(ctx);
    if (sub == "show")
        return runShow(ctx, Args(args.begin() + 1, args.end()));
    return fail(ctx, 2, kFormsUsage);
}

} // namespace avocet::ctl
