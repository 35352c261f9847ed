/**
 * Review measurements, run by bench/run.ts each in a fresh process like bench/scenario.ts.
 *
 *   review.ts inputs <dir> <grants>      writes the templates the review rows read (not timed)
 *   review.ts run <command> <args...>    runs one `cr-grants` command line, timed
 *
 * `run` prints one line of JSON: { ms, maxRssMb, floorRssMb, exitCode, outputBytes }.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import { main } from '../lib/cli/main';
import { editedHandWrittenTemplate, handWrittenTemplate } from './hand-written';
import { BUILDERS, SingleStackImplementation } from './scenario-builders';

export interface ReviewResult {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly floorRssMb: number;
  readonly exitCode: number;
  readonly outputBytes: number;
}

/** Statements of the hand-written policy. */
export const HAND_WRITTEN_STATEMENTS = 300;

/** File names of the inputs, by what they hold. */
export const INPUTS = {
  template: (impl: SingleStackImplementation) => `${impl}.json`,
  edited: (impl: SingleStackImplementation) => `${impl}-edited.json`,
  handWritten: 'hand-written.json',
  handWrittenEdited: 'hand-written-edited.json',
};

function synthesize(impl: SingleStackImplementation, grants: number): any {
  const outdir = mkdtempSync(join(tmpdir(), 'cr-grants-bench-review-'));
  try {
    const app = new ros.App({ stackTraces: false, outdir });
    const stack = new ros.Stack(app, 'CrGrantsBench');
    (stack as any).maxResources = Number.MAX_SAFE_INTEGER;
    BUILDERS[impl](stack, grants);
    return app.synth({ skipValidation: true }).getStackByName(stack.stackName).template;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The change a pull request might bring: one more action in the first policy's second
 * statement (a widening for its grantees) and one namespace fewer in the sixth policy.
 */
function edit(template: any): any {
  const copy = JSON.parse(JSON.stringify(template));
  const policies = Object.values<any>(copy.Resources).filter((r) => r.Type === 'ALIYUN::RAM::ManagedPolicy');
  const statements = (p: any) => (p.Properties.PolicyDocumentUnchecked ?? p.Properties.PolicyDocument).Statement;
  // A statement that does not already allow every action, so the added one widens.
  const widened = statements(policies[0]).find((s: any) => Array.isArray(s.Action) && !s.Action.includes('cr:*')) ?? statements(policies[0])[0];
  widened.Action = [...(Array.isArray(widened.Action) ? widened.Action : [widened.Action]), 'cr:DeleteRepository'];
  const narrowed = statements(policies[5 % policies.length])[0];
  if (Array.isArray(narrowed.Resource) && narrowed.Resource.length > 1) narrowed.Resource = narrowed.Resource.slice(0, -1);
  return copy;
}

function writeInputs(dir: string, grants: number): void {
  for (const impl of Object.keys(BUILDERS) as SingleStackImplementation[]) {
    const template = synthesize(impl, grants);
    writeFileSync(join(dir, INPUTS.template(impl)), JSON.stringify(template, null, 1));
    writeFileSync(join(dir, INPUTS.edited(impl)), JSON.stringify(edit(template), null, 1));
  }
  writeFileSync(join(dir, INPUTS.handWritten), JSON.stringify(handWrittenTemplate(HAND_WRITTEN_STATEMENTS), null, 1));
  writeFileSync(join(dir, INPUTS.handWrittenEdited), JSON.stringify(editedHandWrittenTemplate(HAND_WRITTEN_STATEMENTS), null, 1));
}

function run(argv: string[]): ReviewResult {
  const floorRssMb = process.resourceUsage().maxRSS / 1024;
  let outputBytes = 0;
  const start = process.hrtime.bigint();
  const exitCode = main(argv, {
    stdout: { write: (text: string) => { outputBytes += Buffer.byteLength(text); } },
    stderr: { write: (text: string) => process.stderr.write(text) },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, floorRssMb, exitCode, outputBytes };
}

function entry(): void {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'inputs' && rest.length === 2) {
    writeInputs(rest[0], Number(rest[1]));
  } else if (mode === 'run' && rest.length > 0) {
    process.stdout.write(`${JSON.stringify(run(rest))}\n`);
  } else {
    throw new Error('usage: review.ts inputs <dir> <grants> | review.ts run <command> <args...>');
  }
}

if (require.main === module) {
  try {
    entry();
  } catch (err) {
    process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  }
}
