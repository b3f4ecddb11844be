#include "core/forms/DraftStore.h"

#include "core/common/Time.h"
#include "core/crypto/SecureBuffer.h"
#include "core/forms/QuestionnaireResponseCodec.h"

namespace avocet::core::forms {

using nlohmann::json;

namespace {

Result<json> parseStored(const std::string& text, const char* what)
{
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
        return makeError(ErrorCode::StoreCorrupt, std::string("A saved draft's ") + what + " could not be read.");
    }
    return parsed;
}

DraftSummary summaryFrom(const store::Statement& row)
{
    DraftSummary summary;
    summary.id = row.text(0);
    summary.patientId = row.text(1);
    summary.questionnaire = row.text(2);
    summary.title = row.text(3);
    summary.createdAt = row.text(4);
    summary.updatedAt = row.text(5);
    return summary;
}

} // namespace

std::string DraftStore::newId()
{
    const auto bytes = crypto::SecureBuffer::random(16);
    return "draft-" + crypto::toHex(bytes.data(), bytes.size());
}

Result<Draft> DraftStore::capture(const FormSession& session, const std::string& draftId, const std::string& patientId)
{
    if (draftId.empty()) {
        return makeError(ErrorCode::InvalidArgument, "A draft needs an id.");
    }
    ResponseHeader header;
    header.status = ResponseStatus::InProgress;
    header.id = draftId;
    auto response = QuestionnaireResponseCodec::write(session, header);
    if (!response) {
        return response.error();
    }
    const Questionnaire& q = session.questionnaire();
    Draft draft;
    draft.summary.id = draftId;
    draft.summary.patientId = patientId;
    draft.summary.questionnaire = q.canonical();
    draft.summary.title = q.title();
    draft.questionnaireJson = q.json();
    draft.response = std::move(*response);
    return draft;
}

Result<FormSession> DraftStore::restore(const Draft& draft, const SessionOptions& options)
{
    auto questionnaire = Questionnaire::fromJson(draft.questionnaireJson);
    if (!questionnaire) {
        return questionnaire.error();
    }
    SessionOptions opened = options;
    opened.applyInitialValues = false; // the draft holds exactly what was on screen, initial values included
    auto session = FormSession::open(*questionnaire, opened);
    if (!session) {
        return session.error();
    }
    auto loaded = QuestionnaireResponseCodec::read(*session, draft.response);
    if (!loaded) {
        return loaded.error();
    }
    return std::move(*session);
}

Status DraftStore::save(const Draft& draft)
{
    const DraftSummary& s = draft.summary;
    // questionnaire may be empty for a template without a url: the kept template JSON still pins it.
    if (s.id.empty() || draft.questionnaireJson.is_null()) {
        return makeError(ErrorCode::InvalidArgument, "A draft needs an id and the form it was started on.");
    }
    const std::string now = utcNowIso();
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    // The template and its version are kept from the first save: a draft stays on its version.
    auto stmt = m_db.prepare(R"sql(
INSERT INTO form_drafts (id, patient_id, questionnaire, title, template, response, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
ON CONFLICT(id) DO UPDATE SET response = excluded.response, updated_at = excluded.updated_at
)sql");
    if (!stmt) {
        return stmt.error();
    }
    const std::string templateText = draft.questionnaireJson.dump();
    const std::string responseText = draft.response.dump();
    stmt->bindAll(s.id, s.patientId, s.questionnaire, s.title, templateText, responseText, now);
    if (Status st = stmt->run(); !st) {
        return st;
    }
    return tx->commit();
}

Result<std::optional<Draft>> DraftStore::load(const std::string& id)
{
    auto stmt = m_db.prepare("SELECT id, patient_id, questionnaire, title, created_at, updated_at, template, response "
                             "FROM form_drafts WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<Draft>{};
    }
    Draft draft;
    draft.summary = summaryFrom(*stmt);
    auto questionnaire = parseStored(stmt->text(6), "form template");
    if (!questionnaire) {
        return questionnaire.error();
    }
    auto response = parseStored(stmt->text(7), "answers");
    if (!response) {
        return response.error();
    }
    draft.questionnaireJson = std::move(*questionnaire);
    draft.response = std::move(*response);
    return std::optional<Draft>(std::move(draft));
}

Result<std::vector<DraftSummary>> DraftStore::listForPatient(const std::string& patientId)
{
    auto stmt = m_db.prepare("SELECT id, patient_id, questionnaire, title, created_at, updated_at FROM form_drafts "
                             "WHERE patient_id = ?1 ORDER BY updated_at DESC, rowid DESC");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, patientId);
    std::vector<DraftSummary> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back(summaryFrom(*stmt));
    }
    return out;
}

Status DraftStore::remove(const std::string& id)
{
    auto stmt = m_db.prepare("DELETE FROM form_drafts WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, id);
    return stmt->run();
}

} // namespace avocet::core::forms
