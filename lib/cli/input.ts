/**
 * What review commands read: a ROS template (top-level `Resources`), a grants file
 * (top-level `grants`) or a bare RAM policy document (top-level `Statement`), in JSON or YAML.
 * A grants file is reviewed through the template this library synthesizes from it, so every
 * command judges the same thing `ros-cdk deploy` would deploy.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import { LineCounter, parseDocument } from 'yaml';
import { oneLine } from '../check/engine';
import { parseGrantsFile } from '../config/grants-file';
import { RegistryAccess } from '../constructs/registry-access';

/** A file that cannot be reviewed: where, what is wrong and what to do. */
export class InputError extends Error {
  constructor(public readonly where: string, public readonly problem: string, public readonly hint?: string) {
    super(`${where}: ${problem}${hint ? ` (${hint})` : ''}`);
    this.name = 'InputError';
  }
}

export type InputKind = 'template' | 'grants' | 'policy';

export interface ReviewInput {
  readonly path: string;
  readonly kind: InputKind;
  /** The parsed file. */
  readonly data: any;
  /** The file's text, as read: a grants file is loaded from it, not read again. */
  readonly text: string;
}

/**
 * The largest file a review reads. ROS takes templates of up to 512 KB; reviews read templates
 * beyond ROS's limits too (the benchmark's 10,000 grants make 2.7 MB), and this bound keeps the
 * time and memory of reading and parsing bounded.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

const KIND_HINT = 'a ROS template has top-level "Resources", a grants file "grants", a RAM policy document "Statement"';

/** Reads and classifies a file; `kinds` says which kinds the command accepts. */
export function readInput(file: string, kinds: readonly InputKind[] = ['template', 'grants']): ReviewInput {
  const text = readInputText(file);
  const data = parseStructuredText(text, file);
  const top = data !== null && typeof data === 'object' && !Array.isArray(data) ? data : undefined;
  const has = (key: string) => top !== undefined && Object.prototype.hasOwnProperty.call(top, key);
  const kind: InputKind | undefined = has('Resources') ? 'template' : has('grants') ? 'grants' : has('Statement') ? 'policy' : undefined;
  if (kind === undefined || !kinds.includes(kind)) {
    const accepted = kinds.map((k) => ({ template: 'a ROS template', grants: 'a grants file', policy: 'a RAM policy document' }[k]));
    throw new InputError(`${file}:1:1`, `is not ${accepted.join(' or ')}`, KIND_HINT);
  }
  return { path: file, kind, data, text };
}

/** The template to review: the file itself, or the one synthesized from a grants file. */
export function templateOf(input: ReviewInput): any {
  if (input.kind === 'template') return input.data;
  if (input.kind === 'grants') return synthesizeGrantsFile(input.path, input.text);
  throw new InputError(input.path, 'is a RAM policy document, not a template or grants file',
    'this command reads templates and grants files; `cr-grants check` also reads policy documents');
}

/** Reads a template or grants file straight to the template to review. */
export function loadTemplate(file: string): any {
  return templateOf(readInput(file));
}

/**
 * The template `RegistryAccess.fromFile` synthesizes for a grants file, in a throw-away app
 * and output directory (the template is all a review needs); `text` is the file as read.
 */
export function synthesizeGrantsFile(file: string, text: string): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-'));
  try {
    const app = new ros.App({ stackTraces: false, outdir });
    const stack = new ros.Stack(app, 'CrGrants');
    RegistryAccess._fromGrantsFile(stack, 'Grants', parseGrantsFile(text, file));
    try {
      return app.synth().getStackByName(stack.stackName).template;
    } catch (e) {
      // Validation at synth (stack limits) names construct paths, not the file.
      throw new InputError(file, `cannot be synthesized: ${oneLine((e as Error).message)}`,
        'split the grants across several files and stacks');
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Parses JSON (`.json`) or YAML (`.yaml`, `.yml`), with `file:line:column` on a syntax error. */
export function readStructuredFile(file: string): unknown {
  return parseStructuredText(readInputText(file), file);
}

/** A review input's text; refused when it is not a .json, .yaml or .yml file, cannot be read, or is over `maxBytes`. */
export function readInputText(file: string, maxBytes: number = MAX_INPUT_BYTES): string {
  const extension = path.extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(extension)) {
    throw new InputError(file, `has the extension "${extension}"`, 'give a .json, .yaml or .yml file');
  }
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(file, 'r');
    // The size of the file opened, so it cannot grow between the check and the read.
    const size = fs.fstatSync(descriptor).size;
    if (size > maxBytes) {
      throw new InputError(file, `is ${size} bytes, over the limit of ${maxBytes} bytes on a review input`,
        'review the templates of its stacks one by one, or split the grants across several files');
    }
    return fs.readFileSync(descriptor, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const error = e as NodeJS.ErrnoException;
    const problem = error.code === 'ENOENT' ? 'does not exist'
      : error.code === 'EISDIR' ? 'is a directory' : `cannot be read (${error.code ?? error.message})`;
    throw new InputError(file, problem, 'check the path');
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

function parseStructuredText(raw: string, file: string): unknown {
  // A byte order mark would shift every column on the first line by one.
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new InputError(`${file}:1:1`, 'is empty', KIND_HINT);
  return path.extname(file).toLowerCase() === '.json' ? parseJson(text, file) : parseYaml(text, file);
}

/** Parses JSON text; a syntax error is an input error at `name:line:column`. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const match = /position (\d+)/.exec(message);
    const offset = match ? Number(match[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    // V8 appends the position (and sometimes the text) to its message; the location says it better.
    const problem = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    throw new InputError(`${file}:${line}:${column}`, `is not valid JSON: ${problem}`,
      'look for a missing comma, quote or bracket just before this point');
  }
}

function parseYaml(text: string, file: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    throw new InputError(`${file}:${line}:${col}`, `is not valid YAML: ${error.message.split('\n')[0]}`,
      'check the indentation and quoting on this line');
  }
  return doc.toJS({ maxAliasCount: 1000 });
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}
