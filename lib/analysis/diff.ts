/**
 * Exact comparison of two versions of a template, principal by principal: does NEW allow any
 * request that OLD does not (a widening), and the reverse (a narrowing)? Each answer is decided
 * by the search in decide.ts under both readings of `?` (and, for trust policies, both readings of
 * `*` inside a Principal entry), and each change carries a witness request that the reference
 * evaluation confirms.
 *
 * Unknowns (Conditions, unresolved values, policies whose content is not known) are guards the
 * search sets either way; the same unknown in both versions is one unknown, so an unchanged
 * unknown is not a change. A widening that needs an unresolved value or an unknown policy to
 * hold is reported as "cannot prove no new access", and still counts as a widening.
 *
 * Conditions: a statement whose Condition implies another Condition of either version (decided
 * exactly for the keys grants write, see `conditionImplies`) carries that one's guard too, which
 * changes nothing a real request meets (C and H is C when C implies H) but stops the search from
 * assuming C holds while H does not. So narrowing a condition (a smaller CIDR block, MFA added) is
 * not a widening, while dropping or widening one is, and the change names the conditions.
 * Conditions written otherwise are compared as text: any change reads as widening (fails closed).
 */
import { conditionImplies, isDecidedCondition } from '../model/conditions';
import { PrincipalStar, QUESTION_MARK_READINGS, QuestionMark } from '../model/wildcard';
import { TemplateReading, UNREAD_PRINCIPALS, readPrincipals } from '../template/principals';
import { readableReport } from '../template/values';
import { Answer, SearchBudget, findRequest } from './decide';
import { mayMeet } from './overlap';
import { PrincipalStatements, statementsOfPrincipal, trustStatementsOf } from './read-statements';
import {
  AccessStatement, Assumptions, Request, StatementOrigin, Verdict, covers, evaluateRequest, foldResourceCase, mentionsUpperCase,
} from './statements';

export { RESOURCE_CASE } from './statements';
import { presentableRequest } from './witness';


export enum ChangeKind {
  /** Something is allowed that was not: review it. */
  WIDENED = 'WIDENED',
  /** Something that was allowed no longer is. */
  NARROWED = 'NARROWED',
}

export interface AccessChange {
  readonly kind: ChangeKind;
  readonly principal: string;
  /** A request allowed in one version and not in the other. */
  readonly request: Request;
  /** The statement that allows it in the version that allows it. */
  readonly allowedBy: StatementOrigin;
  /** The Deny that decided it in the other version; undefined when no statement allowed it there. */
  readonly deniedBy?: StatementOrigin;
  /** Unknowns the witness needs, as `name: true|false`, sorted; empty when it needs none. */
  readonly assuming: readonly string[];
  /** Set when the change rests on what the template does not fix: why no-new-access cannot be proven. */
  readonly unproven?: string;
  /** Set when the change exists only under one reading of `?`. */
  readonly questionMark?: QuestionMark;
  /** Set when a trust change exists only under one reading of `*` inside a Principal entry. */
  readonly principalStar?: PrincipalStar;
  /** Set when the other version allowed the request under a Condition: which one was dropped or widened. */
  readonly condition?: string;
  /** Set when the change exists only if RAM matches resource names ignoring case (see `RESOURCE_CASE`). */
  readonly ignoringResourceCase?: boolean;
  /**
   * Set when the change is in who may assume the role `principal` (its trust policy): the
   * request's resource is then the caller (`RAM:acs:ram::123456789012:root`, read-statements.ts
   * `trustStatementsOf`), its action the one the trust policy allows, and the statements are
   * those of the trust policy.
   */
  readonly trust?: boolean;
}

export interface TemplateComparison {
  /** Widenings first, then by principal. */
  readonly changes: readonly AccessChange[];
  /** Principals whose question the search could not decide within its budget: read as widened. */
  readonly undecided: readonly { readonly principal: string; readonly reason: string }[];
}

export function compareReadings(before: TemplateReading, after: TemplateReading, budget?: SearchBudget): TemplateComparison {
  const changes: AccessChange[] = [];
  const undecided: { principal: string; reason: string }[] = [];
  const labels = [...new Set([...before.principals.keys(), ...after.principals.keys()])].sort();
  for (const label of labels) {
    compareStatements(label, [{ old: statementsOf(before, label).statements, now: statementsOf(after, label).statements }], false, budget, changes, undecided);
  }
  // Who may assume each role: a caller NEW trusts and OLD does not gets all of the role's access.
  const roles = [...new Set([...before.trusts.keys(), ...after.trusts.keys()])].filter((l) => l !== UNREAD_PRINCIPALS).sort();
  for (const role of roles) {
    compareStatements(role, trustReadings(before, after, role), true, budget, changes, undecided);
  }
  // Unknowns are told apart by fingerprints; reports show them without.
  return readableReport({ changes: changes.sort(compareChanges), undecided });
}

/**
 * One reading of a principal's statements (or of one role's trust) in both versions. Trust
 * policies are read twice when they have a `*` inside a Principal entry: with `principalStar`
 * WILDCARD, and LITERAL with `literalStar`, the character each such `*` stands for.
 */
interface Versions {
  readonly old: readonly AccessStatement[];
  readonly now: readonly AccessStatement[];
  readonly principalStar?: PrincipalStar;
  readonly literalStar?: string;
}

/** One search's statements: what may gain and what may lose, in one reading, with each statement's own Condition guard. */
interface Sides {
  readonly gaining: readonly AccessStatement[];
  readonly losing: readonly AccessStatement[];
  readonly reading: Versions;
  readonly own: Map<AccessStatement, string | undefined>;
}

/**
 * One principal's statements (or one role's trust) in both versions, compared both ways, under
 * each reading given: a change under any reading is a change, and one that exists under only one
 * reading says which.
 */
function compareStatements(label: string, readings: readonly Versions[], trust: boolean,
  budget: SearchBudget | undefined, changes: AccessChange[], undecided: { principal: string; reason: string }[]): void {
  if (readings.every((r) => sameStatements(r.old, r.now))) return;
  const prepared = readings.map((reading) => {
    const own = new Map<AccessStatement, string | undefined>();
    const [now, old] = withImpliedConditions([reading.now, reading.old], own);
    return { reading, own, now, old };
  });
  const change = (c: AccessChange): AccessChange => (trust ? { ...c, trust: true } : c);
  const who = trust ? `callers of ${label}` : label;
  for (const kind of [ChangeKind.WIDENED, ChangeKind.NARROWED]) {
    const sides = prepared.map(({ reading, own, now, old }): Sides =>
      (kind === ChangeKind.WIDENED ? { gaining: now, losing: old, reading, own } : { gaining: old, losing: now, reading, own }));
    const result = firstDifference(sides, budget);
    if (result.kind === 'undecided') {
      if (kind === ChangeKind.WIDENED) undecided.push({ principal: who, reason: result.reason });
      continue;
    }
    if (result.kind === 'found') {
      changes.push(change(changeOf(kind, label, result, trust)));
      continue;
    }
    const fold = trust ? foldCallerCase : foldResourceCase;
    const all = sides.flatMap((side) => [...side.gaining, ...side.losing]);
    if (!mentionsUpperCase(all.map(fold === foldResourceCase ? (st) => st : withoutCallerTypes))) continue;
    // The other reading of resource names: as RAM would read them if it ignored their case.
    const folded = sides.map((side): Sides => {
      const lower = (list: readonly AccessStatement[]) => list.map((st) => {
        const lowered = fold(st);
        side.own.set(lowered, side.own.get(st));
        return lowered;
      });
      return { ...side, gaining: lower(side.gaining), losing: lower(side.losing) };
    });
    const other = firstDifference(folded, budget);
    if (other.kind === 'undecided' && kind === ChangeKind.WIDENED) undecided.push({ principal: who, reason: other.reason });
    if (other.kind === 'found') changes.push(change({ ...changeOf(kind, label, other, trust), ignoringResourceCase: true }));
  }
}

const CONDITION_GUARD = 'Condition ';
/** Past this many distinct Conditions in one principal's two versions, none is related to another (fails closed). */
const MAX_RELATED_CONDITIONS = 64;

/** The block a Condition guard names, or undefined when the guard is not one (or not JSON). */
function conditionOfGuard(guard: string): unknown {
  if (!guard.startsWith(CONDITION_GUARD)) return undefined;
  try {
    return JSON.parse(guard.slice(CONDITION_GUARD.length));
  } catch {
    return undefined;
  }
}

/**
 * Each statement with the guards of every Condition its own implies (see the top of this file);
 * `own` records each returned statement's own Condition guard, for reports.
 */
function withImpliedConditions(sides: readonly (readonly AccessStatement[])[], own: Map<AccessStatement, string | undefined>): AccessStatement[][] {
  const ownGuard = (s: AccessStatement) => s.guards.find((g) => g.startsWith(CONDITION_GUARD));
  const guards = [...new Set(sides.flat().map(ownGuard).filter((g): g is string => g !== undefined))].sort();
  const blocks = new Map(guards.map((g) => [g, conditionOfGuard(g)]));
  const implied = new Map<string, string[]>();
  if (guards.length <= MAX_RELATED_CONDITIONS) {
    for (const g of guards) {
      const block = blocks.get(g);
      implied.set(g, block === undefined ? [] : guards.filter((h) => h !== g && blocks.get(h) !== undefined && conditionImplies(block, blocks.get(h))));
    }
  }
  return sides.map((list) => list.map((s) => {
    const guard = ownGuard(s);
    const extra = guard === undefined ? [] : implied.get(guard) ?? [];
    const statement = extra.length === 0 ? s : { ...s, guards: [...new Set([...s.guards, ...extra])].sort() };
    own.set(statement, guard);
    return statement;
  }));
}

/**
 * Which Condition of `losing` holds back the witness there: the Conditions of the Allow
 * statements that cover the request but are not met under the witness's assumptions.
 */
function conditionNote(kind: ChangeKind, allowing: AccessStatement, losing: readonly AccessStatement[], request: Request, assumptions: Assumptions,
  questionMark: QuestionMark, own: ReadonlyMap<AccessStatement, string | undefined>): string | undefined {
  const held = [...new Set(losing.filter((s) => s.effect === 'Allow' && covers(s, request, questionMark))
    .map((s) => own.get(s)).filter((g): g is string => g !== undefined && assumptions[g] !== true))].sort();
  if (held.length === 0) return undefined;
  const before = held.map((g) => g.slice(CONDITION_GUARD.length)).join(' or ');
  if (kind === ChangeKind.NARROWED) return `now allowed only under the Condition ${before}`;
  const now = own.get(allowing);
  if (now === undefined) return `the Condition ${before} no longer applies: the statement that allows it has none`;
  const decided = [now, ...held].every((g) => isDecidedCondition(conditionOfGuard(g)));
  return decided
    ? `the Condition ${now.slice(CONDITION_GUARD.length)} allows requests that ${before} did not`
    : `the Condition ${now.slice(CONDITION_GUARD.length)} replaces ${before}, and only IpAddress acs:SourceIp, StringEquals acs:SourceVpc and Bool acs:SecureTransport / acs:MFAPresent are compared; read as wider`;
}

/** A trust statement with its callers' names folded as RAM would read them if it ignored their case; their types stay as written. */
function foldCallerCase(statement: AccessStatement): AccessStatement {
  const folded = foldResourceCase(withoutCallerTypes(statement));
  return { ...statement, resources: statement.resources.map((r, i) => `${r.slice(0, r.indexOf(':') + 1)}${folded.resources[i]}`) };
}

/** A trust statement with its callers' types (`RAM:`) taken off. */
function withoutCallerTypes(statement: AccessStatement): AccessStatement {
  return { ...statement, resources: statement.resources.map((r) => r.slice(r.indexOf(':') + 1)) };
}

/** A role's trust statements; a role the version does not define is trusted as its unread resources may make any role. */
function trustOf(reading: TemplateReading, role: string, literalStar?: string): AccessStatement[] {
  const holdings = reading.trusts.get(role) ?? reading.trusts.get(UNREAD_PRINCIPALS);
  return holdings ? trustStatementsOf(holdings, literalStar) : [];
}

/**
 * A role's trust in both versions under each reading of `*` inside a Principal entry (see
 * `PrincipalStar`); one reading when no entry has a `*` inside it, as the two then agree.
 */
function trustReadings(before: TemplateReading, after: TemplateReading, role: string): Versions[] {
  const wildcard: Versions = { old: trustOf(before, role), now: trustOf(after, role), principalStar: PrincipalStar.WILDCARD };
  const literalStar = unnamedCharacter([...wildcard.old, ...wildcard.now]);
  const literal: Versions = {
    old: trustOf(before, role, literalStar), now: trustOf(after, role, literalStar), principalStar: PrincipalStar.LITERAL, literalStar,
  };
  if (sameStatements(literal.old, wildcard.old) && sameStatements(literal.now, wildcard.now)) return [{ old: wildcard.old, now: wildcard.now }];
  return [wildcard, literal];
}

/**
 * A character no caller pattern names, to stand for a `*` that is read as itself: no pattern
 * matches it but a wildcard, as no pattern would match the character `*` but a wildcard.
 */
function unnamedCharacter(statements: readonly AccessStatement[]): string {
  const named = new Set(statements.flatMap((s) => s.resources.flatMap((r) => [...r])));
  // The Private Use Area: no caller's name holds one, and few templates do.
  for (let code = 0xe000; ; code++) if (!named.has(String.fromCharCode(code))) return String.fromCharCode(code);
}

/** A principal's statements; one the version does not name holds what its unread resources may give anyone. */
function statementsOf(reading: TemplateReading, label: string): PrincipalStatements {
  const holdings = reading.principals.get(label) ?? reading.principals.get(UNREAD_PRINCIPALS);
  return holdings ? { ...statementsOfPrincipal(holdings), label } : { label, statements: [], unknownPolicies: [] };
}

/** What a statement allows, where it comes from aside. */
function statementKey({ origin: _origin, ...rest }: AccessStatement): string {
  return JSON.stringify(rest);
}

/** Equal statements (where they come from aside) allow the same requests: nothing to search. */
function sameStatements(a: readonly AccessStatement[], b: readonly AccessStatement[]): boolean {
  return a.length === b.length && a.every((s, i) => statementKey(s) === statementKey(b[i]));
}

type Found = Extract<Answer, { kind: 'found' }> & {
  readonly sides: Sides;
  readonly questionMark: QuestionMark;
  /** Set when the change was found under only this reading of `?`. */
  readonly onlyUnder?: QuestionMark;
  /** Set when the change was found under only this reading of `*` inside a Principal entry. */
  readonly onlyUnderStar?: PrincipalStar;
  /** The statements one version has and the other has not: every request they decide differently is covered by one. */
  readonly changed: readonly AccessStatement[];
};

/** A request `gaining` allows and `losing` does not, under some reading of `?` (and of `*` in Principal entries) applied to both. */
function firstDifference(readings: readonly Sides[], budget?: SearchBudget): Found | { kind: 'none' } | { kind: 'undecided'; reason: string } {
  const answers = readings.flatMap((sides) => {
    const { sides: near, changed } = nearChanges(sides.gaining, sides.losing);
    return QUESTION_MARK_READINGS.map((questionMark) => ({
      sides,
      questionMark,
      changed,
      answer: findRequest({ sides: [...near, touching(changed)], wanted: wantedChange, questionMark, budget }),
    }));
  });
  const found = answers.filter((a) => a.answer.kind === 'found');
  if (found.length > 0) {
    const first = found[0];
    const answer = first.answer as Extract<Answer, { kind: 'found' }>;
    const star = first.sides.reading.principalStar;
    // "Only under" is said only when every other reading was decided to have no change.
    const settled = answers.every((a) => a.answer.kind !== 'undecided');
    return {
      ...answer,
      sides: first.sides,
      questionMark: first.questionMark,
      changed: first.changed,
      ...(settled && found.every((f) => f.questionMark === first.questionMark) ? { onlyUnder: first.questionMark } : {}),
      ...(settled && star !== undefined && found.every((f) => f.sides.reading.principalStar === star) ? { onlyUnderStar: star } : {}),
    };
  }
  const open = answers.find((a) => a.answer.kind === 'undecided');
  return open ? (open.answer as { kind: 'undecided'; reason: string }) : { kind: 'none' };
}

/**
 * Both versions cut down to the statements that can bear on a change. A request the versions
 * decide differently is covered by a statement one of them has and the other has not (an Allow
 * added or removed, a Deny removed or added, a guard changed): where only shared statements
 * cover a request, both decide it alike. Every statement covering such a request meets that
 * changed statement (overlap.ts), so the statements kept decide it as the whole versions do,
 * and the search over them, kept to requests a changed statement covers, finds a difference
 * exactly when there is one. A one-line edit of a large policy is then searched over the few
 * statements near it, and only as far as the edited statements reach.
 */
function nearChanges(gaining: readonly AccessStatement[], losing: readonly AccessStatement[]):
  { sides: AccessStatement[][]; changed: AccessStatement[] } {
  const [inGaining, inLosing] = [new Set(gaining.map(statementKey)), new Set(losing.map(statementKey))];
  const changed = [...gaining.filter((s) => !inLosing.has(statementKey(s))), ...losing.filter((s) => !inGaining.has(statementKey(s)))];
  const near = (s: AccessStatement) => changed.some((c) => mayMeet(s, c));
  return { sides: [gaining.filter(near), losing.filter(near)], changed };
}

/** A third side that allows what the given changed statements cover: a witness must lie there. */
function touching(changed: readonly AccessStatement[]): AccessStatement[] {
  return changed.map((s): AccessStatement => ({ ...s, effect: 'Allow', guards: [] }));
}

/** The action a witness of a trust change is shown with first: the one RAM roles are assumed by. */
const TRUST_ACTIONS: readonly string[] = ['sts:AssumeRole'];

const wantedChange = ([gains, loses, touched]: readonly boolean[]) => gains && !loses && touched;

function changeOf(kind: ChangeKind, principal: string, found: Found, trust: boolean): AccessChange {
  const { gaining, losing, own, reading } = found.sides;
  // A request no changed statement covers is decided alike by both versions: checked first, as it is cheap.
  const witnesses = (request: Request, assumptions: Assumptions = found.assumptions) =>
    found.changed.some((s) => covers(s, request, found.questionMark))
    && evaluateRequest(gaining, request, assumptions, found.questionMark).allowed
    && !evaluateRequest(losing, request, assumptions, found.questionMark).allowed;
  const firstAllow = evaluateRequest(gaining, found.request, found.assumptions, found.questionMark).allowedBy;
  const patterns = [...(firstAllow?.resources ?? []), ...[...gaining, ...losing].flatMap((s) => s.resources)];
  const request = presentableRequest(found.request, (r) => witnesses(r), [...new Set(patterns)], trust ? TRUST_ACTIONS : undefined);
  const yes: Verdict = evaluateRequest(gaining, request, found.assumptions, found.questionMark);
  const no: Verdict = evaluateRequest(losing, request, found.assumptions, found.questionMark);
  if (!yes.allowed || no.allowed) {
    // The search and the reference evaluation disagree: a defect, never a silent pass.
    throw new Error(`internal error: the witness ${JSON.stringify(request)} for ${principal} is not confirmed`);
  }
  const used = usedAssumptions(found.assumptions, [...gaining, ...losing], request, found.questionMark);
  // Unknowns the change needs to hold: flipping one of them would undo the change.
  const needed = used.filter((g) => !g.startsWith('Condition ') && found.assumptions[g]
    && !witnesses({ ...request }, { ...found.assumptions, [g]: false }));
  const condition = conditionNote(kind, yes.allowedBy!, losing, request, found.assumptions, found.questionMark, own);
  // A `*` read as itself is shown as written; the change then says under which reading it exists.
  const shown = reading.literalStar === undefined ? request : { ...request, resource: request.resource.split(reading.literalStar).join('*') };
  return {
    kind,
    principal,
    request: shown,
    allowedBy: yes.allowedBy!.origin,
    ...(no.deniedBy ? { deniedBy: no.deniedBy.origin } : {}),
    assuming: used.map((g) => `${g}: ${found.assumptions[g]}`),
    ...(needed.length > 0 ? { unproven: `it rests on what the template does not fix: ${needed.join('; ')}` } : {}),
    ...(found.onlyUnder ? { questionMark: found.onlyUnder } : {}),
    ...(found.onlyUnderStar ? { principalStar: found.onlyUnderStar } : {}),
    ...(condition ? { condition } : {}),
  };
}

/** The guards that bear on the witness: those of every statement covering it. */
function usedAssumptions(assumptions: Assumptions, all: readonly AccessStatement[], request: Request, questionMark: QuestionMark): string[] {
  const bearing = new Set<string>();
  for (const s of all) if (covers(s, request, questionMark)) s.guards.forEach((g) => bearing.add(g));
  return [...bearing].filter((g) => g in assumptions).sort();
}

function compareChanges(a: AccessChange, b: AccessChange): number {
  const rank = (c: AccessChange) => (c.kind === ChangeKind.WIDENED ? 0 : 1);
  return rank(a) - rank(b) || (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0);
}

/** Exit codes of `cr-grants diff`; 1 is left to usage and input errors. */
export const DIFF_EXIT = { UNCHANGED: 0, WIDENED: 2, NARROWED: 3 } as const;

/** 2 for any widening or anything the search could not decide; 3 for narrowing only; 0 for none. */
export function diffExitCode(comparison: TemplateComparison): number {
  if (comparison.undecided.length > 0 || comparison.changes.some((c) => c.kind === ChangeKind.WIDENED)) return DIFF_EXIT.WIDENED;
  return comparison.changes.length > 0 ? DIFF_EXIT.NARROWED : DIFF_EXIT.UNCHANGED;
}

/** Compares two templates; `parameters` gives values for parameters of both. */
export function diffTemplates(oldTemplate: unknown, newTemplate: unknown, parameters: { readonly [name: string]: string } = {}): TemplateComparison {
  return compareReadings(readPrincipals(oldTemplate, parameters), readPrincipals(newTemplate, parameters));
}
