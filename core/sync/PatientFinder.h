#pragma once
// Finds the patient-index row a synced resource names: by reference Patient/<id> (a synced Patient's
// id is its index row's id), by NHS number, or by the EPR's patient record identifier, in `subject`
// or `patient` (an Appointment: the patient participant's `actor`). Reference and identifier, when
// both are given, must agree. Used by the clinical projection and by the held-records use case, so
// every screen finds a record's patient the same way.
#include "core/common/Result.h"
#include "core/store/Database.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace avocet::core::sync {

class PatientFinder
{
public:
    explicit PatientFinder(store::Database& db) : m_db(db) {}

    // The index row id, or why none could be found (NotFound: names no patient, or one not in the
    // index; InvalidArgument: the reference cannot be read or names more than one patient).
    Result<std::string> find(const nlohmann::json& resource);

private:
    Result<std::string> fromHolder(const nlohmann::json& holder);
    Result<std::optional<std::string>> lookup(const char* sql, const std::string& first,
                                              const std::optional<std::string>& second);

    store::Database& m_db;
    std::map<std::string, std::optional<store::Statement>> m_statements;
};

} // namespace avocet::core::sync
