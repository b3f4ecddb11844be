// The throwaway cluster the store tests run on: starts as root or not, answers, cleans up.

#include "server/PgConnection.h"
#include "tests/integration/support/TempPostgres.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>

using avocet::test::TempPostgres;

TEST(TempPostgres, StartsAClusterThatAcceptsQueriesAndRemovesItsDirectory)
{
    std::filesystem::path directory;
    {
        std::string error;
        auto cluster = TempPostgres::start(error);
        ASSERT_TRUE(cluster) << error;
        directory = cluster->directory();
        EXPECT_TRUE(std::filesystem::exists(directory / "data" / "PG_VERSION"));

        const std::string conninfo = cluster->createDatabase("harness_check", error);
        ASSERT_FALSE(conninfo.empty()) << error;
        PGconn* connection = PQconnectdb(conninfo.c_str());
        ASSERT_EQ(PQstatus(connection), CONNECTION_OK) << PQerrorMessage(connection);
        PGresult* result = PQexec(connection, "SELECT current_database()");
        ASSERT_EQ(PQresultStatus(result), PGRES_TUPLES_OK);
        EXPECT_STREQ(PQgetvalue(result, 0, 0), "harness_check");
        PQclear(result);
        PQfinish(connection);
    }
    EXPECT_FALSE(std::filesystem::exists(directory));
}

// Store errors reach logs and answers; PostgreSQL's DETAIL line quotes row values ("Key
// (nhs)=(...) already exists"), so the hub keeps the primary message only, and logs only the
// SQLSTATE of a statement error (its primary message can quote a value too).
TEST(TempPostgres, StoreErrorsCarryNoRowValuesAndLogOnlyTheirSqlState)
{
    std::string error;
    auto cluster = TempPostgres::start(error);
    ASSERT_TRUE(cluster) << error;
    const std::string conninfo = cluster->createDatabase("error_text_check", error);
    ASSERT_FALSE(conninfo.empty()) << error;
    auto connection = avocet::hub::PgConnection::open(conninfo);
    ASSERT_TRUE(connection.ok()) << connection.message();
    auto& db = *connection.value();
    ASSERT_TRUE(db.execute("CREATE TABLE people (nhs text PRIMARY KEY, born timestamptz)").ok());
    const std::string canary = "9990012040";
    ASSERT_TRUE(db.execute("INSERT INTO people (nhs) VALUES ($1)", {canary}).ok());

    const auto duplicate = db.execute("INSERT INTO people (nhs) VALUES ($1)", {canary});
    ASSERT_FALSE(duplicate.ok());
    EXPECT_TRUE(avocet::hub::isUniqueViolation(duplicate.error()));
    EXPECT_EQ(duplicate.message().find(canary), std::string::npos) << duplicate.message();
    EXPECT_NE(duplicate.message().find("duplicate key"), std::string::npos) << duplicate.message();
    EXPECT_EQ(avocet::hub::loggableError(duplicate.error()), "SQLSTATE 23505");

    const auto badDate = db.execute("INSERT INTO people (nhs, born) VALUES ('x', $1::timestamptz)", {"CANARY-not-a-date"});
    ASSERT_FALSE(badDate.ok());
    EXPECT_TRUE(avocet::hub::isBadInput(badDate.error()));
    EXPECT_EQ(avocet::hub::loggableError(badDate.error()).find("CANARY"), std::string::npos);
}
