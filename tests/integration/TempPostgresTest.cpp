// The throwaway cluster the store tests run on: starts as root or not, answers, cleans up.

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
