/**
 * The GitHub Actions job in docs/ci.md does what the page says: its steps run with bash, as a
 * runner would run them, on a git repository made here. `npx cr-grants` runs this checkout's
 * command line (in this process, through a local socket, so each call costs no start-up); `gh`
 * and the SARIF upload are stand-ins that record what they were given. The cases: a widening with
 * and without the approval label, an unsuppressed Security warning, no change, a file that
 * cannot be read, and a file that is new in the pull request.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { main } from '../../lib/cli/main';
import { blocks, page, where } from '../../scripts/docs/pages';

const ROOT = path.join(__dirname, '..', '..');
const PAGE = 'docs/ci.md';

const sarifAjv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(sarifAjv);
const validSarif = sarifAjv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));

/** The workflows a docs page shows: YAML blocks with top-level `jobs`. */
function workflowBlocks(file: string) {
  return blocks(page(file)).filter((b) => b.language === 'yaml' && /^jobs:/m.test(b.code));
}

const [block] = workflowBlocks(PAGE);
const workflow = parse(block.code);
const job = workflow.jobs.review;

/** The actions the job may use, each pinned to a major version. */
const ACTIONS = ['actions/checkout@v4', 'actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3'];

interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: { readonly [key: string]: string };
  readonly env?: { readonly [key: string]: string };
}

interface PullRequest {
  /** The grants file on the base branch; undefined when the pull request adds it. */
  readonly base?: string;
  readonly head: string;
  readonly labels: readonly string[];
  /** Job env values to change, as a repository would edit them. */
  readonly jobEnv?: { readonly [name: string]: string };
}

interface JobRun {
  /** 0 when every step passed. */
  readonly code: number;
  /** What each step printed, by step. */
  readonly log: string;
  /** The bodies `gh pr comment` was given, in order, and whether each edited the last comment. */
  readonly comments: readonly { readonly body: string; readonly edit: boolean }[];
  /** SARIF uploads: category and the log. */
  readonly uploads: readonly { readonly category: string; readonly log: any }[];
}

let tmp: string;
let socketPath: string;
let server: net.Server;
let bin: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-ci-'));
  socketPath = path.join(tmp, 'cr-grants.sock');
  // Each connection is one `npx cr-grants` call: its arguments and folder in, what it printed and its exit code out.
  server = net.createServer((socket) => {
    let request = '';
    socket.on('data', (chunk) => (request += chunk));
    socket.on('end', () => {
      const { argv, cwd } = JSON.parse(request);
      let stdout = '';
      let stderr = '';
      const previous = process.cwd();
      process.chdir(cwd);
      let code: number;
      try {
        code = main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
      } finally {
        process.chdir(previous);
      }
      socket.end(JSON.stringify({ code, stdout, stderr }));
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  const script = (name: string, text: string) => fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  script('npx', `#!/usr/bin/env node
const net = require('net');
const [command, ...argv] = process.argv.slice(2);
if (command !== 'cr-grants') { console.error('npx stand-in: only cr-grants'); process.exit(127); }
const socket = net.connect(${JSON.stringify(socketPath)}, () => socket.end(JSON.stringify({ argv, cwd: process.cwd() })));
let answer = '';
socket.on('data', (chunk) => (answer += chunk));
socket.on('end', () => {
  const { code, stdout, stderr } = JSON.parse(answer);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
});
`);
  // gh pr comment PR [--edit-last] --body-file FILE: --edit-last fails while there is no comment yet, as gh does.
  script('gh', `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
const log = process.env.GH_STANDIN_LOG;
if (args[0] !== 'pr' || args[1] !== 'comment' || !/^[0-9]+$/.test(args[2] || '')) { console.error('gh stand-in: unexpected ' + args.join(' ')); process.exit(2); }
if (!process.env.GH_TOKEN) { console.error('gh stand-in: no GH_TOKEN'); process.exit(4); }
const edit = args.includes('--edit-last');
const comments = fs.existsSync(log) ? JSON.parse(fs.readFileSync(log, 'utf8')) : [];
if (edit && comments.length === 0) { console.error('no comments found for current user'); process.exit(1); }
const body = fs.readFileSync(args[args.indexOf('--body-file') + 1], 'utf8');
comments.push({ body, edit });
fs.writeFileSync(log, JSON.stringify(comments));
`);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The values the job's `${{ }}` expressions read. */
function expressions(pr: PullRequest, baseSha: string): { [expression: string]: string } {
  return {
    'github.event.pull_request.base.sha': baseSha,
    'github.event.pull_request.number': '42',
    'github.token': 'token-for-tests',
    'toJSON(github.event.pull_request.labels.*.name)': JSON.stringify(pr.labels),
  };
}

function substitute(value: string, known: { [expression: string]: string }): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    if (!(expression in known)) throw new Error(`${where(block)}: the test does not know the expression ${expression}`);
    return known[expression];
  });
}

/** `if:` as the job writes it: always(), optionally with hashFiles('...') != ''. */
function shouldRun(step: Step, failed: boolean, workspace: string): boolean {
  if (step.if === undefined) return !failed;
  const match = /^always\(\)(?: && hashFiles\('([^']+)'\) != '')?$/.exec(step.if);
  if (!match) throw new Error(`${where(block)}: the test does not know the condition ${step.if}`);
  return match[1] === undefined || fs.existsSync(path.join(workspace, match[1]));
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // GitHub runs `run:` with `bash -e {0}`.
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-c', script], { cwd, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let runs = 0;
/** Runs the job on a repository whose base commit has `pr.base` and whose head has `pr.head`. */
async function runJob(pr: PullRequest): Promise<JobRun> {
  const workspace = path.join(tmp, `repo-${++runs}`);
  const grants = path.join(workspace, job.env.GRANTS);
  fs.mkdirSync(path.dirname(grants), { recursive: true });
  git(workspace, 'init', '-q');
  fs.writeFileSync(path.join(workspace, 'README.md'), 'registry access\n');
  if (pr.base !== undefined) fs.writeFileSync(grants, pr.base);
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'base');
  const baseSha = git(workspace, 'rev-parse', 'HEAD');
  fs.writeFileSync(grants, pr.head);
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'head');

  const known = expressions(pr, baseSha);
  const ghLog = path.join(tmp, `gh-${runs}.json`);
  const uploads: { category: string; log: any }[] = [];
  let failed = false;
  let log = '';
  for (const step of job.steps as Step[]) {
    if (!shouldRun(step, failed, workspace)) continue;
    if (step.uses !== undefined) {
      expect(ACTIONS).toContain(step.uses);
      if (step.uses.startsWith('github/codeql-action/upload-sarif@')) {
        const file = path.join(workspace, step.with!.sarif_file);
        const sarif = JSON.parse(fs.readFileSync(file, 'utf8'));
        expect(validSarif(sarif) ? [] : validSarif.errors).toEqual([]);
        uploads.push({ category: step.with!.category, log: sarif });
      }
      // Checkout and setup-node: the repository and node are here already.
      continue;
    }
    // Installing the project's dependencies is what gives it `cr-grants`: the stand-in does here.
    if (step.run!.trim() === 'npm ci') continue;
    const env: NodeJS.ProcessEnv = {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      HOME: tmp,
      GITHUB_ACTIONS: 'true',
      GH_STANDIN_LOG: ghLog,
      ...job.env,
      ...pr.jobEnv,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), known)])),
    };
    const { code, output } = await bash(substitute(step.run!, known), workspace, env);
    log += `--- ${step.name ?? step.run}\n${output}`;
    if (code !== 0) failed = true;
  }
  const comments = fs.existsSync(ghLog) ? JSON.parse(fs.readFileSync(ghLog, 'utf8')) : [];
  return { code: failed ? 1 : 0, log, comments, uploads };
}

const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');

/** A grants file with one FULL grant and no suppression: CRG-S001 stays a failing Security warning. */
const UNSUPPRESSED = `version: 1
grants:
  - instanceId: cri-123456
    namespace: team
    access: FULL
    users: [dana]
`;

describe(`${PAGE}: the GitHub Actions job`, () => {
  test('the page shows one workflow, triggered by pull requests and their labels, with the permissions it needs', () => {
    expect(workflowBlocks(PAGE)).toHaveLength(1);
    expect(workflow.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write' });
    // Values from the event reach scripts through env, never pasted into them.
    for (const step of job.steps as Step[]) expect(step.run ?? '').not.toContain('${{');
  });

  test('a widening without approval: the comment shows both reports, SARIF goes to code scanning, the job fails', async () => {
    const result = await runJob({ base: example('grants.yaml'), head: example('grants-v2.yaml'), labels: [] });
    expect(result.code).toBe(1);
    expect(result.log).toContain('::error::access widened: a reviewer who approves it adds the cr-grants/approve-widening label');
    expect(result.log).not.toContain('::error::cr-grants check');
    expect(result.comments).toHaveLength(1);
    expect(result.comments[0].edit).toBe(false);
    const body = result.comments[0].body;
    expect(body).toMatch(/^### Container Registry policy check\n/);
    expect(body).toContain('### Container Registry access changes\n\n1 widened, 1 narrowed.');
    expect(body).toContain('`registry/grants.yaml:');
    expect(result.uploads.map((u) => u.category)).toEqual(['cr-grants-check', 'cr-grants-diff']);
    // grants-v2.yaml's two findings are suppressed: the comment lists them, code scanning gets none.
    expect(body).toContain('Security warning, suppressed `CRG-S001[cr:*]`');
    expect(result.uploads[0].log.runs[0].results).toEqual([]);
    expect(result.uploads[0].log.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('CRG-S001');
    const [widening] = result.uploads[1].log.runs[0].results;
    expect(widening.ruleId).toBe('CRG-D001');
    expect(widening.locations[0].physicalLocation.artifactLocation.uri).toBe('registry/grants.yaml');
  });

  test('the same widening approved with the label: the job passes', async () => {
    const result = await runJob({ base: example('grants.yaml'), head: example('grants-v2.yaml'), labels: ['docs', 'cr-grants/approve-widening'] });
    expect(result.log).toContain('::notice::access widened; approved with the cr-grants/approve-widening label');
    expect(result.code).toBe(0);
  });

  test('an unsuppressed Security warning fails the job, approval or not', async () => {
    const result = await runJob({ base: UNSUPPRESSED.replace('FULL', 'PULL'), head: UNSUPPRESSED, labels: ['cr-grants/approve-widening'] });
    expect(result.code).toBe(1);
    expect(result.log).toContain('::error::cr-grants check exited 1');
    expect(result.comments[0].body).toContain('**Security warning** `CRG-S001[cr:*]` at `registry/grants.yaml:3`');
    const [finding] = result.uploads[0].log.runs[0].results;
    expect([finding.ruleId, finding.level, finding.locations[0].physicalLocation.region.startLine]).toEqual(['CRG-S001', 'error', 3]);
  });

  test('no change and no failing finding: the job passes', async () => {
    const result = await runJob({ base: example('grants.yaml'), head: `${example('grants.yaml')}# reviewed\n`, labels: [] });
    expect(result.log).not.toContain('::error::');
    expect(result.code).toBe(0);
    expect(result.comments[0].body).toContain('No access change.');
  });

  test('a report longer than COMMENT_LIMIT is cut in the comment and printed whole in the log', async () => {
    const result = await runJob({ base: example('grants.yaml'), head: example('grants-v2.yaml'), labels: [], jobEnv: { COMMENT_LIMIT: '300' } });
    const body = result.comments[0].body;
    expect(body).toMatch(/\n\n\*\*The report is cut here\*\*: the whole of it is in the log of this job\.\n$/);
    expect(body.length).toBeLessThan(400);
    expect(result.log).toContain('### Container Registry access changes\n\n1 widened, 1 narrowed.');
    const whole = await runJob({ base: example('grants.yaml'), head: example('grants-v2.yaml'), labels: [] });
    expect(whole.comments[0].body.startsWith(body.slice(0, 300))).toBe(true);
    expect(whole.comments[0].body).not.toContain('cut here');
  });

  test('a file that cannot be read: the error in the comment, nothing uploaded for it, the job fails', async () => {
    const result = await runJob({ base: example('grants.yaml'), head: 'version: 1\ngrants:\n  - namespace: [\n', labels: ['cr-grants/approve-widening'] });
    expect(result.code).toBe(1);
    expect(result.uploads).toEqual([]);
    expect(result.comments[0].body).toMatch(/```\ncr-grants check: registry\/grants\.yaml:\d+:\d+: /);
    expect(result.log).toContain('::error::cr-grants diff exited 1: a file cannot be read');
  });

  test('a grants file the pull request adds: all its access is new, so it needs approval', async () => {
    const result = await runJob({ head: example('grants.yaml'), labels: [] });
    expect(result.code).toBe(1);
    expect(result.comments[0].body).toContain('`registry/grants.yaml` is new: all the access it grants is new.');
    expect(result.log).toContain('::error::access widened');
    expect(result.uploads.map((u) => u.category)).toEqual(['cr-grants-check']);
  });
});
