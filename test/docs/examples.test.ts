/**
 * What README.md and docs/*.md show is what the code does: every ```ts example runs as a user's
 * app and synthesizes; what it prints is the block after it; every ```console transcript is
 * what its `npx cr-grants` command prints and returns; every ```yaml grants file loads (the
 * GitHub Actions job of docs/ci.md is run by ./ci-workflow.test.ts).
 * `npm run docs` rewrites transcripts and outputs when the code changes them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseGrantsFile, parseInvariantsFile } from '../../lib/config/grants-file';
import { ExampleRun, commandOf, isRecordedTranscript, runTypeScript, transcript } from '../../scripts/docs/examples';
import { Block, OUTPUT_LANGUAGES, ROOT, allBlocks, blocks, pages, where } from '../../scripts/docs/pages';

const ALL = allBlocks();
const runs = new Map<string, ExampleRun>();
/** Runs an example once, however many tests look at it. */
function run(block: Block): ExampleRun {
  if (!runs.has(where(block))) runs.set(where(block), runTypeScript(block.code, require));
  return runs.get(where(block))!;
}
const named = (language: string) => ALL.filter((b) => b.language === language).map((b) => [where(b), b] as [string, Block]);

/** The block after `block` on its page, if any. */
function nextBlock(block: Block): Block | undefined {
  const onPage = blocks(block.page);
  return onPage[onPage.findIndex((b) => b.line === block.line) + 1];
}

/** The block right before `block` on its page, if any. */
function previousBlock(block: Block): Block | undefined {
  const onPage = blocks(block.page);
  return onPage[onPage.findIndex((b) => b.line === block.line) - 1];
}

test('README.md and every docs page have examples to run', () => {
  expect(pages().map((p) => p.file)).toEqual(expect.arrayContaining(['README.md', 'docs/cli.md', 'docs/constructs.md', 'docs/rules.md']));
  expect(named('ts').length).toBeGreaterThan(5);
  expect(named('console').length).toBeGreaterThan(5);
});

describe('TypeScript examples', () => {
  test.each(named('ts'))('%s runs, synthesizes and prints what the page shows', (_where, block) => {
    const { stacks, printed } = run(block);
    expect(stacks.length).toBeGreaterThan(0);
    if (printed === '') return;
    const output = nextBlock(block);
    expect(OUTPUT_LANGUAGES).toContain(output?.language);
    expect(output!.code).toBe(printed);
  });

  test('every ```text block shows what the example before it prints', () => {
    // A text block is never free prose: it is an example's output, so the test above holds it.
    const unheld = ALL.filter((b) => b.language === 'text')
      .filter((b) => previousBlock(b)?.language !== 'ts' || run(previousBlock(b)!).printed === '')
      .map(where);
    expect(unheld).toEqual([]);
  });
});

describe('console transcripts', () => {
  // `ros-cdk` transcripts are recorded from the ROS CDK command line, which is not installed here.
  const run = named('console').filter(([, b]) => !isRecordedTranscript(b.code));
  test.each(run)('%s is what cr-grants prints', (_where, block) => {
    expect(block.code).toBe(transcript(commandOf(block.code)));
  });
});

describe('grants files', () => {
  // A page shows either a whole grants file, which must load, or an excerpt of an example file.
  const examples = ['grants.yaml', 'grants-v2.yaml'].map((f) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
  test.each(named('yaml'))('%s loads, is an excerpt of examples/, or is the CI job test/docs/ci-workflow.test.ts runs', (location, block) => {
    if (/^jobs:/m.test(block.code)) {
      expect(block.page.file).toBe('docs/ci.md');
    } else if (/^invariants:/.test(block.code)) {
      // An invariants file (`cr-grants check --invariants`).
      expect(parseInvariantsFile(block.code, location).length).toBeGreaterThan(0);
    } else if (/^version:/m.test(block.code)) {
      expect(parseGrantsFile(block.code, location).grants.length).toBeGreaterThan(0);
    } else {
      expect(examples.some((text) => text.includes(block.code))).toBe(true);
    }
  });
});
