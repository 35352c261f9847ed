/**
 * `npm run bench`: synth cost of RegistryAccess against plain `@alicloud/ros-cdk-ram`
 * resources (one ManagedPolicy per grant, one attachment per grantee) for the same grants; then
 * RegistryAccessStacks on grant sets past one stack, against the baseline in the same run; then
 * planning strategies compared on the plans alone (bench/strategies.ts).
 *
 *   npm run bench [-- --sizes 100,1000,10000] [--runs 3] [--profile] [--only synth|review]
 *
 * Every measurement runs in its own child process (bench/scenario.ts); the tables show the
 * median synth time and the largest peak memory of the runs. `--profile` (or a missed time
 * target) adds a CPU profile of RegistryAccess at the largest size.
 *
 * The review section runs `cr-grants summary`, `diff` and `check` on the templates both
 * implementations synthesize at the largest size, and `summary`, `diff` and `explain` on a
 * hand-written policy (bench/hand-written.ts), each in its own process (bench/review.ts).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { DEFAULT_LIMITS } from '../lib/model/limits';
import { compileForBench, ROOT } from './compile';
import { formatProfile, summarizeProfile } from './profile';
import { HAND_WRITTEN_STATEMENTS, INPUTS, ReviewResult } from './review';
import type { Implementation, ScenarioResult, Shape } from './scenario';
import type { SingleStackImplementation } from './scenario-builders';
import { compareStrategies } from './strategies';

/** The implementations of the single-stack tables and of the review section. */
const IMPLEMENTATIONS: { readonly id: SingleStackImplementation; readonly label: string }[] = [
  { id: 'registry-access', label: 'RegistryAccess' },
  { id: 'baseline', label: 'baseline (ManagedPolicy per grant)' },
];

const STACKED_LABELS: { readonly [impl in Implementation]: string } = {
  'registry-access': 'RegistryAccess',
  'registry-access-stacks': 'RegistryAccessStacks',
  'baseline': 'baseline (ManagedPolicy per grant)',
};

const SHAPE_LABELS: { readonly [shape in Shape]: string } = {
  'teams': 'benchmark set',
  'shared-ci': 'shared CI role',
};

/**
 * Grant sets past one stack: the shared CI role shape at 11, 100 and 1,000 teams, and the
 * benchmark's set at 10,000 and 50,000 grants; the baseline at 5,000 grants is the time target
 * for 50,000, and the baseline on the shared CI shape shows its policies per principal.
 */
const STACKED: readonly Scenario[] = [
  { impl: 'registry-access-stacks', shape: 'shared-ci', size: 11 },
  { impl: 'registry-access-stacks', shape: 'shared-ci', size: 100 },
  { impl: 'registry-access-stacks', shape: 'shared-ci', size: 1000 },
  { impl: 'baseline', shape: 'shared-ci', size: 1000 },
  { impl: 'registry-access-stacks', shape: 'teams', size: 10000 },
  { impl: 'registry-access-stacks', shape: 'teams', size: 50000 },
  { impl: 'baseline', shape: 'teams', size: 5000 },
];

interface Scenario { readonly impl: Implementation; readonly shape: Shape; readonly size: number }

/** Targets the benchmark reports on. */
const MAX_TIME_RATIO = 1.5;
const MAX_GROWTH = 1.3;

interface Options { sizes: number[]; runs: number; profile: boolean; only?: 'synth' | 'review' }

/** Review targets: each command within this time; the hand-written policy within this memory too. */
const REVIEW_MAX_MS = 3000;
const REVIEW_MAX_MB = 500;

interface Row extends ScenarioResult {
  readonly impl: Implementation;
  readonly grants: number;
  readonly times: number[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sizes: [100, 1000, 10000], runs: 3, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = argv[++i].split(',').map(Number);
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--only' && ['synth', 'review'].includes(argv[i + 1])) options.only = argv[++i] as Options['only'];
    else throw new Error(`unknown argument ${arg}; usage: run.ts [--sizes 100,1000,10000] [--runs 3] [--profile] [--only synth|review]`);
  }
  if (options.sizes.some((n) => !Number.isInteger(n) || n <= 0) || !Number.isInteger(options.runs) || options.runs <= 0) {
    throw new Error('--sizes takes positive integers, --runs a positive integer');
  }
  return options;
}

function runScenario(compiled: string, impl: Implementation, grants: number, profileFile?: string, shape: Shape = 'teams'): ScenarioResult {
  const outdir = mkdtempSync(join(tmpdir(), 'cr-grants-bench-out-'));
  try {
    const child = spawnSync(process.execPath, [join(compiled, 'bench', 'scenario.js'), impl, shape, String(grants)], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      env: {
        ...process.env,
        // The compiled files live outside the project; dependencies still come from its node_modules.
        NODE_PATH: join(ROOT, 'node_modules'),
        CDK_OUTDIR: outdir,
        BENCH_CPU_PROFILE: profileFile ?? '',
        CDK_CONTEXT_JSON: '',
      },
    });
    if (child.status !== 0) {
      throw new Error(`scenario ${impl} ${shape} ${grants} failed (exit ${child.status ?? child.signal}):\n${child.stderr}`);
    }
    return JSON.parse(child.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The runs of one scenario as one row: median time, largest memory; runs must agree on the templates. */
function summarize(runs: ScenarioResult[], label: string): ScenarioResult & { times: number[] } {
  const first = runs[0];
  if (runs.some((r) => r.templateBytes !== first.templateBytes || r.resources !== first.resources)) {
    throw new Error(`${label}: runs synthesized different templates; the grant set must be deterministic`);
  }
  return {
    ...first,
    times: runs.map((r) => r.ms),
    ms: median(runs.map((r) => r.ms)),
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    floorRssMb: Math.max(...runs.map((r) => r.floorRssMb)),
  };
}

/** The table of grant sets over several stacks, and its targets. */
function stackedSection(rows: (Scenario & { result: ScenarioResult & { times: number[] } })[]): string[] {
  const quota = DEFAULT_LIMITS.maxCustomPoliciesPerPrincipal;
  const deployable = (r: ScenarioResult) => r.maxStackResources <= DEFAULT_LIMITS.maxResourcesPerStack
    && r.maxStackBytes <= DEFAULT_LIMITS.maxTemplateBytes && r.maxPoliciesPerPrincipal <= quota;
  const out: string[] = [];
  out.push('## Grants over several stacks', '');
  out.push('RegistryAccessStacks spreads the plan over as many stacks as ROS\'s limits need, starting from an empty assignment file'
    + ' (every principal placed, as on a first synth), with validation on. The baseline puts everything in one stack with its limits lifted.'
    + ` "Deployable" means every stack within ${DEFAULT_LIMITS.maxResourcesPerStack} resources and ${DEFAULT_LIMITS.maxTemplateBytes / 1024} KB,`
    + ` and every principal within RAM's ${quota} custom policies. 50,000 grants of the benchmark set need more than RAM's`
    + ` ${int(DEFAULT_LIMITS.maxCustomPoliciesPerAccount)} custom policies per account, so that quota is raised for the runs.`);
  out.push('');
  out.push('| implementation | grant set | grants | stacks | resources per stack (max) | bytes per stack (max) | policies | policies per principal (max) | synth time (ms) | peak memory (MB, max RSS) | deployable |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const { impl, shape, size, result: r } of rows) {
    const grants = shape === 'shared-ci' ? `${int(r.grants)} (${int(size)} teams)` : int(r.grants);
    out.push(`| ${STACKED_LABELS[impl]} | ${SHAPE_LABELS[shape]} | ${grants} | ${int(r.stacks)} | ${int(r.maxStackResources)} | ${int(r.maxStackBytes)}`
      + ` | ${int(r.policies)} | ${int(r.maxPoliciesPerPrincipal)} | ${int(r.ms)} | ${int(r.maxRssMb)} | ${deployable(r) ? 'yes' : 'no'} |`);
  }
  out.push('', `Synth time of every run (ms): ${rows.map(({ impl, shape, size, result }) => `${STACKED_LABELS[impl].split(' ')[0]} ${shape} ${int(size)}: ${result.times.map(int).join(' / ')}`).join('; ')}.`);
  const find = (impl: Implementation, shape: Shape, size: number) => rows.find((r) => r.impl === impl && r.shape === shape && r.size === size)?.result;
  out.push('', 'Targets:');
  const big = find('registry-access-stacks', 'teams', 50000);
  const base = find('baseline', 'teams', 5000);
  if (big && base) {
    const met = big.ms < base.ms && deployable(big);
    out.push(`- 50,000 grants, every stack within ROS's limits, in less time than the baseline takes for 5,000: ${int(big.ms)} ms vs ${int(base.ms)} ms`
      + ` (${ratio(big.ms / base.ms)}), ${met ? 'met' : 'MISSED'}`);
  }
  const shared = rows.filter((r) => r.impl === 'registry-access-stacks' && r.shape === 'shared-ci');
  const within = shared.every((r) => deployable(r.result));
  out.push(`- the shared CI role shape at ${shared.map((r) => int(r.size)).join(', ')} teams with every principal within its quota:`
    + ` at most ${Math.max(...shared.map((r) => r.result.maxPoliciesPerPrincipal))} custom policies, ${within ? 'met' : 'MISSED'}`);
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (x: number) => `${x.toFixed(2)}×`;

function withinLimits(r: ScenarioResult): boolean {
  return r.resources <= DEFAULT_LIMITS.maxResourcesPerStack && r.templateBytes <= DEFAULT_LIMITS.maxTemplateBytes;
}

function main(): void {
  const started = process.hrtime.bigint();
  const options = parseOptions(process.argv.slice(2));
  // Other work on the machine skews timings; the load average says how busy it was.
  const loadBefore = loadavg()[0];
  const compiled = compileForBench();
  try {
    const out: string[] = [];
    if (options.only !== 'review') out.push(...synthSection(compiled, options, loadBefore));
    if (options.only !== 'synth') out.push(...reviewSection(compiled, options));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    out.push('', `Benchmark took ${seconds.toFixed(1)} s.`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(compiled, { recursive: true, force: true });
  }
}

function synthSection(compiled: string, options: Options, loadBefore: number): string[] {
  {
    const samples = new Map<string, ScenarioResult[]>();
    const key = (impl: Implementation, grants: number) => `${impl} ${grants}`;
    // Repetitions interleave sizes and implementations, so slow drift of the machine
    // spreads over all scenarios instead of favouring one.
    const stackedKey = (sc: Scenario) => `${sc.impl} ${sc.shape} ${sc.size}`;
    for (let run = 1; run <= options.runs; run++) {
      for (const grants of options.sizes) {
        for (const { id } of IMPLEMENTATIONS) {
          process.stderr.write(`run ${run}/${options.runs}: ${id}, ${grants} grants\n`);
          const result = runScenario(compiled, id, grants);
          samples.set(key(id, grants), [...(samples.get(key(id, grants)) ?? []), result]);
        }
      }
      for (const sc of STACKED) {
        process.stderr.write(`run ${run}/${options.runs}: ${sc.impl}, ${SHAPE_LABELS[sc.shape]}, ${sc.size}\n`);
        const result = runScenario(compiled, sc.impl, sc.size, undefined, sc.shape);
        samples.set(stackedKey(sc), [...(samples.get(stackedKey(sc)) ?? []), result]);
      }
    }

    const rows: Row[] = [];
    for (const grants of options.sizes) {
      for (const { id } of IMPLEMENTATIONS) {
        const runs = samples.get(key(id, grants))!;
        const first = runs[0];
        if (runs.some((r) => r.templateBytes !== first.templateBytes || r.resources !== first.resources)) {
          throw new Error(`${id} ${grants}: runs synthesized different templates; the grant set must be deterministic`);
        }
        rows.push({
          ...first,
          impl: id,
          grants,
          times: runs.map((r) => r.ms),
          ms: median(runs.map((r) => r.ms)),
          maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
          floorRssMb: Math.max(...runs.map((r) => r.floorRssMb)),
        });
      }
    }
    const row = (impl: Implementation, grants: number) => rows.find((r) => r.impl === impl && r.grants === grants)!;
    const labelOf = (impl: Implementation) => IMPLEMENTATIONS.find((i) => i.id === impl)!.label;

    const out: string[] = [];
    out.push('# RegistryAccess synth benchmark', '');
    out.push(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs, Node.js ${process.version};`
      + ` 1-minute load average ${loadBefore.toFixed(2)} before the runs,`
      + ` ${loadavg()[0].toFixed(2)} after (the benchmark itself adds about 1).`);
    out.push(`Each scenario ran ${options.runs}× in a fresh process; synth time is the median (construct + \`app.synth()\`),`
      + ' peak memory the largest max RSS of the process.');
    out.push('Apps are built with `new ros.App({ stackTraces: false })`: construct stack traces dominate synth time at scale.');
    out.push(`Stack limits are lifted to measure every size (\`maxResources\`, \`synth({ skipValidation: true })\`); "within ROS limits"`
      + ` means ≤ ${DEFAULT_LIMITS.maxResourcesPerStack} resources and ≤ ${DEFAULT_LIMITS.maxTemplateBytes / 1024} KB of template.`);
    out.push('');
    out.push('| implementation | grants | synth time (ms) | peak memory (MB, max RSS) | policies | resources | template bytes | within ROS limits |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of rows) {
      out.push(`| ${labelOf(r.impl)} | ${int(r.grants)} | ${int(r.ms)} | ${int(r.maxRssMb)} | ${int(r.policies)} | ${int(r.resources)}`
        + ` | ${int(r.templateBytes)} | ${withinLimits(r) ? 'yes' : 'no'} |`);
    }
    out.push('');
    out.push(`Peak memory includes the Node.js process before any app is built (${int(Math.min(...rows.map((r) => r.floorRssMb)))}–`
      + `${int(Math.max(...rows.map((r) => r.floorRssMb)))} MB with the modules loaded).`);
    out.push(`Synth time of every run (ms): ${rows.map((r) => `${labelOf(r.impl).split(' ')[0]} ${int(r.grants)}: ${r.times.map(int).join(' / ')}`).join('; ')}.`);
    out.push('');

    out.push('RegistryAccess / baseline synth time:');
    for (const grants of options.sizes) {
      out.push(`- ${int(grants)} grants: ${ratio(row('registry-access', grants).ms / row('baseline', grants).ms)}`);
    }
    const sizes = [...options.sizes].sort((a, b) => a - b);
    const [small, large] = sizes.slice(-2);
    if (sizes.length >= 2) {
      out.push('', `Growth factor (time per grant at ${int(large)} ÷ time per grant at ${int(small)}; 1.00 = linear):`);
      for (const { id } of IMPLEMENTATIONS) {
        const growth = (row(id, large).ms / large) / (row(id, small).ms / small);
        out.push(`- ${labelOf(id)}: ${ratio(growth)}`);
      }
    }

    out.push('', 'Targets:');
    const largest = sizes[sizes.length - 1];
    const ra = row('registry-access', largest);
    const base = row('baseline', largest);
    const timeRatio = ra.ms / base.ms;
    const timeMet = timeRatio <= MAX_TIME_RATIO;
    out.push(`- synth time at ${int(largest)} grants ≤ ${MAX_TIME_RATIO}× baseline: ${ratio(timeRatio)}, ${timeMet ? 'met' : 'MISSED'}`);
    if (sizes.length >= 2) {
      const growth = (ra.ms / large) / (row('registry-access', small).ms / small);
      out.push(`- near-linear growth (≤ ${ratio(MAX_GROWTH)}): ${ratio(growth)}, ${growth <= MAX_GROWTH ? 'met' : 'MISSED'}`);
    }
    const fewer = ra.policies < base.policies && ra.resources < base.resources;
    out.push(`- far fewer policies and resources than the baseline at ${int(largest)} grants: ${int(ra.policies)} vs ${int(base.policies)} policies,`
      + ` ${int(ra.resources)} vs ${int(base.resources)} resources (${ratio(ra.resources / base.resources)}), ${fewer ? 'met' : 'MISSED'}`);

    out.push('', ...stackedSection(STACKED.map((sc) => ({ ...sc, result: summarize(samples.get(stackedKey(sc))!, stackedKey(sc)) }))));
    out.push('', '## Planning strategies, compared on their plans', '', compareStrategies());

    if (options.profile || !timeMet) {
      // Outside the compiled directory, which is removed: the profile can be opened in Chrome DevTools.
      const profileFile = join(mkdtempSync(join(tmpdir(), 'cr-grants-profile-')), `registry-access-${largest}.cpuprofile`);
      process.stderr.write(`profiling: registry-access, ${largest} grants\n`);
      const profiled = runScenario(compiled, 'registry-access', largest, profileFile);
      out.push('', `## CPU profile: RegistryAccess, ${int(largest)} grants (${int(profiled.ms)} ms with the profiler on)`, '');
      out.push(formatProfile(summarizeProfile(profileFile, compiled)), '', `Profile: ${profileFile}`);
    }

    return out;
  }
}

interface ReviewRow {
  readonly input: string;
  readonly command: string;
  readonly argv: string[];
  /** Whether the review targets apply to the row; baseline rows are for comparison. */
  readonly targeted: boolean;
  readonly handWritten: boolean;
}

function runReview(compiled: string, args: string[]): ReviewResult {
  const child = spawnSync(process.execPath, [join(compiled, 'bench', 'review.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), CDK_CONTEXT_JSON: '' },
  });
  if (child.status !== 0) throw new Error(`review ${args.join(' ')} failed (exit ${child.status ?? child.signal}):\n${child.stderr}`);
  return args[0] === 'run' ? JSON.parse(child.stdout.trim().split('\n').pop()!) : (undefined as unknown as ReviewResult);
}

function reviewSection(compiled: string, options: Options): string[] {
  const largest = Math.max(...options.sizes);
  const dir = mkdtempSync(join(tmpdir(), 'cr-grants-bench-review-'));
  try {
    process.stderr.write(`review inputs: ${largest} grants, a ${HAND_WRITTEN_STATEMENTS}-statement policy\n`);
    runReview(compiled, ['inputs', dir, String(largest)]);
    const file = (name: string) => join(dir, name);
    const rows: ReviewRow[] = [];
    for (const { id, label } of IMPLEMENTATIONS) {
      const input = `${label}, ${int(largest)} grants`;
      const [template, edited] = [file(INPUTS.template(id)), file(INPUTS.edited(id))];
      const targeted = id === 'registry-access';
      rows.push({ input, command: 'summary', argv: ['summary', template], targeted, handWritten: false });
      rows.push({ input, command: 'diff', argv: ['diff', template, edited], targeted, handWritten: false });
      rows.push({ input, command: 'check', argv: ['check', template], targeted, handWritten: false });
    }
    const handWritten = `hand-written policy, ${HAND_WRITTEN_STATEMENTS} statements`;
    rows.push({ input: handWritten, command: 'summary', argv: ['summary', file(INPUTS.handWritten)], targeted: true, handWritten: true });
    rows.push({ input: handWritten, command: 'diff', argv: ['diff', file(INPUTS.handWritten), file(INPUTS.handWrittenEdited)], targeted: true, handWritten: true });
    rows.push({ input: handWritten, command: 'explain', targeted: true, handWritten: true, argv: ['explain', file(INPUTS.handWritten),
      '--grantee', 'user:alice', '--action', 'cr:DeleteRepository', '--resource', 'acs:cr:cn-hangzhou:123456789012:repository/cri-8f3k2m9q1x7b4n6p/team-02-svc-1/prod-app'] });

    const results = new Map<ReviewRow, ReviewResult[]>();
    for (let run = 1; run <= options.runs; run++) {
      for (const row of rows) {
        process.stderr.write(`run ${run}/${options.runs}: ${row.command}, ${row.input}\n`);
        results.set(row, [...(results.get(row) ?? []), runReview(compiled, ['run', ...row.argv])]);
      }
    }
    const out: string[] = ['', '## Review', ''];
    out.push(`Each \`cr-grants\` command ran ${options.runs}× in a fresh process on the template each implementation synthesizes`
      + ` for ${int(largest)} grants, and on a hand-written ${HAND_WRITTEN_STATEMENTS}-statement policy (bench/hand-written.ts);`
      + ' `diff` compares with a copy that adds one action to one statement and drops one resource from another.'
      + ' Time is the median of the command (reading the files included), peak memory the largest max RSS of the process.');
    out.push('');
    out.push('| input | command | time (ms) | peak memory (MB, max RSS) | exit code | output bytes |');
    out.push('| --- | --- | ---: | ---: | ---: | ---: |');
    const summaries = rows.map((row) => {
      const runs = results.get(row)!;
      return { row, ms: median(runs.map((r) => r.ms)), maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)), first: runs[0], times: runs.map((r) => r.ms) };
    });
    for (const { row, ms, maxRssMb, first } of summaries) {
      out.push(`| ${row.input} | ${row.command} | ${int(ms)} | ${int(maxRssMb)} | ${first.exitCode} | ${int(first.outputBytes)} |`);
    }
    out.push('', `Time of every run (ms): ${summaries.map((s) => `${s.row.command} ${s.row.input}: ${s.times.map(int).join(' / ')}`).join('; ')}.`);
    out.push('', 'Review targets:');
    for (const { row, ms, maxRssMb } of summaries.filter((s) => s.row.targeted)) {
      const timeMet = ms <= REVIEW_MAX_MS;
      const memoryMet = !row.handWritten || maxRssMb <= REVIEW_MAX_MB;
      out.push(`- ${row.command} of the ${row.input} within ${REVIEW_MAX_MS / 1000} s${row.handWritten ? ` and ${REVIEW_MAX_MB} MB` : ''}:`
        + ` ${int(ms)} ms${row.handWritten ? `, ${int(maxRssMb)} MB` : ''}, ${timeMet && memoryMet ? 'met' : 'MISSED'}`);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
