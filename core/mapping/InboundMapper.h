#pragma once
// Inbound: an EPR's native historic record -> a QuestionnaireResponse of the harmonised template,
// so past forms from every EPR show in one consistent view. The response is marked with its source:
// meta.tag (kSourceEprTagSystem, code = EPR name), an identifier in the EPR's record-id system and
// the kSourceRecordExtension (native form, mapping used, native fields that have no entry).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/mapping/EprMapping.h"
#include "core/mapping/NativePayload.h"

namespace avocet::core::mapping {

struct InboundResult
{
    nlohmann::json response;
    std::vector<MappingWarning> warnings;
};

// `record` has the native payload shape (docs/mapping.md); `recordId` and `recordedAt` are used
// when present. Values that cannot be read refuse the record with a message naming the field.
Result<InboundResult> applyInbound(const EprMapping& mapping, const nlohmann::json& record,
                                   const std::string& source = "record");

} // namespace avocet::core::mapping
