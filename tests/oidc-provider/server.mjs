// A real OpenID Connect provider for Avocet's tests: the certified `oidc-provider` package (pinned
// in package-lock.json) with synthetic users and groups, a sign-in page that tests drive with plain
// HTTP requests, and test controls on /__test/ (loopback only): rotate the signing keys, disable a
// user, shorten the ID token lifetime, count the fetches of the published keys (stats), set the
// published keys' Cache-Control (jwks-cache). Nothing here is Avocet code; it only plays the trust's
// identity provider.
//
//   node server.mjs [--port N] [--key-file FILE]
//
// Prints "LISTENING <port>" on stdout once it serves http://127.0.0.1:<port> (the issuer).
// --key-file: the signing keys are read from FILE when it exists, else generated and written there,
// so two providers can share keys (a token from the other one then fails on its issuer alone).

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { URL } from 'node:url';

import Provider from 'oidc-provider';

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const requestedPort = Number(option('--port', '0'));
const keyFile = option('--key-file', '');

// Synthetic people only. Groups are what a trust's directory would send; avocet-hub maps them.
const users = {
  'u-1001': { username: 'ada.north', password: 'synthetic-Passw0rd-1', name: 'Ada North',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1002': { username: 'ben.ward', password: 'synthetic-Passw0rd-2', name: 'Ben Ward',
              groups: ['avocet-ward-staff', 'team-south-ward'] },
  'u-1003': { username: 'cat.forms', password: 'synthetic-Passw0rd-3', name: 'Cat Forms',
              groups: ['avocet-change-managers'] },
  'u-1004': { username: 'dan.nogroup', password: 'synthetic-Passw0rd-4', name: 'Dan Nogroup',
              groups: ['finance'] },
  'u-1005': { username: 'eve.revoked', password: 'synthetic-Passw0rd-5', name: 'Eve Revoked',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1006': { username: 'fay.rotate', password: 'synthetic-Passw0rd-6', name: 'Fay Rotate',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1007': { username: 'gil.moved', password: 'synthetic-Passw0rd-7', name: 'Gil Moved',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1008': { username: 'hal.backchannel', password: 'synthetic-Passw0rd-8', name: 'Hal Backchannel',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1009': { username: 'ivy.manager', password: 'synthetic-Passw0rd-9', name: 'Ivy Manager',
              groups: ['avocet-team-managers', 'team-north-community'] },
  'u-1010': { username: 'jon.briefcase', password: 'synthetic-Passw0rd-10', name: 'Jon Briefcase',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1011': { username: 'kim.laptop', password: 'synthetic-Passw0rd-11', name: 'Kim Laptop',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1012': { username: 'lee.touchdown', password: 'synthetic-Passw0rd-12', name: 'Lee Touchdown',
              groups: ['avocet-clinicians', 'team-north-community'] },
  'u-1013': { username: 'mo.nokeychain', password: 'synthetic-Passw0rd-13', name: 'Mo Nokeychain',
              groups: ['avocet-clinicians', 'team-north-community'] },
};

function newSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: crypto.randomBytes(9).toString('base64url'), use: 'sig', alg: 'RS256' };
}

let keys;
if (keyFile && fs.existsSync(keyFile)) {
  keys = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
} else {
  keys = [newSigningKey()];
  if (keyFile) fs.writeFileSync(keyFile, JSON.stringify(keys), { mode: 0o600 });
}

let idTokenSeconds = 600;
let keySetRequests = 0; // how often the published keys were fetched (a relying party's refetches)
// The Cache-Control header of the published keys ('' = none, as the package sends), set by the
// jwks-cache control: how long a relying party may keep them.
let keySetCacheControl = '';
// Where the desktop client's relying party (avocet-hub) takes back-channel logout tokens; '' = none.
// Set by the backchannel control once the hub's port is known.
let backchannelUri = '';
let issuer = '';
let provider = null;

function makeProvider() {
  const configuration = {
    clients: [
      {
        // The desktop and avocetctl: a public native client (RFC 8252), loopback redirect on any port.
        client_id: 'avocet-desktop',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        post_logout_redirect_uris: ['http://127.0.0.1/signed-out'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // With a back-channel logout address, ID tokens carry the session's sid and ending the
        // provider session (end_session with logout=yes) posts a logout token there.
        ...(backchannelUri ? { backchannel_logout_uri: backchannelUri, backchannel_logout_session_required: true } : {}),
      },
      {
        // Another application of the trust: its tokens are not for avocet-hub.
        client_id: 'other-app',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys },
    cookies: { keys: ['synthetic-cookie-key-for-tests-only'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'groups'],
    // Claims of the requested scopes go into the ID token itself (as many trust directories do).
    conformIdTokenClaims: false,
    // A refresh token for every sign-in of a client that may refresh, bound to the provider session,
    // so ending that session (or disabling the user) ends the refresh too.
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      IdToken: () => idTokenSeconds,
      AccessToken: 600,
      AuthorizationCode: 60,
      RefreshToken: 24 * 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
      Interaction: 600,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // Signing out needs no confirmation page in the tests: the form submits itself.
        logoutSource: async (ctx, form) => {
          ctx.body = `<!DOCTYPE html><html><body>${form}<script>document.forms[0].submit()</script></body></html>`;
        },
      },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // The package refuses outgoing requests to special-use addresses (its SSRF guard); the relying
    // party of these tests (avocet-hub, for back-channel logout) is on loopback, so the guard's
    // dispatcher is left out here, in the test provider only.
    fetch: (url, options) => {
      const { dispatcher, ...rest } = options;
      return globalThis.fetch(url, rest);
    },
    findAccount: async (ctx, id) => {
      const user = users[id];
      if (!user || user.disabled) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, name: user.name, preferred_username: user.username, groups: user.groups }),
      };
    },
  };
  const created = new Provider(issuer, configuration);
  created.on('server_error', (ctx, error) => process.stderr.write(`server_error ${error.stack}\n`));
  return created;
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
  });
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Finishes an interaction: the login (when asked) and the consent, granted at once (a trust's own
// applications ask no consent).
async function finish(req, res, details, accountId) {
  const { params, prompt } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  grant.addOIDCScope(String(params.scope || 'openid'));
  const grantId = await grant.save();
  const result = { consent: { grantId } };
  if (prompt.name === 'login') result.login = { accountId };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

async function interaction(req, res, url) {
  const parts = url.pathname.split('/').filter(Boolean); // interaction, uid, [login]
  const details = await provider.interactionDetails(req, res);
  if (parts[1] !== details.uid) return send(res, 400, 'interaction mismatch');
  if (req.method === 'GET') {
    if (details.prompt.name !== 'login') return finish(req, res, details, details.session.accountId);
    return send(res, 200, `<!DOCTYPE html><html><body><h1>Sign in (synthetic test provider)</h1>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<input name="login" autocomplete="username"><input name="password" type="password">
<button type="submit">Sign in</button></form></body></html>`);
  }
  if (req.method === 'POST' && parts[2] === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const entry = Object.entries(users).find(([, user]) => user.username === form.get('login'));
    if (!entry || entry[1].password !== form.get('password') || entry[1].disabled)
      return send(res, 401, '<!DOCTYPE html><html><body><p>Wrong user name or password.</p></body></html>');
    return finish(req, res, details, entry[0]);
  }
  return send(res, 405, 'method not allowed');
}

async function testControl(req, res, url) {
  const parts = url.pathname.split('/').filter(Boolean); // __test, ...
  if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain');
  if (parts[1] === 'rotate-keys') {
    // The new key signs from now on; the old ones stay published unless retired.
    const retire = url.searchParams.get('retire') === '1';
    keys = [newSigningKey(), ...(retire ? [] : keys)];
    provider = makeProvider();
    return send(res, 200, JSON.stringify({ kid: keys[0].kid, published: keys.map((k) => k.kid) }), 'application/json');
  }
  if (parts[1] === 'users' && parts[3] === 'disable') {
    const user = Object.values(users).find((u) => u.username === parts[2]);
    if (!user) return send(res, 404, 'no such user', 'text/plain');
    user.disabled = true;
    return send(res, 200, '{}', 'application/json');
  }
  if (parts[1] === 'backchannel') {
    backchannelUri = url.searchParams.get('uri') || '';
    provider = makeProvider();
    return send(res, 200, '{}', 'application/json');
  }
  if (parts[1] === 'users' && parts[3] === 'groups') {
    // The directory moves a user: from now on its tokens (new and refreshed) name these groups.
    const user = Object.values(users).find((u) => u.username === parts[2]);
    if (!user) return send(res, 404, 'no such user', 'text/plain');
    user.groups = (url.searchParams.get('set') || '').split(',').filter(Boolean);
    return send(res, 200, JSON.stringify({ groups: user.groups }), 'application/json');
  }
  if (parts[1] === 'users' && parts[3] === 'backchannel-logout') {
    // The provider ends one of the user's sessions (sid) and tells the relying party on the back
    // channel, through the package's own Client#backchannelLogout (as end_session does).
    const entry = Object.entries(users).find(([, u]) => u.username === parts[2]);
    if (!entry) return send(res, 404, 'no such user', 'text/plain');
    const client = await provider.Client.find('avocet-desktop');
    if (!client.backchannelLogoutUri) return send(res, 409, 'no backchannel_logout_uri registered', 'text/plain');
    try {
      await client.backchannelLogout(entry[0], url.searchParams.get('sid') || undefined);
    } catch (error) {
      return send(res, 502, `back-channel logout not delivered: ${error.message} ${error.cause || ''}`, 'text/plain');
    }
    return send(res, 200, '{}', 'application/json');
  }
  if (parts[1] === 'users' && parts[3] === 'logout-token') {
    // A logout token as the provider signs one for back-channel logout (the same class and use), for
    // tests that post it themselves: twice (replay), or with another subject or session.
    const entry = Object.entries(users).find(([, u]) => u.username === parts[2]);
    if (!entry) return send(res, 404, 'no such user', 'text/plain');
    const client = await provider.Client.find('avocet-desktop');
    const token = new provider.IdToken({ sub: entry[0] }, { client, ctx: undefined });
    token.mask = { sub: null };
    token.set('events', { 'http://schemas.openid.net/event/backchannel-logout': {} });
    token.set('jti', crypto.randomUUID());
    if (url.searchParams.get('sid')) token.set('sid', url.searchParams.get('sid'));
    return send(res, 200, JSON.stringify({ logout_token: await token.issue({ use: 'logout' }) }), 'application/json');
  }
  if (parts[1] === 'stats') {
    return send(res, 200, JSON.stringify({ keySetRequests }), 'application/json');
  }
  if (parts[1] === 'jwks-cache') {
    keySetCacheControl = url.searchParams.get('cache-control') || '';
    return send(res, 200, '{}', 'application/json');
  }
  if (parts[1] === 'id-token-seconds') {
    idTokenSeconds = Number(url.searchParams.get('seconds') || '600');
    return send(res, 200, '{}', 'application/json');
  }
  return send(res, 404, 'no such control', 'text/plain');
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname.startsWith('/__test/')) return await testControl(req, res, url);
    if (url.pathname.startsWith('/interaction/')) return await interaction(req, res, url);
    if (url.pathname === '/jwks') {
      keySetRequests += 1;
      if (keySetCacheControl) res.setHeader('Cache-Control', keySetCacheControl);
    }
    return provider.callback()(req, res);
  } catch (error) {
    process.stderr.write(`${error.stack}\n`);
    if (!res.headersSent) send(res, 500, String(error.message), 'text/plain');
    return undefined;
  }
});

server.listen(requestedPort, '127.0.0.1', () => {
  const { port } = server.address();
  issuer = `http://127.0.0.1:${port}`;
  provider = makeProvider();
  process.stdout.write(`LISTENING ${port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
