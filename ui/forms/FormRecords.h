#pragma once
// Completed and amended form responses on this computer (ui/forms): queueing them through the sync
// outbox together with their audit event and the removal of the draft, in one transaction, and
// reading them back for the form list. Also the embedded templates and EPR mappings by canonical.
// Nothing here logs answers, names or NHS numbers.
#include <QString>
#include <QVector>

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/mapping/EprMapping.h"
#include "ui/Session.h"

namespace avocet::core::store {
class Cache;
}

namespace avocet::ui::forms {

// A QuestionnaireResponse made on this computer (sync_resources, origin local).
struct LocalResponse
{
    QString localId;
    QString status; // completed | amended | entered-in-error
    QString title;
    QString questionnaire; // url|version
    QString authored;      // FHIR dateTime
    bool waiting = false;  // still in the outbox
    nlohmann::json content;
    nlohmann::json form; // the Questionnaire version it answers (synced or built in); null when not held

};

// Worker thread. Queues a completed response with the Observations its coded answers stand for
// (core/usecases submitCompletedForm), records the audit event "form completed: <title>" and deletes
// the draft, all in one transaction. Returns the local id.
Reply<QString> queueCompleted(core::store::Cache& cache, const QString& patientId, const QString& draftId,
                              const QString& title, nlohmann::json response, nlohmann::json questionnaire);
// Worker thread. Queues an amendment of a response already on this computer, its Observations
// following the answers (core/usecases amendSubmittedForm), and records "form amended: <title>", in
// one transaction.
Reply<Done> queueAmended(core::store::Cache& cache, const QString& patientId, const QString& localId,
                         const QString& title, nlohmann::json response, const nlohmann::json& questionnaire);
// Worker thread. The patient's responses made on this computer, newest first.
// builtIns: the templates built into Avocet, when the caller has them read already.
QVector<LocalResponse> localResponses(core::store::Cache& cache, const QString& patientId,
                                      const std::vector<nlohmann::json>& builtIns);
QVector<LocalResponse> localResponses(core::store::Cache& cache, const QString& patientId);

// The templates built into Avocet (":/templates/*.json"), parsed.
std::vector<nlohmann::json> builtInTemplateDocuments();
// The built-in template with this canonical (url|version), from ":/templates"; null when none.
nlohmann::json builtInTemplate(const std::string& canonical);
// A mapping document (shipped, or synced from the hub) checked against the EPR's shipped catalogue.
core::Result<core::mapping::EprMapping> checkedMapping(const nlohmann::json& document, const std::string& origin,
                                                       core::identity::Epr epr);
// The shipped mapping of a template version into one EPR (":/mappings/<name>/<version>/<epr>.json"
// with its catalogue from ":/epr"), checked; an error when none is shipped.
core::Result<core::mapping::EprMapping> shippedMapping(const std::string& templateUrl, const std::string& version,
                                                       core::identity::Epr epr);

} // namespace avocet::ui::forms
