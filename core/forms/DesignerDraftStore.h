#pragma once
// The template designer's work in progress in the encrypted cache. A change manager's unfinished
// template (with the EPR mappings edited beside it and the version it is compared with) is saved
// after each change and offered back the next time the designer opens, so closing the window, a
// crash or a lock never loses it. The cache is the user's own, so there is one draft: saving
// replaces it.

#include "core/common/Result.h"
#include "core/store/Database.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace avocet::core::forms {

struct DesignerDraft
{
    nlohmann::json questionnaire;                   // the template being designed
    std::map<std::string, nlohmann::json> mappings; // EPR name -> mapping document
    std::optional<nlohmann::json> baseline;         // the version it is compared with
    std::map<std::string, nlohmann::json> baselineMappings;
    std::string updatedAt; // UTC ISO 8601, set by save()

    // The template's title, or its url when it has none.
    std::string title() const;
    // The draft as one JSON document ("format": "avocet-designer-draft") and back; a document that
    // is not one is refused with StoreCorrupt.
    nlohmann::json toJson() const;
    static Result<DesignerDraft> fromJson(const nlohmann::json& document);
};

class DesignerDraftStore
{
public:
    explicit DesignerDraftStore(store::Database& db) : m_db(db) {}

    // Replaces the draft; one statement, durable when it returns.
    Status save(const DesignerDraft& draft);
    Result<std::optional<DesignerDraft>> load();
    Status remove();

private:
    store::Database& m_db;
};

} // namespace avocet::core::forms
