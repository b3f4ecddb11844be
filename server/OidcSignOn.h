#pragma once
// Single sign-on through the trust's OpenID Connect provider (docs/hub.md, "Single sign-on").
//
//   GET  /auth/oidc/config  what a client needs to start a sign-in: issuer, client id, scopes, the
//                           provider's authorisation and end-session endpoints (no token needed).
//   POST /auth/oidc         {"code", "code_verifier", "redirect_uri", "nonce"}: the authorisation
//                           code the desktop received on its loopback redirect (RFC 8252, PKCE S256).
//                           The hub redeems it at the provider's token endpoint, checks the ID token
//                           and keeps the provider's refresh token, sealed, for the checks at refresh.
//                           Or {"id_token", "nonce"}: an ID token the client redeemed itself; such a
//                           sign-on cannot be re-checked with the provider, so it is never refreshed.
//   Answer: the hub's own token pair, exactly as POST /auth/login gives it.
//
// The ID token's groups claim decides the role and teams (--oidc-group). The first sign-on of a
// provider subject creates its hub user (linked by issuer and subject, never by name alone: a
// hub-local account of the same name is not taken over); later sign-ons bring role and teams up
// to date. Each nonce is used once on every hub process. Every refusal is logged like a refused
// password login (event login_refused, method oidc, reason) without token contents, and answered
// 401 with what was wrong and an X-Avocet-Refusal header carrying the reason code.
//
// At POST /auth/refresh the provider is asked with the kept refresh token whether the sign-on
// still stands; a provider that refuses (user disabled, session ended, grant revoked) ends the
// hub login too, and the ID token it gives back brings role and teams up to date (a user moved
// out of a group loses its role or team at that refresh). POST /auth/logout revokes the provider's
// refresh token and answers the provider's end-session URL for the client to open.
//
//   POST /auth/oidc/backchannel-logout  logout_token=<JWT> (OpenID Connect Back-Channel Logout 1.0):
//                           the provider says a session of its own ended; checked like an ID token
//                           plus the backchannel-logout event, sid and/or sub and a jti taken once;
//                           every hub login of that provider session (sid) or subject (sub) ends at
//                           once. 200 when done, 400 with the reason when the token is refused.
//
// Every sign-on, refusal, refresh the provider no longer vouches for and back-channel logout writes
// an AuditEvent (server/SignOnAudit.h). Refused sign-ons count in the log-in throttle per source and,
// once the provider named the user, per account (like wrong passwords); a throttled source or
// account is refused before the provider is asked.

#include "server/AccessControl.h"
#include "server/HttpTypes.h"
#include "server/HubOptions.h"
#include "server/OidcProvider.h"
#include "server/PgConnection.h"

#include <array>
#include <memory>
#include <optional>

namespace avocet::hub {

// The key file (64 hex digits) that seals the provider's tokens; checked at start-up.
core::Status checkOidcTokenKey(const HubOptions& options);

class OidcSignOn
{
public:
    explicit OidcSignOn(const HubOptions& options);

    HubResponse configuration();
    HubResponse signOn(const HubRequest& request, PgConnection& connection, const SessionPolicy& session,
                       const LoginPolicy& throttle);
    // In the caller's transaction, before the hub rotates the pair: nullopt when the refresh may
    // go on (a hub-local login, or the provider still vouches for the sign-on and its groups still
    // give a role), else the answer.
    std::optional<HubResponse> recheck(PgConnection& connection, const std::string& refreshToken,
                                       const std::string& sourceAddress);
    HubResponse backchannelLogout(const HubRequest& request, PgConnection& connection);
    // Ends the provider side of the login of this access token: revokes the provider's refresh
    // token; the provider's end-session URL, or "" when the login was not a sign-on.
    std::string endSession(PgConnection& connection, const std::string& accessToken,
                           const std::string& postLogoutRedirectUri);

private:
    // Who a sign-on turned out to be, as far as it got (for the audit and the throttle).
    struct Attempt
    {
        std::string username;
        std::string role;
    };
    HubResponse signOnChecked(const HubRequest& request, PgConnection& connection, const SessionPolicy& session,
                              const LoginPolicy& throttle, Attempt& attempt);
    // The role and teams the identity's groups give; role "" when none.
    struct Directory
    {
        std::string role;
        std::vector<std::string> teams;
    };
    Directory directoryOf(const OidcIdentity& identity) const;
    // Brings the user's role and team memberships to what the directory gives (caller's transaction).
    core::Status applyDirectory(PgConnection& connection, const std::string& username, const Directory& directory,
                                const std::string& displayName);
    HubResponse refused(const std::string& reason, const std::string& message, int status = 401);
    std::string seal(const std::string& plain) const;
    std::optional<std::string> unseal(const std::string& sealed) const;

    HubOptions m_options;
    OidcProvider m_provider;
    std::array<unsigned char, 32> m_key{};
};

} // namespace avocet::hub
