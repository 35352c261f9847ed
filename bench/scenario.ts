/**
 * One measurement, run by bench/run.ts in a fresh process so that peak memory belongs to this
 * scenario alone and no earlier run has warmed up the JIT.
 *
 *   scenario.ts <registry-access|baseline> <grants>
 *
 * Prints one line of JSON: { ms, maxRssMb, floorRssMb, policies, resources, templateBytes }.
 * With BENCH_CPU_PROFILE=<file>, the timed window is also CPU-profiled into <file>.
 */
import { readFileSync, statSync, writeFileSync } from 'fs';
import { Session } from 'inspector';
import { join } from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import { BUILDERS, Implementation } from './scenario-builders';

export type { Implementation } from './scenario-builders';

export interface ScenarioResult {
  readonly ms: number;
  readonly maxRssMb: number;
  /** Max RSS before the app is built: Node, ts-node and the loaded modules. */
  readonly floorRssMb: number;
  readonly policies: number;
  readonly resources: number;
  readonly templateBytes: number;
}

const STACK_NAME = 'CrGrantsBench';

async function main(): Promise<void> {
  const [impl, count] = [process.argv[2] as Implementation, Number(process.argv[3])];
  const build = BUILDERS[impl];
  if (!build || !Number.isInteger(count) || count <= 0) {
    throw new Error(`usage: scenario.ts <${Object.keys(BUILDERS).join('|')}> <grants>`);
  }
  const outdir = process.env.CDK_OUTDIR;
  if (!outdir) throw new Error('CDK_OUTDIR must name an empty temporary directory');
  const profileFile = process.env.BENCH_CPU_PROFILE;
  const profiler = profileFile ? await startProfiler() : undefined;
  const floorRssMb = process.resourceUsage().maxRSS / 1024;

  const start = process.hrtime.bigint();
  // Construct metadata stack traces dominate synth time at scale; real apps can turn them off too.
  const app = new ros.App({ stackTraces: false });
  const stack = new ros.Stack(app, STACK_NAME);
  // Both implementations exceed ROS's 300 resources from 1,000 grants on; the benchmark measures
  // synth cost anyway. RegistryAccess checks that limit in validate(), hence skipValidation.
  (stack as any).maxResources = Number.MAX_SAFE_INTEGER;
  build(stack, count);
  app.synth({ skipValidation: true });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;

  if (profiler && profileFile) await stopProfiler(profiler, profileFile);
  const templatePath = join(outdir, stack.templateFile);
  const template = JSON.parse(readFileSync(templatePath, 'utf8'));
  const resources = Object.values<any>(template.Resources ?? {});
  const result: ScenarioResult = {
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    floorRssMb,
    policies: resources.filter((r) => r.Type === 'ALIYUN::RAM::ManagedPolicy').length,
    resources: resources.length,
    templateBytes: statSync(templatePath).size,
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
