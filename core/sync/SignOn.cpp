#include "core/sync/SignOn.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cctype>

namespace avocet::core::sync {

namespace {

std::string randomUrlSafe(std::size_t bytes)
{
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string text(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(std::char_traits<char>::length(text.c_str()));
    return text;
}

std::string percentEncode(const std::string& value)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::string percentDecode(const std::string& value)
{
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '+') {
            out.push_back(' ');
        } else if (value[i] == '%' && i + 2 < value.size() && std::isxdigit(static_cast<unsigned char>(value[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(value[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(value[i]);
        }
    }
    return out;
}

nlohmann::json parsed(const std::string& body)
{
    return nlohmann::json::parse(body, nullptr, false);
}

std::string hubRefusal(const nlohmann::json& body)
{
    if (body.is_object() && body.contains("issue") && body["issue"].is_array() && !body["issue"].empty() &&
        body["issue"][0].is_object())
        return body["issue"][0].value("diagnostics", "");
    return {};
}

} // namespace

std::string queryParameter(const std::string& target, const std::string& name)
{
    const auto question = target.find('?');
    std::string query = question == std::string::npos ? target : target.substr(question + 1);
    query = query.substr(0, query.find('#'));
    std::size_t start = 0;
    while (start <= query.size()) {
        auto end = query.find('&', start);
        if (end == std::string::npos)
            end = query.size();
        const std::string pair = query.substr(start, end - start);
        const auto equals = pair.find('=');
        if (percentDecode(pair.substr(0, equals)) == name)
            return equals == std::string::npos ? std::string() : percentDecode(pair.substr(equals + 1));
        start = end + 1;
    }
    return {};
}

std::string pkceChallenge(const std::string& verifier)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size());
    char text[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, digest, sizeof digest, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text;
}

Result<SignOnSettings> fetchSignOnSettings(HttpTransport& transport, const std::string& basePath)
{
    auto response = transport.send({"GET", basePath + "/auth/oidc/config", {{"Accept", "application/json"}}, {}});
    if (!response)
        return response.error();
    const auto body = parsed(response->body);
    if (response->status == 404)
        return makeError(ErrorCode::Unsupported, "This server offers no sign-in through the trust's identity provider.");
    if (response->status != 200 || !body.is_object())
        return makeError(ErrorCode::SyncFailed, "The server cannot start a sign-in through the identity provider" +
                                                    (hubRefusal(body).empty() ? std::string(" (HTTP ") +
                                                                                    std::to_string(response->status) + ")."
                                                                              : ": " + hubRefusal(body)));
    SignOnSettings settings;
    settings.issuer = body.value("issuer", "");
    settings.clientId = body.value("client_id", "");
    settings.scopes = body.value("scopes", "openid");
    settings.authorizationEndpoint = body.value("authorization_endpoint", "");
    settings.endSessionEndpoint = body.value("end_session_endpoint", "");
    settings.localAccounts = body.value("local_accounts", true);
    if (settings.clientId.empty() || settings.authorizationEndpoint.empty())
        return makeError(ErrorCode::SyncFailed, "The server's sign-in settings name no client or authorisation page.");
    return settings;
}

PendingSignOn beginSignOn(const SignOnSettings& settings, const std::string& redirectUri)
{
    PendingSignOn pending;
    pending.state = randomUrlSafe(24);
    pending.nonce = randomUrlSafe(24);
    pending.codeVerifier = randomUrlSafe(48); // 64 characters
    pending.codeChallenge = pkceChallenge(pending.codeVerifier);
    pending.redirectUri = redirectUri;
    const char separator = settings.authorizationEndpoint.find('?') == std::string::npos ? '?' : '&';
    pending.authorizeUrl = settings.authorizationEndpoint + separator + "response_type=code&client_id=" +
                           percentEncode(settings.clientId) + "&redirect_uri=" + percentEncode(redirectUri) +
                           "&scope=" + percentEncode(settings.scopes) + "&state=" + percentEncode(pending.state) +
                           "&nonce=" + percentEncode(pending.nonce) + "&code_challenge=" +
                           percentEncode(pending.codeChallenge) + "&code_challenge_method=S256";
    return pending;
}

Result<std::string> authorizationCode(const PendingSignOn& pending, const std::string& redirectTarget)
{
    const std::string state = queryParameter(redirectTarget, "state");
    if (state != pending.state)
        return makeError(ErrorCode::WrongPassphrase,
                         "The sign-in answer does not belong to this sign-in (its state differs); sign in again.");
    const std::string error = queryParameter(redirectTarget, "error");
    if (!error.empty()) {
        const std::string description = queryParameter(redirectTarget, "error_description");
        return makeError(ErrorCode::WrongPassphrase, "The identity provider refused the sign-in: " + error +
                                                         (description.empty() ? std::string() : " (" + description + ")"));
    }
    const std::string code = queryParameter(redirectTarget, "code");
    if (code.empty())
        return makeError(ErrorCode::WrongPassphrase, "The sign-in answer carries no authorisation code.");
    return code;
}

Result<LoginResult> completeSignOn(HttpTransport& transport, const PendingSignOn& pending, const std::string& code,
                                   const std::string& basePath)
{
    HttpRequest request{"POST", basePath + "/auth/oidc",
                        {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                        nlohmann::json{{"code", code},
                                       {"code_verifier", pending.codeVerifier},
                                       {"redirect_uri", pending.redirectUri},
                                       {"nonce", pending.nonce}}
                            .dump()};
    request.idempotent = false; // a code is redeemed once
    auto response = transport.send(request);
    if (!response)
        return response.error();
    const auto body = parsed(response->body);
    if (response->status == 401 || response->status == 403)
        return makeError(ErrorCode::WrongPassphrase, "The server refused the sign-on: " + hubRefusal(body));
    if (response->status != 200 || !body.is_object() || !body.contains("access_token"))
        return makeError(ErrorCode::SyncFailed, "Sign-on failed (HTTP " + std::to_string(response->status) + ")" +
                                                    (hubRefusal(body).empty() ? "." : ": " + hubRefusal(body)));
    LoginResult result;
    result.accessToken = body.value("access_token", "");
    result.refreshToken = body.value("refresh_token", "");
    result.username = body.value("username", "");
    result.role = body.value("role", "");
    if (body.contains("expires_in") && body["expires_in"].is_number())
        result.expiresIn = body["expires_in"].get<long>();
    return result;
}

Result<std::string> signOut(HttpTransport& transport, const std::string& accessToken,
                            const std::string& postLogoutRedirectUri, const std::string& basePath,
                            const std::string& refreshToken)
{
    nlohmann::json body = nlohmann::json::object();
    if (!postLogoutRedirectUri.empty())
        body["post_logout_redirect_uri"] = postLogoutRedirectUri;
    HttpRequest request{"POST", basePath + "/auth/logout",
                        {{"Content-Type", "application/json"},
                         {"Accept", "application/json"},
                         {"Authorization", "Bearer " + accessToken}},
                        body.dump()};
    request.idempotent = false;
    auto response = transport.send(request);
    if (!response)
        return response.error();
    if (response->status == 401 && !refreshToken.empty()) {
        HttpRequest renew{"POST", basePath + "/auth/refresh",
                          {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                          nlohmann::json{{"refresh_token", refreshToken}}.dump()};
        renew.idempotent = false;
        auto renewed = transport.send(renew);
        if (renewed && renewed->status == 200) {
            const auto pair = parsed(renewed->body);
            if (pair.is_object() && pair.contains("access_token") && pair["access_token"].is_string())
                return signOut(transport, pair["access_token"].get<std::string>(), postLogoutRedirectUri, basePath);
        }
    }
    if (response->status == 204)
        return std::string();
    const auto answer = parsed(response->body);
    if (response->status != 200)
        return makeError(ErrorCode::SyncFailed, "Sign-out failed (HTTP " + std::to_string(response->status) + ")" +
                                                    (hubRefusal(answer).empty() ? "." : ": " + hubRefusal(answer)));
    return answer.is_object() ? answer.value("end_session_url", "") : std::string();
}

} // namespace avocet::core::sync
