#pragma once
// Demo workspace only: a few SYNTHETIC native historic records (Paris and Mobius PHQ-9s, a Paris
// risk assessment) for the demo caseload, in the EPRs' own native shapes (resources/epr), so the
// harmonised history has something from every source to show. Every record id starts "SYNTH-".
#include <QDateTime>

#include "core/common/Result.h"

namespace avocet::core::store {
class Cache;
}

namespace avocet::ui::history {

// Worker thread. Idempotent (same record ids, re-dated relative to nowUtc).
// latestPhq9At: when the caseload's demo PHQ-9 score (the item 9 alert) was recorded; the history
// holds that form, so the alert and the history tell the same story.
core::Status seedDemoHistory(core::store::Cache& cache, const QDateTime& nowUtc, const QDateTime& latestPhq9At);

} // namespace avocet::ui::history
