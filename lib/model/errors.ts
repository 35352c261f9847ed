/**
 * Refused inputs. Every message says where (construct path or file:line:column), which field,
 * the value, the rule it breaks and, when there is one, what to do instead, on one line; a
 * grants file with several mistakes gives one such line for each.
 */

/** How many refusals a message lists; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * An input this library refused: thrown by constructs at construction (or synth), by
 * `RegistryAccess.fromFile` and by `cr-grants`.
 *
 * In JavaScript it is an `Error`; other languages receive the runtime's JavaScript error with
 * the same message.
 */
export class CrGrantsError {
  /** Always `CrGrantsError`. */
  public readonly name: string = 'CrGrantsError';
  /** One line per refusal, `<where>: <field> <value> <rule> (<hint>)`, at most 20, then how many more. */
  public readonly message: string;
  /**
   * Every refusal, sorted by position for a file: this error alone, or each mistake of a grants
   * file that has several (this error then repeats the first).
   */
  public readonly problems: CrGrantsError[];
  /** Where the error was made, as JavaScript records it. */
  public readonly stack?: string;

  constructor(
    /** The construct path, or `file:line:column`. */
    public readonly where: string,
    /** The field, as a path for nested values (`grants[2].namespace`, `users[0]`). */
    public readonly field: string,
    /** The value as the message shows it, shortened when long: JSON for data, `<User construct at Stack/Alice>` for a construct. */
    public readonly value: string,
    /** The rule the value breaks, in words. */
    public readonly rule: string,
    /** What to do instead. */
    public readonly hint?: string,
    /** Several refusals this error stands for, when a grants file has several mistakes. */
    problems?: CrGrantsError[],
  ) {
    this.problems = problems && problems.length > 0 ? problems : [this];
    this.message = this.problems.length > 1 ? problemLines(this.problems).join('\n') : problemLine(where, field, value, rule, hint);
    // Where the runtime records them (V8): the stack a thrown Error carries.
    const capture = (Error as { captureStackTrace?: (target: object, constructor: Function) => void }).captureStackTrace;
    if (capture) capture(this, new.target);
  }
}

// jsii cannot export a subclass of Error (https://github.com/aws/jsii/issues/50), so the class
// is declared on its own and made an Error here: `instanceof Error`, stack traces and test
// matchers work as for any error.
Object.setPrototypeOf(CrGrantsError.prototype, Error.prototype);

/** What the library throws: a `CrGrantsError` that keeps the value as given, for code that points it elsewhere. */
export class GrantValidationError extends CrGrantsError {
  /** Several refusals as one error: one line each, in the given order. */
  public static together(problems: readonly GrantValidationError[]): GrantValidationError {
    if (problems.length === 1) return problems[0];
    const [first] = problems;
    return new GrantValidationError(first.where, first.field, first.given, first.rule, first.hint, problems);
  }

  /** The value as it was given. */
  public readonly given: unknown;

  constructor(where: string, field: string, value: unknown, rule: string, hint?: string, problems?: readonly GrantValidationError[]) {
    super(where, field, showValue(value), rule, hint, problems ? [...problems] : undefined);
    this.given = value;
  }

  /** The refusals this error stands for, itself when alone. */
  public get refusals(): readonly GrantValidationError[] {
    return this.problems as GrantValidationError[];
  }
}

function problemLine(where: string, field: string, value: string, rule: string, hint: string | undefined): string {
  return `${where}: ${field} ${value} ${rule}${hint ? ` (${hint})` : ''}`;
}

/** The lines a message lists for refusals: one each, at most 20, then how many more. */
export function problemLines(problems: readonly CrGrantsError[]): string[] {
  const lines = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => p.message);
  const more = problems.length - MAX_LISTED_PROBLEMS;
  if (more > 0) lines.push(`and ${more} more ${more === 1 ? 'mistake' : 'mistakes'} (fix these and run again to see them)`);
  return lines;
}

/** Characters of a value a message shows; a longer one is cut and its length given. */
export const MAX_SHOWN_VALUE = 200;
/** Levels of nested lists and objects a message shows. */
const MAX_SHOWN_DEPTH = 8;

/**
 * A value as a message shows it: JSON for text, numbers, lists and objects (an instance of a
 * class named before its fields), a construct by its path. Never throws, whatever the value
 * (cycles, getters that throw, proxies), and reads no more of it than it shows.
 */
export function showValue(value: unknown, max: number = MAX_SHOWN_VALUE): string {
  if (typeof value === 'string' && value.length > max) {
    // Long text: its start, and how long it is.
    return `${JSON.stringify(value.slice(0, max)).slice(0, -1)}…" (${value.length} characters)`;
  }
  const out = new BoundedText(max);
  try {
    writeValue(value, out, [], 0);
  } catch {
    return '<a value that cannot be shown>';
  }
  return out.text();
}

/** Text that stops growing at its limit and says so. */
class BoundedText {
  private readonly parts: string[] = [];
  private length = 0;
  private cut = false;

  constructor(private readonly max: number) {}

  public get full(): boolean {
    return this.cut;
  }

  public write(text: string): void {
    if (this.full) return;
    if (this.length + text.length > this.max) {
      this.parts.push(text.slice(0, this.max - this.length));
      this.cut = true;
      return;
    }
    this.parts.push(text);
    this.length += text.length;
  }

  public text(): string {
    return this.parts.join('') + (this.full ? '…' : '');
  }
}

function writeValue(value: unknown, out: BoundedText, seen: object[], depth: number): void {
  switch (typeof value) {
    case 'string':
      writeString(value, out);
      return;
    case 'number':
    case 'boolean':
    case 'undefined':
      out.write(String(value));
      return;
    case 'bigint':
      out.write(`${value}n`);
      return;
    case 'symbol':
      out.write(value.toString());
      return;
    case 'function':
      out.write(`<function ${value.name || '(anonymous)'}>`);
      return;
  }
  if (value === null) {
    out.write('null');
    return;
  }
  const object = value as object;
  if (seen.includes(object)) {
    out.write('<cycle>');
    return;
  }
  const path = constructPath(object);
  if (path !== undefined) {
    out.write(`<${className(object) ?? 'a'} construct at ${path}>`);
    return;
  }
  const isList = Array.isArray(object);
  // An instance of a class shows its class, then its fields as JSON would.
  if (!isList && !isPlainObject(object)) out.write(`${className(object) ?? 'Object'} `);
  if (depth >= MAX_SHOWN_DEPTH) {
    out.write(isList ? '[…]' : '{…}');
    return;
  }
  seen.push(object);
  out.write(isList ? '[' : '{');
  if (isList) {
    const list = object as unknown[];
    for (let i = 0; i < list.length && !out.full; i++) {
      if (i > 0) out.write(',');
      writeValue(list[i], out, seen, depth + 1);
    }
  } else {
    let first = true;
    for (const key in object) {
      if (out.full) break;
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      if (!first) out.write(',');
      first = false;
      writeString(key, out);
      out.write(':');
      writeValue((object as { [key: string]: unknown })[key], out, seen, depth + 1);
    }
  }
  out.write(isList ? ']' : '}');
  seen.pop();
}

/** A string as JSON; a long one is cut by the text's limit, so only what can be shown is quoted. */
function writeString(text: string, out: BoundedText): void {
  out.write(JSON.stringify(text.length > MAX_SHOWN_VALUE ? text.slice(0, MAX_SHOWN_VALUE + 1) : text));
}

function isPlainObject(object: object): boolean {
  const prototype = Object.getPrototypeOf(object);
  return prototype === Object.prototype || prototype === null;
}

function className(object: object): string | undefined {
  const name = (object as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
}

/** A construct's path (ROS CDK constructs have `node.path`); the model knows constructs only by this shape. */
export function constructPath(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const node = (value as { node?: unknown }).node;
  const path = typeof node === 'object' && node !== null ? (node as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? path : undefined;
}
