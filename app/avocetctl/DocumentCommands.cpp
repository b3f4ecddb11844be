// avocetctl document ...: transfer-of-care documents (discharge summaries, clinic letters, Care Act
// notices). `render` writes the FHIR document Bundle and the PDF of a completed response, for
// administrators and tests, and reads no profile; `prefill`, `sign` and `list` call the same use
// cases as the desktop (core/usecases TransferDocuments).
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Commands.h"
#include "app/avocetctl/DocumentRendering.h"
#include "core/documents/DocumentBundle.h"
#include "core/documents/DocumentView.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/store/Cache.h"
#include "core/usecases/FormSubmission.h"
#include "core/usecases/SyncedRecords.h"
#include "core/usecases/TransferDocuments.h"

#include <chrono>
#include <sstream>

namespace avocet::ctl {

namespace {

namespace documents = core::documents;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kDocumentUsage =
    "usage: avocetctl document render --questionnaire Q.json --response R.json --out DIR\n"
    "                                 [--letterhead FILE.conf] [--json]\n"
    "         writes DIR/<kind>.json (the FHIR R4 document Bundle) and DIR/<kind>.pdf for a completed\n"
    "         discharge summary, clinic letter or Care Act notice (no profile needed); the letterhead is\n"
    "         the trust's system-wide settings' [letterhead], or FILE's to try one before deploying it\n"
    "       avocetctl document prefill --patient NHS --questionnaire Q.json [--name N] [--role R] [--json]\n"
    "         the template pre-filled from the patient's record held in this profile (in progress);\n"
    "         without --name, as the name and role last signed off with in this profile\n"
    "       avocetctl document sign --patient NHS --questionnaire Q.json --response R.json --name N\n"
    "                               [--role R] [--replaces DOCUMENT] [--json]\n"
    "         sign a completed document off as N (your name as you sign) and R (role and grade): it is\n"
    "         queued for the hub (recipient and EPR copy);\n"
    "         --replaces the local id of the version it amends\n"
    "       avocetctl document list --patient NHS [--json]\n"
    "         the patient's documents, every version, and what each recipient said\n";

// Templates and responses given on the command line; the error names the file.
core::Result<core::forms::Questionnaire> loadTemplate(const std::string& path)
{
    auto text = readSmallFile(path);
    if (!text)
        return text.error();
    auto questionnaire = core::forms::Questionnaire::fromText(*text);
    if (!questionnaire)
        return core::makeError(core::ErrorCode::InvalidArgument, path + ": " + questionnaire.message());
    return questionnaire;
}

core::Result<json> loadResponse(const std::string& path)
{
    auto text = readSmallFile(path);
    if (!text)
        return text.error();
    json response = json::parse(*text, nullptr, false);
    if (!response.is_object() || response.value("resourceType", "") != "QuestionnaireResponse")
        return core::makeError(core::ErrorCode::InvalidArgument, path + " is not a QuestionnaireResponse in JSON");
    return response;
}

// The profile, unlocked, and the local id of the patient with --patient's NHS number.
struct OpenPatient
{
    std::unique_ptr<core::store::Cache> cache;
    std::string patientId;
    std::string nhsNumber;
};

std::optional<OpenPatient> openPatient(CliContext& ctx, const Args& args, int& exitCode)
{
    const auto patient = optionValue(args, "--patient");
    std::string digits;
    for (char c : patient.value_or(""))
        if (c >= '0' && c <= '9')
            digits += c;
    if (!core::forms::QuestionnaireResponseCodec::isValidNhsNumber(digits)) {
        exitCode = fail(ctx, 2, "--patient needs a valid NHS number (got '" + patient.value_or("") + "')");
        return std::nullopt;
    }
    core::store::ProfileStore profiles(ctx.profileRoot);
    OpenPatient open;
    open.cache = unlockProfile(ctx, profiles, exitCode);
    if (!open.cache)
        return std::nullopt;
    if (auto wiped = core::usecases::wipeExpiredBriefcase(*open.cache, std::chrono::system_clock::now()); !wiped) {
        exitCode = fail(ctx, 1, wiped.message());
        return std::nullopt;
    }
    auto id = core::usecases::patientIdForNhsNumber(*open.cache, digits);
    if (!id) {
        exitCode = fail(ctx, exitCodeFor(id.code()), id.message());
        return std::nullopt;
    }
    open.patientId = *id;
    open.nhsNumber = digits;
    return open;
}

// The trust's letterhead from the system-wide settings; what is wrong with them goes to stderr.
documents::Sender trustLetterhead(CliContext& ctx)
{
    std::vector<std::string> warnings;
    documents::Sender sender = letterhead(&warnings);
    for (const auto& warning : warnings)
        ctx.err << "avocetctl: " << warning << "\n";
    return sender;
}

core::usecases::DocumentAuthor authorFrom(const CliContext& ctx, const Args& args, const documents::Sender& sender)
{
    return {ctx.user, optionValue(args, "--name").value_or(""), optionValue(args, "--role").value_or(""), sender.name};
}

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
    documents::Sender sender;
    if (const auto file = optionValue(args, "--letterhead")) {
        std::vector<std::string> warnings;
        auto tried = letterheadFromFile(*file, &warnings);
        if (!tried)
            return fail(ctx, 2, tried.message());
        for (const auto& warning : warnings)
            ctx.err << "avocetctl: " << warning << "\n";
        sender = *tried;
    } else {
        sender = trustLetterhead(ctx);
    }
    auto view = documents::documentView(*questionnaire, **transfer, response, sender);
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

int runPrefill(CliContext& ctx, const Args& args)
{
    const auto path = optionValue(args, "--questionnaire");
    if (!path)
        return fail(ctx, 2, std::string("document prefill needs --patient and --questionnaire\n") + kDocumentUsage);
    auto questionnaire = loadTemplate(*path);
    if (!questionnaire)
        return fail(ctx, 2, questionnaire.message());
    int exitCode = 0;
    auto open = openPatient(ctx, args, exitCode);
    if (!open)
        return exitCode;
    auto author = authorFrom(ctx, args, trustLetterhead(ctx));
    // Without --name: the name and role this user last signed off with here.
    if (!optionValue(args, "--name"))
        if (auto remembered = core::usecases::rememberedSigner(*open->cache); remembered && !remembered->name.empty()) {
            author.name = remembered->name;
            if (!optionValue(args, "--role"))
                author.role = remembered->role;
        }
    auto context = core::usecases::documentLaunchContext(*open->cache, open->patientId, author, questionnaire->json());
    if (!context)
        return fail(ctx, 1, context.message());
    core::forms::SessionOptions options;
    options.launchContext = std::move(*context);
    auto session = core::forms::FormSession::open(*questionnaire, options);
    if (!session)
        return fail(ctx, 2, session.message());
    core::forms::ResponseHeader header;
    header.nhsNumber = open->nhsNumber;
    auto written = core::forms::QuestionnaireResponseCodec::write(*session, header);
    if (!written)
        return fail(ctx, 1, written.message());
    return succeed(ctx, *written, written->dump(2) + "\n");
}

int runSign(CliContext& ctx, const Args& args)
{
    const auto questionnairePath = optionValue(args, "--questionnaire");
    const auto responsePath = optionValue(args, "--response");
    if (!questionnairePath || !responsePath || !optionValue(args, "--name"))
        return fail(ctx, 2, std::string("document sign needs --patient, --questionnaire, --response and --name\n") +
                                kDocumentUsage);
    auto questionnaire = loadTemplate(*questionnairePath);
    if (!questionnaire)
        return fail(ctx, 2, questionnaire.message());
    auto response = loadResponse(*responsePath);
    if (!response)
        return fail(ctx, 2, response.message());
    auto renderer = pdfRendition();
    if (!renderer)
        return fail(ctx, 1, renderer.message());
    int exitCode = 0;
    auto open = openPatient(ctx, args, exitCode);
    if (!open)
        return exitCode;
    core::usecases::DocumentSignOff request;
    request.patientId = open->patientId;
    request.questionnaire = questionnaire->json();
    request.response = std::move(*response);
    request.sender = trustLetterhead(ctx);
    request.signer = authorFrom(ctx, args, request.sender);
    request.replaces = optionValue(args, "--replaces").value_or("");
    auto signedOff = core::usecases::signOffDocument(*open->cache, std::move(request), **renderer);
    if (!signedOff)
        return fail(ctx, exitCodeFor(signedOff.code()) == 1 ? 2 : exitCodeFor(signedOff.code()), signedOff.message());
    return succeed(ctx,
                   {{"queued", true},
                    {"document", signedOff->documentLocalId},
                    {"response", signedOff->responseLocalId},
                    {"kind", signedOff->kind},
                    {"version", signedOff->version},
                    {"setId", signedOff->setId},
                    {"bundleIdentifier", signedOff->bundleIdentifier},
                    {"recipient", signedOff->recipientCode},
                    {"recipientName", signedOff->recipientName},
                    {"pdfBytes", signedOff->pdfBytes},
                    {"pending", signedOff->waiting}},
                   "Signed off " + signedOff->kind + " version " + std::to_string(signedOff->version) + " to " +
                       signedOff->recipientName + " (" + signedOff->recipientCode + "): document " +
                       signedOff->documentLocalId + "; " + std::to_string(signedOff->waiting) +
                       " change(s) waiting to sync.\n");
}

int runList(CliContext& ctx, const Args& args)
{
    int exitCode = 0;
    auto open = openPatient(ctx, args, exitCode);
    if (!open)
        return exitCode;
    auto listed = core::usecases::transferDocuments(*open->cache, open->patientId);
    if (!listed)
        return fail(ctx, 1, listed.message());
    json items = json::array();
    std::ostringstream text;
    for (const auto& document : *listed) {
        json receipts = json::array();
        std::string said;
        for (const auto& receipt : document.receipts) {
            receipts.push_back({{"recipient", receipt.epr}, {"state", receipt.state}, {"reason", receipt.reason},
                                {"attempts", receipt.attempts}, {"at", receipt.deliveredAt}});
            said += "; " + receipt.state + (receipt.reason.empty() ? "" : " (" + receipt.reason + ")");
        }
        items.push_back({{"document", document.localId}, {"kind", document.kind}, {"title", document.title},
                         {"version", document.version}, {"current", document.current}, {"setId", document.setId},
                         {"signedBy", document.signedBy}, {"signedAt", document.signedAt},
                         {"recipient", document.recipientCode}, {"recipientName", document.recipientName},
                         {"dischargedAt", document.dischargedAt}, {"sent", document.sent}, {"receipts", receipts}});
        text << document.localId << "  " << document.title << " v" << document.version
             << (document.current ? "" : " (superseded)") << "  to " << document.recipientName << "  "
             << (document.sent ? "sent" : "waiting to sync") << said << "\n";
    }
    return succeed(ctx, {{"documents", items}}, text.str());
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
    if (args.front() == "prefill")
        return runPrefill(ctx, rest);
    if (args.front() == "sign")
        return runSign(ctx, rest);
    if (args.front() == "list")
        return runList(ctx, rest);
    return fail(ctx, 2, "unknown document command '" + args.front() + "'\n" + kDocumentUsage);
}

} // namespace avocet::ctl
