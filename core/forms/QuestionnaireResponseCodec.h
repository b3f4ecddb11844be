#pragma once
// Reads and writes FHIR R4 QuestionnaireResponse resources for a FormSession.
// Scores are always recomputed from the answers; a stored score is never trusted.

#include "core/common/Result.h"
#include "core/forms/FormSession.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::core::forms {

enum class ResponseStatus
{
    InProgress,
    Completed,
    Amended,
    EnteredInError
};

const char* responseStatusCode(ResponseStatus status);
std::optional<ResponseStatus> responseStatusFromCode(const std::string& code);

struct ResponseHeader
{
    ResponseStatus status = ResponseStatus::InProgress;
    std::string id;
    std::string authored;   // FHIR dateTime; the current UTC time when empty
    nlohmann::json author;  // a Reference, e.g. {"reference": "Practitioner/…"}; omitted when null
    std::string nhsNumber;  // subject, as an identifier with the NHS number system
    nlohmann::json subject; // any other subject Reference, used when there is no NHS number
};

struct LoadedResponse
{
    ResponseHeader header;
    std::vector<ItemIssue> issues; // answers that do not fit this version of the form, item by item
};

class QuestionnaireResponseCodec
{
public:
    // FormNotValid when asked for completed/amended while the answers are not valid.
    static Result<nlohmann::json> write(const FormSession& session, const ResponseHeader& header);
    // Loads the answers into the session. FormInvalid when it is not a response to this form.
    static Result<LoadedResponse> read(FormSession& session, const nlohmann::json& response);
    // FHIR status rules: drafts may complete; completed may be amended; anything may be
    // entered-in-error; nothing comes back from entered-in-error.
    static Status checkTransition(ResponseStatus from, ResponseStatus to);
    // The bare 10 digits of a number identity::NhsNumber accepts (modulus 11, never-issued
    // numbers refused).
    static bool isValidNhsNumber(const std::string& digits);
};

} // namespace avocet::core::forms
