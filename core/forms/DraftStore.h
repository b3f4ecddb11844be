#pragma once
// Form drafts in the encrypted cache. A draft is a QuestionnaireResponse in progress together with
// the exact template (url|version and its JSON) it was started on, so a draft begun on an older
// version of a form reopens on that version even after a newer one is installed.
//
// Saving is an upsert keyed by the draft id: the template and the version are written once, when
// the draft is first saved, and never replaced; later saves only replace the response.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/FormSession.h"
#include "core/store/Database.h"

namespace avocet::core::forms {

struct DraftSummary
{
    std::string id;
    std::string patientId;     // local patient id (never an NHS number)
    std::string questionnaire; // url|version the draft was started on
    std::string title;
    std::string createdAt; // UTC ISO 8601
    std::string updatedAt;
};

struct Draft
{
    DraftSummary summary;
    nlohmann::json questionnaireJson; // the template as it was when the draft was started
    nlohmann::json response;          // QuestionnaireResponse, status in-progress
};

class DraftStore
{
public:
    explicit DraftStore(store::Database& db) : m_db(db) {}

    // A new random draft id ("draft-" + 32 hex digits).
    static std::string newId();
    // Builds the draft for a session: the template it runs and its current answers.
    static Result<Draft> capture(const FormSession& session, const std::string& draftId, const std::string& patientId);
    // Opens a session on the draft's own template version and loads its answers.
    static Result<FormSession> restore(const Draft& draft, const SessionOptions& options = {});

    // Inserts or replaces the response of a draft; one transaction, durable when it returns.
    Status save(const Draft& draft);
    Result<std::optional<Draft>> load(const std::string& id);
    // Newest first.
    Result<std::vector<DraftSummary>> listForPatient(const std::string& patientId);
    Status remove(const std::string& id);

private:
    store::Database& m_db;
};

} // namespace avocet::core::forms
