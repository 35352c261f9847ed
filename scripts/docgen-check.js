#!/usr/bin/env node
// Fails when API.md no longer matches the jsii assembly, so the committed API
// reference cannot drift from the code. Regenerate with `npm run docgen`.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const API_MD = path.join(ROOT, 'API.md');

function fail(message) {
  console.error(`docgen:check: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(ROOT, '.jsii'))) {
  fail('no .jsii assembly: run `npm run build` first.');
}
if (!fs.existsSync(API_MD)) {
  fail('API.md is missing: run `npm run build && npm run docgen` and commit it.');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-check-'));
let problem;
try {
  const fresh = path.join(tmp, 'API.md');
  const bin = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'jsii-docgen.cmd' : 'jsii-docgen');
  const result = spawnSync(bin, ['--output', fresh], { cwd: ROOT, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`jsii-docgen failed: ${result.error ? result.error.message : (result.stderr || result.stdout).trim()}`);
  }
  const want = fs.readFileSync(fresh, 'utf8');
  const have = fs.readFileSync(API_MD, 'utf8');
  if (want !== have) {
    const a = have.split('\n');
    const b = want.split('\n');
    let line = 0;
    while (line < a.length && line < b.length && a[line] === b[line]) line++;
    problem = `API.md is out of date (first difference at line ${line + 1}):\n` +
      `  committed: ${JSON.stringify(a[line] ?? '<end of file>')}\n` +
      `  generated: ${JSON.stringify(b[line] ?? '<end of file>')}\n` +
      'Run `npm run build && npm run docgen` and commit API.md.';
  }
} catch (e) {
  problem = e.message;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (problem) fail(problem);
console.log('docgen:check: API.md is up to date');
