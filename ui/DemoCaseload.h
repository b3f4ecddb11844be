#pragma once
// The demo user's working day, made up on first run: a team caseload (Chelmsford CMHT), visits
// today, a Section 2 ending within the week, a Section 3 and a CTO counting down, an overdue risk
// review, a care plan due soon and a PHQ-9 item 9 answer that raises an alert. Synthetic only. The
// clinical facts arrive as an EPR feed would send them (FHIR Encounters, Appointments, CarePlans,
// Observations in sync_resources) and reach the screens through core/sync ClinicalProjection.
#include <QDateTime>

#include "core/common/Result.h"

namespace avocet::core::store {
class Cache;
}

namespace avocet::ui {

inline constexpr const char* kDemoTeam = "Chelmsford CMHT";

// Runs on the worker. Idempotent: records keep their ids and are re-dated relative to nowUtc.
core::Status seedDemoCaseload(core::store::Cache& cache, const QDateTime& nowUtc);

} // namespace avocet::ui
