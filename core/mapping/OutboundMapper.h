#pragma once
// Outbound: a completed QuestionnaireResponse -> one EPR's native payload. Every answered item
// either lands in a field, or is handled by the item's explicit policy with a warning; anything
// else (no entry, a code with no map, a transform that cannot apply) refuses the whole payload,
// so nothing is ever sent with a silent gap.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/mapping/EprMapping.h"
#include "core/mapping/NativePayload.h"

namespace avocet::core::mapping {

struct OutboundResult
{
    nlohmann::json payload; // format avocet-native-payload, warnings included
    std::vector<MappingWarning> warnings;
};

// `source` names the response in error messages. The mapping must carry its native form.
Result<OutboundResult> applyOutbound(const EprMapping& mapping, const nlohmann::json& response,
                                     const std::string& source = "response");

// Human rendering of one FHIR answer value (for appended text and rendered attachments).
std::string renderAnswer(const nlohmann::json& answer);

} // namespace avocet::core::mapping
