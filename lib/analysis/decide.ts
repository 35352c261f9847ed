/**
 * The decision core: is there a request (action, resource) — and a choice of the unknowns — for
 * which some sets of statements decide as asked? "Does NEW allow something OLD does not?" is
 * the question `[NEW, OLD]` with `allowed[0] && !allowed[1]`.
 *
 * It decides over the patterns themselves, never over samples. The strings `action ␀ resource`
 * are read by one automaton built on the fly: its state is the set of positions every pattern
 * can be at. From a state, only the characters some pattern expects next lead anywhere
 * different from "any other character", so each state has a handful of moves; that makes the
 * search finite, small and exact. At
 * the end of a string the statements that cover it are known, and the guards they carry are
 * tried in every combination. The first accepting state found, breadth first, is the witness:
 * a shortest request.
 *
 * A purpose-built automaton rather than a general library (`refa`, `z3-solver`): glob patterns
 * need no regex parser, the state sets are built only as far as the search goes (an unchanged
 * principal stops at the first state), Allow-minus-Deny and guards are read at acceptance
 * instead of by complementing automata, and nothing has to be bundled.
 */
import {
  ANY_ONE, OTHER_SYMBOL, PatternCodes, QuestionMark, STAR, closeOver, compilePattern, stepFrom,
} from '../model/wildcard';
import { AccessStatement, Assumptions, Request } from './statements';

/** How much one question may cost before it is answered "undecided". */
export interface SearchBudget {
  /** Automaton states visited. */
  readonly maxStates: number;
  /** Distinct guards on the statements that cover one request. */
  readonly maxGuards: number;
}

export const DEFAULT_BUDGET: SearchBudget = { maxStates: 200_000, maxGuards: 14 };

export interface RequestQuestion {
  /** Each side is a set of statements, evaluated as RAM evaluates one principal's policies. */
  readonly sides: readonly (readonly AccessStatement[])[];
  /** Whether a request whose per-side outcomes are `allowed` is one we look for. */
  readonly wanted: (allowed: readonly boolean[]) => boolean;
  readonly questionMark: QuestionMark;
  readonly budget?: SearchBudget;
}

export type Answer =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly request: Request; readonly assumptions: Assumptions }
  | { readonly kind: 'undecided'; readonly reason: string };

/** What every Container Registry resource ARN starts with. */
const CR_PREFIX = 'acs:cr:';
const CR_PREFIX_LENGTH = 7;

/** A pattern position packed with its pattern: pattern * POSITION_RANGE + position. */
const POSITION_RANGE = 1 << 16;
const SEPARATOR = -4;

interface Compiled {
  readonly side: number;
  readonly statement: AccessStatement;
  readonly actionIds: readonly number[];
  readonly resourceIds: readonly number[];
}

interface Node {
  readonly key: string;
  /** In the action part: pattern positions. In the resource part: remainders by class (see {@link Remainders}). */
  readonly resource: boolean;
  readonly positions: readonly number[];
  /** Where the request read so far stands in the shape of a real request (see {@link Shape}). */
  readonly shape: Shape;
  readonly parent?: Node;
  readonly symbol?: number;
}

export function findRequest(question: RequestQuestion): Answer {
  try {
    return search(question);
  } catch (error) {
    if (!(error instanceof TooManyRemainders)) throw error;
    return { kind: 'undecided', reason: `the resource patterns have more than ${MAX_REMAINDERS} distinct remainders to read` };
  }
}

function search(question: RequestQuestion): Answer {
  const budget = question.budget ?? DEFAULT_BUDGET;
  const actionPatterns = new PatternTable(true, question.questionMark);
  const resourcePatterns = new PatternTable(false, question.questionMark);
  const statements: Compiled[] = [];
  question.sides.forEach((side, index) => side.forEach((statement) => statements.push({
    side: index,
    statement,
    actionIds: statement.actions.map((p) => actionPatterns.id(p)),
    resourceIds: statement.resources.map((p) => resourcePatterns.id(p)),
  })));
  const tooLong = [...actionPatterns.patterns, ...resourcePatterns.patterns].find((p) => p.length >= POSITION_RANGE);
  if (tooLong) return { kind: 'undecided', reason: `a pattern of ${tooLong.length} characters is longer than the analysis reads` };

  const classes = new StatementClasses(statements);
  const remainders = new Remainders(resourcePatterns.codes);
  const acceptance = new Acceptance(classes, question.sides.length, question.wanted, budget.maxGuards);
  const reach = new Reach(statements, classes, question.sides.length, question.wanted);
  const seen = new Set<string>();
  const queue: Node[] = [];
  const push = (node: Node) => {
    if (seen.has(node.key)) return;
    seen.add(node.key);
    queue.push(node);
  };
  push(actionNode(Shape.SERVICE, initialPositions(actionPatterns.codes)));

  for (let head = 0; head < queue.length; head++) {
    if (seen.size > budget.maxStates) {
      return { kind: 'undecided', reason: `the search passed ${budget.maxStates} automaton states` };
    }
    const node = queue[head];
    if (!node.resource) {
      if (!reach.possibleInAction(node.positions)) continue;
      // Action part: read one more character, or end the action once it has its `service:`.
      for (const symbol of symbolsAt(actionPatterns.codes, node.positions, node.shape)) {
        const shape = nextShape(node.shape, symbol);
        if (shape === Shape.DEAD) continue;
        push(actionNode(shape, prune(actionPatterns, step(actionPatterns.codes, node.positions, symbol), shape), node, symbol));
      }
      if (node.shape !== Shape.ACTION_NAME) continue;
      const alive = aliveAfterAction(statements, actionPatterns.codes, node.positions);
      if (!reach.possibleAtActionEnd(alive)) continue;
      const start = alive.flatMap((i) => statements[i].resourceIds.flatMap((id) =>
        remainders.start(id).map((r) => element(classes.of(i), r))));
      push(resourceNode(Shape.START, remainders.reduce(start, Shape.START), node, SEPARATOR));
      continue;
    }
    // Where no choice of outcomes left open is wanted, nothing read from here on is.
    if (!reach.possibleInResource(node.positions)) continue;
    const result = acceptance.check(remainders.acceptedClasses(node.positions));
    if (result === 'undecided') {
      return { kind: 'undecided', reason: `more than ${budget.maxGuards} conditions or unresolved values bear on one request` };
    }
    if (result !== undefined) return { kind: 'found', request: witness(node, actionPatterns, resourcePatterns), assumptions: result };
    // With no pattern left, reading on changes nothing that acceptance sees.
    if (node.positions.length === 0) continue;
    for (const symbol of remainders.symbolsAt(node.positions, node.shape)) {
      const shape = nextShape(node.shape, symbol);
      if (shape === Shape.DEAD) continue;
      push(resourceNode(shape, remainders.reduce(remainders.step(node.positions, symbol), shape), node, symbol));
    }
  }
  return { kind: 'none' };
}

/** Distinct patterns of one part of the request, compiled, with the characters they name. */
class PatternTable {
  public readonly patterns: string[] = [];
  public readonly codes: PatternCodes[] = [];
  private readonly ids = new Map<string, number>();
  private readonly characters = new Set<number>();
  private readonly colonCounts = new Map<number, number[]>();

  constructor(private readonly foldCase: boolean, private readonly questionMark: QuestionMark) {}

  public id(pattern: string): number {
    const compiled = compilePattern(pattern, this.foldCase, this.questionMark);
    const key = compiled.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.codes.length;
      this.ids.set(key, id);
      this.patterns.push(pattern);
      this.codes.push(compiled);
      for (const code of compiled) if (code >= 0) this.characters.add(code);
    }
    return id;
  }

  /** A character for the "any other" symbol: one no pattern names, and not one the shape reads. */
  public otherCharacter(): string {
    const candidates = 'xzqjkvwy0123456789';
    const taken = (code: number) => this.characters.has(code) || CR_PREFIX.includes(String.fromCharCode(code));
    for (const c of candidates) if (!taken(c.charCodeAt(0))) return c;
    for (let code = 0x4e00; ; code++) if (!taken(code)) return String.fromCharCode(code);
  }

  /** How many literal `:` pattern `id` still has at or after `position`. */
  public colonsAfter(id: number, position: number): number {
    let table = this.colonCounts.get(id);
    if (table === undefined) {
      const codes = this.codes[id];
      table = new Array<number>(codes.length + 1).fill(0);
      for (let p = codes.length - 1; p >= 0; p--) table[p] = table[p + 1] + (codes[p] === COLON ? 1 : 0);
      this.colonCounts.set(id, table);
    }
    return table[position];
  }
}

/**
 * The characters worth reading from a state: those some pattern expects next, then "any
 * other". Every character no pattern expects here leads where "any other" leads (stars stay,
 * `?` advances, literals fail), so trying it once covers them all.
 */
function symbolsAt(codes: readonly PatternCodes[], positions: readonly number[], shape: Shape): number[] {
  return expectedSymbols(shape, positions.map((packed) => codes[Math.floor(packed / POSITION_RANGE)][packed % POSITION_RANGE]));
}

/** The characters `next` names (undefined and wildcards aside) and those the shape reads, sorted, then "any other". */
function expectedSymbols(shape: Shape, next: Iterable<number | undefined>): number[] {
  // The shape reads `:` and, at the start of a resource, the letters of `acs:cr:` on its own.
  const expected = new Set<number>([COLON]);
  if (shape >= Shape.START && shape < Shape.REGION) expected.add(CR_PREFIX.charCodeAt(shape - Shape.START));
  for (const code of next) if (code !== undefined && code >= 0) expected.add(code);
  return [...[...expected].sort((a, b) => a - b), OTHER_SYMBOL];
}

function initialPositions(codes: readonly PatternCodes[], only?: ReadonlySet<number>): number[] {
  const positions: number[] = [];
  codes.forEach((c, id) => {
    if (only === undefined || only.has(id)) closeOver(c, 0, (p) => positions.push(id * POSITION_RANGE + p));
  });
  return positions;
}

function step(codes: readonly PatternCodes[], positions: readonly number[], symbol: number): number[] {
  const next = new Set<number>();
  for (const packed of positions) {
    const id = Math.floor(packed / POSITION_RANGE);
    const q = stepFrom(codes[id], packed % POSITION_RANGE, symbol);
    if (q >= 0) closeOver(codes[id], q, (p) => next.add(id * POSITION_RANGE + p));
  }
  return [...next].sort((a, b) => a - b);
}

/** The patterns that have read all of their text. */
function acceptedIds(codes: readonly PatternCodes[], positions: readonly number[]): Set<number> {
  const accepted = new Set<number>();
  for (const packed of positions) {
    const id = Math.floor(packed / POSITION_RANGE);
    if (packed % POSITION_RANGE === codes[id].length) accepted.add(id);
  }
  return accepted;
}

function aliveAfterAction(statements: readonly Compiled[], codes: readonly PatternCodes[], positions: readonly number[]): number[] {
  const accepted = acceptedIds(codes, positions);
  const alive: number[] = [];
  statements.forEach((s, i) => {
    const listed = s.actionIds.some((id) => accepted.has(id));
    if (listed !== s.statement.notAction) alive.push(i);
  });
  return alive;
}

function actionNode(shape: Shape, positions: number[], parent?: Node, symbol?: number): Node {
  return { key: `A${shape}|${positions.join(',')}`, resource: false, positions, shape, parent, symbol };
}

/**
 * A resource state holds no statement identities: what is left to read is decided by the
 * remainders of each class, whatever action led here, so states reached after different actions
 * whose remainders agree are one.
 */
function resourceNode(shape: Shape, elements: number[], parent: Node, symbol: number): Node {
  return { key: `R${shape}|${elements.join(',')}`, resource: true, positions: elements, shape, parent, symbol };
}

/** A remainder of a class's pattern packed with the class: class * ELEMENT_RANGE + remainder. */
const ELEMENT_RANGE = 1 << 26;
const element = (classId: number, remainder: number) => classId * ELEMENT_RANGE + remainder;
const classOf = (packed: number) => Math.floor(packed / ELEMENT_RANGE);
const remainderOf = (packed: number) => packed % ELEMENT_RANGE;

/**
 * Statements grouped by what acceptance reads of them: side, effect and guards. Which statement
 * of a class covers a request does not matter, only whether one does, so the resource search
 * tracks classes, not statements.
 */
class StatementClasses {
  public readonly members: { readonly side: number; readonly effect: string; readonly guards: readonly string[] }[] = [];
  private readonly ids: number[];

  constructor(statements: readonly Compiled[]) {
    const byKey = new Map<string, number>();
    this.ids = statements.map((c) => {
      const key = JSON.stringify([c.side, c.statement.effect, c.statement.guards]);
      let id = byKey.get(key);
      if (id === undefined) {
        id = this.members.length;
        byKey.set(key, id);
        this.members.push({ side: c.side, effect: c.statement.effect, guards: c.statement.guards });
      }
      return id;
    });
  }

  /** The class of statement `index`. */
  public of(index: number): number {
    return this.ids[index];
  }
}

/**
 * What is left of resource patterns to read: a pattern's codes from one position on, interned,
 * so that patterns of one class that have come to the same remainder are one. Within a class a
 * remainder is dropped when another of the class matches all it matches: a remainder that begins
 * with a star matches every text that a longer remainder ending in it matches (`*X` takes in
 * `Y*X`). Once `acs:cr:*:*:repository/*\/team-15-*\/prod-*` has read `team-15-`, no other team
 * of its class is left to tell apart, which keeps a policy of many such patterns from
 * multiplying the states by every set of teams a path could name.
 */
class Remainders {
  /** Per remainder: its first code (undefined for the empty remainder) and the remainder after it. */
  private readonly heads: (number | undefined)[] = [undefined];
  private readonly rests: number[] = [EMPTY_REMAINDER];
  /** Per remainder: its literal `:` count. */
  private readonly colons: number[] = [0];
  /** Per remainder: the nearest {@link MAX_STAR_TAILS} of the shorter remainders of its own codes that begin with a star. */
  private readonly starTails: (readonly number[])[] = [[]];
  /** Remainders by first code and rest, so that equal codes are one remainder. */
  private readonly byParts = new Map<number, number>();
  private readonly starts = new Map<number, number[]>();
  private readonly steps = new Map<number, number[]>();

  constructor(private readonly patterns: readonly PatternCodes[]) {}

  /** The remainders pattern `id` is at before reading anything. */
  public start(id: number): number[] {
    let known = this.starts.get(id);
    if (known === undefined) {
      const codes = this.patterns[id];
      let remainder = EMPTY_REMAINDER;
      for (let p = codes.length - 1; p >= 0; p--) remainder = this.cons(codes[p], remainder);
      known = this.closure(remainder);
      this.starts.set(id, known);
    }
    return known;
  }

  /** The elements after reading `symbol`, unreduced. */
  public step(elements: readonly number[], symbol: number): number[] {
    const next: number[] = [];
    for (const packed of elements) {
      const classId = classOf(packed);
      for (const r of this.after(remainderOf(packed), symbol)) next.push(element(classId, r));
    }
    return next;
  }

  /**
   * Sorted and without repeats; remainders needing more `:` than the shape can still read
   * dropped (they never match), and so are those another remainder of their class takes in.
   */
  public reduce(elements: readonly number[], shape: Shape): number[] {
    const left = colonsLeft(shape);
    const present = new Set(left === undefined ? elements : elements.filter((e) => this.colons[remainderOf(e)] <= left));
    const kept: number[] = [];
    for (const e of present) {
      const classId = classOf(e);
      if (!this.starTails[remainderOf(e)].some((tail) => present.has(element(classId, tail)))) kept.push(e);
    }
    return kept.sort((a, b) => a - b);
  }

  /** The classes with a remainder that has read all its pattern. */
  public acceptedClasses(elements: readonly number[]): number[] {
    const accepted: number[] = [];
    for (const e of elements) {
      if (remainderOf(e) === EMPTY_REMAINDER && accepted[accepted.length - 1] !== classOf(e)) accepted.push(classOf(e));
    }
    return accepted;
  }

  /** As {@link symbolsAt}, for remainders. */
  public symbolsAt(elements: readonly number[], shape: Shape): number[] {
    return expectedSymbols(shape, elements.map((e) => this.heads[remainderOf(e)]));
  }


  /** As `stepFrom` then `closeOver`, on a remainder's first code. */
  private after(remainder: number, symbol: number): number[] {
    const key = remainder * SYMBOL_RANGE + symbol - OTHER_SYMBOL;
    let known = this.steps.get(key);
    if (known === undefined) {
      const head = this.heads[remainder];
      const read = head === undefined ? undefined
        : head === STAR ? remainder
          : head === ANY_ONE || head === symbol ? this.rests[remainder] : undefined;
      known = read === undefined ? [] : this.closure(read);
      // Past as many steps as remainders, they are worked out again rather than kept (a Map holds 2^24).
      if (this.steps.size < MAX_REMAINDERS) this.steps.set(key, known);
    }
    return known;
  }

  /** A remainder and those it reaches by skipping stars, as `closeOver`. */
  private closure(remainder: number): number[] {
    const out = [remainder];
    for (let r = remainder; this.heads[r] === STAR; r = this.rests[r]) out.push(this.rests[r]);
    return out;
  }

  private cons(head: number, rest: number): number {
    const key = (head - OTHER_SYMBOL) * ELEMENT_RANGE + rest;
    let id = this.byParts.get(key);
    if (id === undefined) {
      id = this.heads.length;
      if (id >= MAX_REMAINDERS) throw new TooManyRemainders();
      this.byParts.set(key, id);
      this.heads.push(head);
      this.rests.push(rest);
      this.colons.push(this.colons[rest] + (head === COLON ? 1 : 0));
      this.starTails.push(this.heads[rest] === STAR ? [rest, ...this.starTails[rest]].slice(0, MAX_STAR_TAILS) : this.starTails[rest]);
    }
    return id;
  }
}

/** The remainder of a pattern that has read all its codes. */
const EMPTY_REMAINDER = 0;

/**
 * Remainders one question may build: every remainder of a pattern is built when the pattern
 * comes alive, so many long patterns would otherwise pass the entries a Map holds (2^24) and
 * what the memory holds, however soon the search ends. Far below {@link ELEMENT_RANGE}.
 */
const MAX_REMAINDERS = 1 << 21;

class TooManyRemainders extends Error {}

/**
 * Star-led tails kept per remainder, nearest first. Dropping a remainder is only a saving, so
 * keeping fewer tails than it has is exact; keeping all of them costs memory quadratic in a
 * pattern's stars (a 64,000-character pattern of `a*` exhausts the heap).
 */
const MAX_STAR_TAILS = 16;

/** Symbols are character codes (below 0x10000) or the negative markers down to {@link OTHER_SYMBOL}. */
const SYMBOL_RANGE = 0x10000 - OTHER_SYMBOL;

/**
 * The shape of a real request, which the search keeps to. An action is `service:Name`: one
 * `:`. A Container Registry resource is `acs:cr:<region>:<account>:<path>` with no `:` in the
 * region, the account or the path (instance ids, namespace and repository names have none:
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information); any other
 * resource may be any text. Without this, one string could spell several ARNs joined by the
 * patterns' stars, and the search would have to tell apart every combination of them.
 */
enum Shape {
  /** Action: before its `:`. */
  SERVICE,
  /** Action: after its `:`. */
  ACTION_NAME,
  /** Resource: `k` characters of `acs:cr:` read, START + k. */
  START = 10,
  REGION = START + CR_PREFIX_LENGTH,
  ACCOUNT,
  PATH,
  /** Resource: not a Container Registry ARN, so any text. */
  FREE,
  /** Not the shape of a real request. */
  DEAD,
}

const COLON = 58;

function nextShape(shape: Shape, symbol: number): Shape {
  switch (shape) {
    case Shape.SERVICE: return symbol === COLON ? Shape.ACTION_NAME : Shape.SERVICE;
    case Shape.ACTION_NAME: return symbol === COLON ? Shape.DEAD : Shape.ACTION_NAME;
    case Shape.REGION: return symbol === COLON ? Shape.ACCOUNT : Shape.REGION;
    case Shape.ACCOUNT: return symbol === COLON ? Shape.PATH : Shape.ACCOUNT;
    case Shape.PATH: return symbol === COLON ? Shape.DEAD : Shape.PATH;
    case Shape.FREE: return Shape.FREE;
    case Shape.DEAD: return Shape.DEAD;
    default: {
      const read = shape - Shape.START;
      return symbol === CR_PREFIX.charCodeAt(read) ? shape + 1 : Shape.FREE;
    }
  }
}

/** How many more `:` the request can still read in a shape; undefined when any number. */
function colonsLeft(shape: Shape): number | undefined {
  switch (shape) {
    case Shape.SERVICE: return 1;
    case Shape.ACTION_NAME: case Shape.PATH: return 0;
    case Shape.REGION: return 2;
    case Shape.ACCOUNT: return 1;
    default: return undefined;
  }
}

/** Drops pattern positions that need more literal `:` than the request can still read: they never match. */
function prune(table: PatternTable, positions: number[], shape: Shape): number[] {
  const left = colonsLeft(shape);
  if (left === undefined) return positions;
  return positions.filter((packed) => table.colonsAfter(Math.floor(packed / POSITION_RANGE), packed % POSITION_RANGE) <= left);
}

/**
 * Whether a wanted outcome is still within reach: a side can end up allowed only if one of its
 * Allow statements is still alive (its action matched, and one of its resource patterns can still
 * match). Guards and Denies are ignored, so this only ever overestimates what can be reached, and
 * a state it rules out has no wanted request below it.
 */
class Reach {
  private readonly wantedFor = new Map<number, boolean>();

  constructor(
    private readonly statements: readonly Compiled[],
    private readonly classes: StatementClasses,
    private readonly sideCount: number,
    private readonly wanted: (allowed: readonly boolean[]) => boolean,
  ) {}

  /** At the end of the action, before any resource is read: the Allows whose action matched. */
  public possibleAtActionEnd(alive: readonly number[]): boolean {
    let mask = 0;
    for (const i of alive) {
      const c = this.statements[i];
      if (c.statement.effect === 'Allow') mask |= 1 << c.side;
    }
    return this.wantedWithin(mask);
  }

  /** In the resource part: the Allow classes with a remainder left. */
  public possibleInResource(elements: readonly number[]): boolean {
    let mask = 0;
    for (let k = 0; k < elements.length; k++) {
      const member = this.classes.members[classOf(elements[k])];
      if (member.effect === 'Allow') mask |= 1 << member.side;
    }
    return this.wantedWithin(mask);
  }

  /** While the action is read: an Allow can still apply if it lists no actions (NotAction) or one of its patterns is alive. */
  public possibleInAction(positions: readonly number[]): boolean {
    const present = new Set(positions.map((packed) => Math.floor(packed / POSITION_RANGE)));
    let mask = 0;
    for (const c of this.statements) {
      if (c.statement.effect !== 'Allow' || (mask & (1 << c.side)) !== 0) continue;
      if (c.statement.notAction || c.actionIds.some((id) => present.has(id))) mask |= 1 << c.side;
    }
    return this.wantedWithin(mask);
  }

  /** Whether some outcome that allows only sides in `mask` is wanted. */
  private wantedWithin(mask: number): boolean {
    let known = this.wantedFor.get(mask);
    if (known === undefined) {
      known = false;
      for (let allowed = 0; allowed < 2 ** this.sideCount && !known; allowed++) {
        if ((allowed & ~mask) !== 0) continue;
        known = this.wanted(Array.from({ length: this.sideCount }, (_, side) => (allowed & (1 << side)) !== 0));
      }
      this.wantedFor.set(mask, known);
    }
    return known;
  }
}

/** Decides, for the classes covering a request, whether some choice of guards gives a wanted outcome. */
class Acceptance {
  private readonly memo = new Map<string, Assumptions | undefined | 'undecided'>();

  constructor(
    private readonly classes: StatementClasses,
    private readonly sideCount: number,
    private readonly wanted: (allowed: readonly boolean[]) => boolean,
    private readonly maxGuards: number,
  ) {}

  public check(covering: readonly number[]): Assumptions | undefined | 'undecided' {
    const key = covering.join(',');
    if (!this.memo.has(key)) this.memo.set(key, this.decide(covering.map((id) => this.classes.members[id])));
    return this.memo.get(key);
  }

  private decide(covering: StatementClasses['members']): Assumptions | undefined | 'undecided' {
    const guards = [...new Set(covering.flatMap((c) => c.guards))].sort();
    if (guards.length > this.maxGuards) return 'undecided';
    for (let bits = 0; bits < 2 ** guards.length; bits++) {
      const assumptions: { [guard: string]: boolean } = {};
      guards.forEach((g, i) => { assumptions[g] = (bits & (1 << i)) !== 0; });
      const allowed = new Array<boolean>(this.sideCount).fill(false);
      const denied = new Array<boolean>(this.sideCount).fill(false);
      for (const c of covering) {
        if (!c.guards.every((g) => assumptions[g])) continue;
        if (c.effect === 'Deny') denied[c.side] = true;
        else allowed[c.side] = true;
      }
      if (this.wanted(allowed.map((a, side) => a && !denied[side]))) return assumptions;
    }
    return undefined;
  }
}
/** The request spelled by the path to `node`; "any other character" as one no pattern names. */
function witness(node: Node, actions: PatternTable, resources: PatternTable): Request {
  const symbols: number[] = [];
  for (let n: Node | undefined = node; n?.symbol !== undefined; n = n.parent) symbols.push(n.symbol);
  symbols.reverse();
  const separator = symbols.indexOf(SEPARATOR);
  const spell = (part: number[], table: PatternTable) =>
    part.map((s) => (s === OTHER_SYMBOL ? table.otherCharacter() : String.fromCharCode(s))).join('');
  return { action: spell(symbols.slice(0, separator), actions), resource: spell(symbols.slice(separator + 1), resources) };
}
