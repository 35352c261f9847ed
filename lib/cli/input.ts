/**
 * What review commands read: a ROS template (top-level `Resources`), a grants file
 * (top-level `grants`) or a bare RAM policy document (top-level `Statement`), in JSON or YAML,
 * or a cloud assembly (a `cdk.out` directory), whose stacks are read as one account.
 * A grants file is reviewed through the template this library synthesizes from it, so every
 * command judges the same thing `ros-cdk deploy` would deploy.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import { LineCounter } from 'yaml';
import { oneLine } from '../check/engine';
import { parseGrantsFile } from '../config/grants-file';
import { RegistryAccess } from '../constructs/registry-access';
import { showValue } from '../model/errors';
import { isUnresolved } from '../model/token';
import { AssemblyStack, StackSet } from '../template/stack-set';
import { parseTemplateYaml, templateBodyOf } from '../template/template-text';
import { canonicalJson } from '../template/values';

/** A file that cannot be reviewed: where, what is wrong and what to do. */
export class InputError extends Error {
  constructor(public readonly where: string, public readonly problem: string, public readonly hint?: string) {
    super(`${where}: ${problem}${hint ? ` (${hint})` : ''}`);
    this.name = 'InputError';
  }
}

export type InputKind = 'template' | 'grants' | 'policy' | 'assembly';

export interface ReviewInput {
  readonly path: string;
  readonly kind: InputKind;
  /** The parsed file; for an assembly, its stacks (a StackSet), read as one account. */
  readonly data: any;
  /** The file's text, as read (empty for an assembly): a grants file is loaded from it, not read again. */
  readonly text: string;
}

/**
 * The largest file a review reads. ROS takes templates of up to 512 KB; reviews read templates
 * beyond ROS's limits too (the benchmark's 10,000 grants make 2.7 MB), and this bound keeps the
 * time and memory of reading and parsing bounded.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

const KIND_HINT = 'a ROS template has top-level "Resources", a grants file "grants", a RAM policy document "Statement"';

/**
 * Reads and classifies a file; `kinds` says which kinds the command accepts. A directory or a
 * file called manifest.json is a cloud assembly, which every review command accepts.
 */
export function readInput(file: string, kinds: readonly InputKind[] = ['template', 'grants']): ReviewInput {
  if (isAssemblyPath(file)) return { path: file, kind: 'assembly', data: loadAssembly(file), text: '' };
  const text = readInputText(file);
  const data = parseStructuredText(text, file);
  const top = data !== null && typeof data === 'object' && !Array.isArray(data) ? data : undefined;
  const has = (key: string) => top !== undefined && Object.prototype.hasOwnProperty.call(top, key);
  const kind: InputKind | undefined = has('Resources') ? 'template' : has('grants') ? 'grants' : has('Statement') ? 'policy' : undefined;
  if (kind === undefined || !kinds.includes(kind)) {
    const accepted = kinds.map((k) => ({ template: 'a ROS template', grants: 'a grants file', policy: 'a RAM policy document', assembly: 'a cloud assembly' }[k]));
    throw new InputError(`${file}:1:1`, `is not ${accepted.join(' or ')}`, KIND_HINT);
  }
  return { path: file, kind, data, text };
}

/** The template to review: the file itself (an assembly's stacks), or the one synthesized from a grants file. */
export function templateOf(input: ReviewInput): any {
  if (input.kind === 'template' || input.kind === 'assembly') return input.data;
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
    // The file's invariants are the review's to report, with witnesses, not synthesis's to refuse.
    RegistryAccess._fromGrantsFile(stack, 'Grants', parseGrantsFile(text, file), false);
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
  const parsed = parseTemplateYaml(text, lines);
  if (parsed.problem === undefined) {
    // A template is ROS's to read, and ROS does not say which YAML it reads; a grants file is read as YAML 1.2.
    if (parsed.ambiguous !== undefined && isTemplate(parsed.value)) {
      const { line, col } = lines.linePos(parsed.ambiguous.offset);
      throw new InputError(`${file}:${line}:${col}`, `${parsed.ambiguous.message}, and ROS does not say which YAML it reads`,
        'quote the value if it is text, or write the value it stands for (true, 8)');
    }
    return parsed.value;
  }
  const { line, col } = lines.linePos(parsed.problem.offset);
  if (parsed.problem.kind === 'syntax') {
    throw new InputError(`${file}:${line}:${col}`, `is not valid YAML: ${parsed.problem.message}`,
      'check the indentation and quoting on this line');
  }
  if (parsed.problem.kind === 'merge') {
    throw new InputError(`${file}:${line}:${col}`, 'uses the YAML merge key <<, which YAML 1.1 readers merge and YAML 1.2 readers keep as a key, and ROS does not say which it does',
      'write the merged keys out in the map itself');
  }
  throw new InputError(`${file}:${line}:${col}`, `uses the YAML tag ${parsed.problem.message}, which is not a ROS function`,
    'write the value without the tag, or a ROS function in its full form (Fn::Name: ...)');
}

function isTemplate(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, 'Resources');
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/*
 * Cloud assemblies: the `cdk.out` directory `ros-cdk synth` writes, read through its
 * `manifest.json` into the stacks it deploys (lib/template/stack-set.ts), as one account.
 *
 * What ROS CDK writes (checked with @alicloud/ros-cdk-core 1.11 and the `ros-cdk` CLI 1.12):
 * `manifest.json` lists artifacts by id; a stack is `"type": "aliyun:ros:stack"` with
 * `properties.templateFile` (a file beside the manifest) and `properties.stackName` when the
 * ROS stack name differs from the id. The CLI deploys every such artifact of the manifest itself
 * (`cdk:tree` and `cdk:asset-manifest` artifacts are not stacks). A `NestedStack` is written twice:
 * inline as the `TemplateBody` of its parent's `ALIYUN::ROS::Stack`, and as an artifact of its own
 * whose `stackName` is an unresolved token; that copy is read inside its parent, once.
 */
export const MANIFEST_FILE = 'manifest.json';
export const STACK_ARTIFACT = 'aliyun:ros:stack';
/** Bounds on what one assembly may hold. Manifests carry construct stack traces, so they may be large. */
export interface AssemblyLimits {
  readonly manifestBytes: number;
  readonly templateBytes: number;
  readonly totalTemplateBytes: number;
  readonly stacks: number;
}
export const ASSEMBLY_LIMITS: AssemblyLimits = {
  manifestBytes: 128 * 1024 * 1024, templateBytes: 16 * 1024 * 1024, totalTemplateBytes: 256 * 1024 * 1024, stacks: 1000,
};
/** Artifact ids as ROS CDK writes them (stack names, path-derived ids); no `/`, which names a stack's policies. */
const ARTIFACT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const SYNTH_HINT = 'give the cdk.out directory that "ros-cdk synth" writes, or its manifest.json';

/** Whether `file` names a cloud assembly: a directory, or a file called manifest.json. */
export function isAssemblyPath(file: string): boolean {
  if (path.basename(file) === MANIFEST_FILE) return true;
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The stacks of the assembly at `file` (its directory or its manifest.json), or an input error. */
export function loadAssembly(file: string, limits: AssemblyLimits = ASSEMBLY_LIMITS): StackSet {
  const manifestFile = path.basename(file) === MANIFEST_FILE ? file : path.join(file, MANIFEST_FILE);
  const directory = path.dirname(manifestFile);
  if (!fs.existsSync(manifestFile)) {
    throw new InputError(file, fs.existsSync(file) ? `is a directory without ${MANIFEST_FILE}` : 'does not exist', SYNTH_HINT);
  }
  const manifest = parseJson(readBounded(manifestFile, limits.manifestBytes, 'a manifest'), manifestFile);
  const field = (name: string, value: unknown, rule: string, hint: string) =>
    new InputError(manifestFile, `${name} ${showValue(value)} ${rule}`, hint);
  if (!isObject(manifest)) throw field('the manifest', manifest, 'is not an object', SYNTH_HINT);
  const artifacts = manifest.artifacts;
  if (!isObject(artifacts)) throw field('artifacts', artifacts, 'is not an object of artifacts by id', SYNTH_HINT);

  const found: { id: string; stackName?: string; template: unknown; file: string }[] = [];
  let totalBytes = 0;
  for (const id of Object.keys(artifacts).sort()) {
    const artifact = artifacts[id];
    const at = `artifacts.${id}`;
    if (!isObject(artifact) || typeof artifact.type !== 'string') {
      throw field(`${at}.type`, isObject(artifact) ? artifact.type : artifact, 'is not an artifact type', SYNTH_HINT);
    }
    if (artifact.type === 'cdk:cloud-assembly') {
      throw field(`${at}.type`, artifact.type, 'is a nested cloud assembly (a Stage), which "ros-cdk deploy" does not deploy from here',
        `review its directory on its own: ${path.join(directory, String((artifact.properties as any)?.directoryName ?? id))}`);
    }
    if (artifact.type !== STACK_ARTIFACT) continue;
    if (!ARTIFACT_ID.test(id)) {
      throw field('artifact id', id, 'is not 1-255 letters, digits, ".", "_" or "-" starting with a letter or digit', 'synthesize the app again with ROS CDK');
    }
    if (found.length >= limits.stacks) {
      throw field('artifacts', `${Object.keys(artifacts).length} artifacts`, `hold more than ${limits.stacks} stacks`, 'review the stacks in parts');
    }
    const properties = isObject(artifact.properties) ? artifact.properties : {};
    const templateFile = properties.templateFile;
    if (typeof templateFile !== 'string' || templateFile === '' || path.isAbsolute(templateFile)
      || path.normalize(templateFile).split(/[\\/]/)[0] === '..') {
      throw field(`${at}.properties.templateFile`, templateFile, 'is not the name of a file in the assembly directory', SYNTH_HINT);
    }
    const templatePath = path.join(directory, templateFile);
    if (!fs.existsSync(templatePath)) {
      throw new InputError(templatePath, `does not exist (${manifestFile} names it in ${at}.properties.templateFile)`,
        'synthesize again: the assembly is incomplete');
    }
    const text = readBounded(templatePath, limits.templateBytes, 'a template');
    totalBytes += Buffer.byteLength(text);
    if (totalBytes > limits.totalTemplateBytes) {
      throw new InputError(file, `holds templates of more than ${limits.totalTemplateBytes} bytes in all`, 'review the stacks in parts');
    }
    let template = parseJson(text, templatePath);
    const has = (key: string) => isObject(template) && Object.prototype.hasOwnProperty.call(template, key);
    if (!has('Resources') && !has('ROSTemplateFormatVersion')) {
      throw new InputError(`${templatePath}:1:1`, `is not a ROS template (${manifestFile} names it in ${at}.properties.templateFile)`,
        'a ROS template has top-level "Resources" or "ROSTemplateFormatVersion"');
    }
    // ROS CDK leaves Resources out of a stack without resources.
    if (!has('Resources')) template = { ...(template as object), Resources: {} };
    const stackName = typeof properties.stackName === 'string' ? properties.stackName : undefined;
    found.push({ id, ...(stackName !== undefined ? { stackName } : {}), template, file: templatePath });
  }
  if (found.length === 0) {
    const types = [...new Set(Object.values(artifacts).map((a) => (isObject(a) ? a.type : undefined)))].map(String).sort();
    throw field('artifacts', `types ${types.join(', ') || 'none'}`, `hold no "${STACK_ARTIFACT}" artifact`, SYNTH_HINT);
  }
  const nestedBodies = new Set(found.flatMap((s) => nestedTemplateBodies(s.template)).map(canonicalJson));
  const stacks: AssemblyStack[] = found
    .filter((s) => !(s.stackName !== undefined && isUnresolved(s.stackName) && nestedBodies.has(canonicalJson(s.template))))
    .map((s) => ({ name: s.id, template: s.template, file: s.file }));
  return new StackSet(stacks, file);
}

/** The `TemplateBody` of every `ALIYUN::ROS::Stack` in a template, nested ones included. */
function nestedTemplateBodies(template: unknown, depth = 0): unknown[] {
  const resources = isObject(template) && isObject(template.Resources) ? template.Resources : {};
  return Object.values(resources).flatMap((resource) => {
    const body = isObject(resource) && resource.Type === 'ALIYUN::ROS::Stack' && isObject(resource.Properties)
      ? templateBodyOf(resource.Properties.TemplateBody) : undefined;
    return isObject(body) && depth < 50 ? [body, ...nestedTemplateBodies(body, depth + 1)] : [];
  });
}

function readBounded(file: string, maxBytes: number, what: string): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new InputError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check the path');
  }
  if (size > maxBytes) {
    throw new InputError(file, `is ${size} bytes, more than the ${maxBytes} ${what} may have here`, 'review the stacks in parts');
  }
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
