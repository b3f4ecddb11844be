#include "core/store/Migrations.h"

#include "core/common/Time.h"

namespace avocet::core::store {

Status applyMigrations(Database& db, const std::vector<Migration>& migrations)
{
    auto current = db.queryInt("PRAGMA user_version");
    if (!current)
        return current.error();
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    if (*current > newest)
        return makeError(ErrorCode::StoreMigrationFailed,
                         "This cache was written by a newer version of Avocet (schema " +
                             std::to_string(*current) + "); install the newer version to open it.");

    for (const Migration& m : migrations) {
        if (m.version <= *current)
            continue;
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        Status st = db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
        if (st)
            st = db.exec(m.sql);
        if (st) {
            auto insert =
                db.prepare("INSERT INTO schema_migrations(version, description, applied_at) VALUES (?,?,?)");
            if (!insert)
                return insert.error();
            insert->bindAll(static_cast<std::int64_t>(m.version), m.description, utcNowIso());
            st = insert->run();
        }
        if (st)
            st = db.exec("PRAGMA user_version = " + std::to_string(m.version));
        if (st)
            st = tx->commit();
        if (!st)
            return makeError(ErrorCode::StoreMigrationFailed,
                             "Updating the cache to schema " + std::to_string(m.version) + " (" + m.description +
                                 ") failed: " + st.message());
    }
    return {};
}

} // namespace avocet::core::store
