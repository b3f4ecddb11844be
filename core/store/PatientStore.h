#pragma once
// Patients held in the encrypted cache.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/store/Database.h"

namespace avocet::core::store {

class PatientStore
{
public:
    explicit PatientStore(Database& db) : m_db(db) {}

    // Inserts or replaces (by id), in batches of batchSize rows per transaction.
    Status upsert(const std::vector<identity::Patient>& patients, std::size_t batchSize = 500);
    Result<std::int64_t> count();
    // Ordered by family name, given name.
    Result<std::vector<identity::Patient>> list(int limit = -1, int offset = 0);
    Result<identity::Patient> get(const std::string& id);
    // As-you-type search: name prefix, NHS number (spaces ignored) or date of birth (YYYY-MM-DD).
    Result<std::vector<identity::Patient>> search(const std::string& query, int limit = 50);

private:
    Database& m_db;
};

} // namespace avocet::core::store
