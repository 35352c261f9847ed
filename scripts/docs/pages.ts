/**
 * The documentation pages (README.md and docs/*.md) and their fenced blocks, with the line each
 * block starts on, so a test can name `docs/cli.md:42` when a block is wrong.
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');

export interface Page {
  /** Relative to the repository root, with `/`: `README.md`, `docs/cli.md`. */
  readonly file: string;
  readonly text: string;
}

export interface Block {
  readonly page: Page;
  /** The line of the opening fence, from 1. */
  readonly line: number;
  /** The first word after the fence: `ts`, `console`, `yaml`, ... ('' when none). */
  readonly language: string;
  /** The lines between the fences, each ending in a newline. */
  readonly code: string;
}

/** README.md, then every docs/*.md in name order. */
export function pages(): Page[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)].map((file) => page(file));
}

export function page(file: string): Page {
  return { file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') };
}

/** The fenced blocks of a page, in order. An unclosed fence is an error, not a silent skip. */
export function blocks(p: Page): Block[] {
  const lines = p.text.split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]);
    if (!open) continue;
    const close = lines.findIndex((l, j) => j > i && l === '```');
    if (close < 0) throw new Error(`${p.file}:${i + 1}: a fenced block that is never closed`);
    found.push({ page: p, line: i + 1, language: open[1], code: lines.slice(i + 1, close).map((l) => `${l}\n`).join('') });
    i = close;
  }
  return found;
}

/** Every block of every page. */
export function allBlocks(): Block[] {
  return pages().flatMap(blocks);
}

export function where(b: Block): string {
  return `${b.page.file}:${b.line}`;
}

/** Languages of a block that shows what the ```ts example before it prints. */
export const OUTPUT_LANGUAGES: readonly string[] = ['text', 'json'];
