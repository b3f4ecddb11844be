#include "core/sync/PatientFinder.h"

#include "core/common/JsonFields.h"
#include "core/identity/NhsNumber.h"
#include "core/identity/Patient.h"
#include "core/mapping/NativePayload.h"

#include <set>
#include <vector>

namespace avocet::core::sync {

using nlohmann::json;
using jsonfields::member;
using jsonfields::text;

namespace {

bool isPatientSystem(const std::string& system)
{
    if (system == identity::kNhsNumberSystem)
        return true;
    for (const auto epr : {identity::Epr::Paris, identity::Epr::Mobius, identity::Epr::SystmOne})
        if (system == mapping::eprRecordSystem(epr))
            return true;
    return false;
}

} // namespace

Result<std::string> PatientFinder::find(const json& resource)
{
    std::vector<const json*> holders;
    const std::string type = text(resource, "resourceType");
    if (type == "Appointment") {
        const json& participants = member(resource, "participant");
        if (participants.is_array())
            for (const auto& participant : participants) {
                const json& actor = member(participant, "actor");
                const std::string reference = text(actor, "reference");
                const std::string system = text(member(actor, "identifier"), "system");
                if (reference.find("Patient/") != std::string::npos || text(actor, "type") == "Patient" ||
                    isPatientSystem(system))
                    holders.push_back(&actor);
            }
    } else {
        for (const char* field : {"subject", "patient"})
            if (const json& holder = member(resource, field); holder.is_object())
                holders.push_back(&holder);
    }
    if (holders.empty())
        return makeError(ErrorCode::NotFound, "names no patient");
    std::set<std::string> found;
    std::string unknown;
    for (const json* holder : holders) {
        auto id = fromHolder(*holder);
        if (!id)
            return id.error();
        if (id->empty())
            unknown = "names a patient who is not in the patient index";
        else
            found.insert(*id);
    }
    if (found.size() > 1)
        return makeError(ErrorCode::InvalidArgument, "names more than one patient");
    if (found.empty())
        return makeError(ErrorCode::NotFound, unknown);
    return *found.begin();
}

Result<std::string> PatientFinder::fromHolder(const json& holder)
{
    std::set<std::string> ids;
    bool named = false;
    const std::string reference = text(holder, "reference");
    if (!reference.empty()) {
        const auto at = reference.rfind("Patient/");
        if (at == std::string::npos)
            return makeError(ErrorCode::InvalidArgument, "refers to something that is not a Patient");
        std::string id = reference.substr(at + 8);
        if (const auto slash = id.find('/'); slash != std::string::npos)
            id = id.substr(0, slash); // Patient/<id>/_history/<n>
        named = true;
        auto row = lookup("SELECT id FROM patients WHERE id = ?", id, std::nullopt);
        if (!row)
            return row.error();
        if (*row)
            ids.insert(**row);
    }
    if (const json& identifier = member(holder, "identifier"); identifier.is_object()) {
        const std::string system = text(identifier, "system");
        const std::string value = text(identifier, "value");
        if (value.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "names the patient by an identifier without a value");
        Result<std::optional<std::string>> row = std::optional<std::string>{};
        if (system == identity::kNhsNumberSystem) {
            row = lookup("SELECT id FROM patients WHERE nhs_number = ?", value, std::nullopt);
        } else {
            std::optional<identity::Epr> epr;
            for (const auto candidate :
                 {identity::Epr::Paris, identity::Epr::Mobius, identity::Epr::SystmOne})
                if (system == mapping::eprRecordSystem(candidate))
                    epr = candidate;
            if (!epr)
                return makeError(ErrorCode::InvalidArgument,
                                 "names the patient by an identifier system the client does not know");
            row = lookup("SELECT id FROM patients WHERE epr = ? AND epr_id = ?", identity::eprName(*epr),
                         value);
        }
        if (!row)
            return row.error();
        named = true;
        if (*row)
            ids.insert(**row);
    }
    if (!named)
        return makeError(ErrorCode::InvalidArgument,
                         "names the patient neither by reference nor by identifier");
    if (ids.size() > 1)
        return makeError(ErrorCode::InvalidArgument,
                         "names a patient whose reference and identifier disagree");
    return ids.empty() ? std::string() : *ids.begin();
}

Result<std::optional<std::string>> PatientFinder::lookup(const char* sql, const std::string& first,
                                          const std::optional<std::string>& second)
{
    auto& stmt = m_statements[sql];
    if (!stmt) {
        auto prepared = m_db.prepare(sql);
        if (!prepared)
            return prepared.error();
        stmt = std::move(*prepared);
    }
    stmt->bind(1, first);
    if (second)
        stmt->bind(2, *second);
    auto row = stmt->step();
    if (!row)
        return row.error();
    std::optional<std::string> id;
    if (*row)
        id = stmt->text(0);
    if (Status st = stmt->reset(); !st)
        return st.error();
    return id;
}

} // namespace avocet::core::sync
