#pragma once
// One AuditEvent for every sign-on through the identity provider (server/OidcSignOn.h): granted,
// refused (with the reason code), a refresh the provider no longer vouched for, a back-channel
// logout. It names the hub user when one is known, the role, the source address and the outcome;
// never a token, a code or anything about a patient. Readable by that user and administrators
// ("User/<name>" compartment), like the administration events of server/AccountAdmin.h.
#include <string>

#include "core/common/Result.h"
#include "server/PgConnection.h"

namespace avocet::hub {

struct SignOnFacts
{
    std::string event = "sign-on"; // sign-on | sign-on-refresh | backchannel-logout
    std::string username;          // "" when the provider named no one (yet)
    std::string outcome;           // "" for granted, else the refusal's reason code
    std::string role;
    std::string sourceAddress;
    std::string detail;            // a short note (teams, sessions ended); no secrets
};

// Writes the AuditEvent in the caller's transaction (takes the write lock first, like every write).
core::Status writeSignOnAudit(PgConnection& connection, const SignOnFacts& facts);
// The same in a transaction of its own (a refusal: nothing else is kept with it).
core::Status recordSignOnAudit(PgConnection& connection, const SignOnFacts& facts);

} // namespace avocet::hub
