/**
 * The Python package built by `npm run package` works for a real Python app: a fresh virtual
 * environment with the wheel from dist/ and the official ROS CDK wheels from PyPI runs
 * examples/python/app.py, and its templates are byte-identical to those of the TypeScript app
 * (bin/app.ts, run with the `app` command of cdk.json). One environment per ROS CDK version the
 * package supports at either end: the lowest of the peer range and the newest proven on PyPI.
 *
 * Needs `npm run build && npm run package` first, python3 with venv, and PyPI.
 */
import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allBlocks } from '../../scripts/docs/pages';

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.PYTHON ?? 'python3';
const PY_APP = path.join(ROOT, 'examples', 'python', 'app.py');

// Creating the environment and downloading jsii and the ROS CDK wheels takes a while.
jest.setTimeout(15 * 60 * 1000);

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'));

/**
 * The newest ROS CDK release on PyPI that this test has proven (PyPI has newer releases than
 * npm). Raise it when a newer one passes; the peer range (^1) already admits it.
 */
const NEWEST_PROVEN_ROS_CDK = '1.15.0';

/** The lowest version the peer range admits: the `x.y.z` of `^x.y.z`. */
function lowestPeerVersion(name: string): string {
  const range: string = pkg.peerDependencies[name];
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`peerDependencies["${name}"] is ${JSON.stringify(range)}: this test reads only "^x.y.z" ranges`);
  return m[1];
}

const ROS_CDK_VERSIONS = [...new Set([lowestPeerVersion('@alicloud/ros-cdk-core'), NEWEST_PROVEN_ROS_CDK])];

let work: string;
let wheel: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-python-'));
  wheel = builtWheel();
  assertWheelIsCurrent(wheel);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the TypeScript side is built and tested with the lowest version of the peer range', () => {
  for (const name of ['@alicloud/ros-cdk-core', '@alicloud/ros-cdk-ram']) {
    expect({ name, devDependency: pkg.devDependencies[name] }).toEqual({ name, devDependency: lowestPeerVersion(name) });
  }
});

describe.each(ROS_CDK_VERSIONS)('with ROS CDK %s from PyPI', (version) => {
  let python: string;

  // One environment for the tests of this version: the wheel, the ROS CDK wheels and the jsii runtime.
  beforeAll(() => {
    const venv = path.join(work, `venv-${version}`);
    run(PYTHON, ['-m', 'venv', venv]);
    python = path.join(venv, process.platform === 'win32' ? 'Scripts' : 'bin', 'python');
    run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', wheel,
      `ros-cdk-core==${version}`, `ros-cdk-ram==${version}`]);
    const installed = run(python, ['-c', [
      'from importlib.metadata import version',
      "print(version('ros-cdk-core'), version('ros-cdk-ram'))",
    ].join('\n')]).trim();
    expect(installed).toBe(`${version} ${version}`);
  });

  test('GrantSpec structs written in Python give the template of examples/grants.yaml', () => {
    expectSameTemplates(python, `default-${version}`, {});
  });

  test('RegistryAccess.from_file in Python gives the template of the TypeScript app', () => {
    expectSameTemplates(python, `from-file-${version}`, { grants: 'examples/grants-v2.yaml' });
  });

  test('every ```python example of README.md and docs/*.md runs and synthesizes', () => {
    const blocks = allBlocks().filter((b) => b.language === 'python').map((b) => b.code);
    expect(blocks.length).toBeGreaterThan(0);
    blocks.forEach((code, i) => {
      const outdir = path.join(work, `readme-${version}-${i}.out`);
      const script = path.join(work, `readme-${version}-${i}.py`);
      fs.writeFileSync(script, code);
      run(python, [script], { cwd: ROOT, env: appEnv(outdir, {}) });
      expect(templatesIn(outdir).length).toBeGreaterThan(0);
    });
  });
});

/**
 * Runs both apps as the ROS CDK CLI runs an app: from the project folder, with the context
 * of cdk.json (plus `extra`) and an output folder in CDK_OUTDIR. Compares every template.
 */
function expectSameTemplates(python: string, name: string, extra: { [key: string]: string }): void {
  const context = { ...(cdkJson.context ?? {}), ...extra };
  const tsOut = path.join(work, `${name}.ts.out`);
  const pyOut = path.join(work, `${name}.py.out`);
  runShell(cdkJson.app, { cwd: ROOT, env: appEnv(tsOut, context) });
  run(python, [PY_APP], { cwd: ROOT, env: appEnv(pyOut, context) });

  const tsTemplates = templatesIn(tsOut);
  expect(tsTemplates.length).toBeGreaterThan(0);
  expect(templatesIn(pyOut)).toEqual(tsTemplates);
  for (const file of tsTemplates) {
    const ts = fs.readFileSync(path.join(tsOut, file), 'utf8');
    const py = fs.readFileSync(path.join(pyOut, file), 'utf8');
    // Byte for byte; the file name in the object makes a failure say which template differs.
    expect({ file, template: py }).toEqual({ file, template: ts });
  }
}

function builtWheel(): string {
  const dir = path.join(ROOT, 'dist', 'python');
  const name = `${pkg.jsii.targets.python.distName.replace(/-/g, '_')}-${pkg.version}-py3-none-any.whl`;
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    const found = fs.existsSync(dir) ? fs.readdirSync(dir).join(', ') || 'nothing' : 'no such folder';
    throw new Error(`No Python wheel at ${path.relative(ROOT, file)} (dist/python has: ${found}).\n` +
      'This test installs the wheel that `npm run package` builds: run `npm run build && npm run package` first.');
  }
  return file;
}

/** The wheel must carry the assembly that `npm run build` made last, not an older one. */
function assertWheelIsCurrent(wheel: string): void {
  const assemblyFile = path.join(ROOT, '.jsii');
  if (!fs.existsSync(assemblyFile)) {
    throw new Error('No .jsii in the project folder: run `npm run build && npm run package` first.');
  }
  const built = JSON.parse(fs.readFileSync(assemblyFile, 'utf8')).fingerprint;
  const script = [
    'import io, json, sys, tarfile, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    "name = next(n for n in z.namelist() if n.endswith('.jsii.tgz'))",
    "t = tarfile.open(fileobj=io.BytesIO(z.read(name)))",
    "print(json.load(t.extractfile('package/.jsii'))['fingerprint'])",
  ].join('\n');
  const packaged = run(PYTHON, ['-c', script, wheel]).trim();
  if (packaged !== built) {
    throw new Error(`${path.relative(ROOT, wheel)} was packaged from another build than the .jsii in the project folder.\n` +
      'Run `npm run build && npm run package` again.');
  }
}

function appEnv(outdir: string, context: object): NodeJS.ProcessEnv {
  return { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) };
}

function templatesIn(outdir: string): string[] {
  return fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort();
}

function runShell(command: string, options: { cwd?: string; env?: NodeJS.ProcessEnv }): string {
  try {
    return execSync(command, { ...options, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`${command} failed (${e.status ?? e.code}):\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync(cmd, args, { ...options, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${e.status ?? e.code}):\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}
