#!/usr/bin/env node
// `npm run test:node -- 22.23.5 24.22.3`: the tests, the build and the packages on other Node
// releases, taken from the npm registry (the `node-<platform>-<arch>` packages carry the
// official binary) into node_modules/.cache/node-versions/. For each version it runs, with that
// node first on PATH:
//
//   npm test, npm run build, npm run docgen:check, npm run package, npm run test:python
//
// and fails if any of them prints a Node support banner (end-of-life, untested or known
// broken): the versions tested here are the ones package.json's engines states.
//
// Plain CommonJS with Node built-ins only, so it runs on whatever node started it.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { satisfiesEngines } = require('./engines');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'node-versions');
const STEPS = [['test'], ['run', 'build'], ['run', 'docgen:check'], ['run', 'package'], ['run', 'test:python']];
// What @jsii/check-node prints when a release is end-of-life, untested or known to be broken.
const BANNER = /is end-of-life|has reached end-of-life|has not been tested with node|has known compatibility issues/;

class Failure extends Error {}

function main(versions) {
  if (versions.length === 0 || versions.some((v) => !/^\d+\.\d+\.\d+$/.test(v))) {
    throw new Failure(`give exact Node versions, for example: npm run test:node -- 22.23.5 24.22.3 (got ${JSON.stringify(versions)})`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const version of versions) {
    if (!satisfiesEngines(version, pkg.engines.node)) {
      throw new Failure(`Node ${version} is outside package.json's engines (${pkg.engines.node}): state it there first.`);
    }
  }
  const started = Date.now();
  for (const version of versions) {
    const bin = install(version);
    for (const args of STEPS) run(bin, version, args);
  }
  console.log(`node-versions: ${versions.join(', ')}: ${STEPS.map((s) => `npm ${s.join(' ')}`).join(', ')} passed ` +
    `without a Node support banner (${Math.round((Date.now() - started) / 1000)} s)`);
}

/** The folder holding `node` of this version, installed from the registry once. */
function install(version) {
  const name = `node-${process.platform}-${process.arch}`;
  const prefix = path.join(CACHE, `${name}-${version}`);
  const bin = path.join(prefix, 'node_modules', name, 'bin');
  if (!fs.existsSync(path.join(bin, 'node'))) {
    console.log(`node-versions: installing ${name}@${version} from the npm registry`);
    fs.mkdirSync(prefix, { recursive: true });
    const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit',
      '--no-fund', `${name}@${version}`], { cwd: prefix, stdio: 'inherit' });
    if (result.status !== 0 || !fs.existsSync(path.join(bin, 'node'))) {
      fs.rmSync(prefix, { recursive: true, force: true });
      throw new Failure(`could not install ${name}@${version} from the npm registry ` +
        `(check the version with \`npm view ${name} versions\`).`);
    }
  }
  const reported = spawnSync(path.join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (reported !== `v${version}`) throw new Failure(`${path.join(bin, 'node')} reports ${reported}, not v${version}.`);
  return bin;
}

/** `npm <args>` with this node first on PATH; its output is shown and searched for banners. */
function run(bin, version, args) {
  console.log(`$ npm ${args.join(' ')}   (node v${version})`);
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  const result = spawnSync('npm', args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(result.stdout || '');
  process.stderr.write(result.stderr || '');
  if (result.error) throw new Failure(`could not run npm: ${result.error.message}`);
  if (result.status !== 0) throw new Failure(`npm ${args.join(' ')} failed on node v${version} (exit ${result.status}).`);
  const banner = `${result.stdout}\n${result.stderr}`.split('\n').find((line) => BANNER.test(line));
  if (banner) throw new Failure(`npm ${args.join(' ')} on node v${version} printed a Node support banner: ${banner.replace(/!/g, '').trim()}`);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof Failure)) throw e;
  console.error(`node-versions: ${e.message}`);
  process.exit(1);
}
