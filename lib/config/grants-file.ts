/**
 * Reads a grants file (YAML 1.2, or JSON, which is YAML) into validated model `Grant`s. Every refused
 * input is a `GrantValidationError` that points at the offending key or value as
 * `file:line:column`, names the field by its path (`grants[2].namespace`), shows the value
 * and states the rule; a file with several mistakes throws them all together, sorted by position. The file's own structure (keys, lists, strings, booleans, aliases) is
 * checked here; each grant's values are validated once, by the model (`normalizeGrant`), whose
 * refusal is pointed back at the value in the file, so a file and a construct refuse the same
 * values with the same words.
 */
import * as fs from 'fs';
import { isAlias, isMap, isScalar, isSeq, LineCounter, Pair, parseDocument, YAMLError } from 'yaml';
import { CHECKER_SUPPRESSION_ID } from '../check/registry';
import { ACCESS_LEVELS, NamespaceAccess, parseAccess } from '../model/access';
import { GrantValidationError } from '../model/errors';
import { FIELD_RULES } from '../model/field-rules';
import { Grant, GrantInput, normalizeGrant } from '../model/grant';
import { GRANTEE_KINDS, GRANTEE_LIST_FIELD, PrincipalRef } from '../model/principal';
import { isUnresolved } from '../model/token';
import { checkField } from '../model/validate';
import { InvariantInput, LocatedInvariant, MAX_INVARIANTS, normalizeInvariant } from '../model/invariant';
import { FILE_FIELDS, FileField, GRANT_FIELDS, GRANTS_FILE_VERSION, INVARIANT_FIELDS, INVARIANTS_FILE_FIELDS } from './grants-schema';
import { closest } from './suggest';
import { YamlNode, offsetOf, plain } from './yaml-nodes';

/** A grant read from a file and validated by the model, with the position of its first key for later messages. */
export interface LocatedGrant {
  readonly grant: Grant;
  /** `file:line:column` of the grant. */
  readonly where: string;
}

/** A grants file after every check has passed. */
export interface GrantsFile {
  readonly path: string;
  readonly policyNamePrefix?: string;
  readonly grants: LocatedGrant[];
  /** The file's `invariants`, when it has any. */
  readonly invariants?: LocatedInvariant[];
}

/** Reads and checks a grants file. */
export function loadGrantsFile(path: string): GrantsFile {
  return parseGrantsFile(readFile(path, 'grants file'), path);
}

/** Checks a grants file's text; `path` is only used in messages. */
export function parseGrantsFile(text: string, path: string): GrantsFile {
  return parseFile(text, path, (reader, contents) => reader.file(contents));
}

/**
 * Reads and checks an invariants file: top-level `invariants` (and optionally `version` and
 * `$schema`); a grants file is read for its `invariants` section.
 */
export function loadInvariantsFile(path: string): LocatedInvariant[] {
  return parseInvariantsFile(readFile(path, 'invariants file'), path);
}

/** Checks an invariants file's text; `path` is only used in messages. */
export function parseInvariantsFile(text: string, path: string): LocatedInvariant[] {
  return parseFile(text, path, (reader, contents) => {
    if (isMap(contents) && (contents.items as Pair[]).some((p) => isScalar(p.key) && p.key.value === 'grants')) {
      return reader.file(contents).invariants ?? [];
    }
    return reader.invariantsFile(contents);
  });
}

function readFile(path: string, what: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    const rule = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`;
    throw new GrantValidationError(path, what, path, rule);
  }
}

/** Parses YAML 1.2 (or JSON) with positions, refuses syntax errors, and reads the document with `read`. */
function parseFile<T>(text: string, path: string, read: (reader: Reader, contents: YamlNode) => T): T {
  // A byte order mark would shift every column on the first line by one.
  const source = text.replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter: lines,
    // YAML 1.2 core schema: yes/no/on/off stay text, so `consoleAccess: yes` is refused, not guessed.
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    prettyErrors: true,
  });
  const reader = new Reader(path, source, lines);
  // Duplicate keys are reported by the walk below, with the field's path.
  const syntax = [...doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY'), ...doc.warnings];
  // What follows a syntax error may be read wrongly, so only syntax errors are reported, the
  // first of each line: the parser often reports one mistake several ways.
  if (syntax.length > 0) {
    const reported = new Set<number>();
    const firstOfLine = [...syntax].sort((a, b) => a.pos[0] - b.pos[0]).filter((e) => {
      const { line } = lines.linePos(e.pos[0]);
      if (reported.has(line)) return false;
      reported.add(line);
      return true;
    });
    throw reader.together(firstOfLine.map((e) => reader.syntaxError(e)));
  }
  const directive = doc.directives?.yaml;
  if (directive?.explicit && directive.version !== '1.2') {
    throw new GrantValidationError(reader.at(Math.max(0, source.indexOf('%YAML'))), 'line', `%YAML ${directive.version}`,
      'declares a YAML version other than 1.2', 'remove the directive; YAML 1.1 would read yes/no/on/off as booleans');
  }
  const file = read(reader, doc.contents);
  reader.throwProblems();
  // The walk visits every mapping, so this only guards against a gap in it.
  if (doc.errors.length > 0) throw reader.syntaxError(doc.errors[0]);
  return file;
}

type Fields = { readonly [name: string]: FileField };
type Entries = Map<string, { readonly key: YamlNode; readonly value: YamlNode }>;

/**
 * Walks a parsed file. Each value is read on its own: a refusal is recorded and the walk goes on,
 * so one load reports every mistake; what depends on a refused value is not checked.
 */
class Reader {
  private readonly syntaxName: string;
  private readonly problems: GrantValidationError[] = [];

  constructor(private readonly path: string, private readonly source: string, private readonly lines: LineCounter) {
    this.syntaxName = /\.json$/i.test(path) ? 'JSON' : 'YAML';
  }

  public file(contents: YamlNode): GrantsFile {
    const label = 'grants file';
    if (contents === null || contents === undefined) {
      throw new GrantValidationError(this.at(0), label, this.path, 'is empty',
        `start with "version: ${GRANTS_FILE_VERSION}" and a "grants" list`);
    }
    const entries = this.entries(contents, label, 'a grants file', FILE_FIELDS);
    const version = entries.get('version');
    if (version) this.attempt(() => this.version(version.value));
    const schema = entries.get('$schema');
    if (schema) this.attempt(() => this.text(schema, '$schema'));
    const prefixEntry = entries.get('policyNamePrefix');
    const prefix = prefixEntry && this.attempt(() => {
      const text = this.text(prefixEntry, 'policyNamePrefix');
      // Not a grant's value: the model's rule for it is applied here, at its position.
      checkField(this.valueWhere(prefixEntry), FIELD_RULES.policyName, text, 'policyNamePrefix');
      return text;
    });
    const grantsEntry = entries.get('grants');
    const grants = (grantsEntry && this.attempt(() => this.grants(grantsEntry.value))) ?? [];
    const invariantsEntry = entries.get('invariants');
    const invariants = (invariantsEntry && this.attempt(() => this.invariants(invariantsEntry.value))) ?? [];
    return {
      path: this.path,
      ...(prefix !== undefined ? { policyNamePrefix: prefix } : {}),
      grants,
      ...(invariants.length > 0 ? { invariants } : {}),
    };
  }

  public invariantsFile(contents: YamlNode): LocatedInvariant[] {
    const label = 'invariants file';
    if (contents === null || contents === undefined) {
      throw new GrantValidationError(this.at(0), label, this.path, 'is empty', 'start with an "invariants" list');
    }
    const entries = this.entries(contents, label, 'an invariants file', INVARIANTS_FILE_FIELDS);
    const version = entries.get('version');
    if (version) this.attempt(() => this.version(version.value));
    const schema = entries.get('$schema');
    if (schema) this.attempt(() => this.text(schema, '$schema'));
    const invariantsEntry = entries.get('invariants');
    return (invariantsEntry && this.attempt(() => this.invariants(invariantsEntry.value))) ?? [];
  }

  private invariants(node: YamlNode): LocatedInvariant[] {
    this.noAlias(node, 'invariants');
    if (!isSeq(node)) {
      throw new GrantValidationError(this.where(node), 'invariants', plain(node), 'must be a list of invariants',
        'start each invariant with "- never: [...]"');
    }
    if (node.items.length === 0) throw new GrantValidationError(this.where(node), 'invariants', [], 'must list at least one invariant', 'remove the key');
    if (node.items.length > MAX_INVARIANTS) {
      throw new GrantValidationError(this.where(node), 'invariants', `${node.items.length} invariants`, `must list at most ${MAX_INVARIANTS}`,
        'merge invariants that protect the same namespace');
    }
    return node.items.flatMap((item, i) => this.attempt(() => this.invariant(item, `invariants[${i}]`)) ?? []);
  }

  /** An invariant; its refusals are recorded, and it is returned only when it has none. */
  private invariant(node: YamlNode, label: string): LocatedInvariant | undefined {
    const before = this.problems.length;
    const where = this.where(node);
    const entries = this.entries(node, label, 'an invariant', INVARIANT_FIELDS);
    const spec: Record<string, unknown> = {};
    // Fields refused here, or missing: reported where they stand, so the model's word on them is not repeated.
    const refused = new Set(Object.keys(INVARIANT_FIELDS).filter((name) => !entries.has(name)));
    // Lists with some entries refused: the model checks the others, found again by value.
    const incomplete = new Set<string>();
    for (const [name, entry] of entries) {
      const field = (INVARIANT_FIELDS as Fields)[name];
      const count = this.problems.length;
      const value = this.recording(() => this.value(entry, `${label}.${name}`, field));
      if (value !== undefined) spec[name] = value;
      if (value === undefined || (this.problems.length > count && field.shape.type !== 'names')) refused.add(name);
      else if (this.problems.length > count) incomplete.add(name);
    }
    try {
      const invariant = normalizeInvariant(spec as unknown as InvariantInput, where, true);
      return this.problems.length > before ? undefined : { invariant, where };
    } catch (e) {
      if (!(e instanceof GrantValidationError)) throw e;
      for (const refusal of e.refusals) {
        const name = /^[A-Za-z]+/.exec(refusal.field)?.[0] ?? '';
        if (refused.has(name)) continue;
        const byValue = incomplete.has(name)
          ? new GrantValidationError(refusal.where, name, refusal.given, refusal.rule, refusal.hint) : refusal;
        this.problems.push(this.located(byValue, label, entries));
      }
      return undefined;
    }
  }

  /** Throws every refusal recorded, sorted by position, one line each. */
  public throwProblems(): void {
    if (this.problems.length > 0) throw this.together(this.problems);
  }

  /** Refusals in file order, as one error. */
  public together(problems: readonly GrantValidationError[]): GrantValidationError {
    const position = (e: GrantValidationError) => {
      const match = /:(\d+):(\d+)$/.exec(e.where);
      return match ? [Number(match[1]), Number(match[2])] : [0, 0];
    };
    const sorted = [...problems].sort((a, b) => {
      const [pa, pb] = [position(a), position(b)];
      return pa[0] - pb[0] || pa[1] - pb[1];
    });
    // One mistake can be met twice (a YAML error and its warning): report it once.
    return GrantValidationError.together(sorted.filter((e, i) => sorted.findIndex((o) => o.message === e.message) === i));
  }

  /** Runs `read`, recording its refusals; undefined when it refused anything, its result otherwise. */
  private attempt<T>(read: () => T): T | undefined {
    const before = this.problems.length;
    const value = this.recording(read);
    return this.problems.length > before ? undefined : value;
  }

  /** Runs `read`, recording what it throws (undefined then); what it read past recorded refusals is returned. */
  private recording<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof GrantValidationError)) throw e;
      this.problems.push(...e.refusals);
      return undefined;
    }
  }

  /** `file:line:column` of a source offset, 1-based as editors show it. */
  public at(offset: number): string {
    const { line, col } = this.lines.linePos(offset);
    return `${this.path}:${line}:${col}`;
  }

  public syntaxError(error: YAMLError): GrantValidationError {
    const offset = error.pos[0];
    const { line } = this.lines.linePos(offset);
    const text = (this.source.split(/\r?\n/)[line - 1] ?? '').replace(/\s+$/, '');
    const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    return new GrantValidationError(this.at(offset), 'line', clip(text),
      `is not valid ${this.syntaxName}: ${message}`, SYNTAX_HINTS[error.code]);
  }

  private grants(node: YamlNode): LocatedGrant[] {
    this.noAlias(node, 'grants');
    if (!isSeq(node)) {
      throw new GrantValidationError(this.where(node), 'grants', plain(node), 'must be a list of grants',
        'start each grant with "- instanceId: ..."');
    }
    if (node.items.length === 0) {
      throw new GrantValidationError(this.where(node), 'grants', [], 'must list at least one grant');
    }
    return node.items.flatMap((item, i) => this.attempt(() => this.grant(item, `grants[${i}]`)) ?? []);
  }

  /** A grant; its refusals are recorded, and it is returned only when it has none. */
  private grant(node: YamlNode, label: string): LocatedGrant | undefined {
    const before = this.problems.length;
    const where = this.where(node);
    const entries = this.entries(node, label, 'a grant', GRANT_FIELDS);
    // An unknown key may be the grantees written another way (`grantees:`, `user:`).
    const keysRefused = this.problems.length > before;
    const spec: Record<string, unknown> = {};
    // Fields refused here, or required and missing: the model is not asked about them again.
    const refused = new Set(Object.keys(GRANT_FIELDS).filter((name) => (GRANT_FIELDS as Fields)[name].required && !entries.has(name)));
    // Name lists with some entries refused: the model checks the others.
    const incomplete = new Set<string>();
    for (const [name, entry] of entries) {
      const field = (GRANT_FIELDS as Fields)[name];
      const count = this.problems.length;
      const value = this.recording(() => this.value(entry, `${label}.${name}`, field));
      if (value !== undefined && this.problems.length === count) {
        spec[name] = value;
      } else if (value !== undefined && field.shape.type === 'names') {
        spec[name] = value;
        incomplete.add(name);
      } else {
        refused.add(name);
      }
    }
    const granteesRefused = GRANTEE_KINDS.some((kind) => refused.has(GRANTEE_LIST_FIELD[kind]) || incomplete.has(GRANTEE_LIST_FIELD[kind]));
    const principals = granteesOf(spec);
    if (principals.length === 0 && !granteesRefused && !keysRefused) {
      this.problems.push(new GrantValidationError(where, label, `${spec.instanceId}/${spec.namespace}`,
        'must name at least one user, group or role', 'set users, groups or roles'));
      return undefined;
    }
    const { users, groups, roles, ...fields } = spec;
    try {
      const grant = normalizeGrant({ ...fields, principals } as unknown as GrantInput, where,
        { suppressionId: CHECKER_SUPPRESSION_ID, allProblems: true });
      return this.problems.length > before ? undefined : { grant, where };
    } catch (e) {
      if (!(e instanceof GrantValidationError)) throw e;
      for (const refusal of e.refusals) {
        const field = /^[A-Za-z]+/.exec(refusal.field)?.[0] ?? '';
        if (refused.has(field) || (field === 'grantees' && (granteesRefused || keysRefused))) continue;
        this.problems.push(this.located(refusal, label, entries));
      }
      return undefined;
    }
  }

  /**
   * The model's refusal of a grant, pointed at the value it names: `namespace` at the namespace's
   * value, `users` with the refused name at that entry of the list, `suppressions[1].id` at that id.
   */
  private located(error: GrantValidationError, label: string, entries: Entries): GrantValidationError {
    const [, name, position, rest = ''] = /^([A-Za-z]+)(?:\[(\d+)\])?(.*)$/.exec(error.field) ?? [];
    const entry = name === undefined ? undefined : entries.get(name);
    if (!entry) return new GrantValidationError(error.where, `${label}.${error.field}`, error.given, error.rule, error.hint);
    let node = entry.value;
    let field = `${label}.${name}`;
    if (isSeq(node)) {
      const index = position !== undefined ? Number(position) : node.items.findIndex((item) => plain(item) === error.given);
      if (index >= 0 && index < node.items.length) {
        node = node.items[index];
        field += `[${index}]`;
        const key = /^\.([A-Za-z]+)$/.exec(rest)?.[1];
        const pair = key !== undefined && isMap(node) ? (node.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === key) : undefined;
        if (pair) {
          field += rest;
          return new GrantValidationError(this.valueWhere({ key: pair.key, value: pair.value }), field, error.given, error.rule, error.hint);
        }
      }
      return new GrantValidationError(this.where(node), field, error.given, error.rule, error.hint);
    }
    return new GrantValidationError(this.valueWhere(entry), field, error.given, error.rule, error.hint);
  }

  /** A mapping's entries, refusing duplicate, unknown and missing keys; `what` names the mapping in hints. */
  private entries(node: YamlNode, label: string, what: string, fields: Fields): Entries {
    this.noAlias(node, label);
    if (!isMap(node)) {
      throw new GrantValidationError(this.where(node), label, plain(node), 'must be a mapping of keys to values',
        `allowed keys: ${Object.keys(fields).join(', ')}`);
    }
    const entries: Entries = new Map();
    // A misspelt key is reported once, not again as the missing key it meant.
    const meant = new Set<string>();
    for (const pair of node.items as Pair[]) {
      const name = isScalar(pair.key) ? String(pair.key.value) : String(plain(pair.key));
      const where = this.where(pair.key);
      const first = entries.get(name);
      if (first) {
        this.problems.push(new GrantValidationError(where, label, name, 'has this key twice',
          `first at ${this.lineColumn(first.key)}; keys must be unique`));
        continue;
      }
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !Object.prototype.hasOwnProperty.call(fields, name)) {
        const guess = closest(name, Object.keys(fields));
        if (guess !== undefined) meant.add(guess);
        this.problems.push(new GrantValidationError(where, label, name, 'is not a known key',
          `${guess ? `did you mean "${guess}"? ` : ''}allowed keys: ${Object.keys(fields).join(', ')}`));
        continue;
      }
      entries.set(name, { key: pair.key, value: pair.value });
    }
    const required = Object.keys(fields).filter((name) => fields[name].required);
    for (const name of required) {
      if (!entries.has(name) && !meant.has(name)) {
        this.problems.push(new GrantValidationError(this.where(node), label, name, 'is required',
          `${what} needs ${required.join(', ')}`));
      }
    }
    return entries;
  }

  private value(entry: { key: YamlNode; value: YamlNode }, field: string, spec: FileField): unknown {
    const shape = spec.shape;
    switch (shape.type) {
      case 'text':
        return this.text(entry, field);
      case 'names':
        return this.names(entry, field, spec);
      case 'boolean':
        return this.boolean(entry, field);
      case 'access':
        return this.access(entry, field);
      case 'records':
        return this.records(entry, field, shape.fields);
      default:
        throw new Error(`${field}: a grant has no ${shape.type} field`);
    }
  }

  private text(entry: { key: YamlNode; value: YamlNode }, field: string): string {
    return this.textNode(entry.value, field, this.valueWhere(entry));
  }

  private textNode(node: YamlNode, field: string, where: string): string {
    this.noAlias(node, field);
    const value = plain(node);
    if (typeof value !== 'string') {
      throw new GrantValidationError(where, field, value, 'must be a string', this.quoteHint(node));
    }
    if (isUnresolved(value)) {
      throw new GrantValidationError(where, field, value, 'must be plain text', 'a grants file cannot hold ROS tokens');
    }
    return value;
  }

  private names(entry: { key: YamlNode; value: YamlNode }, field: string, spec: FileField): string[] {
    const node = entry.value;
    const where = this.valueWhere(entry);
    this.noAlias(node, field);
    if (!isSeq(node)) {
      const source = isScalar(node) ? node.source : undefined;
      throw new GrantValidationError(where, field, plain(node), 'must be a list',
        source ? `write [${source}]` : 'write [name, ...] or remove the key');
    }
    const minItems = spec.shape.type === 'names' ? spec.shape.minItems ?? 0 : 0;
    if (node.items.length < minItems) {
      throw new GrantValidationError(where, field, [], 'must not be empty',
        `remove the key${spec.whenOmitted ? ` for ${spec.whenOmitted}` : ''}`);
    }
    const seen = new Map<string, YamlNode>();
    const names = node.items.map((item, i) => this.attempt(() => {
      const value = this.textNode(item, `${field}[${i}]`, this.where(item));
      const first = seen.get(value);
      if (first !== undefined) {
        throw new GrantValidationError(this.where(item), `${field}[${i}]`, value, 'is listed twice',
          `first at ${this.lineColumn(first)}`);
      }
      seen.set(value, item);
      return value;
    }));
    return names.filter((name): name is string => name !== undefined);
  }

  private records(entry: { key: YamlNode; value: YamlNode }, field: string, fields: Fields): Record<string, unknown>[] {
    const node = entry.value;
    this.noAlias(node, field);
    if (!isSeq(node)) {
      throw new GrantValidationError(this.valueWhere(entry), field, plain(node), 'must be a list',
        `start each entry with "- ${Object.keys(fields)[0]}: ..." or remove the key`);
    }
    return node.items.flatMap((item, i): Record<string, unknown>[] => {
      const record = this.attempt(() => {
        const label = `${field}[${i}]`;
        const values: Record<string, unknown> = {};
        for (const [name, e] of this.entries(item, label, 'an entry', fields)) {
          const value = this.attempt(() => this.value(e, `${label}.${name}`, fields[name]));
          if (value !== undefined) values[name] = value;
        }
        return values;
      });
      return record === undefined ? [] : [record];
    });
  }

  private boolean(entry: { key: YamlNode; value: YamlNode }, field: string): boolean {
    this.noAlias(entry.value, field);
    const value = plain(entry.value);
    if (typeof value !== 'boolean') {
      const text = String(value).toLowerCase();
      const meant = ['yes', 'on', 'y'].includes(text) ? 'true' : ['no', 'off', 'n'].includes(text) ? 'false' : undefined;
      throw new GrantValidationError(this.valueWhere(entry), field, value, 'must be true or false',
        meant ? `write ${meant}; YAML 1.2 reads ${JSON.stringify(value)} as text` : undefined);
    }
    return value;
  }

  private access(entry: { key: YamlNode; value: YamlNode }, field: string): NamespaceAccess {
    this.noAlias(entry.value, field);
    const value = plain(entry.value);
    if (typeof value !== 'string' || parseAccess(value) === undefined) {
      const guess = parseAccess(String(value).toUpperCase().replace(/[\s-]+/g, '_'));
      throw new GrantValidationError(this.valueWhere(entry), field, value, `must be one of ${ACCESS_LEVELS.join(', ')}`,
        guess ? `did you mean "${guess}"?` : undefined);
    }
    return parseAccess(value)!;
  }

  private version(node: YamlNode): void {
    this.noAlias(node, 'version');
    const value = plain(node);
    if (value !== GRANTS_FILE_VERSION) {
      const hint = value === String(GRANTS_FILE_VERSION)
        ? `write ${GRANTS_FILE_VERSION} without quotes`
        : `this release reads version ${GRANTS_FILE_VERSION} files`;
      throw new GrantValidationError(this.where(node), 'version', value, `must be ${GRANTS_FILE_VERSION}`, hint);
    }
  }

  /** Anchors and aliases would make a grant depend on text elsewhere in the file. */
  private noAlias(node: YamlNode, field: string): void {
    if (isAlias(node)) {
      throw new GrantValidationError(this.where(node), field, `*${node.source}`, 'is a YAML alias',
        'write the value out, so each grant reads on its own in a review');
    }
  }

  private quoteHint(node: YamlNode): string | undefined {
    if (!isScalar(node)) return undefined;
    if (node.value === null) return 'give a value or remove the key';
    return node.source ? `write it in quotes: "${node.source}"` : undefined;
  }

  /** A value's position; an empty value (`key:`) has none of its own, so its key's. */
  private valueWhere(entry: { key: YamlNode; value: YamlNode }): string {
    const value = entry.value;
    const empty = value === null || (isScalar(value) && value.value === null && !value.source);
    return this.where(empty ? entry.key : value);
  }

  private where(node: YamlNode): string {
    return this.at(offsetOf(node));
  }

  private lineColumn(node: YamlNode): string {
    const { line, col } = this.lines.linePos(offsetOf(node));
    return `line ${line}, column ${col}`;
  }
}

const SYNTAX_HINTS: { readonly [code: string]: string } = {
  TAB_AS_INDENT: 'indent with spaces',
  MULTIPLE_DOCS: 'keep one document per file',
  DUPLICATE_KEY: 'keys must be unique',
  TAG_RESOLVE_FAILED: 'remove the tag',
};

function granteesOf(spec: Record<string, unknown>): PrincipalRef[] {
  return GRANTEE_KINDS.flatMap((kind) =>
    ((spec[GRANTEE_LIST_FIELD[kind]] as string[] | undefined) ?? []).map((name) => ({ kind, name, identity: name })));
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
