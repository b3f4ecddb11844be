#include "ui/history/DemoHistory.h"

#include <nlohmann/json.hpp>

#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "ui/history/FormHistory.h"

namespace avocet::ui::history {

namespace {

using nlohmann::json;

json payload(const char* epr, const char* form, const char* version, const std::string& recordId,
             const QDateTime& when, json fields)
{
    return {{"format", "avocet-native-payload"},
            {"formatVersion", 1},
            {"epr", epr},
            {"form", {{"id", form}, {"version", version}}},
            {"recordId", recordId},
            {"recordedAt", when.toUTC().toString(Qt::ISODate).toStdString()},
            {"fields", std::move(fields)}};
}

json parisPhq9(const QDateTime& when, const std::string& id, const int (&items)[9], int difficulty)
{
    json fields = {{"PHQ_DATE", when.date().toString(QStringLiteral("dd/MM/yyyy")).toStdString()}};
    int total = 0;
    for (int i = 0; i < 9; ++i) {
        fields["PHQ_Q" + std::to_string(i + 1)] = std::to_string(items[i]);
        total += items[i];
    }
    fields["PHQ_TOTAL"] = total;
    fields["PHQ_FUNC"] = std::to_string(difficulty);
    fields["PHQ_BAND"] = total >= 20 ? "SEV" : total >= 15 ? "MODSEV" : total >= 10 ? "MOD" : total >= 5 ? "MILD" : "NONE";
    return payload("Paris", "PAR_PHQ9", "2", id, when, std::move(fields));
}

json mobiusPhq9(const QDateTime& when, const std::string& id, const int (&items)[9])
{
    static const char* codes[] = {"NAA", "SD", "MTHD", "NED"};
    json fields = {{"dateCompleted", when.date().toString(Qt::ISODate).toStdString()}};
    int total = 0;
    for (int i = 0; i < 9; ++i) {
        fields["item" + std::to_string(i + 1)] = codes[items[i]];
        total += items[i];
    }
    fields["totalScore"] = total;
    return payload("Mobius", "MOB-PHQ9", "1", id, when, std::move(fields));
}

} // namespace

core::Status seedDemoHistory(core::store::Cache& cache, const QDateTime& nowUtc, const QDateTime& latestPhq9At)
{
    core::store::CaseloadStore caseload(cache.database());
    auto patients = caseload.caseloadPatients(40);
    if (!patients)
        return patients.error();
    if (patients->size() < 5)
        return {};
    const auto& p = *patients;
    const QDateTime now = nowUtc.toUTC();
    json records = json::array();
    auto add = [&](const std::string& patientId, const char* mapping, json record) {
        records.push_back({{"patientId", patientId}, {"mapping", mapping}, {"record", std::move(record)}});
    };
    // SYNTHETIC answers, for illustration only.
    const int low[9] = {1, 1, 0, 1, 0, 0, 1, 0, 0};
    const int moderate[9] = {2, 2, 1, 2, 1, 1, 2, 1, 0};
    const int high[9] = {3, 2, 2, 3, 2, 2, 2, 1, 1};
    for (std::size_t i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i + 1);
        add(p[i].id, "phq9-outcome/1.0.0",
            parisPhq9(now.addDays(-400 - qint64(i) * 7).addSecs(-3600), "SYNTH-PAR-PHQ-000" + n, high, 2));
        add(p[i].id, "phq9-outcome/1.0.0",
            mobiusPhq9(now.addDays(-200 - qint64(i) * 5).addSecs(-7200), "SYNTH-MOB-PHQ-000" + n, moderate));
        add(p[i].id, "phq9-outcome/1.0.0",
            parisPhq9(now.addDays(-60 - qint64(i) * 3).addSecs(-5400), "SYNTH-PAR-PHQ-100" + n, low, 1));
        add(p[i].id, "risk-assessment/1.0.0",
            payload("Paris", "PAR_RISK_SHORT", "7", "SYNTH-PAR-RA-000" + n, now.addDays(-90 - qint64(i)),
                    {{"RA_DATE", now.addDays(-90 - qint64(i)).date().toString(QStringLiteral("dd/MM/yyyy")).toStdString()},
                     {"RA_SH_LVL", "M"},
                     {"RA_SUI_IDEATION", "N"},
                     {"RA_VIOL_LVL", "L"},
                     {"RA_SAFEGUARD", "N"},
                     {"RA_NARR", "Synthetic demo narrative: engaging with the team, no new concerns."},
                     {"RA_REVIEW", now.addDays(90 - qint64(i)).date().toString(QStringLiteral("dd/MM/yyyy")).toStdString()},
                     {"RA_ASSESSOR_GRADE", "B6"}}));
    }
    // The PHQ-9 behind the caseload's item 9 alert for the fifth patient: total 14, item 9 = 1.
    const int latest[9] = {2, 2, 2, 2, 1, 1, 2, 1, 1};
    if (latestPhq9At.isValid())
        add(p[4].id, "phq9-outcome/1.0.0", mobiusPhq9(latestPhq9At.toUTC(), "SYNTH-MOB-PHQ-2005", latest));
    return addNativeRecords(cache, records);
}

} // namespace avocet::ui::history
