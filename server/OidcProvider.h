#pragma once
// The trust's OpenID Connect provider as avocet-hub sees it: its discovery document and signing
// keys (fetched on first use and kept for the key set answer's Cache-Control max-age, at least
// oidc-key-refetch-seconds and at most oidc-keys-max-age-seconds, then fetched again, so a key the
// provider retired stops being trusted; an unknown key id refetches them once, at most every
// oidc-key-refetch-seconds, which is how a new key reaches the hub), the check of an ID token
// (RS256 signature with Poco JWT, issuer, audience, expiry with a small leeway, nonce), and the
// provider's token, revocation and end-session endpoints. One per hub process, shared by every
// request thread. Nothing here logs a token or its claims.

#include "server/HubOptions.h"

#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace avocet::hub {

// Why a sign-on was refused: `reason` is a short code for the log and the answer's
// "reason" field, `message` tells the user or the administrator what was wrong.
struct OidcRefusal
{
    std::string reason; // malformed, algorithm, unknown-key, signature, issuer, audience, expired,
                        // not-yet-valid, nonce, replayed, provider-refused, provider-unavailable, ...
    std::string message;
    int status = 401; // 401 refused, 503 the provider could not be asked
};

// What a checked ID token says (the claims a sign-on uses).
struct OidcIdentity
{
    std::string subject;
    std::string username;
    std::string displayName;
    std::vector<std::string> groups;
    std::string nonce;
    std::string sessionId; // the provider's session (sid), when the token names one
    long long expiresAt = 0; // seconds since the epoch
};

template <typename T>
struct OidcOutcome
{
    std::optional<T> value;
    OidcRefusal refusal;
    bool ok() const { return value.has_value(); }
    static OidcOutcome refused(std::string reason, std::string message, int status = 401)
    {
        OidcOutcome outcome;
        outcome.refusal = {std::move(reason), std::move(message), status};
        return outcome;
    }
    static OidcOutcome of(T value)
    {
        OidcOutcome outcome;
        outcome.value = std::move(value);
        return outcome;
    }
};

// What a back-channel logout token (OpenID Connect Back-Channel Logout 1.0) asks to end.
struct OidcLogout
{
    std::string subject;   // sub, may be empty when sessionId is given
    std::string sessionId; // sid, may be empty when subject is given
    std::string tokenId;   // jti: each logout token is taken once
    long long expiresAt = 0;
};

class OidcProvider
{
public:
    explicit OidcProvider(const HubOptions& options);
    ~OidcProvider();

    // The provider's discovery document (cached after the first successful fetch).
    OidcOutcome<nlohmann::json> discovery();

    // Checks the ID token's signature and claims; expectedNonce must equal its nonce claim.
    OidcOutcome<OidcIdentity> verifyIdToken(const std::string& idToken, const std::string& expectedNonce);
    // An ID token the provider's token endpoint gave at a refresh (the hub asked, over its own
    // connection): checked the same way, except for the nonce; it must name the same subject.
    OidcOutcome<OidcIdentity> verifyRefreshedIdToken(const std::string& idToken, const std::string& subject);
    // A back-channel logout token: signature, issuer, audience and times as for an ID token, then
    // the backchannel-logout event, sid and/or sub, a jti, and no nonce.
    OidcOutcome<OidcLogout> verifyLogoutToken(const std::string& logoutToken);

    // The token endpoint: the authorisation code (with its PKCE verifier and the redirect URI it
    // was issued for), or a refresh token. The answer's JSON (id_token, access_token,
    // refresh_token...). A provider's refusal (invalid_grant...) is reason "provider-refused".
    OidcOutcome<nlohmann::json> exchangeCode(const std::string& code, const std::string& verifier,
                                             const std::string& redirectUri);
    OidcOutcome<nlohmann::json> refresh(const std::string& refreshToken);
    // RFC 7009 revocation of a refresh token, when the provider offers it; best effort.
    void revoke(const std::string& refreshToken);

    const HubOptions& options() const { return m_options; }

private:
    struct Http
    {
        int status = 0;
        std::string body;
        std::string cacheControl; // the answer's Cache-Control header ("" when none)
    };
    OidcOutcome<Http> request(const std::string& method, const std::string& url, const std::string& form);
    OidcOutcome<nlohmann::json> tokenRequest(const std::string& form);
    // Signature, issuer, audience and times of a signed JWT from the provider; its claims. what names
    // the token in refusals ("identity token", "logout token").
    OidcOutcome<nlohmann::json> verifySigned(const std::string& token, const std::string& what, bool needExpiry);
    OidcIdentity identityFrom(const nlohmann::json& claims) const;
    // Loads the JWKS (again when the kept set expired, or when `refetch` and the rate limit allows);
    // false when a refetch was not allowed.
    OidcOutcome<bool> loadKeys(bool refetch);
    // How long a key set fetched with this Cache-Control header is kept.
    std::chrono::seconds keySetLifetime(const std::string& cacheControl) const;

    HubOptions m_options;
    std::string m_clientSecret;
    std::mutex m_mutex;
    nlohmann::json m_discovery;
    std::map<std::string, Poco::SharedPtr<Poco::Crypto::RSAKey>> m_keys; // kid -> key
    std::chrono::steady_clock::time_point m_refetchedAt{}; // the last refetch for an unknown key
    bool m_refetched = false;
    bool m_keysLoaded = false;
    std::chrono::steady_clock::time_point m_keysExpireAt{}; // the kept key set is fetched again from then
};

// Base64url without padding (RFC 7515), as JWTs and PKCE use it.
std::string base64UrlDecode(const std::string& text, bool* ok = nullptr);

} // namespace avocet::hub
