#include "tests/integration/support/HubSql.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

namespace avocet::test {

std::string sqlValue(const std::string& conninfo, const std::string& statement)
{
    PGconn* connection = PQconnectdb(conninfo.c_str());
    EXPECT_EQ(PQstatus(connection), CONNECTION_OK) << PQerrorMessage(connection);
    PGresult* result = PQexec(connection, statement.c_str());
    const auto status = PQresultStatus(result);
    EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        << statement << ": " << PQresultErrorMessage(result);
    std::string value;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && PQnfields(result) > 0)
        value = PQgetvalue(result, 0, 0);
    PQclear(result);
    PQfinish(connection);
    return value;
}

} // namespace avocet::test
