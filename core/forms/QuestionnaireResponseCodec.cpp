#include "core/forms/QuestionnaireResponseCodec.h"

#include "core/forms/SdcExtensions.h"
#include "core/identity/NhsNumber.h"

#include <array>
#include <ctime>

namespace avocet::core::forms {

namespace {

using nlohmann::json;

constexpr std::array<std::pair<ResponseStatus, const char*>, 4> kStatuses{{
    {ResponseStatus::InProgress, "in-progress"},
    {ResponseStatus::Completed, "completed"},
    {ResponseStatus::Amended, "amended"},
    {ResponseStatus::EnteredInError, "entered-in-error"},
}};

std::string utcNow()
{
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 32> buffer{};
    std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer.data();
}

std::string summarise(const std::vector<ItemIssue>& issues)
{
    std::string text;
    for (std::size_t i = 0; i < issues.size() && i < 3; ++i) {
        text += (i > 0 ? "; " : " ") + issues[i].linkId + ": " + issues[i].message;
    }
    if (issues.size() > 3) {
        text += " (and " + std::to_string(issues.size() - 3) + " more)";
    }
    return text;
}

} // namespace

const char* responseStatusCode(ResponseStatus status)
{
    for (const auto& [s, code] : kStatuses) {
        if (s == status) {
            return code;
        }
    }
    return "in-progress";
}

std::optional<ResponseStatus> responseStatusFromCode(const std::string& code)
{
    for (const auto& [s, name] : kStatuses) {
        if (code == name) {
            return s;
        }
    }
    return std::nullopt;
}

bool QuestionnaireResponseCodec::isValidNhsNumber(const std::string& digits)
{
    // One rule for the whole engine: identity::NhsNumber. The header holds the bare 10 digits.
    return digits.size() == 10 && identity::NhsNumber::isValid(digits);
}

Status QuestionnaireResponseCodec::checkTransition(ResponseStatus from, ResponseStatus to)
{
    if (from == to || to == ResponseStatus::EnteredInError) {
        return from == ResponseStatus::EnteredInError && to != ResponseStatus::EnteredInError
                   ? Status(makeError(ErrorCode::InvalidArgument,
                                      "A response marked as entered in error cannot be reopened."))
                   : Status::success();
    }
    switch (from) {
    case ResponseStatus::InProgress:
        if (to == ResponseStatus::Completed) {
            return Status::success();
        }
        break;
    case ResponseStatus::Completed:
    case ResponseStatus::Amended:
        if (to == ResponseStatus::Amended) {
            return Status::success();
        }
        break;
    case ResponseStatus::EnteredInError:
        break;
    }
    return makeError(ErrorCode::InvalidArgument, std::string("A response cannot go from ") +
                                                     responseStatusCode(from) + " to " +
                                                     responseStatusCode(to) + ".");
}

Result<json> QuestionnaireResponseCodec::write(const FormSession& session, const ResponseHeader& header)
{
    if (header.status == ResponseStatus::Completed || header.status == ResponseStatus::Amended) {
        auto issues = session.validate();
        if (!issues.empty()) {
            return makeError(ErrorCode::FormNotValid,
                             "The form cannot be marked " + std::string(responseStatusCode(header.status)) +
                                 " until every problem is fixed:" + summarise(issues));
        }
    }
    if (!header.nhsNumber.empty() && !isValidNhsNumber(header.nhsNumber)) {
        return makeError(ErrorCode::IdentityInvalid,
                         "The NHS number is not valid (wrong length or check digit).");
    }
    json response{{"resourceType", "QuestionnaireResponse"}};
    if (!header.id.empty()) {
        response["id"] = header.id;
    }
    if (std::string canonical = session.questionnaire().canonical(); !canonical.empty()) {
        response["questionnaire"] = canonical;
    }
    response["status"] = responseStatusCode(header.status);
    if (!header.nhsNumber.empty()) {
        response["subject"] = {
            {"identifier", {{"system", ext::kNhsNumberSystem}, {"value", header.nhsNumber}}}};
    } else if (!header.subject.is_null()) {
        response["subject"] = header.subject;
    }
    response["authored"] = header.authored.empty() ? utcNow() : header.authored;
    if (!header.author.is_null()) {
        response["author"] = header.author;
    }
    json items = session.responseItems();
    if (!items.empty()) {
        response["item"] = std::move(items);
    }
    return response;
}

Result<LoadedResponse> QuestionnaireResponseCodec::read(FormSession& session, const json& response)
{
    if (!response.is_object() || response.value("resourceType", std::string()) != "QuestionnaireResponse") {
        return makeError(ErrorCode::FormInvalid, "The file is not a FHIR QuestionnaireResponse.");
    }
    LoadedResponse loaded;
    const Questionnaire& q = session.questionnaire();
    std::string canonical = response.value("questionnaire", std::string());
    std::string url = canonical.substr(0, canonical.find('|'));
    std::string version =
        canonical.find('|') == std::string::npos ? "" : canonical.substr(canonical.find('|') + 1);
    if (!q.url().empty() && !url.empty() && url != q.url()) {
        return makeError(ErrorCode::FormInvalid, "This response belongs to a different form (" + url + ").");
    }
    if (!version.empty() && !q.version().empty() && version != q.version()) {
        loaded.issues.push_back({"", 0,
                                 "This response was made with version " + version +
                                     " of the form; this is version " + q.version() +
                                     ". Check each answer below."});
    }
    std::string status = response.value("status", std::string("in-progress"));
    auto parsedStatus = responseStatusFromCode(status);
    if (!parsedStatus) {
        return makeError(ErrorCode::FormInvalid,
                         "The response status '" + status + "' is not one Avocet knows.");
    }
    loaded.header.status = *parsedStatus;
    loaded.header.id = response.value("id", std::string());
    loaded.header.authored = response.value("authored", std::string());
    if (response.contains("author")) {
        loaded.header.author = response["author"];
    }
    if (auto subject = response.find("subject"); subject != response.end()) {
        const json& identifier = subject->value("identifier", json::object());
        if (identifier.value("system", std::string()) == ext::kNhsNumberSystem) {
            loaded.header.nhsNumber = identifier.value("value", std::string());
        } else {
            loaded.header.subject = *subject;
        }
    }
    auto itemIssues = session.loadResponseItems(response.value("item", json::array()));
    loaded.issues.insert(loaded.issues.end(), itemIssues.begin(), itemIssues.end());
    return loaded;
}

} // namespace avocet::core::forms
