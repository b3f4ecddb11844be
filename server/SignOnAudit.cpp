#include "server/SignOnAudit.h"

#include "server/HubSql.h"
#include "server/Log.h"
#include "server/ResourceRepository.h"

#include <nlohmann/json.hpp>

namespace avocet::hub {

using nlohmann::json;

namespace {

json auditEventOf(const SignOnFacts& facts, const std::string& recorded)
{
    const bool granted = facts.outcome.empty();
    json who = facts.username.empty()
                   ? json{{"display", "no user named"}}
                   : json{{"identifier", {{"system", "urn:avocet:user"}, {"value", facts.username}}},
                          {"display", facts.username}};
    json agent = {{"who", who}, {"requestor", true}};
    if (!facts.role.empty())
        agent["role"] = json::array({{{"text", facts.role}}});
    if (!facts.sourceAddress.empty())
        agent["network"] = {{"address", facts.sourceAddress}, {"type", "2"}};
    json details = json::array({{{"type", "method"}, {"valueString", "oidc"}}});
    if (!granted)
        details.push_back({{"type", "reason"}, {"valueString", facts.outcome}});
    if (!facts.detail.empty())
        details.push_back({{"type", "note"}, {"valueString", facts.detail}});
    json event = {
        {"resourceType", "AuditEvent"},
        {"type",
         {{"system", "http://dicom.nema.org/resources/ontology/DCM"}, {"code", "110114"}, {"display", "User Authentication"}}},
        {"subtype", json::array({{{"system", "urn:avocet:audit"}, {"code", facts.event + (granted ? "" : "-refused")}}})},
        {"action", "E"},
        {"recorded", recorded},
        {"outcome", granted ? "0" : "4"},
        {"agent", json::array({agent})},
        {"source", {{"site", "avocet-hub"}, {"observer", {{"display", "avocet-hub single sign-on"}}}}},
        {"entity", json::array({{{"what", {{"display", "sign-on through the identity provider"}}}, {"detail", details}}})}};
    if (!granted)
        event["outcomeDesc"] = facts.outcome;
    return event;
}

} // namespace

core::Status writeSignOnAudit(PgConnection& connection, const SignOnFacts& facts)
{
    ResourceRepository repository(connection);
    if (auto locked = repository.lockForWrite(); !locked)
        return locked.error();
    auto now = connection.query("SELECT " + sql::instant("clock_timestamp()"));
    if (!now)
        return now.error();
    auto written = repository.write("AuditEvent", newResourceId(), 1, "POST", auditEventOf(facts, now->text(0, 0)),
                                    facts.username.empty() ? std::string() : "User/" + facts.username);
    if (!written)
        return written.error();
    return core::Status::success();
}

core::Status recordSignOnAudit(PgConnection& connection, const SignOnFacts& facts)
{
    PgTransaction transaction(connection);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    if (auto written = writeSignOnAudit(connection, facts); !written)
        return written;
    return transaction.commit();
}

} // namespace avocet::hub
