#include "server/OidcProvider.h"

#include "server/Log.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Exception.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <istream>
#include <sstream>

namespace avocet::hub {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxProviderAnswer = 1024 * 1024;

std::string formValue(const std::string& value)
{
    std::string encoded;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
    return encoded;
}

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            return parts;
        start = end + 1;
    }
}

// An RSA public key from a JWK's modulus and exponent (OpenSSL 3 key construction; Poco 1.11 reads
// keys only from PEM).
Poco::SharedPtr<Poco::Crypto::RSAKey> rsaKeyFromJwk(const json& jwk)
{
    bool okN = false;
    bool okE = false;
    const std::string n = base64UrlDecode(jwk.value("n", ""), &okN);
    const std::string e = base64UrlDecode(jwk.value("e", ""), &okE);
    if (!okN || !okE || n.size() < 256 || e.empty())
        return nullptr; // malformed, or a modulus under 2048 bits
    BIGNUM* modulus = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
    BIGNUM* exponent = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
    OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM* params = nullptr;
    EVP_PKEY_CTX* context = nullptr;
    EVP_PKEY* key = nullptr;
    Poco::SharedPtr<Poco::Crypto::RSAKey> result;
    if (modulus != nullptr && exponent != nullptr && builder != nullptr &&
        OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus) == 1 &&
        OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent) == 1 &&
        (params = OSSL_PARAM_BLD_to_param(builder)) != nullptr &&
        (context = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)) != nullptr &&
        EVP_PKEY_fromdata_init(context) == 1 && EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) == 1) {
        try {
            Poco::Crypto::EVPPKey wrapped(key); // duplicates the key
            result = new Poco::Crypto::RSAKey(wrapped);
        } catch (const Poco::Exception&) {
            result = nullptr;
        }
    }
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(modulus);
    BN_free(exponent);
    return result;
}

bool audienceHas(const json& audience, const std::string& clientId)
{
    if (audience.is_string())
        return audience.get<std::string>() == clientId;
    if (audience.is_array()) {
        for (const auto& entry : audience)
            if (entry.is_string() && entry.get<std::string>() == clientId)
                return true;
    }
    return false;
}

std::string audienceText(const json& audience)
{
    if (audience.is_string())
        return "'" + audience.get<std::string>() + "'";
    if (audience.is_array()) {
        std::string text;
        for (const auto& entry : audience)
            if (entry.is_string())
                text += (text.empty() ? "'" : ", '") + entry.get<std::string>() + "'";
        return text.empty() ? "none" : text;
    }
    return "none";
}

std::string isoTime(long long seconds)
{
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

} // namespace

std::string base64UrlDecode(const std::string& text, bool* ok)
{
    std::string out(text.size(), '\0');
    std::size_t length = 0;
    const bool decoded = sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                                           text.size(), nullptr, &length, nullptr,
                                           sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
    if (ok != nullptr)
        *ok = decoded;
    out.resize(decoded ? length : 0);
    return out;
}

OidcProvider::OidcProvider(const HubOptions& options) : m_options(options)
{
    // The issuer is compared exactly as configured (OpenID Connect Discovery 4.3).
    if (!m_options.oidcClientSecretFile.empty()) {
        std::ifstream in(m_options.oidcClientSecretFile);
        std::getline(in, m_clientSecret);
        while (!m_clientSecret.empty() && (m_clientSecret.back() == '\r' || m_clientSecret.back() == ' '))
            m_clientSecret.pop_back();
    }
}

OidcProvider::~OidcProvider() = default;

OidcOutcome<OidcProvider::Http> OidcProvider::request(const std::string& method, const std::string& url,
                                                      const std::string& form)
{
    try {
        Poco::URI uri(url);
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https") {
            Poco::Net::Context::Ptr context =
                new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
        } else if (uri.getScheme() == "http") {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        } else {
            return OidcOutcome<Http>::refused("provider-unavailable",
                                              "the identity provider named an endpoint that is not http(s)", 503);
        }
        session->setTimeout(Poco::Timespan(static_cast<long>(m_options.oidcTimeoutMs) * 1000));
        Poco::Net::HTTPRequest httpRequest(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
        httpRequest.set("Accept", "application/json");
        if (method == "POST") {
            httpRequest.setContentType("application/x-www-form-urlencoded");
            httpRequest.setContentLength(static_cast<std::streamsize>(form.size()));
            if (!m_clientSecret.empty())
                Poco::Net::HTTPBasicCredentials(formValue(m_options.oidcClientId), formValue(m_clientSecret))
                    .authenticate(httpRequest);
        }
        std::ostream& out = session->sendRequest(httpRequest);
        if (method == "POST")
            out << form;
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        Http answer;
        answer.status = static_cast<int>(response.getStatus());
        answer.cacheControl = response.get("Cache-Control", "");
        char buffer[8192];
        while (in && answer.body.size() <= kMaxProviderAnswer) {
            in.read(buffer, sizeof buffer);
            answer.body.append(buffer, static_cast<std::size_t>(in.gcount()));
        }
        if (answer.body.size() > kMaxProviderAnswer)
            return OidcOutcome<Http>::refused("provider-unavailable", "the identity provider's answer is too large", 503);
        return OidcOutcome<Http>::of(std::move(answer));
    } catch (const Poco::Exception& error) {
        return OidcOutcome<Http>::refused("provider-unavailable",
                                          "cannot reach the identity provider (" + error.displayText() + "); try again",
                                          503);
    } catch (const std::exception& error) {
        return OidcOutcome<Http>::refused("provider-unavailable",
                                          std::string("cannot reach the identity provider (") + error.what() +
                                              "); try again",
                                          503);
    }
}

OidcOutcome<json> OidcProvider::discovery()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_discovery.is_null())
            return OidcOutcome<json>::of(m_discovery);
    }
    std::string base = m_options.oidcIssuer;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    auto answer = request("GET", base + "/.well-known/openid-configuration", {});
    if (!answer.ok())
        return OidcOutcome<json>::refused(answer.refusal.reason, answer.refusal.message, 503);
    json document = json::parse(answer.value->body, nullptr, false);
    if (answer.value->status != 200 || !document.is_object())
        return OidcOutcome<json>::refused("provider-unavailable",
                                          "the identity provider's discovery document could not be read (HTTP " +
                                              std::to_string(answer.value->status) + ")",
                                          503);
    if (document.value("issuer", "") != m_options.oidcIssuer)
        return OidcOutcome<json>::refused("provider-unavailable",
                                          "the identity provider's discovery document names issuer '" +
                                              document.value("issuer", "") + "', but this hub is configured for '" +
                                              m_options.oidcIssuer + "'",
                                          503);
    if (!document.contains("jwks_uri") || !document.contains("token_endpoint"))
        return OidcOutcome<json>::refused("provider-unavailable",
                                          "the identity provider's discovery document has no jwks_uri or "
                                          "token_endpoint",
                                          503);
    std::lock_guard lock(m_mutex);
    m_discovery = document;
    return OidcOutcome<json>::of(document);
}

OidcOutcome<bool> OidcProvider::loadKeys(bool refetch)
{
    {
        std::lock_guard lock(m_mutex);
        const auto now = std::chrono::steady_clock::now();
        // The kept set expires (a key the provider retired must stop being trusted); until then it
        // is used as it is, except that an unknown key may refetch it.
        const bool expired = m_keysLoaded && now >= m_keysExpireAt;
        if (m_keysLoaded && !expired && !refetch)
            return OidcOutcome<bool>::of(true);
        // Refetches for unknown keys are rate-limited (the first load and the refetch of an expired
        // set are not among them), so tokens with made-up key ids cannot make the hub hammer the
        // provider.
        if (m_keysLoaded && !expired && m_refetched &&
            now - m_refetchedAt < std::chrono::seconds(m_options.oidcKeyRefetchSeconds))
            return OidcOutcome<bool>::of(false); // refetched recently: an unknown key stays unknown
        if (m_keysLoaded && !expired) {
            m_refetched = true;
            m_refetchedAt = now;
        }
    }
    auto document = discovery();
    if (!document.ok())
        return OidcOutcome<bool>::refused(document.refusal.reason, document.refusal.message, 503);
    auto answer = request("GET", document.value->value("jwks_uri", ""), {});
    if (!answer.ok())
        return OidcOutcome<bool>::refused(answer.refusal.reason, answer.refusal.message, 503);
    const json jwks = json::parse(answer.value->body, nullptr, false);
    if (answer.value->status != 200 || !jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array())
        return OidcOutcome<bool>::refused("provider-unavailable",
                                          "the identity provider's signing keys could not be read (HTTP " +
                                              std::to_string(answer.value->status) + ")",
                                          503);
    std::map<std::string, Poco::SharedPtr<Poco::Crypto::RSAKey>> keys;
    for (const auto& jwk : jwks["keys"]) {
        if (!jwk.is_object() || jwk.value("kty", "") != "RSA" || jwk.value("use", "sig") != "sig")
            continue;
        if (auto key = rsaKeyFromJwk(jwk); key)
            keys[jwk.value("kid", "")] = key;
    }
    const auto lifetime = keySetLifetime(answer.value->cacheControl);
    std::lock_guard lock(m_mutex);
    m_keys = std::move(keys);
    m_keysLoaded = true;
    m_keysExpireAt = std::chrono::steady_clock::now() + lifetime;
    logEvent("info", "oidc_keys_loaded", {{"keys", m_keys.size()}, {"kept_seconds", lifetime.count()}});
    return OidcOutcome<bool>::of(true);
}

std::chrono::seconds OidcProvider::keySetLifetime(const std::string& cacheControl) const
{
    // RFC 9111 5.2.2: max-age=N; no-cache and no-store ask for a fresh copy each time (0). Without
    // either the hub's own limit applies. Within [oidc-key-refetch-seconds, oidc-keys-max-age-seconds],
    // the upper limit winning, so the provider is never asked more often than an unknown key may ask
    // and a retired key is never trusted longer than the trust configured.
    std::string lower;
    for (const char c : cacheControl)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    long long seconds = m_options.oidcKeysMaxAgeSeconds;
    for (const auto& part : split(lower, ',')) {
        const auto first = part.find_first_not_of(" \t");
        if (first == std::string::npos)
            continue;
        const std::string directive = part.substr(first, part.find_last_not_of(" \t") - first + 1);
        if (directive == "no-cache" || directive == "no-store") {
            seconds = 0;
            break;
        }
        if (directive.rfind("max-age=", 0) == 0) {
            std::string value = directive.substr(8);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            if (!value.empty() && value.size() <= 10 && value.find_first_not_of("0123456789") == std::string::npos)
                seconds = std::stoll(value);
        }
    }
    seconds = std::max<long long>(seconds, m_options.oidcKeyRefetchSeconds);
    seconds = std::min<long long>(seconds, m_options.oidcKeysMaxAgeSeconds);
    return std::chrono::seconds(seconds);
}

OidcOutcome<json> OidcProvider::verifySigned(const std::string& idToken, const std::string& what, bool needExpiry)
{
    using Outcome = OidcOutcome<json>;
    const auto parts = split(idToken, '.');
    if (parts.size() != 3 || idToken.size() > 64 * 1024)
        return Outcome::refused("malformed", "the " + what + " is not a signed JWT (three dot-separated parts)");
    bool okHeader = false;
    bool okPayload = false;
    const json header = json::parse(base64UrlDecode(parts[0], &okHeader), nullptr, false);
    const json claims = json::parse(base64UrlDecode(parts[1], &okPayload), nullptr, false);
    if (!okHeader || !okPayload || !header.is_object() || !claims.is_object())
        return Outcome::refused("malformed", "the " + what + "'s header or claims are not base64url JSON");
    const std::string algorithm = header.value("alg", "");
    if (algorithm != "RS256")
        return Outcome::refused("algorithm", "the " + what + " is signed with '" + algorithm +
                                                 "'; this hub accepts RS256 only");
    // Refusals on claims before the signature is checked are safe: nothing is believed, only refused.
    const std::string issuer = claims.contains("iss") && claims["iss"].is_string() ? claims["iss"].get<std::string>() : "";
    if (issuer != m_options.oidcIssuer)
        return Outcome::refused("issuer", "the " + what + " was issued by '" + issuer + "', but this hub trusts '" +
                                              m_options.oidcIssuer + "'");
    const std::string keyId = header.contains("kid") && header["kid"].is_string() ? header["kid"].get<std::string>() : "";

    auto findKey = [&]() -> Poco::SharedPtr<Poco::Crypto::RSAKey> {
        std::lock_guard lock(m_mutex);
        if (keyId.empty() && m_keys.size() == 1)
            return m_keys.begin()->second;
        const auto found = m_keys.find(keyId);
        return found == m_keys.end() ? nullptr : found->second;
    };
    auto loaded = loadKeys(false);
    if (!loaded.ok())
        return Outcome::refused(loaded.refusal.reason, loaded.refusal.message, loaded.refusal.status);
    auto key = findKey();
    if (!key) {
        // A key the hub has not seen: the provider may have rotated its keys. Ask once more.
        auto again = loadKeys(true);
        if (!again.ok())
            return Outcome::refused(again.refusal.reason, again.refusal.message, again.refusal.status);
        key = findKey();
    }
    if (!key)
        return Outcome::refused("unknown-key", "the " + what + " is signed with a key the identity provider does not "
                                               "publish (key id '" +
                                                   keyId + "'); sign in again");
    try {
        Poco::JWT::Signer signer(key);
        signer.setAlgorithms({"RS256"});
        Poco::JWT::Token token;
        if (!signer.tryVerify(idToken, token))
            return Outcome::refused("signature", "the " + what + "'s signature does not verify with the identity "
                                                 "provider's key '" +
                                                     keyId + "'");
    } catch (const Poco::Exception& error) {
        return Outcome::refused("signature", "the " + what + "'s signature could not be checked (" +
                                                 error.displayText() + ")");
    }
    const json audience = claims.contains("aud") ? claims["aud"] : json();
    if (!audienceHas(audience, m_options.oidcClientId))
        return Outcome::refused("audience", "the " + what + " is for another application (audience " +
                                                audienceText(audience) + "); this hub accepts tokens for '" +
                                                m_options.oidcClientId + "'");
    if (audience.is_array() && audience.size() > 1 && claims.value("azp", "") != m_options.oidcClientId)
        return Outcome::refused("audience", "the " + what + " names several audiences and its authorised party is "
                                            "not '" + m_options.oidcClientId + "'");
    const long long now = static_cast<long long>(std::time(nullptr));
    const long long leeway = m_options.oidcLeewaySeconds;
    if (needExpiry && (!claims.contains("exp") || !claims["exp"].is_number()))
        return Outcome::refused("malformed", "the " + what + " has no expiry (exp)");
    const long long expires = claims.contains("exp") && claims["exp"].is_number() ? claims["exp"].get<long long>() : now;
    if (claims.contains("exp") && expires + leeway <= now)
        return Outcome::refused("expired", "the " + what + " expired at " + isoTime(expires) + " (this hub allows " +
                                               std::to_string(leeway) + " s of clock difference); sign in again");
    if (claims.contains("iat") && claims["iat"].is_number() && claims["iat"].get<long long>() > now + leeway)
        return Outcome::refused("not-yet-valid", "the " + what + " was issued in the future (" +
                                                     isoTime(claims["iat"].get<long long>()) +
                                                     "); check the clocks of the hub and the identity provider");
    if (claims.contains("nbf") && claims["nbf"].is_number() && claims["nbf"].get<long long>() > now + leeway)
        return Outcome::refused("not-yet-valid", "the " + what + " is not valid before " +
                                                     isoTime(claims["nbf"].get<long long>()));
    return Outcome::of(claims);
}

OidcIdentity OidcProvider::identityFrom(const json& claims) const
{
    OidcIdentity identity;
    identity.subject = claims.value("sub", "");
    const auto& usernameClaim = m_options.oidcUsernameClaim;
    identity.username = claims.contains(usernameClaim) && claims[usernameClaim].is_string()
                            ? claims[usernameClaim].get<std::string>()
                            : identity.subject;
    identity.displayName = claims.contains("name") && claims["name"].is_string() ? claims["name"].get<std::string>() : "";
    const auto& groupsClaim = m_options.oidcGroupsClaim;
    if (claims.contains(groupsClaim)) {
        const json& groups = claims[groupsClaim];
        if (groups.is_string())
            identity.groups.push_back(groups.get<std::string>());
        else if (groups.is_array())
            for (const auto& group : groups)
                if (group.is_string())
                    identity.groups.push_back(group.get<std::string>());
    }
    identity.nonce = claims.contains("nonce") && claims["nonce"].is_string() ? claims["nonce"].get<std::string>() : "";
    identity.expiresAt = claims.contains("exp") && claims["exp"].is_number() ? claims["exp"].get<long long>() : 0;
    identity.sessionId = claims.contains("sid") && claims["sid"].is_string() ? claims["sid"].get<std::string>() : "";
    return identity;
}

OidcOutcome<OidcIdentity> OidcProvider::verifyIdToken(const std::string& idToken, const std::string& expectedNonce)
{
    using Outcome = OidcOutcome<OidcIdentity>;
    auto claims = verifySigned(idToken, "identity token", true);
    if (!claims.ok())
        return Outcome::refused(claims.refusal.reason, claims.refusal.message, claims.refusal.status);
    const std::string nonce =
        claims.value->contains("nonce") && (*claims.value)["nonce"].is_string() ? (*claims.value)["nonce"].get<std::string>() : "";
    if (expectedNonce.empty() || nonce != expectedNonce)
        return Outcome::refused("nonce", nonce.empty() ? "the identity token carries no nonce; the sign-in must send one"
                                                       : "the identity token's nonce is not the one this sign-in "
                                                         "started with");
    OidcIdentity identity = identityFrom(*claims.value);
    if (identity.subject.empty())
        return Outcome::refused("malformed", "the identity token names no subject (sub)");
    return Outcome::of(std::move(identity));
}

OidcOutcome<OidcIdentity> OidcProvider::verifyRefreshedIdToken(const std::string& idToken, const std::string& subject)
{
    using Outcome = OidcOutcome<OidcIdentity>;
    auto claims = verifySigned(idToken, "identity token", true);
    if (!claims.ok())
        return Outcome::refused(claims.refusal.reason, claims.refusal.message, claims.refusal.status);
    OidcIdentity identity = identityFrom(*claims.value);
    if (identity.subject != subject)
        return Outcome::refused("subject", "the identity provider's refreshed identity token names another subject");
    return Outcome::of(std::move(identity));
}

OidcOutcome<OidcLogout> OidcProvider::verifyLogoutToken(const std::string& logoutToken)
{
    using Outcome = OidcOutcome<OidcLogout>;
    auto checked = verifySigned(logoutToken, "logout token", false);
    if (!checked.ok())
        return Outcome::refused(checked.refusal.reason, checked.refusal.message, checked.refusal.status);
    const json& claims = *checked.value;
    const json events = claims.contains("events") ? claims["events"] : json();
    if (!events.is_object() || !events.contains("http://schemas.openid.net/event/backchannel-logout") ||
        !events["http://schemas.openid.net/event/backchannel-logout"].is_object())
        return Outcome::refused("not-logout", "the token is not a logout token: its events claim does not name "
                                              "http://schemas.openid.net/event/backchannel-logout");
    if (claims.contains("nonce"))
        return Outcome::refused("not-logout", "a logout token must not carry a nonce (this looks like an identity token)");
    if (!claims.contains("iat") || !claims["iat"].is_number())
        return Outcome::refused("malformed", "the logout token has no issue time (iat)");
    OidcLogout logout;
    logout.subject = claims.contains("sub") && claims["sub"].is_string() ? claims["sub"].get<std::string>() : "";
    logout.sessionId = claims.contains("sid") && claims["sid"].is_string() ? claims["sid"].get<std::string>() : "";
    logout.tokenId = claims.contains("jti") && claims["jti"].is_string() ? claims["jti"].get<std::string>() : "";
    if (logout.subject.empty() && logout.sessionId.empty())
        return Outcome::refused("malformed", "the logout token names neither a subject (sub) nor a session (sid)");
    if (logout.tokenId.empty())
        return Outcome::refused("malformed", "the logout token has no identifier (jti)");
    const long long now = static_cast<long long>(std::time(nullptr));
    logout.expiresAt = claims.contains("exp") && claims["exp"].is_number() ? claims["exp"].get<long long>()
                                                                           : claims["iat"].get<long long>() + 600;
    logout.expiresAt = std::max(logout.expiresAt, now) + m_options.oidcLeewaySeconds;
    return Outcome::of(std::move(logout));
}

OidcOutcome<json> OidcProvider::tokenRequest(const std::string& form)
{
    auto document = discovery();
    if (!document.ok())
        return document;
    std::string body = form;
    if (m_clientSecret.empty())
        body += "&client_id=" + formValue(m_options.oidcClientId);
    auto answer = request("POST", document.value->value("token_endpoint", ""), body);
    if (!answer.ok())
        return OidcOutcome<json>::refused(answer.refusal.reason, answer.refusal.message, 503);
    json parsed = json::parse(answer.value->body, nullptr, false);
    if (answer.value->status >= 500 || !parsed.is_object())
        return OidcOutcome<json>::refused("provider-unavailable",
                                          "the identity provider's token endpoint answered HTTP " +
                                              std::to_string(answer.value->status) + "; try again",
                                          503);
    if (answer.value->status != 200) {
        // The provider's own words (RFC 6749 5.2): invalid_grant for a code already used, a
        // revoked grant, a disabled account or an ended session.
        return OidcOutcome<json>::refused("provider-refused",
                                          "the identity provider refused: " + parsed.value("error", "unknown error") +
                                              (parsed.contains("error_description") && parsed["error_description"].is_string()
                                                   ? " (" + parsed["error_description"].get<std::string>() + ")"
                                                   : std::string()));
    }
    return OidcOutcome<json>::of(std::move(parsed));
}

OidcOutcome<json> OidcProvider::exchangeCode(const std::string& code, const std::string& verifier,
                                             const std::string& redirectUri)
{
    return tokenRequest("grant_type=authorization_code&code=" + formValue(code) +
                        "&code_verifier=" + formValue(verifier) + "&redirect_uri=" + formValue(redirectUri));
}

OidcOutcome<json> OidcProvider::refresh(const std::string& refreshToken)
{
    return tokenRequest("grant_type=refresh_token&refresh_token=" + formValue(refreshToken));
}

void OidcProvider::revoke(const std::string& refreshToken)
{
    auto document = discovery();
    if (!document.ok() || !document.value->contains("revocation_endpoint"))
        return;
    std::string body = "token=" + formValue(refreshToken) + "&token_type_hint=refresh_token";
    if (m_clientSecret.empty())
        body += "&client_id=" + formValue(m_options.oidcClientId);
    auto answer = request("POST", document.value->value("revocation_endpoint", ""), body);
    if (!answer.ok() || answer.value->status != 200)
        logEvent("warn", "oidc_revoke_failed", {{"status", answer.ok() ? answer.value->status : 0}});
}

} // namespace avocet::hub
