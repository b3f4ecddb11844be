#pragma once
// A completed form that completes a review: the template says so with the Questionnaire extension
// https://fhir.avocet.example/StructureDefinition/completes-review (sub-extensions `subject`, the
// review subject the rule tables know: "care-plan" or "risk-assessment", and `dateItem`, the linkId
// of the date item that holds the day of the review). The review becomes a CarePlan of that subject
// (category review-subject, status active, period.start the day of the review, the care setting
// as an extension), kept as a local resource queued for sync beside the response, exactly as the
// EPRs' own care plans arrive. The clinical projection then takes it as the latest review, so the
// next review date follows from the rule tables at once, off-line. Idempotent by the response: the
// CarePlan's client identifier is a name-based UUID of "<response client id>#review", so a retry
// or an amendment finds the plan it wrote and updates it only when the day or setting changed.
#include "core/common/Result.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace avocet::core::forms {
class Questionnaire;
}

namespace avocet::core::sync {

class SyncStore;
struct LocalResource;

inline constexpr const char* kCompletesReviewExtension =
    "https://fhir.avocet.example/StructureDefinition/completes-review";
inline constexpr const char* kReviewSubjectSystem = "https://fhir.avocet.example/CodeSystem/review-subject";
inline constexpr const char* kCareSettingExtension = "https://fhir.avocet.example/StructureDefinition/care-setting";
inline constexpr const char* kDerivedReviewSystem = "https://fhir.avocet.example/Id/derived-review";

struct ReviewCompletion
{
    std::string subject;  // "care-plan" | "risk-assessment"
    std::string dateItem; // linkId of the date item; empty: the day the form was completed
};

// What the template declares, or nullopt when it completes no review. InvalidArgument, naming the
// element, when the extension is there but says something the rules do not know.
Result<std::optional<ReviewCompletion>> reviewCompletedBy(const forms::Questionnaire& questionnaire);

// The day of the review a response records: the answer to the date item, else the London date it
// was authored on. Empty when neither can be read.
std::string reviewDay(const nlohmann::json& response, const ReviewCompletion& completion);

enum class ReviewChange { None, Created, Updated };

// Writes (or updates) the CarePlan for the response, inside the caller's transaction when one is
// open. `setting`: "community" or "inpatient".
Result<ReviewChange> storeDerivedReview(SyncStore& store, const ReviewCompletion& completion,
                                        const LocalResource& response, const std::string& setting);

} // namespace avocet::core::sync
