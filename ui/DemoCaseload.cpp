#include "ui/DemoCaseload.h"

#include <QTimeZone>

#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "ui/history/DemoHistory.h"

namespace avocet::ui {

namespace {

std::string iso(const QDateTime& when)
{
    return when.toUTC().toString(Qt::ISODate).toStdString();
}

std::string isoDate(const QDate& day)
{
    return day.toString(Qt::ISODate).toStdString();
}

} // namespace

core::Status seedDemoCaseload(core::store::Cache& cache, const QDateTime& nowUtc)
{
    // Re-dated on every demo start (same ids, so nothing piles up): "today" stays today.
    core::store::CaseloadStore caseload(cache.database());
    if (core::Status st = caseload.setTeams({kDemoTeam}); !st)
        return st;
    auto patients = caseload.caseloadPatients(40);
    if (!patients)
        return patients.error();
    if (patients->size() < 8)
        return {};
    const auto& p = *patients;
    const QTimeZone london("Europe/London");
    const QDateTime now = nowUtc.toTimeZone(london);
    const QDate today = now.date();

    // Today's visits, in London wall-clock time.
    const struct
    {
        int patient;
        int hour, minute, minutes;
        const char* kind;
        const char* place;
    } visits[] = {{0, 9, 30, 60, "Home visit", "CM1"},    {4, 11, 0, 30, "Depot clinic", "Chelmsford clinic"},
                  {2, 13, 30, 45, "CTO review", "Home"},  {3, 15, 0, 60, "Risk review", "Home"},
                  {6, 16, 30, 30, "Phone call", "Phone"}};
    int n = 0;
    for (const auto& v : visits) {
        const QDateTime start(today, QTime(v.hour, v.minute), london);
        core::store::Visit visit{"demo-visit-" + std::to_string(++n), p[size_t(v.patient)].id, iso(start), v.minutes,
                                 v.kind, v.place, "planned"};
        if (core::Status st = caseload.upsertVisit(visit); !st)
            return st;
    }

    // Mental Health Act: a Section 2 in its last week, a Section 3 and a CTO with months to run.
    const QDateTime s2Start(today.addDays(-24), QTime(14, 0), london);
    const QDateTime s3Start(today.addMonths(-4).addDays(-10), QTime(11, 15), london);
    const QDateTime ctoStart(today.addMonths(-2), QTime(10, 0), london);
    for (const auto& status : {core::store::LegalStatusRecord{"demo-mha-1", p[0].id, "s2", iso(s2Start), {}, false, {}},
                               core::store::LegalStatusRecord{"demo-mha-2", p[1].id, "s3", iso(s3Start), {}, false, {}},
                               core::store::LegalStatusRecord{"demo-mha-3", p[2].id, "cto", iso(ctoStart), {}, false,
                                                              {}}}) {
        if (core::Status st = caseload.upsertLegalStatus(status); !st)
            return st;
    }

    // Reviews: one risk review overdue, one care plan due soon, the rest in date.
    const core::store::ReviewRecord reviews[] = {
        {p[3].id, "risk-assessment", "community", isoDate(today.addMonths(-7))},
        {p[1].id, "care-plan", "community", isoDate(today.addMonths(-12).addDays(10))},
        {p[0].id, "risk-assessment", "community", isoDate(today.addMonths(-1))},
        {p[4].id, "care-plan", "community", isoDate(today.addMonths(-3))}};
    for (const auto& review : reviews) {
        if (core::Status st = caseload.upsertReview(review); !st)
            return st;
    }

    // A PHQ-9 completed yesterday with item 9 answered "several days" (1).
    const QDateTime phq9At(today.addDays(-1), QTime(15, 40), london);
    const std::string yesterday = iso(phq9At);
    for (const auto& score : {core::store::ScoreRecord{"demo-score-1", p[4].id, "PHQ-9", "9", 1, yesterday},
                              core::store::ScoreRecord{"demo-score-2", p[4].id, "PHQ-9", "total", 14, yesterday}}) {
        if (core::Status st = caseload.addScore(score); !st)
            return st;
    }
    // Synthetic native historic records from Paris and Mobius for the harmonised history (ui/history).
    return history::seedDemoHistory(cache, nowUtc, phq9At);
}

} // namespace avocet::ui
