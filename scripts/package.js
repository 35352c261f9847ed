#!/usr/bin/env node
// `npm run package`: the Python wheel and sdist (dist/python), built by
// jsii-pacmak from the assembly of `npm run build`.
//
// `npm run package:java` (this script with --java): the Java jar (dist/java).
// Maven Central has no ROS CDK 1.11+ jars (com.aliyun:ros-cdk-core stops at
// 1.8.0, com.aliyun:ros-cdk-ram is absent), so the Maven project jsii-pacmak
// generates cannot resolve its dependencies from there. With --recurse,
// jsii-pacmak builds those jars too, from the same .jsii assemblies, into each
// package's own dist/ under node_modules: enough to compile and check our Java
// binding, though Java users still need the ROS CDK jars from Alibaba Cloud.
// Maven downloads its plugins into ~/.m2/repository, kept between runs.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { satisfiesEngines } = require('./engines');

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

// The ROS CDK 1.12 Python wheels require jsii<=1.85.0; the wheel jsii-pacmak
// generates requires jsii>=<its own version>. Both must hold at once.
const MAX_PYTHON_JSII = '1.85.0';

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(ROOT, '.jsii'))) fail('no .jsii assembly: run `npm run build` first.');

const args = process.argv.slice(2);
const java = args.includes('--java');
const rest = args.filter((a) => a !== '--java');
const pacmakArgs = java
  ? ['--targets', 'java', '--recurse', '--maven-local-repository', path.join(os.homedir(), '.m2', 'repository'), ...rest]
  : ['--targets', 'python', ...rest];
const constraints = path.join(__dirname, 'pacmak-constraints.txt');
const env = {
  ...process.env,
  // pip reads PIP_CONSTRAINT in every venv jsii-pacmak creates; it is a space-separated list.
  PIP_CONSTRAINT: [process.env.PIP_CONSTRAINT, constraints].filter(Boolean).join(' '),
  // jsii-pacmak runs `npm pack` for the JavaScript tarball inside each package. Our prepack
  // script would rebuild the assembly checked above while pacmak reads it; pack it as built.
  npm_config_ignore_scripts: 'true',
  ...untestedBannerSilence(),
};
const bin = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'jsii-pacmak.cmd' : 'jsii-pacmak');
// --no-npmignore: the package.json "files" list decides what is packed; leave no .npmignore behind.
const result = spawnSync(bin, ['--no-npmignore', ...pacmakArgs], { cwd: ROOT, env, stdio: 'inherit' });
if (result.error) fail(`could not run jsii-pacmak: ${result.error.message}`);
if (result.status !== 0) process.exit(result.status || 1);
if (java) {
  const jar = path.join(ROOT, pkg.jsii.outdir || 'dist', 'java', ...pkg.jsii.targets.java.maven.groupId.split('.'),
    pkg.jsii.targets.java.maven.artifactId, pkg.version, `${pkg.jsii.targets.java.maven.artifactId}-${pkg.version}.jar`);
  if (!fs.existsSync(jar)) fail(`jsii-pacmak succeeded but ${path.relative(ROOT, jar)} is missing.`);
  console.log(`package: ${path.relative(ROOT, jar)}`);
  process.exit(0);
}

const wheelDir = path.join(ROOT, pkg.jsii.outdir || 'dist', 'python');
const wheelName = `${pkg.jsii.targets.python.distName.replace(/-/g, '_')}-${pkg.version}-py3-none-any.whl`;
if (fs.existsSync(path.join(wheelDir, wheelName))) {
  const metadata = spawnSync(process.env.PYTHON || 'python3', ['-c', [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    "print(z.read(next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))).decode())",
  ].join('\n'), path.join(wheelDir, wheelName)], { encoding: 'utf8' });
  if (metadata.status !== 0) fail(`could not read the wheel's METADATA: ${metadata.stderr}`);
  const requirement = metadata.stdout.split('\n').find((l) => /^Requires-Dist: jsii[\s(<>=~]/.test(l));
  const lower = requirement && /jsii\s*\(?[^)]*>=\s*([\d.]+)/.exec(requirement);
  if (!lower || compareVersions(lower[1], MAX_PYTHON_JSII) > 0) {
    fail(`${wheelName} requires ${requirement ? requirement.replace('Requires-Dist: ', '') : 'no jsii'}, but the ROS CDK ` +
      `Python packages require jsii<=${MAX_PYTHON_JSII}: keep jsii-pacmak at ${MAX_PYTHON_JSII}.`);
  }
  console.log(`package: ${path.relative(ROOT, path.join(wheelDir, wheelName))} (${requirement.replace('Requires-Dist: ', '')})`);
}

// jsii-pacmak 1.85.0 (pinned above for the Python runtime) predates Node 22 and 24 and calls them
// untested. On the versions package.json's engines states, CI runs this script and the Python
// test (scripts/node-versions.js), so that warning is answered there; the end-of-life banner
// (a separate switch) and the warning on any other version stay.
function untestedBannerSilence() {
  return satisfiesEngines(process.versions.node, pkg.engines.node)
    ? { JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1' } : {};
}

function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
  }
  return 0;
}
