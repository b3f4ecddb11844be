// avocetctl submit | outbox list: queue a completed form exactly as the desktop app does when the
// user presses "Mark complete", and show what is waiting to be synced.
//
//   avocetctl submit --patient NHS --questionnaire Q.json --response R.json [--json]
//   avocetctl outbox list [--json]
//
// submit: the response is loaded into a core/forms FormSession for that questionnaire; only a
// response with status "completed" whose answers fit this version of the form and pass every
// validation rule is accepted. It is then rewritten by QuestionnaireResponseCodec (scores
// recomputed, questionnaire = url|version, subject = the NHS-number identifier) and queued by the
// desktop's own use case (core/usecases submitCompletedForm): the record, its client identifier and
// outbox row, the EPR mapping pins (per EPR, the active mapping version this profile last pulled
// from the hub; none when it holds none), the link to the patient when the profile holds them, and
// the audit event, in one transaction.
// Refusals exit 2 with the reason and queue nothing.

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Commands.h"
#include "core/usecases/SyncedRecords.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/forms/SdcExtensions.h"
#include "core/store/Database.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncEngine.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/FormSubmission.h"

namespace avocet::ctl {

namespace {

namespace forms = core::forms;
using nlohmann::json;

constexpr const char* kSubmitUsage =
    "usage: avocetctl submit --patient NHS --questionnaire Q.json --response R.json [--json]";

std::string digitsOnly(const std::string& text)
{
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9')
            out.push_back(c);
        else if (c != ' ' && c != '-')
            return {};
    }
    return out;
}

std::string issueText(const forms::ItemIssue& issue)
{
    return issue.linkId.empty() ? issue.message : issue.linkId + ": " + issue.message;
}

// The completed, validated and re-encoded response, or the reason it is refused (exit 2).
core::Result<json> prepareSubmission(const std::string& nhsNumber, const std::string& questionnairePath,
                                     const std::string& responsePath, std::string& title, json& form)
{
    auto qText = readSmallFile(questionnairePath);
    if (!qText)
        return qText.error();
    auto questionnaire = forms::Questionnaire::fromText(*qText);
    if (!questionnaire)
        return core::makeError(core::ErrorCode::InvalidArgument, questionnairePath + ": " + questionnaire.message());
    auto rText = readSmallFile(responsePath);
    if (!rText)
        return rText.error();
    const json response = json::parse(*rText, nullptr, false);
    if (!response.is_object() || response.value("resourceType", "") != "QuestionnaireResponse")
        return core::makeError(core::ErrorCode::InvalidArgument,
                               responsePath + " is not a QuestionnaireResponse in JSON");
    if (response.value("status", "") != "completed")
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "only a completed response can be submitted; this one is '" +
                                   response.value("status", std::string("in-progress")) + "'");

    title = questionnaire->title();
    form = questionnaire->json();
    auto session = forms::FormSession::open(*questionnaire);
    if (!session)
        return core::makeError(core::ErrorCode::InvalidArgument, "cannot open the form: " + session.message());
    auto loaded = forms::QuestionnaireResponseCodec::read(*session, response);
    if (!loaded)
        return core::makeError(core::ErrorCode::InvalidArgument, responsePath + ": " + loaded.message());
    if (!loaded->issues.empty())
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "the response does not fit this form: " + issueText(loaded->issues.front()));
    if (!loaded->header.nhsNumber.empty() && digitsOnly(loaded->header.nhsNumber) != nhsNumber)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "the response's subject is another patient than --patient");
    if (const auto problems = session->validate(); !problems.empty())
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "the response is not valid (" + std::to_string(problems.size()) +
                                   " problem(s)): " + issueText(problems.front()));

    // As FormView::markComplete: a fresh completed response written from the session.
    forms::ResponseHeader header;
    header.status = forms::ResponseStatus::Completed;
    header.nhsNumber = nhsNumber;
    header.authored = loaded->header.authored;
    header.author = loaded->header.author;
    auto written = forms::QuestionnaireResponseCodec::write(*session, header);
    if (!written)
        return core::makeError(core::ErrorCode::InvalidArgument, "the response is not valid: " + written.message());
    return written;
}

int runSubmit(CliContext& ctx, const Args& args)
{
    const auto patient = optionValue(args, "--patient");
    const auto questionnaire = optionValue(args, "--questionnaire");
    const auto response = optionValue(args, "--response");
    if (!patient || !questionnaire || !response)
        return fail(ctx, 2, kSubmitUsage);
    const std::string nhsNumber = digitsOnly(*patient);
    if (!forms::QuestionnaireResponseCodec::isValidNhsNumber(nhsNumber))
        return fail(ctx, 2, "'" + *patient + "' is not a valid NHS number");
    std::string title;
    json form;
    auto prepared = prepareSubmission(nhsNumber, *questionnaire, *response, title, form);
    if (!prepared)
        return fail(ctx, 2, prepared.message());

    core::store::ProfileStore profiles(ctx.profileRoot);
    int exitCode = 0;
    auto cache = unlockProfile(ctx, profiles, exitCode);
    if (!cache)
        return exitCode;
    if (auto wiped = core::usecases::wipeExpiredBriefcase(*cache, std::chrono::system_clock::now()); !wiped)
        return fail(ctx, 1, wiped.message());
    // The same use case as the desktop's "Mark complete": the record, its outbox row, its mapping
    // pins and the audit event commit together.
    core::usecases::Submission submission;
    submission.title = title;
    submission.response = std::move(*prepared);
    submission.questionnaire = std::move(form); // its coded items become Observations
    auto queued = core::usecases::submitCompletedForm(*cache, std::move(submission));
    if (!queued)
        return fail(ctx, exitCodeFor(queued.code()), queued.message());
    std::string pinText;
    for (const auto& pin : queued->mappingPins)
        pinText += (pinText.empty() ? "EPR mappings pinned: " : ", ") + pin;
    return succeed(ctx,
                   {{"queued", true},
                    {"type", "QuestionnaireResponse"},
                    {"clientId", queued->clientId},
                    {"questionnaire", queued->questionnaire},
                    {"mappingPins", queued->mappingPins},
                    {"heldPatient", !queued->patientId.empty()},
                    {"observations", queued->observations},
                    {"alreadyQueued", queued->alreadyQueued},
                    {"pending", queued->waiting}},
                   std::string(queued->alreadyQueued ? "Already queued: " : "Queued ") + "QuestionnaireResponse " +
                       queued->clientId + " (" + queued->questionnaire + ")" +
                       (queued->observations > 0
                            ? " with " + std::to_string(queued->observations) + " Observation(s) from its coded answers"
                            : std::string()) +
                       "; " + std::to_string(queued->waiting) + " change(s) waiting to sync.\n" +
                       (pinText.empty() ? std::string() : pinText + ".\n"));
}

int runOutboxList(CliContext& ctx)
{
    core::store::ProfileStore profiles(ctx.profileRoot);
    int exitCode = 0;
    auto cache = unlockProfile(ctx, profiles, exitCode);
    if (!cache)
        return exitCode;
    if (auto wiped = core::usecases::wipeExpiredBriefcase(*cache, std::chrono::system_clock::now()); !wiped)
        return fail(ctx, 1, wiped.message());
    core::sync::SyncStore store(cache->database());
    auto rows = store.outbox(true);
    if (!rows)
        return fail(ctx, 1, rows.message());
    int pending = 0;
    int failed = 0;
    json items = json::array();
    std::ostringstream text;
    for (const auto& row : *rows) {
        (row.state == "failed" ? failed : pending) += 1;
        items.push_back({{"seq", row.seq},
                         {"type", row.type},
                         {"localId", row.localId},
                         {"op", row.op},
                         {"clientId", row.clientId},
                         {"revision", row.revision},
                         {"attempts", row.attempts},
                         {"state", row.state},
                         {"lastError", row.lastError}});
        text << row.seq << "  " << row.state << "  " << row.op << " " << row.type << " " << row.localId;
        if (row.attempts > 0)
            text << "  attempts " << row.attempts;
        if (!row.lastError.empty())
            text << "  (" << row.lastError << ")";
        text << "\n";
    }
    std::ostringstream head;
    head << pending << " pending, " << failed << " failed\n";
    return succeed(ctx, {{"pending", pending}, {"failed", failed}, {"items", items}}, head.str() + text.str());
}

} // namespace

int runSubmitCommand(CliContext& ctx, const Args& args)
{
    if (!args.empty() && (args.front() == "help" || args.front() == "--help"))
        return succeed(ctx, {{"usage", kSubmitUsage}}, std::string(kSubmitUsage) + "\n");
    return runSubmit(ctx, args);
}

int runOutboxCommand(CliContext& ctx, const Args& args)
{
    const std::string sub = args.empty() ? "list" : args.front();
    if (sub != "list")
        return fail(ctx, 2, "unknown outbox command '" + sub + "'; use outbox list [--json]");
    return runOutboxList(ctx);
}

} // namespace avocet::ctl
