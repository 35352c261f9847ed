/**
 * Which values a text can hold at deployment, when parts of it come from ROS parameters, and
 * whether every one of them satisfies a field rule. The question is inclusion between regular
 * languages; `refa` (finite automata over JavaScript regular expressions) decides it, and
 * `@eslint-community/regexpp` parses the patterns, rather than code of our own.
 *
 * How ROS reads a parameter's AllowedPattern: the Parameters reference
 * (https://www.alibabacloud.com/help/en/ros/user-guide/overview-10) calls it "a regular
 * expression" for String parameters and says neither whether it must match the whole value nor
 * which regular expression dialect applies. So it is read the widest way either could mean:
 * - a match anywhere in the value admits the value: only `^` and `$` bound it;
 * - Python's `re`, the other likely dialect, where `$` also matches before a final newline
 *   (`(?!\n)$` ends a value in both), `.` matches everything but a newline, and `\d`, `\w`,
 *   `\s` and `\b` reach beyond ASCII. Those escapes, backreferences, lookarounds (other than a
 *   final `(?!\n)`), `^` or `$` inside the pattern, and what JavaScript's Unicode mode cannot
 *   parse are refused: the pattern is then unread, and the value may be anything.
 */
import { AST, RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';
import { CharSet, DFA, JS, NFA } from 'refa';
import type { FieldRule } from './field-rules';

/** One piece of a text as deployed. */
export type ValuePart =
  /** Text known before deployment. */
  | { readonly kind: 'text'; readonly text: string }
  /**
   * A parameter: one of `values` (its AllowedValues, and its Default) when given, else any value
   * its `pattern` admits, or its Default.
   */
  | { readonly kind: 'parameter'; readonly pattern?: string; readonly values?: readonly string[]; readonly default?: string };

/**
 * What a template's declaration of parameter `name` lets it be, as a {@link ValuePart}: a String
 * parameter's AllowedValues (with its Default), else its AllowedPattern (or its Default). A
 * parameter that nothing bounds, or whose declaration cannot be read, is refused with the reason;
 * `aboutDefault` marks a Default that is not text. ROS uses the Default when a stack is created
 * without a value, and checks a given value against AllowedValues and AllowedPattern:
 * https://www.alibabacloud.com/help/en/ros/user-guide/overview-10
 */
export function parameterValuePart(name: string, declaration: unknown):
{ readonly part: ValuePart } | { readonly refused: string; readonly aboutDefault?: boolean } {
  if (declaration === null || typeof declaration !== 'object' || Array.isArray(declaration)) {
    return { refused: `parameter ${name} is not declared as an object` };
  }
  const { Type: type, AllowedValues: values, AllowedPattern: pattern, Default: defaultValue } = declaration as { [key: string]: unknown };
  if (type !== 'String') return { refused: `parameter ${name} is of type ${JSON.stringify(type)}, and only a String parameter is read` };
  if (values === undefined && pattern === undefined) {
    return { refused: `it is parameter ${name}, which has no AllowedPattern or AllowedValues, so ROS would deploy any value, such as "*"` };
  }
  if (values !== undefined && !(Array.isArray(values) && values.every((v) => typeof v === 'string'))) {
    return { refused: `parameter ${name}'s AllowedValues are not a list of texts` };
  }
  if (defaultValue !== undefined && typeof defaultValue !== 'string') {
    return { refused: `parameter ${name}'s Default ${JSON.stringify(defaultValue)} is not text`, aboutDefault: true };
  }
  return {
    part: {
      kind: 'parameter',
      ...(values !== undefined ? { values: values as string[] } : { pattern: pattern as string }),
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    },
  };
}

/** Why a value may break the rule: an example, or the reason the parameter could not be read. */
export type OutsideRule = { readonly example: string } | { readonly unreadable: string };

/** Longest AllowedPattern read; a longer one is refused. */
export const MAX_PATTERN_LENGTH = 1000;
/** Bound on automaton states, so every decision ends in bounded time. */
const MAX_NODES = 20_000;
const MAX_CHARACTER = 0x10ffff;

/**
 * Undefined when every text the parts can make satisfies `rule`; otherwise an example of one
 * that does not, or why a pattern could not be read (which is read as "any value").
 */
export function findValueOutsideRule(parts: readonly ValuePart[], rule: FieldRule): OutsideRule | undefined {
  let value: NFA;
  try {
    value = valueLanguage(parts);
  } catch (error) {
    return { unreadable: (error as Error).message };
  }
  const outside = ruleLanguage(rule);
  outside.complement();
  // An example a reader recognises first, when it is one.
  for (const example of ['*', '']) {
    if (value.test(word(example)) && !rule.pattern.test(example)) return { example };
  }
  const both = NFA.fromIntersection(value, outside, new NFA.LimitedNodeFactory(MAX_NODES));
  const found = shortestWord(both);
  return found === undefined ? undefined : { example: String.fromCodePoint(...found) };
}

/**
 * Undefined when no text the parts can make is one of `words` (compared without regard to case);
 * otherwise one that is, or why a pattern could not be read (which is read as "any value").
 */
export function findValueAmong(parts: readonly ValuePart[], words: readonly string[]): OutsideRule | undefined {
  let value: NFA;
  try {
    value = valueLanguage(parts);
  } catch (error) {
    return { unreadable: (error as Error).message };
  }
  // Escapes only what Unicode-mode regular expressions treat as syntax.
  const source = words.map((w) => w.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|');
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'iu' }).parse({ assertions: 'throw', maxNodes: MAX_NODES });
  const both = NFA.fromIntersection(value, NFA.fromRegex(expression, { maxCharacter }), new NFA.LimitedNodeFactory(MAX_NODES));
  const found = shortestWord(both);
  return found === undefined ? undefined : { example: String.fromCodePoint(...found) };
}

/** Every text the parts can make, one after another. Throws when a parameter's pattern cannot be read. */
function valueLanguage(parts: readonly ValuePart[]): NFA {
  const [first, ...rest] = parts.map(partLanguage);
  const value = first ?? NFA.fromWords([[]], { maxCharacter: MAX_CHARACTER });
  for (const next of rest) value.append(next);
  return value;
}

/**
 * `rule` as an AllowedPattern that bounds a parameter to the rule's values under every reading
 * above: the rule's own pattern, with `(?!\n)` before its final `$`.
 */
export function allowedPatternOf(rule: FieldRule): string {
  const source = rule.pattern.source;
  if (!source.startsWith('^') || !source.endsWith('$')) throw new Error(`rule ${rule.field} is not anchored`);
  return `${source.slice(0, -1)}(?!\\n)$`;
}

function partLanguage(part: ValuePart): NFA {
  if (part.kind === 'text') return NFA.fromWords([word(part.text)], { maxCharacter: MAX_CHARACTER });
  const extra = part.default === undefined ? [] : [part.default];
  if (part.values !== undefined) {
    return NFA.fromWords([...part.values, ...extra].map(word), { maxCharacter: MAX_CHARACTER });
  }
  if (part.pattern === undefined) throw new Error('it has no AllowedPattern or AllowedValues');
  const language = allowedPatternLanguage(part.pattern);
  if (extra.length > 0) language.union(NFA.fromWords(extra.map(word), { maxCharacter: MAX_CHARACTER }));
  return language;
}

/** Every value `pattern` admits, read as the module comment says. Throws when it cannot be read. */
export function allowedPatternLanguage(pattern: string): NFA {
  if (typeof pattern !== 'string') throw new Error('its AllowedPattern is not text');
  if (pattern.length > MAX_PATTERN_LENGTH) throw new Error(`its AllowedPattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser({ strict: true, ecmaVersion: 2024 }).parsePattern(pattern, 0, pattern.length, { unicode: true });
  } catch (error) {
    throw new Error(`its AllowedPattern cannot be read (${(error as Error).message})`);
  }
  const language = NFA.empty({ maxCharacter: MAX_CHARACTER });
  for (const alternative of ast.alternatives) language.union(alternativeLanguage(pattern, alternative));
  return language;
}

function alternativeLanguage(pattern: string, alternative: AST.Alternative): NFA {
  const elements = [...alternative.elements];
  const startsAnchored = isEdge(elements[0], 'start');
  if (startsAnchored) elements.shift();
  const endsAnchored = isEdge(elements[elements.length - 1], 'end');
  if (endsAnchored) elements.pop();
  const endsStrictly = endsAnchored && elements.length > 0 && elements[elements.length - 1].raw === '(?!\\n)';
  if (endsStrictly) elements.pop();
  const start = elements.length > 0 ? elements[0].start : alternative.start;
  const end = elements.length > 0 ? elements[elements.length - 1].end : start;
  const body = pythonBody(pattern, start, end, elements);
  const before = startsAnchored ? '' : '[^]*';
  const after = !endsAnchored ? '[^]*' : endsStrictly ? '' : '\\n?';
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: `${before}(?:${body})${after}`, flags: 'u' })
    .parse({ backreferences: 'throw', assertions: 'throw', maxNodes: MAX_NODES });
  return NFA.fromRegex(expression, { maxCharacter }, {}, new NFA.LimitedNodeFactory(MAX_NODES));
}

function isEdge(element: AST.Element | undefined, kind: 'start' | 'end'): boolean {
  return element !== undefined && element.type === 'Assertion' && element.kind === kind;
}

/** The pattern text from `start` to `end`, refused where the dialects differ, `.` written as Python reads it. */
function pythonBody(pattern: string, start: number, end: number, elements: readonly AST.Element[]): string {
  const dots: AST.CharacterSet[] = [];
  const refuse = (node: AST.Node, what: string) => {
    throw new Error(`its AllowedPattern has ${what} (${JSON.stringify(node.raw)}), which is not read`);
  };
  for (const element of elements) {
    const handlers: Parameters<typeof visitRegExpAST>[1] = {
      onAssertionEnter: (node) => refuse(node, node.kind === 'start' || node.kind === 'end' ? '^ or $ inside it' : 'an assertion'),
      onBackreferenceEnter: (node) => refuse(node, 'a backreference'),
      onCharacterSetEnter: (node) => {
        if (node.kind === 'any') dots.push(node);
        else refuse(node, node.kind === 'property' ? 'a Unicode property escape' : 'an escape that Python reads wider');
      },
    };
    visitRegExpAST(element as AST.Node, handlers);
  }
  let text = pattern.slice(start, end);
  for (const dot of dots.sort((a, b) => b.start - a.start)) {
    text = `${text.slice(0, dot.start - start)}[^\\n]${text.slice(dot.end - start)}`;
  }
  return text;
}

/** The rule's values: its pattern is anchored and read as JavaScript reads it in validation. */
function ruleLanguage(rule: FieldRule): DFA {
  const source = rule.pattern.source.slice(1, -1);
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse({ assertions: 'throw', maxNodes: MAX_NODES });
  const nfa = NFA.fromRegex(expression, { maxCharacter }, {}, new NFA.LimitedNodeFactory(MAX_NODES));
  return DFA.fromFA(nfa, new DFA.LimitedNodeFactory(MAX_NODES));
}

/** A shortest word of `nfa` (breadth first over its states), with readable characters where possible. */
function shortestWord(nfa: NFA): number[] | undefined {
  const previous = new Map<NFA.Node, { from: NFA.Node; char: number } | undefined>([[nfa.initial, undefined]]);
  const queue: NFA.Node[] = [nfa.initial];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (nfa.finals.has(node)) {
      const word: number[] = [];
      for (let step = previous.get(node); step !== undefined; step = previous.get(step.from)) word.unshift(step.char);
      return word;
    }
    for (const [next, chars] of node.out) {
      if (previous.has(next)) continue;
      previous.set(next, { from: node, char: readableCharacter(chars) });
      queue.push(next);
    }
  }
  return undefined;
}

function readableCharacter(set: CharSet): number {
  return [...'*a0-'].map((c) => c.codePointAt(0)!).find((c) => set.has(c)) ?? set.ranges[0].min;
}

function word(text: string): number[] {
  return Array.from(text, (c) => c.codePointAt(0)!);
}

/**
 * A value given as text for a parameter, as ROS reads it for the parameter's declared Type
 * (https://www.alibabacloud.com/help/en/ros/user-guide/overview-10): a `Json` parameter holds
 * the JSON the text spells, a `CommaDelimitedList` the items between its commas, any other the
 * text itself. A list item with spaces around it is refused: the reference shows `"80, foo, bar"`
 * and does not say whether ROS keeps those spaces, and a name read one way where ROS reads it
 * the other would put access on the wrong principal.
 */
export function typedParameterValue(name: string, declaration: unknown, text: string):
{ readonly value: unknown } | { readonly refused: string; readonly hint: string } {
  const type = declaration !== null && typeof declaration === 'object' ? (declaration as { Type?: unknown }).Type : undefined;
  if (type === 'Json') {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { refused: `the value ${JSON.stringify(text)} given for parameter ${name} is not JSON, which its Type Json requires`, hint: `give JSON text, for example ${name}='{"key": "value"}'` };
    }
  }
  if (type === 'CommaDelimitedList') {
    const items = text.split(',');
    if (items.some((item) => item !== item.trim())) {
      return { refused: `the value ${JSON.stringify(text)} given for parameter ${name} (Type CommaDelimitedList) has spaces around an item, which ROS may keep or drop`, hint: 'give the items without spaces: a,b,c' };
    }
    return { value: items };
  }
  return { value: text };
}
