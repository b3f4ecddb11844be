#include "core/forms/DesignerDraftStore.h"

#include "core/common/Time.h"

namespace avocet::core::forms {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "avocet-designer-draft";
constexpr const char* kDraftId = "current";

json mapOf(const std::map<std::string, json>& documents)
{
    json out = json::object();
    for (const auto& [name, document] : documents) {
        out[name] = document;
    }
    return out;
}

std::map<std::string, json> documentsOf(const json& holder, const char* key)
{
    std::map<std::string, json> out;
    const auto found = holder.find(key);
    if (found == holder.end() || !found->is_object()) {
        return out;
    }
    for (auto it = found->begin(); it != found->end(); ++it) {
        out[it.key()] = it.value();
    }
    return out;
}

Error corrupt()
{
    return Error{ErrorCode::StoreCorrupt, "The saved designer draft could not be read."};
}

} // namespace

std::string DesignerDraft::title() const
{
    if (!questionnaire.is_object()) {
        return {};
    }
    for (const char* key : {"title", "url"}) {
        const auto found = questionnaire.find(key);
        if (found != questionnaire.end() && found->is_string() && !found->get<std::string>().empty()) {
            return found->get<std::string>();
        }
    }
    return {};
}

json DesignerDraft::toJson() const
{
    return json{{"format", kFormat},
                {"formatVersion", 1},
                {"questionnaire", questionnaire},
                {"mappings", mapOf(mappings)},
                {"baseline", baseline ? *baseline : json()},
                {"baselineMappings", mapOf(baselineMappings)}};
}

Result<DesignerDraft> DesignerDraft::fromJson(const json& document)
{
    if (!document.is_object() || document.value("format", json()) != json(kFormat) ||
        !document.contains("questionnaire") || !document["questionnaire"].is_object()) {
        return corrupt();
    }
    DesignerDraft draft;
    draft.questionnaire = document["questionnaire"];
    draft.mappings = documentsOf(document, "mappings");
    if (const auto baseline = document.find("baseline");
        baseline != document.end() && baseline->is_object()) {
        draft.baseline = *baseline;
    }
    draft.baselineMappings = documentsOf(document, "baselineMappings");
    return draft;
}

Status DesignerDraftStore::save(const DesignerDraft& draft)
{
    if (!draft.questionnaire.is_object()) {
        return makeError(ErrorCode::InvalidArgument, "A designer draft needs a template.");
    }
    auto stmt = m_db.prepare(R"sql(
INSERT INTO designer_drafts (id, title, document, updated_at) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT(id) DO UPDATE SET title = excluded.title, document = excluded.document, updated_at = excluded.updated_at
)sql");
    if (!stmt) {
        return stmt.error();
    }
    const std::string document = draft.toJson().dump(-1, ' ', false, json::error_handler_t::replace);
    stmt->bindAll(std::string(kDraftId), draft.title(), document, utcNowIso());
    return stmt->run();
}

Result<std::optional<DesignerDraft>> DesignerDraftStore::load()
{
    auto stmt = m_db.prepare("SELECT document, updated_at FROM designer_drafts WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, std::string(kDraftId));
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<DesignerDraft>{};
    }
    const json parsed = json::parse(stmt->text(0), nullptr, false);
    auto draft = DesignerDraft::fromJson(parsed);
    if (!draft) {
        return draft.error();
    }
    draft->updatedAt = stmt->text(1);
    return std::optional<DesignerDraft>(std::move(*draft));
}

Status DesignerDraftStore::remove()
{
    auto stmt = m_db.prepare("DELETE FROM designer_drafts WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, std::string(kDraftId));
    return stmt->run();
}

} // namespace avocet::core::forms
