#pragma once
// The Observations extracted from a response completed on this computer (core/forms
// ObservationExtract), kept as local resources queued for sync like the response itself: one row in
// sync_resources (origin local) and one outbox row per Observation, written in the caller's
// transaction. Idempotent by the derived-observation identifier: each Observation's client
// identifier is a name-based UUID of that identifier, so a retry finds the row it wrote (and the
// hub's If-None-Exist finds its copy); an answer that changed updates its Observation (status
// amended once the hub holds it); one no longer answered is dropped (never sent) or marked
// entered-in-error (sent).
#include "core/common/Result.h"
#include "core/forms/ObservationExtract.h"

#include <optional>
#include <string>
#include <vector>

namespace avocet::core::sync {

class SyncStore;

struct DerivedObservationChanges
{
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int retired = 0; // no longer answered: dropped or entered-in-error
};

// The client identifier (a UUID, version 8, from a BLAKE2b hash) of the Observation with this
// derived-observation identifier value.
std::string derivedClientId(const std::string& derivedKey);

// Writes the extracted Observations of the response with client id `responseClientId`, and
// retires those of the questionnaire's extracted items it no longer answers. patientRef: the
// local link ("Patient/<local id>") kept beside each, as for the response. Runs inside the
// caller's transaction when one is open.
Result<DerivedObservationChanges> storeDerivedObservations(
    SyncStore& store, const forms::Questionnaire& questionnaire, const std::string& responseClientId,
    std::vector<forms::ExtractedObservation> observations, const std::optional<std::string>& patientRef);

} // namespace avocet::core::sync
