#include "core/forms/TemplateVersioning.h"

#include "core/mapping/SemVer.h"

namespace avocet::core::forms {

namespace {

using nlohmann::json;
using mapping::SemVer;

void removeStageExtension(json& questionnaire)
{
    if (!questionnaire.contains("extension") || !questionnaire["extension"].is_array())
        return;
    json kept = json::array();
    for (json& ext : questionnaire["extension"])
        if (!ext.is_object() || ext.value("url", std::string()) != kWorkflowStageExtension)
            kept.push_back(std::move(ext));
    if (kept.empty())
        questionnaire.erase("extension");
    else
        questionnaire["extension"] = std::move(kept);
}

} // namespace

const char* workflowStageName(WorkflowStage stage)
{
    switch (stage) {
    case WorkflowStage::Draft: return "draft";
    case WorkflowStage::InReview: return "in-review";
    case WorkflowStage::Active: return "active";
    case WorkflowStage::Retired: return "retired";
    }
    return "draft";
}

const char* versionBumpName(VersionBump bump)
{
    switch (bump) {
    case VersionBump::None: return "none";
    case VersionBump::Patch: return "patch";
    case VersionBump::Minor: return "minor";
    case VersionBump::Major: return "major";
    }
    return "none";
}

WorkflowStage workflowStageOf(const json& questionnaire)
{
    const std::string status = questionnaire.value("status", std::string("draft"));
    if (status == "active")
        return WorkflowStage::Active;
    if (status == "retired")
        return WorkflowStage::Retired;
    if (questionnaire.contains("extension") && questionnaire["extension"].is_array())
        for (const json& ext : questionnaire["extension"])
            if (ext.is_object() && ext.value("url", std::string()) == kWorkflowStageExtension &&
                ext.value("valueCode", std::string()) == "in-review")
                return WorkflowStage::InReview;
    return WorkflowStage::Draft;
}

std::vector<WorkflowStage> allowedNextStages(WorkflowStage from)
{
    switch (from) {
    case WorkflowStage::Draft: return {WorkflowStage::InReview};
    case WorkflowStage::InReview: return {WorkflowStage::Draft, WorkflowStage::Active};
    case WorkflowStage::Active: return {WorkflowStage::Retired};
    case WorkflowStage::Retired: return {};
    }
    return {};
}

Status moveToStage(json& questionnaire, WorkflowStage to)
{
    const WorkflowStage from = workflowStageOf(questionnaire);
    bool allowed = false;
    for (WorkflowStage next : allowedNextStages(from))
        allowed = allowed || next == to;
    if (!allowed)
        return makeError(ErrorCode::InvalidArgument, std::string("A template cannot go from ") +
                                                         workflowStageName(from) + " to " + workflowStageName(to) +
                                                         ". The order is draft, in review, active, retired.");
    removeStageExtension(questionnaire);
    switch (to) {
    case WorkflowStage::Draft: questionnaire["status"] = "draft"; break;
    case WorkflowStage::InReview:
        questionnaire["status"] = "draft";
        if (!questionnaire.contains("extension") || !questionnaire["extension"].is_array())
            questionnaire["extension"] = json::array();
        questionnaire["extension"].push_back(json{{"url", kWorkflowStageExtension}, {"valueCode", "in-review"}});
        break;
    case WorkflowStage::Active: questionnaire["status"] = "active"; break;
    case WorkflowStage::Retired: questionnaire["status"] = "retired"; break;
    }
    return Status::success();
}

VersionBump requiredBump(const TemplateDiff& diff)
{
    if (diff.isEmpty())
        return VersionBump::None;
    if (diff.isIncompatible())
        return VersionBump::Major;
    if (diff.hasAdditions())
        return VersionBump::Minor;
    return VersionBump::Patch;
}

Result<std::string> bumpVersion(const std::string& version, VersionBump bump)
{
    auto parsed = SemVer::parse(version);
    if (!parsed)
        return makeError(ErrorCode::InvalidArgument,
                         "Version '" + version + "' is not a semantic version such as 1.2.0.");
    SemVer next = *parsed;
    switch (bump) {
    case VersionBump::None: break;
    case VersionBump::Patch: ++next.patch; break;
    case VersionBump::Minor:
        ++next.minor;
        next.patch = 0;
        break;
    case VersionBump::Major:
        ++next.major;
        next.minor = 0;
        next.patch = 0;
        break;
    }
    return next.toString();
}

PublishCheck checkPublish(const json* published, const json& candidate, int lintErrors)
{
    PublishCheck check;
    const std::string version = candidate.value("version", std::string());
    auto candidateVersion = SemVer::parse(version);
    if (lintErrors > 0)
        check.reasons.push_back("The template has " + std::to_string(lintErrors) +
                                " lint error(s); fix them before publishing.");
    if (!candidateVersion)
        check.reasons.push_back("Version '" + version + "' is not a semantic version such as 1.2.0.");
    if (!published) {
        check.required = VersionBump::None;
        check.suggestedVersion = candidateVersion ? version : "1.0.0";
        check.allowed = check.reasons.empty();
        return check;
    }
    const std::string publishedText = published->value("version", std::string());
    auto publishedVersion = SemVer::parse(publishedText);
    if (published->value("url", std::string()) != candidate.value("url", std::string()))
        check.reasons.push_back("The template's url differs from the published one; publish it as a new template.");
    const TemplateDiff diff = diffTemplates(*published, candidate);
    check.required = requiredBump(diff);
    if (!publishedVersion) {
        check.reasons.push_back("The published version '" + publishedText + "' is not a semantic version.");
        return check;
    }
    auto suggested = bumpVersion(publishedText, check.required == VersionBump::None ? VersionBump::Patch : check.required);
    check.suggestedVersion = suggested ? *suggested : std::string();
    if (candidateVersion) {
        const SemVer& from = *publishedVersion;
        const SemVer& to = *candidateVersion;
        if (to <= from)
            check.reasons.push_back("Version " + version + " is not above the published " + publishedText +
                                    "; use " + check.suggestedVersion + ".");
        else if (check.required == VersionBump::Major && to.major == from.major)
            check.reasons.push_back("This change is incompatible with " + publishedText +
                                    " (see the diff), so it needs a new major version: " + check.suggestedVersion + ".");
        else if (check.required == VersionBump::Minor && to.major == from.major && to.minor == from.minor)
            check.reasons.push_back("This change adds to " + publishedText + ", so it needs at least a minor version: " +
                                    check.suggestedVersion + ".");
    }
    check.allowed = check.reasons.empty();
    return check;
}

} // namespace avocet::core::forms
