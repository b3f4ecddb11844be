// avocetctl document ...: transfer-of-care documents (discharge summaries, clinic letters, Care Act
// notices). `render` writes the FHIR document Bundle and the PDF of a completed response, for
// administrators and tests; it reads no profile.
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Commands.h"
#include "app/avocetctl/DocumentRendering.h"
#include "core/documents/DocumentBundle.h"
#include "core/documents/DocumentView.h"
#include "core/forms/Questionnaire.h"

namespace avocet::ctl {

namespace {

namespace documents = core::documents;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kDocumentUsage =
    "usage: avocetctl document render --questionnaire Q.json --response R.json --out DIR [--json]\n"
    "  writes DIR/<kind>.json (the FHIR R4 document Bundle) and DIR/<kind>.pdf for a completed\n"
    "  discharge summary, clinic letter or Care Act notice\n";

core::Status writeFile(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return core::makeError(core::ErrorCode::IoError, "cannot write " + path.string());
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
        return core::makeError(core::ErrorCode::IoError, "cannot write " + path.string());
    return core::Status::success();
}

int runRender(CliContext& ctx, const Args& args)
{
    const auto questionnairePath = optionValue(args, "--questionnaire");
    const auto responsePath = optionValue(args, "--response");
    const auto outDir = optionValue(args, "--out");
    if (!questionnairePath || !responsePath || !outDir)
        return fail(ctx, 2, std::string("document render needs --questionnaire, --response and --out\n") + kDocumentUsage);
    auto questionnaireText = readSmallFile(*questionnairePath);
    if (!questionnaireText)
        return fail(ctx, 2, questionnaireText.message());
    auto questionnaire = core::forms::Questionnaire::fromText(*questionnaireText);
    if (!questionnaire)
        return fail(ctx, 2, *questionnairePath + ": " + questionnaire.message());
    auto transfer = documents::transferTemplateOf(*questionnaire);
    if (!transfer)
        return fail(ctx, 2, *questionnairePath + ": " + transfer.message());
    if (!*transfer)
        return fail(ctx, 2, *questionnairePath + ": not a transfer-of-care template (it has no transfer-of-care "
                                                 "extension naming a discharge summary, letter or notice)");
    auto responseText = readSmallFile(*responsePath);
    if (!responseText)
        return fail(ctx, 2, responseText.message());
    json response = json::parse(*responseText, nullptr, false);
    if (response.is_discarded())
        return fail(ctx, 2, *responsePath + ": not JSON");
    auto view = documents::documentView(*questionnaire, **transfer, response);
    if (!view)
        return fail(ctx, 2, *responsePath + ": " + view.message());
    auto bundle = documents::buildDocumentBundle(*questionnaire, **transfer, response, *view);
    if (!bundle)
        return fail(ctx, 2, *responsePath + ": " + bundle.message());
    auto pdf = renderPdf(*view);
    if (!pdf)
        return fail(ctx, 1, pdf.message());

    std::error_code ec;
    fs::create_directories(*outDir, ec);
    if (ec)
        return fail(ctx, 1, "cannot create " + *outDir + ": " + ec.message());
    const std::string kind = documents::kindCode((*transfer)->kind);
    const fs::path bundlePath = fs::path(*outDir) / (kind + ".json");
    const fs::path pdfPath = fs::path(*outDir) / (kind + ".pdf");
    if (auto written = writeFile(bundlePath, bundle->bundle.dump(2) + "\n"); !written)
        return fail(ctx, 1, written.message());
    if (auto written = writeFile(pdfPath, *pdf); !written)
        return fail(ctx, 1, written.message());

    int answeredHeadings = 0;
    for (const auto& section : view->sections)
        answeredHeadings += section.rows.empty() ? 0 : 1;
    return succeed(ctx,
                   {{"kind", kind},
                    {"bundle", bundlePath.string()},
                    {"pdf", pdfPath.string()},
                    {"identifier", bundle->identifier},
                    {"status", bundle->compositionStatus},
                    {"headings", view->sections.size()},
                    {"headingsAnswered", answeredHeadings},
                    {"pdfBytes", pdf->size()}},
                   "wrote " + bundlePath.string() + " (" + bundle->compositionStatus + ", " +
                       std::to_string(view->sections.size()) + " headings) and " + pdfPath.string() + "\n");
}

} // namespace

int runDocumentCommand(CliContext& ctx, const Args& args)
{
    if (args.empty() || args.front() == "help" || args.front() == "--help") {
        ctx.out << kDocumentUsage;
        return args.empty() ? 2 : 0;
    }
    const Args rest(args.begin() + 1, args.end());
    if (args.front() == "render")
        return runRender(ctx, rest);
    return fail(ctx, 2, "unknown document command '" + args.front() + "'\n" + kDocumentUsage);
}

} // namespace avocet::ctl
