#!/usr/bin/env node
// The library as a new user adopts it, outside this repository:
//
// 1. `npm pack` (its prepack runs `npm run build`), then the tarball's file list is held to
//    what a package needs: compiled JavaScript and declarations of every lib/ source, .jsii,
//    the schema, README, LICENSE, CHANGELOG, the cr-grants command and the bundled
//    dependencies; no sources, tests, examples, source maps or the example app.
// 2. A copy of examples/consumer-app (shaped like `ros-cdk init app --language=typescript`)
//    in a temporary folder installs the tarball with the README's command:
//    `npm install <tarball> @alicloud/ros-cdk-core @alicloud/ros-cdk-ram`, then compiles
//    (`npm run build`), runs its jest snapshot test with --ci, synthesizes as the ros-cdk CLI
//    does (the `app` of cdk.json with CDK_OUTDIR and CDK_CONTEXT_JSON) and runs
//    `npx cr-grants check` on its grants file.
// 3. The same with the lowest ROS CDK version of the peer range: the same snapshot must pass
//    and the template must be the same bytes.
//
// Usage: node scripts/consumer-proof.js   (KEEP=1 keeps the temporary folder)
// Plain CommonJS with Node built-ins only.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const FIXTURE = path.join(ROOT, 'examples', 'consumer-app');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ROS_CDK = ['@alicloud/ros-cdk-core', '@alicloud/ros-cdk-ram'];

class Failure extends Error {}

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-consumer-'));
  try {
    const tarball = pack(work);
    checkTarball(tarball);
    runReadmeApp(work, tarball);

    const app = path.join(work, 'registry-app');
    fs.cpSync(FIXTURE, app, { recursive: true, filter: (src) => !/[\\/](node_modules|cdk\.out)$/.test(src) });
    run('npm', ['install', '--no-audit', '--no-fund', tarball, ...ROS_CDK], app);
    const newest = proveApp(app);

    const lowest = ROS_CDK.map((name) => `${name}@${lowestPeerVersion(name)}`);
    run('npm', ['install', '--no-audit', '--no-fund', ...lowest], app);
    const lowestResult = proveApp(app);
    if (!lowestResult.template.equals(newest.template)) {
      throw new Failure(`the template with ${lowest.join(', ')} differs from the one with ${newest.versions}.`);
    }
    console.log(`consumer-proof: ok: ${path.basename(tarball)} installs, compiles, passes its snapshot test and ` +
      `synthesizes the same template with ${newest.versions} and with ${lowestResult.versions}.`);
  } finally {
    if (process.env.KEEP) console.log(`consumer-proof: kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/** `npm pack` in the project folder, as the README says; the tarball moves to `work`. */
function pack(work) {
  const out = run('npm', ['pack'], ROOT, { capture: true });
  const name = out.trim().split('\n').pop().trim();
  if (!name.endsWith('.tgz')) throw new Failure(`npm pack printed no tarball name (last line: ${JSON.stringify(name)}).`);
  const tarball = path.join(work, name);
  fs.renameSync(path.join(ROOT, name), tarball);
  return tarball;
}

/** The tarball holds exactly the files a consumer needs. */
function checkTarball(tarball) {
  const files = readTarball(tarball);
  const own = Object.keys(files).filter((f) => !f.startsWith('node_modules/')).sort();
  const bundled = [...new Set(Object.keys(files).filter((f) => f.startsWith('node_modules/'))
    .map((f) => f.split('/').slice(1, f.split('/')[1].startsWith('@') ? 3 : 2).join('/')))].sort();

  const expected = [
    'package.json', 'README.md', 'API.md', 'LICENSE', 'CHANGELOG.md', '.jsii',
    // The README's links into the reference resolve inside the installed package too.
    ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
    ...Object.values(pkg.bin).map((f) => path.posix.normalize(f)),
    ...listFiles(path.join(ROOT, 'schema')).map((f) => `schema/${f}`),
    ...listFiles(path.join(ROOT, 'lib')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .flatMap((f) => [`lib/${f.replace(/\.ts$/, '.js')}`, `lib/${f.replace(/\.ts$/, '.d.ts')}`]),
  ].sort();

  const problems = [];
  const missing = expected.filter((f) => !own.includes(f));
  const extra = own.filter((f) => !expected.includes(f));
  if (missing.length) problems.push(`missing: ${missing.join(', ')}`);
  if (extra.length) problems.push(`not part of the package: ${extra.join(', ')}`);
  const packed = JSON.parse(files['package.json'].toString('utf8'));
  const wantBundled = [...(packed.bundleDependencies || [])].sort();
  if (JSON.stringify(bundled) !== JSON.stringify(wantBundled)) {
    problems.push(`bundled ${JSON.stringify(bundled)}, but package.json bundles ${JSON.stringify(wantBundled)}`);
  }
  const mapped = own.filter((f) => f.endsWith('.js') && /\/\/# sourceMappingURL=/.test(files[f].toString('utf8')));
  if (mapped.length) problems.push(`source maps in: ${mapped.join(', ')}`);
  // npm writes `bundleDependencies` whenever it saves package.json; a second spelling would drift.
  if (packed.bundledDependencies) problems.push('package.json has bundledDependencies beside bundleDependencies');
  for (const f of ['LICENSE', 'README.md', 'API.md', 'CHANGELOG.md', '.jsii']) {
    if (files[f] && !files[f].equals(fs.readFileSync(path.join(ROOT, f)))) problems.push(`${f} differs from the project's`);
  }
  if (problems.length) throw new Failure(`${path.basename(tarball)}:\n  ${problems.join('\n  ')}`);
  console.log(`consumer-proof: ${path.basename(tarball)}: ${own.length} files as expected, bundling ${bundled.join(', ')}`);
}

/** The README's install command and its ```js app in an empty folder, and nothing else. */
function runReadmeApp(work, tarball) {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const install = readme.slice(readme.indexOf('\n## Install\n'));
  const block = /^```js\n([\s\S]*?)^```$/m.exec(install.slice(0, install.indexOf('\n## ', 1)));
  if (!block) throw new Failure('the README\'s Install section has no ```js app.');
  const dir = path.join(work, 'empty-folder');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'app.js'), block[1]);
  run('npm', ['install', '--no-audit', '--no-fund', tarball, ...ROS_CDK], dir);
  const template = JSON.parse(run('node', ['app.js'], dir, { capture: true, quiet: true }));
  const types = Object.values(template.Resources || {}).map((r) => r.Type).sort();
  if (JSON.stringify(types) !== JSON.stringify(['ALIYUN::RAM::AttachPolicyToGroup', 'ALIYUN::RAM::ManagedPolicy'])) {
    throw new Failure(`the README's app.js printed resources ${JSON.stringify(types)}, not one policy and its group attachment.`);
  }
  console.log(`consumer-proof: the README's app.js synthesizes ${types.join(', ')}`);
}

/** Compile, test, synthesize and check the app as it is installed now. */
function proveApp(app) {
  const versions = ROS_CDK.map((name) => `${name}@${installedVersion(app, name)}`).join(', ');
  console.log(`consumer-proof: the app with ${versions}`);
  run('npm', ['run', 'build'], app);
  run('npx', ['jest', '--ci'], app);
  const template = synthesize(app);
  run('npx', ['cr-grants', 'check', 'grants.yaml'], app);
  return { versions, template };
}

/** What `ros-cdk synth` does before it prints: run the `app` of cdk.json with the CLI's environment. */
function synthesize(app) {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(app, 'cdk.json'), 'utf8'));
  const outdir = path.join(app, 'cdk.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const env = { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context || {}) };
  run(cdkJson.app, [], app, { env, shell: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.values(manifest.artifacts || {}).filter((a) => a.type === 'aliyun:ros:stack');
  if (stacks.length !== 1) throw new Failure(`expected one stack in ${outdir}, found ${stacks.length}.`);
  return fs.readFileSync(path.join(outdir, stacks[0].properties.templateFile));
}

function lowestPeerVersion(name) {
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(pkg.peerDependencies[name] || '');
  if (!m) throw new Failure(`peerDependencies["${name}"] is ${JSON.stringify(pkg.peerDependencies[name])}; expected "^x.y.z".`);
  return m[1];
}

function installedVersion(app, name) {
  return JSON.parse(fs.readFileSync(path.join(app, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function run(command, args, cwd, options = {}) {
  console.log(`$ ${[command, ...args].join(' ')}${cwd === ROOT ? '' : `   (in ${path.basename(cwd)})`}`);
  const result = spawnSync(command, args, {
    cwd,
    env: options.env || process.env,
    shell: options.shell || false,
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'],
  });
  if (result.error) throw new Failure(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Failure(`${[command, ...args].join(' ')} exited with ${result.status}.`);
  if (options.capture && !options.quiet) process.stdout.write(result.stdout);
  return result.stdout;
}

function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`)
    : [`${prefix}${e.name}`]));
}

/** The files of an npm tarball, by path below `package/`, unpacked with the system's tar. */
function readTarball(file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-tarball-'));
  try {
    run('tar', ['-xzf', file, '-C', dir], dir);
    const root = path.join(dir, 'package');
    return Object.fromEntries(listFiles(root).map((f) => [f, fs.readFileSync(path.join(root, f))]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof Failure)) throw e;
  console.error(`consumer-proof: ${e.message}`);
  process.exit(1);
}
