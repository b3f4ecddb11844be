#pragma once
// The life of a template: draft -> in review -> active -> retired, with semantic versions.
// FHIR's Questionnaire.status has no "in review", so a draft under review carries the Avocet
// workflow-stage extension (status stays draft and clinicians never receive it). Publishing a
// version checks it against the latest published one: the version must go up, and an
// incompatible change (TemplateDiff::isIncompatible) needs a new major version.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/TemplateDiff.h"

namespace avocet::core::forms {

inline constexpr const char* kWorkflowStageExtension =
    "https://fhir.avocet.example/StructureDefinition/template-workflow-stage";

enum class WorkflowStage { Draft, InReview, Active, Retired };
enum class VersionBump { None, Patch, Minor, Major };

const char* workflowStageName(WorkflowStage stage); // draft, in-review, active, retired
const char* versionBumpName(VersionBump bump);

WorkflowStage workflowStageOf(const nlohmann::json& questionnaire);
// The stages a template may move to next (retired is final; active may only retire).
std::vector<WorkflowStage> allowedNextStages(WorkflowStage from);
// Sets status (and the workflow-stage extension for in-review) on the document, touching nothing else.
Status moveToStage(nlohmann::json& questionnaire, WorkflowStage to);

// The smallest version increase a diff needs: major for incompatible changes, minor for additions
// and new logic, patch for wording, none when nothing changed.
VersionBump requiredBump(const TemplateDiff& diff);
// "1.4.2" + Minor -> "1.5.0". InvalidArgument when the version is not x.y.z.
Result<std::string> bumpVersion(const std::string& version, VersionBump bump);

struct PublishCheck
{
    bool allowed = false;
    VersionBump required = VersionBump::None;
    std::string suggestedVersion; // the smallest version that would be allowed
    std::vector<std::string> reasons; // why not, in plain words
};

// May `candidate` be published after `published` (the newest version already on the hub, or
// nothing)? The candidate must lint without errors (lintErrors), have an x.y.z version above the
// published one and at least the bump its diff requires.
PublishCheck checkPublish(const nlohmann::json* published, const nlohmann::json& candidate, int lintErrors);

} // namespace avocet::core::forms
