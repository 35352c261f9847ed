/**
 * One measurement, run by bench/run.ts in a fresh process so that peak memory belongs to this
 * scenario alone and no earlier run has warmed up the JIT.
 *
 *   scenario.ts <registry-access|registry-access-stacks|baseline> <teams|shared-ci> <size>
 *
 * `teams` is the benchmark's grant set of <size> grants (bench/grants.ts); `shared-ci` is <size>
 * teams whose namespaces each go to the team's group and one shared CI role.
 * Prints one line of JSON (ScenarioResult). With BENCH_CPU_PROFILE=<file>, the timed window is
 * also CPU-profiled into <file>.
 */
import { readFileSync, statSync, writeFileSync } from 'fs';
import { Session } from 'inspector';
import { join } from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import { RegistryAccessStacks } from '../lib/constructs/registry-access-stacks';
import { GrantSpec } from '../lib/constructs/grant-spec';
import { benchGrants, sharedCiGrants } from './grants';
import { buildBaseline, buildRegistryAccess } from './scenario-builders';

export type Implementation = 'registry-access' | 'registry-access-stacks' | 'baseline';
export type Shape = 'teams' | 'shared-ci';

export interface ScenarioResult {
  readonly ms: number;
  readonly maxRssMb: number;
  /** Max RSS before the app is built: Node, ts-node and the loaded modules. */
  readonly floorRssMb: number;
  readonly grants: number;
  readonly policies: number;
  /** Resources of all stacks. */
  readonly resources: number;
  /** Bytes of all templates. */
  readonly templateBytes: number;
  readonly stacks: number;
  readonly maxStackResources: number;
  readonly maxStackBytes: number;
  /** Custom policies attached to the principal with the most. */
  readonly maxPoliciesPerPrincipal: number;
}

const STACK_NAME = 'CrGrantsBench';

const SHAPES: { readonly [shape in Shape]: (size: number) => GrantSpec[] } = {
  'teams': benchGrants,
  'shared-ci': sharedCiGrants,
};

/**
 * A fresh assignment file: every principal is placed, as on a first synth. RAM's quota of 1,500
 * custom policies per account is raised: 50,000 grants of the benchmark's set need more.
 */
function buildRegistryAccessStacks(app: ros.App, grants: GrantSpec[]): void {
  new RegistryAccessStacks(app, 'CrGrantsBench', {
    grants, policyNamePrefix: 'cr-bench', assignmentFile: join(process.env.CDK_OUTDIR!, 'bench.stacks.json'), maxCustomPoliciesPerAccount: 100_000,
  });
}

/** One stack whose limits are lifted, so that single-stack implementations synthesize at every size. */
function benchStack(app: ros.App): ros.Stack {
  const stack = new ros.Stack(app, STACK_NAME);
  (stack as any).maxResources = Number.MAX_SAFE_INTEGER;
  return stack;
}

const BUILDERS: { readonly [impl in Implementation]: (app: ros.App, grants: GrantSpec[]) => void } = {
  'registry-access': (app, grants) => buildRegistryAccess(benchStack(app), grants),
  'registry-access-stacks': buildRegistryAccessStacks,
  'baseline': (app, grants) => buildBaseline(benchStack(app), grants),
};

async function main(): Promise<void> {
  const [impl, shape, size] = [process.argv[2] as Implementation, process.argv[3] as Shape, Number(process.argv[4])];
  const build = BUILDERS[impl];
  if (!build || !SHAPES[shape] || !Number.isInteger(size) || size <= 0) {
    throw new Error(`usage: scenario.ts <${Object.keys(BUILDERS).join('|')}> <${Object.keys(SHAPES).join('|')}> <size>`);
  }
  const grants = SHAPES[shape](size);
  const outdir = process.env.CDK_OUTDIR;
  if (!outdir) throw new Error('CDK_OUTDIR must name an empty temporary directory');
  const profileFile = process.env.BENCH_CPU_PROFILE;
  const profiler = profileFile ? await startProfiler() : undefined;
  const floorRssMb = process.resourceUsage().maxRSS / 1024;

  const start = process.hrtime.bigint();
  // Construct metadata stack traces dominate synth time at scale; real apps can turn them off too.
  const app = new ros.App({ stackTraces: false });
  build(app, grants);
  // The single-stack implementations exceed ROS's 300 resources from 1,000 grants on; the
  // benchmark measures synth cost anyway. RegistryAccess checks that limit in validate(), hence
  // skipValidation there. RegistryAccessStacks is validated: it must fit.
  const assembly = app.synth({ skipValidation: impl !== 'registry-access-stacks' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;

  if (profiler && profileFile) await stopProfiler(profiler, profileFile);
  const stacks = assembly.stacks.map((artifact) => {
    const path = join(outdir, artifact.templateFile);
    return { template: JSON.parse(readFileSync(path, 'utf8')), bytes: statSync(path).size };
  });
  const resources = stacks.flatMap((s) => Object.values<any>(s.template.Resources ?? {}));
  const customPolicies = new Map<string, number>();
  const count = (principal: string) => customPolicies.set(principal, (customPolicies.get(principal) ?? 0) + 1);
  for (const r of resources) {
    const p = r.Properties ?? {};
    if (r.Type === 'ALIYUN::RAM::ManagedPolicy') {
      // A policy may attach itself through its Users, Groups and Roles lists.
      for (const [key, kind] of [['Users', 'user'], ['Groups', 'group'], ['Roles', 'role']]) for (const name of p[key] ?? []) count(`${kind}:${name}`);
    } else if (r.Type.startsWith('ALIYUN::RAM::AttachPolicyTo') && p.PolicyType === 'Custom') {
      count(p.UserName ? `user:${p.UserName}` : p.GroupName ? `group:${p.GroupName}` : `role:${p.RoleName}`);
    }
  }
  const result: ScenarioResult = {
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    floorRssMb,
    grants: grants.length,
    policies: resources.filter((r) => r.Type === 'ALIYUN::RAM::ManagedPolicy').length,
    resources: resources.length,
    templateBytes: stacks.reduce((sum, s) => sum + s.bytes, 0),
    stacks: stacks.length,
    maxStackResources: Math.max(...stacks.map((s) => Object.keys(s.template.Resources ?? {}).length)),
    maxStackBytes: Math.max(...stacks.map((s) => s.bytes)),
    maxPoliciesPerPrincipal: Math.max(0, ...customPolicies.values()),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function post(session: Session, method: string, params?: object): Promise<any> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
}

/** The inspector's profiler rather than `--cpu-prof`, so only the timed window is sampled. */
async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 250 });
  await post(session, 'Profiler.start');
  return session;
}

async function stopProfiler(session: Session, file: string): Promise<void> {
  const { profile } = await post(session, 'Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
