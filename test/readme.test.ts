/**
 * Every ```ts block of the README and of docs/*.md runs here, as a user would run it: imports of
 * 'ros-cdk-cr-grants' point at this checkout, and each block must synthesize. In docs/*.md, a
 * ```text block right after a ```ts block is what that code prints, and must stay so; docs
 * blocks run in a fresh directory (with `examples/` linked), since they may write files.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { README_COMMANDS, consoleBlock } from './readme-commands';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const DOCS = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);

/** ```ts blocks with the line each starts on, and the ```text block that follows one, if any. */
export function typescriptBlocks(markdown: string): { line: number; code: string; output?: string }[] {
  const blocks: { line: number; code: string; output?: string }[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```$(?:\n\n```text\n([\s\S]*?)^```$)?/gm;
  for (let m = pattern.exec(markdown); m; m = pattern.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[1], output: m[2] });
  }
  return blocks;
}

/** Runs a block; returns what it printed with console.log. */
function run(code: string): string {
  const lib = path.join(ROOT, 'lib');
  const source = code.replace(/from 'ros-cdk-cr-grants'/g, `from ${JSON.stringify(lib)}`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } });
  const module = { exports: {} };
  let printed = '';
  const console = { log: (...args: unknown[]) => { printed += `${args.join(' ')}\n`; } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', 'console', js.outputText)(require, module, module.exports, console);
  return printed;
}

/** Runs `body` with CDK_OUTDIR (and, for docs, the working directory) in fresh directories. */
function inFreshDirectories<T>(changeDirectory: boolean, body: (outdir: string) => T): T {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-'));
  fs.symlinkSync(path.join(ROOT, 'examples'), path.join(workdir, 'examples'));
  const previous = { outdir: process.env.CDK_OUTDIR, cwd: process.cwd() };
  process.env.CDK_OUTDIR = outdir;
  if (changeDirectory) process.chdir(workdir);
  try {
    return body(outdir);
  } finally {
    process.chdir(previous.cwd);
    if (previous.outdir === undefined) delete process.env.CDK_OUTDIR; else process.env.CDK_OUTDIR = previous.outdir;
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

describe.each(DOCS)('%s examples', (file) => {
  const blocks = typescriptBlocks(fs.readFileSync(path.join(ROOT, file), 'utf8'));

  test.each(blocks.map((b) => [b.line, b.code, b.output]))(`${file}:%i runs and prints what the page shows`, (_line, code, output) => {
    const printed = inFreshDirectories(true, () => run(code as string));
    if (output !== undefined) expect(printed).toBe(output);
  });
});

describe('README examples', () => {
  const blocks = typescriptBlocks(README);

  test('the README has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  test.each(blocks.map((b) => [b.line, b.code]))('README.md:%i runs', (_line, code) => {
    inFreshDirectories(false, (outdir) => {
      run(code as string);
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      const stacks = Object.values<any>(manifest.artifacts).filter((a) => a.type === 'aliyun:ros:stack');
      expect(stacks.length).toBeGreaterThan(0);
    });
  });
});

describe('docs/planning.md', () => {
  test('the strategy table is what bench/strategies.ts measures', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'planning.md'), 'utf8');
    expect(page).toContain(require('../bench/strategies').compareStrategies());
  });
});

describe('README reference tables', () => {
  // Regenerate with the functions in test/readme-tables.ts when the data changes.
  test('the access level table matches lib/model/access.ts', () => {
    expect(README).toContain(require('./readme-tables').accessLevelTable());
  });

  test('the validation table matches lib/model/field-rules.ts', () => {
    expect(README).toContain(require('./readme-tables').validationTable());
  });
});

describe('README rule table', () => {
  test('matches the checker\'s rules', () => {
    expect(README).toContain(require('../lib/check/format').rulesMarkdown().trimEnd());
  });
});

describe('README command outputs', () => {
  test.each(README_COMMANDS.map((argv) => ({ command: argv.join(' '), argv })))('cr-grants $command prints what the README shows', ({ argv }) => {
    expect(README).toContain(consoleBlock(argv));
  });
});
