#pragma once
// Sign-in through the trust's identity provider, the part every front end shares: what the hub
// says about its provider (GET /auth/oidc/config), the authorisation request with PKCE (S256),
// state and nonce for a loopback redirect (RFC 8252), reading the redirect the browser brings back,
// and handing the code to the hub (POST /auth/oidc), which redeems it and answers its own tokens.
// No password passes through Avocet: the user types it into the provider's page in the browser.
// The browser and the loopback listener belong to the front end (ui/ on the desktop).

#include "core/common/Result.h"
#include "core/sync/FhirClient.h"
#include "core/sync/HttpTransport.h"

#include <string>

namespace avocet::core::sync {

struct SignOnSettings
{
    std::string issuer;
    std::string clientId;
    std::string scopes;
    std::string authorizationEndpoint;
    std::string endSessionEndpoint; // "" when the provider offers none
    bool localAccounts = true;      // the hub also takes user name and password
};

// One sign-in in progress: everything the front end needs to open the browser and, later, to
// check what comes back. Keep it only in memory; it is good for one redirect.
struct PendingSignOn
{
    std::string state;
    std::string nonce;
    std::string codeVerifier;  // 64 random characters (RFC 7636 4.1)
    std::string codeChallenge; // BASE64URL(SHA-256(verifier))
    std::string redirectUri;   // http://127.0.0.1:<port>/callback
    std::string authorizeUrl;  // open this in the system browser
};

// basePath: the hub's path prefix ("" for a hub at the root).
Result<SignOnSettings> fetchSignOnSettings(HttpTransport& transport, const std::string& basePath = {});

PendingSignOn beginSignOn(const SignOnSettings& settings, const std::string& redirectUri);

// The S256 challenge of a verifier (RFC 7636 4.2).
std::string pkceChallenge(const std::string& verifier);

// The authorisation code in the redirect the browser was sent to ("/callback?code=...&state=..."
// or a whole URL). Refuses a wrong state (another sign-in's answer, or a forged one), the
// provider's error answer (error, error_description) and a redirect with no code.
Result<std::string> authorizationCode(const PendingSignOn& pending, const std::string& redirectTarget);

// POST /auth/oidc with the code, its verifier, the redirect URI and the nonce. Errors:
// WrongPassphrase when the hub refuses the sign-on (its reason in the message).
Result<LoginResult> completeSignOn(HttpTransport& transport, const PendingSignOn& pending, const std::string& code,
                                   const std::string& basePath = {});

// POST /auth/logout; the provider's end-session URL to open in the browser ("" when none). An access
// token the hub no longer takes (401: expired hours ago, say) is renewed once with refreshToken
// (POST /auth/refresh) and the sign-out sent again, so the hub's login really ends.
Result<std::string> signOut(HttpTransport& transport, const std::string& accessToken,
                            const std::string& postLogoutRedirectUri = {}, const std::string& basePath = {},
                            const std::string& refreshToken = {});

// "a=1&b=two%20words" -> value of one parameter, percent-decoded; "" when absent.
std::string queryParameter(const std::string& target, const std::string& name);

} // namespace avocet::core::sync
