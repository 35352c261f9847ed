/**
 * `npm run docs`: brings README.md and docs/*.md up to date with the code. Writes docs/rules.md
 * from the checker's registry, rewrites every generated table, every ```console transcript (by
 * running its `npx cr-grants` command; `ros-cdk` transcripts are recorded) and the output block after every ```ts example that prints. The tests
 * (test/docs/) fail while any of these is stale; this is how to fix them, then read the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { commandOf, isRecordedTranscript, runTypeScript, transcript } from './docs/examples';
import { RULES_PAGE, regenerate, rulesPage } from './docs/generated';
import { Block, OUTPUT_LANGUAGES, Page, ROOT, blocks, pages, where } from './docs/pages';

/** The page with its console blocks and example outputs as the code prints them now. */
export function refreshBlocks(page: Page, load: NodeRequire): string {
  const found = blocks(page);
  const replacements = new Map<Block, string>();
  found.forEach((block, i) => {
    if (block.language === 'console' && !isRecordedTranscript(block.code)) replacements.set(block, transcript(commandOf(block.code)));
    if (block.language !== 'ts') return;
    const { printed } = runTypeScript(block.code, load);
    if (printed === '') return;
    const next = found[i + 1];
    if (!next || !OUTPUT_LANGUAGES.includes(next.language)) {
      throw new Error(`${where(block)}: the example prints, so the next block must show its output (\`\`\`${OUTPUT_LANGUAGES.join(' or ```')})`);
    }
    replacements.set(next, printed);
  });
  const lines = page.text.split('\n');
  for (const block of [...replacements.keys()].reverse()) {
    const length = block.code.split('\n').length - 1;
    lines.splice(block.line, length, ...replacements.get(block)!.replace(/\n$/, '').split('\n'));
  }
  return lines.join('\n');
}

function main(): void {
  const write = (file: string, text: string) => {
    const target = path.join(ROOT, file);
    if (fs.readFileSync(target, 'utf8') === text) return;
    fs.writeFileSync(target, text);
    console.log(`docs: wrote ${file}`);
  };
  if (!fs.existsSync(path.join(ROOT, RULES_PAGE))) fs.writeFileSync(path.join(ROOT, RULES_PAGE), '');
  write(RULES_PAGE, rulesPage());
  for (const page of pages()) {
    const tables = regenerate(page.text);
    write(page.file, refreshBlocks({ ...page, text: tables }, require));
  }
}

if (require.main === module) main();
