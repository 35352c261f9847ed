/**
 * Every ```ts block of the README runs here, as a user would run it: imports of
 * 'ros-cdk-cr-grants' point at this checkout, and each block must synthesize.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { README_COMMANDS, consoleBlock } from './readme-commands';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** ```ts blocks with the README line each starts on. */
export function typescriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = pattern.exec(markdown); m; m = pattern.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[1] });
  }
  return blocks;
}

function run(code: string): void {
  const lib = path.join(__dirname, '..', 'lib');
  const source = code.replace(/from 'ros-cdk-cr-grants'/g, `from ${JSON.stringify(lib)}`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } });
  const module = { exports: {} };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', js.outputText)(require, module, module.exports);
}

describe('README examples', () => {
  const blocks = typescriptBlocks(README);

  test('the README has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  test.each(blocks.map((b) => [b.line, b.code]))('README.md:%i runs', (_line, code) => {
    const outdir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'readme-'));
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = outdir;
    try {
      run(code as string);
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      const stacks = Object.values<any>(manifest.artifacts).filter((a) => a.type === 'aliyun:ros:stack');
      expect(stacks.length).toBeGreaterThan(0);
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR; else process.env.CDK_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
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
