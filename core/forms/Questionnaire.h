#pragma once
// A loaded FHIR R4 Questionnaire (with the SDC features in DOMAIN.md). Immutable and cheap to
// copy: copies share the parsed document and item tree.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/JsonDocument.h"
#include "core/forms/QuestionnaireItem.h"

namespace avocet::core::forms {

// A problem found while reading the template that does not stop it loading; lint reports them.
struct LoadIssue
{
    std::string linkId;
    std::string message;
};

class Questionnaire
{
public:
    static constexpr std::size_t kMaxItems = 50'000;

    static Result<Questionnaire> fromText(std::string_view text, const JsonLimits& limits = {});
    static Result<Questionnaire> fromJson(nlohmann::json json);

    // The document as loaded: unknown elements and extensions untouched.
    const nlohmann::json& json() const { return m_data->json; }
    nlohmann::json toJson() const { return m_data->json; }

    std::string url() const;
    std::string version() const;
    std::string canonical() const; // "url|version", or url alone when there is no version
    std::string title() const;

    const std::vector<QuestionnaireItem>& items() const { return m_data->items; }
    // Every item in document order (pre-order).
    const std::vector<const QuestionnaireItem*>& allItems() const { return m_data->flat; }
    const QuestionnaireItem* findItem(const std::string& linkId) const;
    const std::vector<NamedExpression>& rootVariables() const { return m_data->rootVariables; }
    const std::vector<LoadIssue>& loadIssues() const { return m_data->issues; }
    // A contained resource by local reference ("#VSPHQ9") or canonical url.
    const nlohmann::json* findContained(const std::string& reference) const;

private:
    struct Data
    {
        nlohmann::json json;
        std::vector<QuestionnaireItem> items;
        std::vector<const QuestionnaireItem*> flat;
        std::map<std::string, const QuestionnaireItem*, std::less<>> byLinkId;
        std::vector<NamedExpression> rootVariables;
        std::vector<LoadIssue> issues;
    };
    friend class QuestionnaireReader;

    explicit Questionnaire(std::shared_ptr<const Data> data) : m_data(std::move(data)) {}
    std::shared_ptr<const Data> m_data;
};

} // namespace avocet::core::forms
