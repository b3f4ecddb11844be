#include "server/OidcSignOn.h"

#include "server/HubSql.h"
#include "server/SignOnAudit.h"
#include "server/Log.h"
#include "server/OperationOutcome.h"

#include <Poco/URI.h>
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <set>

namespace avocet::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

constexpr const char* kNoPassword = "!sign-on-only"; // never a valid crypto_pwhash_str

core::Result<std::array<unsigned char, 32>> readKey(const std::string& file)
{
    std::ifstream in(file);
    if (!in)
        return makeError(ErrorCode::IoError, "cannot read the sign-on token key file " + file);
    std::string hex;
    char c = 0;
    while (in.get(c))
        if (!std::isspace(static_cast<unsigned char>(c)))
            hex.push_back(c);
    if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return makeError(ErrorCode::InvalidArgument,
                         "the sign-on token key file " + file + " must hold 64 hex digits (a 256-bit key)");
    std::array<unsigned char, 32> key{};
    for (std::size_t i = 0; i < key.size(); ++i)
        key[i] = static_cast<unsigned char>(std::stoi(hex.substr(i * 2, 2), nullptr, 16));
    return key;
}

std::string sha256Hex(const std::string& text)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string stringField(const json& body, const char* name)
{
    return body.contains(name) && body[name].is_string() ? body[name].get<std::string>() : std::string();
}

// Highest first: a member of several groups gets the widest role any of them gives (a role a trust
// gives for a particular duty wins over the clinical ones, as change_manager always has).
int roleRank(const std::string& role)
{
    if (role == "administrator")
        return 5;
    if (role == "change_manager")
        return 4;
    if (role == "team_manager")
        return 3;
    if (role == "clinician")
        return 2;
    if (role == "ward_staff")
        return 1;
    return 0;
}

// What a refresh of a sign-on the hub already ended answers, by the reason it ended.
std::string endedMessage(const std::string& reason)
{
    if (reason == "ended-at-provider")
        return "your session at the identity provider ended (signed out there, or ended by an administrator), so "
               "this sign-on ended too; sign in again";
    if (reason == "revoked-at-provider")
        return "the identity provider no longer vouches for this sign-on; sign in again";
    if (reason == "no-role")
        return "your account at the identity provider is no longer in a group that gives an Avocet role; ask the "
               "service desk if that is wrong";
    if (reason == "not-recheckable")
        return "this sign-on gave the hub no way to ask the identity provider whether it still stands, so it is not "
               "refreshed; sign in again";
    return "this sign-on ended (" + reason + "); sign in again";
}

std::string teamsText(const std::vector<std::string>& teams)
{
    std::string text;
    for (const auto& team : teams)
        text += (text.empty() ? "" : ", ") + team;
    return text.empty() ? "none" : text;
}

std::string appendQuery(const std::string& url, const std::vector<std::pair<std::string, std::string>>& params)
{
    std::string result = url;
    char separator = url.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [name, value] : params) {
        std::string encoded;
        Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
        result += separator + name + "=" + encoded;
        separator = '&';
    }
    return result;
}

} // namespace

core::Status checkOidcTokenKey(const HubOptions& options)
{
    if (!options.usesOidc())
        return core::Status::success();
    auto key = readKey(options.oidcTokenKeyFile);
    if (!key)
        return key.error();
    return core::Status::success();
}

OidcSignOn::OidcSignOn(const HubOptions& options) : m_options(options), m_provider(options)
{
    if (auto key = readKey(options.oidcTokenKeyFile); key)
        m_key = key.value();
    else
        randombytes_buf(m_key.data(), m_key.size()); // checked at start-up; a fresh key only seals nothing usable
}

HubResponse OidcSignOn::refused(const std::string& reason, const std::string& message, int status)
{
    logEvent("warn", "login_refused", {{"method", "oidc"}, {"reason", reason}});
    auto response = errorResponse(status, status == 401 ? "login" : "transient", message);
    if (status == 401)
        response.setHeader("WWW-Authenticate", "Bearer realm=\"avocet-hub\"");
    response.setHeader("X-Avocet-Refusal", reason);
    return response;
}

std::string OidcSignOn::seal(const std::string& plain) const
{
    std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                          plain.size(), bytes, m_key.data());
    std::string text(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes, box.size(), sodium_base64_VARIANT_ORIGINAL);
    text.resize(std::strlen(text.c_str()));
    return text;
}

std::optional<std::string> OidcSignOn::unseal(const std::string& sealed) const
{
    std::string box(sealed.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(), sealed.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return std::nullopt;
    const auto* bytes = reinterpret_cast<const unsigned char*>(box.data());
    std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), bytes + crypto_secretbox_NONCEBYTES,
                                   length - crypto_secretbox_NONCEBYTES, bytes, m_key.data()) != 0)
        return std::nullopt;
    return plain;
}

OidcSignOn::Directory OidcSignOn::directoryOf(const OidcIdentity& identity) const
{
    Directory directory;
    std::set<std::string> teams;
    for (const auto& group : identity.groups) {
        const auto rule = m_options.oidcGroups.find(group);
        if (rule == m_options.oidcGroups.end())
            continue;
        if (roleRank(rule->second.role) > roleRank(directory.role))
            directory.role = rule->second.role;
        teams.insert(rule->second.teams.begin(), rule->second.teams.end());
    }
    directory.teams.assign(teams.begin(), teams.end());
    return directory;
}

core::Status OidcSignOn::applyDirectory(PgConnection& connection, const std::string& username,
                                        const Directory& directory, const std::string& displayName)
{
    if (auto updated = connection.execute("UPDATE users SET role = $2, display_name = coalesce(nullif($3, ''),"
                                          " display_name) WHERE username = $1",
                                          {username, directory.role, displayName});
        !updated)
        return updated.error();
    const std::string teamArray = sql::textArray(directory.teams);
    if (auto made = connection.execute("INSERT INTO teams (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
                                       {teamArray});
        !made)
        return made.error();
    if (auto left = connection.execute("DELETE FROM team_members m USING teams t WHERE t.team_id = m.team_id AND"
                                       " m.username = $1 AND NOT (t.name = ANY($2::text[]))",
                                       {username, teamArray});
        !left)
        return left.error();
    if (auto joined = connection.execute("INSERT INTO team_members (team_id, username) SELECT team_id, $1 FROM teams"
                                         " WHERE name = ANY($2::text[]) ON CONFLICT DO NOTHING",
                                         {username, teamArray});
        !joined)
        return joined.error();
    return core::Status::success();
}

HubResponse OidcSignOn::configuration()
{
    auto document = m_provider.discovery();
    if (!document.ok())
        return errorResponse(503, "transient", document.refusal.message);
    json answer = {{"issuer", m_options.oidcIssuer},
                   {"client_id", m_options.oidcClientId},
                   {"scopes", m_options.oidcScopes},
                   {"authorization_endpoint", document.value->value("authorization_endpoint", "")},
                   {"code_challenge_method", "S256"},
                   {"local_accounts", m_options.localAccounts}};
    if (document.value->contains("end_session_endpoint"))
        answer["end_session_endpoint"] = document.value->value("end_session_endpoint", "");
    auto response = plainJsonResponse(200, answer);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HubResponse OidcSignOn::signOn(const HubRequest& request, PgConnection& connection, const SessionPolicy& session,
                               const LoginPolicy& throttle)
{
    Attempt attempt;
    auto throttled = AccessControl(connection).isThrottled("", request.clientAddress, throttle);
    if (!throttled)
        return errorResponse(503, "transient", "the database is not available; try again");
    HubResponse response =
        *throttled ? refused("throttled", "too many refused sign-ins from this computer; wait a minute, then try again",
                             429)
                   : signOnChecked(request, connection, session, throttle, attempt);
    std::string reason;
    for (const auto& [name, value] : response.headers)
        if (name == "X-Avocet-Refusal")
            reason = value;
    if (reason.empty())
        return response; // granted (audited with the login) or a bad request that named no one
    // A refusal counts like a wrong password: per source, and per account once the provider named one.
    if (reason != "throttled")
        if (auto counted = AccessControl(connection).countRefusal(attempt.username, request.clientAddress, throttle); !counted)
            logEvent("error", "login_throttle_failed", {{"message", loggableError(counted.error())}});
    SignOnFacts facts;
    facts.username = attempt.username;
    facts.role = attempt.role;
    facts.outcome = reason;
    facts.sourceAddress = request.clientAddress;
    if (auto audited = recordSignOnAudit(connection, facts); !audited)
        logEvent("error", "sign_on_audit_failed", {{"message", loggableError(audited.error())}});
    return response;
}

HubResponse OidcSignOn::signOnChecked(const HubRequest& request, PgConnection& connection,
                                      const SessionPolicy& session, const LoginPolicy& throttle, Attempt& attempt)
{
    json body = json::parse(request.body, nullptr, false);
    if (!body.is_object())
        return errorResponse(400, "invalid",
                             "send {\"code\", \"code_verifier\", \"redirect_uri\", \"nonce\"} or {\"id_token\", \"nonce\"}");
    const std::string nonce = stringField(body, "nonce");
    if (nonce.empty() || nonce.size() > 512)
        return errorResponse(400, "invalid", "a sign-on needs the nonce the sign-in started with (\"nonce\")");

    std::string idToken = stringField(body, "id_token");
    std::string providerRefresh;
    if (idToken.empty()) {
        const std::string code = stringField(body, "code");
        const std::string verifier = stringField(body, "code_verifier");
        const std::string redirectUri = stringField(body, "redirect_uri");
        if (code.empty() || verifier.empty() || redirectUri.empty())
            return errorResponse(400, "invalid",
                                 "send {\"code\", \"code_verifier\", \"redirect_uri\", \"nonce\"} or "
                                 "{\"id_token\", \"nonce\"}");
        if (verifier.size() < 43 || verifier.size() > 128)
            return errorResponse(400, "invalid", "the PKCE code_verifier must be 43 to 128 characters (RFC 7636)");
        auto tokens = m_provider.exchangeCode(code, verifier, redirectUri);
        if (!tokens.ok())
            return refused(tokens.refusal.reason, tokens.refusal.message, tokens.refusal.status);
        idToken = stringField(*tokens.value, "id_token");
        providerRefresh = stringField(*tokens.value, "refresh_token");
        if (idToken.empty())
            return refused("malformed", "the identity provider answered no ID token; is 'openid' among the scopes?");
    }

    auto checked = m_provider.verifyIdToken(idToken, nonce);
    if (!checked.ok())
        return refused(checked.refusal.reason, checked.refusal.message, checked.refusal.status);
    const OidcIdentity& identity = *checked.value;

    attempt.username = identity.username; // as the provider names them (a linked user below)
    const Directory directory = directoryOf(identity);
    const std::string& role = directory.role;
    attempt.role = role;
    if (auto locked = AccessControl(connection).isThrottled(identity.username, request.clientAddress, throttle);
        !locked || *locked)
        return !locked ? errorResponse(503, "transient", "the database is not available; try again")
                       : refused("throttled", "too many refused sign-ins for this account from this computer; wait a "
                                              "minute, then try again",
                                 429);
    if (role.empty())
        return refused("no-role", "your account at the identity provider is in no group that gives an Avocet role; "
                                  "ask the service desk to add you to the right group");
    if (identity.username.empty() || identity.username.size() > 64)
        return refused("malformed", "the identity token's user name (" + m_options.oidcUsernameClaim +
                                        ") must be 1 to 64 characters");

    PgTransaction transaction(connection);
    if (auto begun = transaction.begin(); !begun)
        return errorResponse(503, "transient", "the database is not available; try again");
    // Each nonce once, on every hub process: a replayed ID token (or code answer) is refused.
    if (auto swept = connection.execute("DELETE FROM oidc_nonces WHERE expires_at < now()"); !swept)
        return errorResponse(500, "exception", "cannot sign on right now; try again");
    auto fresh = connection.query(
        "INSERT INTO oidc_nonces (nonce_hash, expires_at) VALUES ($1, to_timestamp($2::bigint))"
        " ON CONFLICT DO NOTHING RETURNING 1",
        {sha256Hex(m_options.oidcIssuer + "\n" + identity.subject + "\n" + nonce),
         std::to_string(identity.expiresAt + m_options.oidcLeewaySeconds)});
    if (!fresh)
        return errorResponse(500, "exception", "cannot sign on right now; try again");
    if (fresh->rows() == 0) {
        transaction.commit().ok();
        return refused("replayed", "this sign-in's nonce was already used: an identity token is accepted once; "
                                   "sign in again");
    }

    // The hub user of this provider subject: linked on first sign-on, never taken over by name.
    std::string username;
    auto linked = connection.query("SELECT i.username, u.is_active FROM oidc_identities i JOIN users u ON"
                                   " u.username = i.username WHERE i.issuer = $1 AND i.subject = $2 FOR UPDATE OF i",
                                   {m_options.oidcIssuer, identity.subject});
    if (!linked)
        return errorResponse(500, "exception", "cannot sign on right now; try again");
    if (linked->rows() == 1) {
        username = linked->text(0, 0);
        attempt.username = username;
        if (!linked->boolean(0, 1)) {
            transaction.commit().ok();
            return refused("inactive", "your Avocet account was deactivated on this hub; ask an administrator");
        }
        if (auto touched = connection.execute("UPDATE oidc_identities SET last_sign_on = now() WHERE issuer = $1"
                                              " AND subject = $2",
                                              {m_options.oidcIssuer, identity.subject});
            !touched)
            return errorResponse(500, "exception", "cannot sign on right now; try again");
    } else {
        username = identity.username;
        auto created = connection.query("INSERT INTO users (username, role, password_hash, display_name)"
                                        " VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING RETURNING 1",
                                        {username, role, kNoPassword, identity.displayName});
        if (!created)
            return errorResponse(500, "exception", "cannot sign on right now; try again");
        if (created->rows() == 0) {
            transaction.commit().ok();
            return refused("account-conflict",
                           "a hub account named '" + username +
                               "' already exists and is not linked to this identity provider; an administrator "
                               "must rename or remove it before its owner can sign on");
        }
        if (auto link = connection.execute(
                "INSERT INTO oidc_identities (issuer, subject, username) VALUES ($1, $2, $3)",
                {m_options.oidcIssuer, identity.subject, username});
            !link)
            return errorResponse(500, "exception", "cannot sign on right now; try again");
        logEvent("info", "oidc_user_created", {{"role", role}});
    }
    // Role and teams follow the directory: the groups' teams, no others.
    if (auto applied = applyDirectory(connection, username, directory, identity.displayName); !applied)
        return errorResponse(500, "exception", "cannot sign on right now; try again");

    auto tokens = AccessControl(connection).signOn(username, parseRole(role).value_or(Role::Clinician), session);
    if (!tokens)
        return errorResponse(500, "exception", "cannot sign on right now; try again");
    if (auto kept = connection.execute(
            "INSERT INTO oidc_sessions (family_id, issuer, subject, sealed_refresh, sealed_id_token, provider_sid)"
            " VALUES ($1, $2, $3, $4, $5, $6)",
            {tokens->familyId, m_options.oidcIssuer, identity.subject,
             providerRefresh.empty() ? SqlParam() : SqlParam(seal(providerRefresh)), seal(idToken),
             identity.sessionId.empty() ? SqlParam() : SqlParam(identity.sessionId)});
        !kept)
        return errorResponse(500, "exception", "cannot sign on right now; try again");
    SignOnFacts facts;
    facts.username = username;
    facts.role = role;
    facts.sourceAddress = request.clientAddress;
    facts.detail = "teams: " + teamsText(directory.teams);
    if (auto audited = writeSignOnAudit(connection, facts); !audited)
        return errorResponse(500, "exception", "cannot sign on right now; try again");
    if (auto committed = transaction.commit(); !committed)
        return errorResponse(500, "exception", "cannot sign on right now; try again");
    logEvent("info", "login", {{"method", "oidc"}, {"role", role}, {"recheckable", !providerRefresh.empty()}});

    auto response = plainJsonResponse(200, {{"access_token", tokens->accessToken},
                                            {"token_type", "Bearer"},
                                            {"expires_in", tokens->accessSeconds},
                                            {"refresh_token", tokens->refreshToken},
                                            {"username", tokens->username},
                                            {"role", roleName(tokens->role)},
                                            {"sign_on", "oidc"}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

std::optional<HubResponse> OidcSignOn::recheck(PgConnection& connection, const std::string& refreshToken,
                                               const std::string& sourceAddress)
{
    auto family = AccessControl(connection).usableRefreshFamily(refreshToken);
    if (!family)
        return errorResponse(500, "exception", "cannot refresh right now; try again");
    if (family->empty()) {
        // A sign-on the hub ended (back-channel logout, the provider's refusal, no role): the same
        // reason again, so the client knows the trust sign-in ended. Else unknown or used up: the
        // rotation answers (and ends a reused login).
        auto login = AccessControl(connection).refreshFamily(refreshToken);
        if (!login)
            return errorResponse(500, "exception", "cannot refresh right now; try again");
        if (login->empty())
            return std::nullopt;
        auto ended = connection.query("SELECT ended_reason FROM oidc_sessions WHERE family_id = $1 AND"
                                      " ended_reason IS NOT NULL",
                                      {login.value()});
        if (!ended)
            return errorResponse(500, "exception", "cannot refresh right now; try again");
        if (ended->rows() == 1)
            return refused(ended->text(0, 0), endedMessage(ended->text(0, 0)));
        return std::nullopt;
    }
    // Locked for the provider call, so two refreshes of one login never both spend the provider's
    // (rotating) refresh token.
    auto rows = connection.query("SELECT o.sealed_refresh, o.subject, i.username FROM oidc_sessions o"
                                 " LEFT JOIN oidc_identities i ON i.issuer = o.issuer AND i.subject = o.subject"
                                 " WHERE o.family_id = $1 FOR UPDATE OF o",
                                 {family.value()});
    if (!rows)
        return errorResponse(500, "exception", "cannot refresh right now; try again");
    if (rows->rows() == 0)
        return std::nullopt; // a hub-local login
    auto still = AccessControl(connection).usableRefreshFamily(refreshToken);
    if (!still)
        return errorResponse(500, "exception", "cannot refresh right now; try again");
    if (still->empty())
        return std::nullopt; // rotated meanwhile by a concurrent refresh: the rotation answers
    const std::string subject = rows->text(0, 1);
    const std::string username = rows->isNull(0, 2) ? std::string() : rows->text(0, 2);
    auto endLogin = [&](const std::string& reason, const std::string& message) {
        AccessControl(connection).revokeFamily(family.value()).ok();
        connection
            .execute("UPDATE oidc_sessions SET ended_reason = $2, ended_at = now() WHERE family_id = $1",
                     {family.value(), reason})
            .ok();
        SignOnFacts facts;
        facts.event = "sign-on-refresh";
        facts.username = username;
        facts.outcome = reason;
        facts.sourceAddress = sourceAddress;
        if (auto audited = writeSignOnAudit(connection, facts); !audited)
            logEvent("error", "sign_on_audit_failed", {{"message", loggableError(audited.error())}});
        return refused(reason, message);
    };
    if (rows->isNull(0, 0))
        return endLogin("not-recheckable", "this sign-on gave the hub no way to ask the identity provider whether it "
                                           "still stands, so it is not refreshed; sign in again");
    const auto providerRefresh = unseal(rows->text(0, 0));
    if (!providerRefresh)
        return endLogin("not-recheckable", "the hub cannot open the identity provider's token of this sign-on (was "
                                           "its sign-on token key changed?); sign in again");
    auto answer = m_provider.refresh(*providerRefresh);
    if (!answer.ok()) {
        if (answer.refusal.status == 401)
            return endLogin("revoked-at-provider", "the identity provider no longer vouches for this sign-on (" +
                                                       answer.refusal.message + "); sign in again");
        return refused(answer.refusal.reason, answer.refusal.message, answer.refusal.status);
    }
    const std::string rotated = stringField(*answer.value, "refresh_token");
    const std::string newIdToken = stringField(*answer.value, "id_token");
    // The directory as it is now: a user moved out of a group loses what it gave at this refresh.
    if (!newIdToken.empty() && !username.empty()) {
        auto identity = m_provider.verifyRefreshedIdToken(newIdToken, subject);
        if (!identity.ok())
            return endLogin(identity.refusal.reason, "the identity provider's refreshed identity token was refused (" +
                                                         identity.refusal.message + "); sign in again");
        const Directory directory = directoryOf(*identity.value);
        if (directory.role.empty())
            return endLogin("no-role", "your account at the identity provider is no longer in a group that gives an "
                                       "Avocet role; ask the service desk if that is wrong");
        if (auto applied = applyDirectory(connection, username, directory, identity.value->displayName); !applied)
            return errorResponse(500, "exception", "cannot refresh right now; try again");
    }
    if (auto kept = connection.execute(
            "UPDATE oidc_sessions SET sealed_refresh = coalesce($2, sealed_refresh),"
            " sealed_id_token = coalesce($3, sealed_id_token), last_checked_at = now() WHERE family_id = $1",
            {family.value(), rotated.empty() ? SqlParam() : SqlParam(seal(rotated)),
             newIdToken.empty() ? SqlParam() : SqlParam(seal(newIdToken))});
        !kept)
        return errorResponse(500, "exception", "cannot refresh right now; try again");
    return std::nullopt;
}

std::string OidcSignOn::endSession(PgConnection& connection, const std::string& accessToken,
                                   const std::string& postLogoutRedirectUri)
{
    auto family = AccessControl(connection).accessFamily(accessToken);
    if (!family || family->empty())
        return {};
    auto rows = connection.query("DELETE FROM oidc_sessions WHERE family_id = $1 RETURNING sealed_refresh,"
                                 " sealed_id_token",
                                 {family.value()});
    if (!rows || rows->rows() == 0)
        return {};
    if (!rows->isNull(0, 0))
        if (const auto providerRefresh = unseal(rows->text(0, 0)); providerRefresh)
            m_provider.revoke(*providerRefresh);
    auto document = m_provider.discovery();
    if (!document.ok() || !document.value->contains("end_session_endpoint"))
        return {};
    std::vector<std::pair<std::string, std::string>> params = {{"client_id", m_options.oidcClientId}};
    if (!rows->isNull(0, 1))
        if (const auto idToken = unseal(rows->text(0, 1)); idToken)
            params.emplace_back("id_token_hint", *idToken);
    if (!postLogoutRedirectUri.empty())
        params.emplace_back("post_logout_redirect_uri", postLogoutRedirectUri);
    return appendQuery(document.value->value("end_session_endpoint", ""), params);
}

HubResponse OidcSignOn::backchannelLogout(const HubRequest& request, PgConnection& connection)
{
    // The body is a form (application/x-www-form-urlencoded): logout_token=<JWT>.
    std::string logoutToken;
    Poco::URI form("?" + request.body);
    for (const auto& [name, value] : form.getQueryParameters())
        if (name == "logout_token")
            logoutToken = value;
    auto answer = [&](int status, const std::string& reason, const std::string& message) {
        SignOnFacts facts;
        facts.event = "backchannel-logout";
        facts.outcome = reason;
        facts.sourceAddress = request.clientAddress;
        if (auto audited = recordSignOnAudit(connection, facts); !audited)
            logEvent("error", "sign_on_audit_failed", {{"message", loggableError(audited.error())}});
        logEvent("warn", "backchannel_logout_refused", {{"reason", reason}});
        auto response = plainJsonResponse(status, {{"error", "invalid_request"}, {"error_description", message}});
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Avocet-Refusal", reason);
        return response;
    };
    if (logoutToken.empty())
        return answer(400, "malformed", "send the logout token as the form field logout_token");
    auto checked = m_provider.verifyLogoutToken(logoutToken);
    if (!checked.ok())
        return answer(400, checked.refusal.reason, checked.refusal.message);
    const OidcLogout& logout = *checked.value;

    PgTransaction transaction(connection);
    if (auto begun = transaction.begin(); !begun)
        return errorResponse(503, "transient", "the database is not available; try again");
    // Each logout token once, on every hub process (its jti, in the table the nonces use).
    auto fresh = connection.query(
        "INSERT INTO oidc_nonces (nonce_hash, expires_at) VALUES ($1, to_timestamp($2::bigint))"
        " ON CONFLICT DO NOTHING RETURNING 1",
        {sha256Hex("logout\n" + m_options.oidcIssuer + "\n" + logout.tokenId), std::to_string(logout.expiresAt)});
    if (!fresh)
        return errorResponse(500, "exception", "cannot end the sign-on right now; try again");
    if (fresh->rows() == 0) {
        transaction.commit().ok(); // nothing was written: the audit below has a transaction of its own
        return answer(400, "replayed", "this logout token was already taken (its jti is used once)");
    }
    // The provider session's logins (sid), or all the subject's (sub alone); with both, both must match.
    // The row stays, without the provider's tokens, to answer a later refresh with why it ended.
    auto ended = connection.query(
        "UPDATE oidc_sessions o SET ended_reason = 'ended-at-provider', ended_at = now(), sealed_refresh = NULL,"
        " sealed_id_token = NULL WHERE o.issuer = $1 AND ($2 = '' OR o.subject = $2)"
        " AND ($3 = '' OR o.provider_sid = $3) AND o.ended_reason IS NULL"
        " RETURNING o.family_id, (SELECT username FROM oidc_identities i WHERE i.issuer = o.issuer AND"
        " i.subject = o.subject)",
        {m_options.oidcIssuer, logout.subject, logout.sessionId});
    if (!ended)
        return errorResponse(500, "exception", "cannot end the sign-on right now; try again");
    std::set<std::string> users;
    for (int row = 0; row < ended->rows(); ++row) {
        if (auto revoked = AccessControl(connection).revokeFamily(ended->text(row, 0)); !revoked)
            return errorResponse(500, "exception", "cannot end the sign-on right now; try again");
        if (!ended->isNull(row, 1))
            users.insert(ended->text(row, 1));
    }
    for (const auto& username : users) {
        SignOnFacts facts;
        facts.event = "backchannel-logout";
        facts.username = username;
        facts.sourceAddress = request.clientAddress;
        facts.detail = "hub logins ended: " + std::to_string(ended->rows());
        if (auto audited = writeSignOnAudit(connection, facts); !audited)
            return errorResponse(500, "exception", "cannot end the sign-on right now; try again");
    }
    if (auto committed = transaction.commit(); !committed)
        return errorResponse(500, "exception", "cannot end the sign-on right now; try again");
    logEvent("info", "backchannel_logout", {{"logins", ended->rows()}});
    auto response = plainJsonResponse(200, {{"ended", ended->rows()}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

} // namespace avocet::hub
