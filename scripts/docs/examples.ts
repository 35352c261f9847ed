/**
 * Runs what the documentation shows: a ```ts example as a user's app, a ```console block's
 * `npx cr-grants` command line. Both the tests and `npm run docs` use these, so a page shows
 * exactly what the code prints.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as util from 'util';
import { main } from '../../lib/cli/main';
import { ROOT } from './pages';

const PROMPT = '$ npx cr-grants ';
const RECORDED_PROMPT = '$ ros-cdk ';

/** What a TypeScript example did: what it printed and which stacks it synthesized. */
export interface ExampleRun {
  readonly printed: string;
  readonly stacks: readonly string[];
}

/**
 * Runs an example as `node` would run the app compiled, with `ros-cdk-cr-grants` resolved to
 * this checkout. It runs in a fresh working folder (examples may write files) that links
 * `examples/`, with its own `cdk.out`; what it prints with `console.log` is captured.
 */
export function runTypeScript(code: string, load: NodeRequire): ExampleRun {
  const lib = path.join(ROOT, 'lib');
  const source = code.replace(/from 'ros-cdk-cr-grants'/g, `from ${JSON.stringify(lib)}`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } });
  let printed = '';
  const log = (...values: unknown[]) => { printed += `${util.format(...values)}\n`; };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-example-out-'));
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-example-'));
  fs.symlinkSync(path.join(ROOT, 'examples'), path.join(workdir, 'examples'));
  const previous = { outdir: process.env.CDK_OUTDIR, cwd: process.cwd() };
  process.env.CDK_OUTDIR = outdir;
  process.chdir(workdir);
  // With CDK_OUTDIR set, each ros.App also synthesizes on process exit; the example has done so.
  const exitHooks = process.listeners('beforeExit');
  try {
    const module = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'module', 'exports', 'console', js.outputText)(load, module, module.exports, { ...console, log });
    const manifest = path.join(outdir, 'manifest.json');
    const artifacts = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts ?? {} : {};
    const stacks = Object.keys(artifacts).filter((id) => artifacts[id].type === 'aliyun:ros:stack').sort();
    return { printed, stacks };
  } finally {
    for (const hook of process.listeners('beforeExit')) if (!exitHooks.includes(hook)) process.removeListener('beforeExit', hook);
    process.chdir(previous.cwd);
    if (previous.outdir === undefined) delete process.env.CDK_OUTDIR; else process.env.CDK_OUTDIR = previous.outdir;
    for (const dir of [outdir, workdir]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A console block runs `npx cr-grants`, and is run and compared, or the ROS CDK command line,
 * `ros-cdk`: a transcript recorded from the real CLI, which the tests cannot run.
 */
export function isRecordedTranscript(block: string): boolean {
  return block.startsWith(RECORDED_PROMPT);
}

/** The arguments of a console block's first line, `$ npx cr-grants summary "a b.yaml"`. */
export function commandOf(block: string): string[] {
  const first = block.split('\n')[0];
  if (!first.startsWith(PROMPT)) throw new Error(`a console block must start with "${PROMPT}..." or "${RECORDED_PROMPT}...", not ${JSON.stringify(first)}`);
  return [...first.slice(PROMPT.length).matchAll(/"(?:[^"\\]|\\.)*"|\S+/g)]
    .map(([word]) => (word.startsWith('"') ? JSON.parse(word) : word));
}

/**
 * A console block as a terminal shows it: the command, what it printed (standard output and
 * error, in order) and `(exit N)`. Run from the repository root, as the pages' paths are.
 */
export function transcript(argv: readonly string[]): string {
  let output = '';
  const sink = { write: (text: string) => { output += text; return true; } };
  const cwd = process.cwd();
  process.chdir(ROOT);
  let code: number;
  try {
    code = main(argv, { stdout: sink, stderr: sink });
  } finally {
    process.chdir(cwd);
  }
  const words = argv.map((a) => (/^[\w:./=-]+$/.test(a) ? a : JSON.stringify(a)));
  return `${PROMPT}${words.join(' ')}\n${output}${output.endsWith('\n') || output === '' ? '' : '\n'}(exit ${code})\n`;
}
