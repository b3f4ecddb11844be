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
core::Status seedDemoHistory(core::store::Cache& cache, const QDateTime& nowUtc);

} // namespace avocet::ui::history
