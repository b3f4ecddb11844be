#pragma once
// The harmonised form history of one patient: every form from every EPR in one list and one
// rendering. Local drafts and submissions made on this computer (with where they were delivered,
// from ui/sync's receipts), plus native historic records from Paris, Mobius and SystmOne converted
// to the harmonised template by core/mapping inbound and marked with their source EPR.
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "ui/PatientRow.h"

namespace avocet::core::store {
class Cache;
}

namespace avocet::ui::history {

struct HistoryEntry
{
    enum class Kind { Draft, Submitted, Native };
    Kind kind = Kind::Native;
    QString id;        // draft id, local response id, or the EPR record id
    QString title;
    QString status;    // in-progress | completed | amended | entered-in-error
    QDateTime when;
    QString source;    // "This computer" or the EPR ("Paris")
    QStringList delivery; // submissions made here: one line per EPR, or "Waiting to send from this computer"
    QString score;     // "Total 14" when the form has a total
    nlohmann::json response; // QuestionnaireResponse (harmonised)
    nlohmann::json questionnaire; // the harmonised template, when installed
};

// Worker thread: the patient's history, newest first.
QVector<HistoryEntry> loadHistory(core::store::Cache& cache, const PatientRow& patient);

// One rendering for every source: "Question: answer" lines in the template's order.
QString renderResponse(const nlohmann::json& questionnaire, const nlohmann::json& response);

// Worker thread: native historic records of an EPR, as its feed delivers them: each converted by the
// EPR's shipped inbound mapping into the harmonised template and held as a synced
// QuestionnaireResponse marked with its EPR (a record id seen again replaces the earlier one).
// records: a JSON array of {"patientId", "mapping": "<template>/<version>", "record": native payload}.
// A record that cannot be converted refuses the whole call, naming the record; nothing is kept.
core::Status addNativeRecords(core::store::Cache& cache, const nlohmann::json& records);

} // namespace avocet::ui::history
