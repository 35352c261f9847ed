/**
 * RAM wildcard patterns as small automata, for exact reasoning about the requests a pattern covers.
 *
 * `*` matches any sequence of characters (none included, `/` and `:` included). The policy
 * documents state that much for Action and Resource; they document `?` as a one-character
 * wildcard only for the StringLike condition operators
 * (https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax,
 * https://www.alibabacloud.com/help/en/ram/conditional-operator). Review code must be right under
 * either reading, so every function here takes the reading of `?` as a parameter.
 *
 * Actions compare ignoring ASCII case (https://www.alibabacloud.com/help/doc-detail/93738.htm);
 * resources compare exactly.
 */

/** How `?` in an Action or Resource pattern is read. */
export enum QuestionMark {
  /** `?` is an ordinary character. */
  LITERAL = 'LITERAL',
  /** `?` matches exactly one character. */
  ONE_CHARACTER = 'ONE_CHARACTER',
}

/** Both readings, in the order reviews try them. */
export const QUESTION_MARK_READINGS: readonly QuestionMark[] = [QuestionMark.LITERAL, QuestionMark.ONE_CHARACTER];

/**
 * How `*` inside an entry of a trust policy's Principal is read. RAM's trust policy docs show
 * Principal entries only as whole names (accounts, users, roles, services, identity providers)
 * and never a `*` inside one (https://www.alibabacloud.com/help/en/ram/user-guide/edit-the-trust-policy-of-a-ram-role),
 * so RAM may match such a `*` as a wildcard or as the character itself: reviews decide under both.
 * An entry that is exactly `*` is every caller under both readings (see read-statements.ts).
 */
export enum PrincipalStar {
  /** `*` inside a Principal entry matches any sequence of characters, as in Action and Resource. */
  WILDCARD = 'WILDCARD',
  /** `*` inside a Principal entry is an ordinary character: the entry names one caller exactly. */
  LITERAL = 'LITERAL',
}

/** How reports name a reading of `*` inside a Principal entry: "only if RAM reads `*` inside a Principal entry as ...". */
export function principalStarWords(reading: PrincipalStar): string {
  return reading === PrincipalStar.LITERAL ? 'an ordinary character' : 'a wildcard';
}

/** Both readings, in the order reviews try them. */
export const PRINCIPAL_STAR_READINGS: readonly PrincipalStar[] = [PrincipalStar.WILDCARD, PrincipalStar.LITERAL];

/** Codes of a compiled pattern: a character code (folded when asked), or one of these. */
export const STAR = -1;
export const ANY_ONE = -2;

/** A pattern as codes: characters, {@link STAR} and {@link ANY_ONE}. */
export type PatternCodes = readonly number[];

/** ASCII upper case folded to lower case. */
export function foldCode(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * Text folded as patterns fold it (ASCII letters only). `toLowerCase` would differ: it folds
 * other scripts too, some by context (a capital sigma becomes one of two small ones), so two
 * patterns the matcher reads alike could fold apart.
 */
export function foldText(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(foldCode(c.charCodeAt(0))));
}

export function compilePattern(pattern: string, foldCase: boolean, questionMark: QuestionMark): PatternCodes {
  const codes: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === 42) {
      // `**` covers what `*` covers: one star keeps the automaton small.
      if (codes[codes.length - 1] !== STAR) codes.push(STAR);
    } else if (code === 63 && questionMark === QuestionMark.ONE_CHARACTER) {
      codes.push(ANY_ONE);
    } else {
      codes.push(foldCase ? foldCode(code) : code);
    }
  }
  return codes;
}

/**
 * The positions a pattern can be at after `position`, without reading: a position before a
 * star may skip it. Calls `visit` for each, in increasing order.
 */
export function closeOver(codes: PatternCodes, position: number, visit: (position: number) => void): void {
  let p = position;
  visit(p);
  while (p < codes.length && codes[p] === STAR) visit(++p);
}

/**
 * The position after reading `symbol` at `position`, or -1 when the pattern cannot read it
 * there. `symbol` is a (folded) character code, or {@link OTHER_SYMBOL} for a character that no
 * pattern names. A star reads anything and stays.
 */
export function stepFrom(codes: PatternCodes, position: number, symbol: number): number {
  if (position >= codes.length) return -1;
  const code = codes[position];
  if (code === STAR) return position;
  if (code === ANY_ONE) return position + 1;
  return code === symbol ? position + 1 : -1;
}

/** A character that none of the patterns in play names (see {@link stepFrom}). */
export const OTHER_SYMBOL = -3;

/** Whether the whole of `value` matches `codes` (both already folded as needed). */
export function codesMatch(codes: PatternCodes, value: string, foldCase: boolean): boolean {
  let positions = new Set<number>();
  closeOver(codes, 0, (p) => positions.add(p));
  for (let i = 0; i < value.length && positions.size > 0; i++) {
    const code = foldCase ? foldCode(value.charCodeAt(i)) : value.charCodeAt(i);
    const next = new Set<number>();
    for (const p of positions) {
      const q = stepFrom(codes, p, code);
      if (q >= 0) closeOver(codes, q, (r) => next.add(r));
    }
    positions = next;
  }
  return positions.has(codes.length);
}

/** Whether `value` matches `pattern` under a reading of `?`. */
export function wildcardMatches(pattern: string, value: string, foldCase: boolean, questionMark: QuestionMark): boolean {
  // Where `?` is an ordinary character, `*` is the only wildcard, which matchesPattern reads in one pass.
  if (questionMark === QuestionMark.LITERAL || !pattern.includes('?')) return matchesPattern(pattern, value, foldCase);
  return codesMatch(compilePattern(pattern, foldCase, questionMark), value, foldCase);
}

/**
 * Whether every text `inner` matches is also matched by `outer`, both read the same way.
 * Searches for a text `inner` matches and `outer` does not, over `inner`'s positions and the set
 * of `outer`'s, reading only characters either expects next (any other character acts alike).
 */
export function patternIncludes(outer: string, inner: string, foldCase: boolean, questionMark: QuestionMark): boolean {
  const o = compilePattern(outer, foldCase, questionMark);
  const i = compilePattern(inner, foldCase, questionMark);
  if (o.length === 1 && o[0] === STAR) return true;
  // Necessary: what `outer` fixes at either end, `inner` fixes too.
  const literalEnd = (codes: PatternCodes, from: number, direction: 1 | -1) => {
    const out: number[] = [];
    for (let p = from; p >= 0 && p < codes.length && codes[p] >= 0; p += direction) out.push(codes[p]);
    return out;
  };
  const starts = (whole: number[], part: number[]) => part.every((c, k) => whole[k] === c);
  if (!starts(literalEnd(i, 0, 1), literalEnd(o, 0, 1))) return false;
  if (!starts(literalEnd(i, i.length - 1, -1), literalEnd(o, o.length - 1, -1))) return false;
  if (o.every((c) => c >= 0)) return i.length === o.length && i.every((c, k) => c === o[k]);
  // Necessary, and cheap: two texts `inner` matches (its wildcards read as nothing, and as a control character) match `outer`.
  const unnamed = String.fromCharCode(1);
  const spell = (star: string) => i.map((c) => (c === STAR ? star : c === ANY_ONE ? unnamed : String.fromCharCode(c))).join('');
  if (!codesMatch(o, spell(''), foldCase) || !codesMatch(o, spell(unnamed), foldCase)) return false;
  const closure = (codes: PatternCodes, from: Iterable<number>) => {
    const out = new Set<number>();
    for (const p of from) closeOver(codes, p, (q) => out.add(q));
    return [...out].sort((a, b) => a - b);
  };
  const key = (ip: readonly number[], op: readonly number[]) => `${ip.join(',')}|${op.join(',')}`;
  const start = { ip: closure(i, [0]), op: closure(o, [0]) };
  const seen = new Set([key(start.ip, start.op)]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const { ip, op } = queue[head];
    if (ip.includes(i.length) && !op.includes(o.length)) return false;
    const symbols = new Set<number>([OTHER_SYMBOL]);
    for (const p of ip) if (i[p] >= 0) symbols.add(i[p]);
    for (const p of op) if (o[p] >= 0) symbols.add(o[p]);
    for (const symbol of symbols) {
      const nextIp = closure(i, ip.map((p) => stepFrom(i, p, symbol)).filter((q) => q >= 0));
      if (nextIp.length === 0) continue;
      const nextOp = closure(o, op.map((p) => stepFrom(o, p, symbol)).filter((q) => q >= 0));
      const k = key(nextIp, nextOp);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push({ ip: nextIp, op: nextOp });
      }
    }
  }
  return true;
}

/**
 * Whether the whole of `value` matches `pattern`, where `*` stands for any sequence of characters
 * (none included) and every other character, `?` included, stands for itself. With
 * `caseInsensitive`, ASCII letters match either case; other characters must be equal.
 *
 * Runs in O(|pattern| + |value|) and allocates nothing in the steady state: the literal runs
 * between stars are matched leftmost-first, each with a Knuth–Morris–Pratt scan that resumes
 * where the previous one ended (leftmost-first is exact for patterns whose only wildcard is `*`).
 */
export function matchesPattern(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const first = pattern.indexOf('*');
  if (first < 0) {
    if (pattern.length !== value.length) return false;
    return caseInsensitive ? regionEquals(pattern, 0, value, 0, pattern.length, true) : pattern === value;
  }
  if (pattern.length === 1) return true;

  const last = pattern.lastIndexOf('*');
  const suffixLength = pattern.length - last - 1;
  // The literal prefix and suffix are anchored and must not overlap.
  if (first + suffixLength > value.length) return false;
  const end = value.length - suffixLength;
  if (!regionEquals(pattern, 0, value, 0, first, caseInsensitive)) return false;
  if (!regionEquals(pattern, last + 1, value, end, suffixLength, caseInsensitive)) return false;

  let position = first;
  let segmentStart = first + 1;
  while (segmentStart < last) {
    const segmentEnd = pattern.indexOf('*', segmentStart);
    const segmentLength = segmentEnd - segmentStart;
    if (segmentLength > 0) {
      const found = find(pattern, segmentStart, segmentLength, value, position, end, caseInsensitive);
      if (found < 0) return false;
      position = found + segmentLength;
    }
    segmentStart = segmentEnd + 1;
  }
  return true;
}

/** The character code at `index`, with ASCII upper case folded to lower case when asked. */
function codeAt(text: string, index: number, fold: boolean): number {
  const code = text.charCodeAt(index);
  return fold && code >= 65 && code <= 90 ? code + 32 : code;
}

function regionEquals(a: string, aStart: number, b: string, bStart: number, length: number, fold: boolean): boolean {
  for (let i = 0; i < length; i++) {
    if (codeAt(a, aStart + i, fold) !== codeAt(b, bStart + i, fold)) return false;
  }
  return true;
}

/**
 * The first index in `text[from, to)` where `pattern[start, start + length)` occurs, or -1
 * (Knuth–Morris–Pratt; `length` > 0).
 */
function find(pattern: string, start: number, length: number, text: string, from: number, to: number, fold: boolean): number {
  if (to - from < length) return -1;
  // Its own table per call: only the middle segments of patterns with three or more parts get
  // here, and a table shared between calls would be state of the module.
  const table = new Int32Array(length);

  table[0] = 0;
  let k = 0;
  for (let i = 1; i < length; i++) {
    const c = codeAt(pattern, start + i, fold);
    while (k > 0 && codeAt(pattern, start + k, fold) !== c) k = table[k - 1];
    if (codeAt(pattern, start + k, fold) === c) k++;
    table[i] = k;
  }

  let q = 0;
  for (let i = from; i < to; i++) {
    const c = codeAt(text, i, fold);
    while (q > 0 && codeAt(pattern, start + q, fold) !== c) q = table[q - 1];
    if (codeAt(pattern, start + q, fold) === c) q++;
    if (q === length) return i - length + 1;
  }
  return -1;
}
