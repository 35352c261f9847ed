/**
 * Exact comparison of two versions of a template, principal by principal: does NEW allow any
 * request that OLD does not (a widening), and the reverse (a narrowing)? Each answer is decided
 * by the search in decide.ts under both readings of `?`, and each change carries a witness
 * request that the reference evaluation confirms.
 *
 * Unknowns (Conditions, unresolved values, policies whose content is not known) are guards the
 * search sets either way; the same unknown in both versions is one unknown, so an unchanged
 * unknown is not a change. A widening that needs an unresolved value or an unknown policy to
 * hold is reported as "cannot prove no new access", and still counts as a widening.
 */
import { QUESTION_MARK_READINGS, QuestionMark } from '../model/wildcard';
import { TemplateReading, readPrincipals } from '../template/principals';
import { readableReport } from '../template/values';
import { Answer, SearchBudget, findRequest } from './decide';
import { PrincipalStatements, statementsOfPrincipal } from './read-statements';
import { AccessStatement, Assumptions, Request, StatementOrigin, Verdict, covers, evaluateRequest } from './statements';
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
}

export interface TemplateComparison {
  /** Widenings first, then by principal. */
  readonly changes: readonly AccessChange[];
  /** Principals whose question the search could not decide within its budget: read as widened. */
  readonly undecided: readonly { readonly principal: string; readonly reason: string }[];
}

export function compareReadings(before: TemplateReading, after: TemplateReading, budget?: SearchBudget): TemplateComparison {
  const labels = [...new Set([...before.principals.keys(), ...after.principals.keys()])].sort();
  const changes: AccessChange[] = [];
  const undecided: { principal: string; reason: string }[] = [];
  for (const label of labels) {
    const old = statementsOf(before, label);
    const now = statementsOf(after, label);
    if (sameStatements(old.statements, now.statements)) continue;
    for (const kind of [ChangeKind.WIDENED, ChangeKind.NARROWED]) {
      const [gaining, losing] = kind === ChangeKind.WIDENED ? [now, old] : [old, now];
      const result = firstDifference(gaining.statements, losing.statements, budget);
      if (result.kind === 'undecided') {
        if (kind === ChangeKind.WIDENED) undecided.push({ principal: label, reason: result.reason });
        continue;
      }
      if (result.kind === 'found') changes.push(changeOf(kind, label, result, gaining.statements, losing.statements));
    }
  }
  // Unknowns are told apart by fingerprints; reports show them without.
  return readableReport({ changes: changes.sort(compareChanges), undecided });
}

function statementsOf(reading: TemplateReading, label: string): PrincipalStatements {
  const holdings = reading.principals.get(label);
  return holdings ? statementsOfPrincipal(holdings) : { label, statements: [], unknownPolicies: [] };
}

/** Equal statements (where they come from aside) allow the same requests: nothing to search. */
function sameStatements(a: readonly AccessStatement[], b: readonly AccessStatement[]): boolean {
  const key = (list: readonly AccessStatement[]) => JSON.stringify(list.map(({ origin: _origin, ...rest }) => rest));
  return key(a) === key(b);
}

type Found = Extract<Answer, { kind: 'found' }> & { readonly questionMark: QuestionMark; readonly onlyUnder?: QuestionMark };

/** A request `gaining` allows and `losing` does not, under either reading of `?`. */
function firstDifference(gaining: readonly AccessStatement[], losing: readonly AccessStatement[], budget?: SearchBudget):
  Found | { kind: 'none' } | { kind: 'undecided'; reason: string } {
  const answers = QUESTION_MARK_READINGS.map((questionMark) => ({
    questionMark,
    answer: findRequest({ sides: [gaining, losing], wanted: ([g, l]) => g && !l, questionMark, budget }),
  }));
  const found = answers.filter((a) => a.answer.kind === 'found');
  if (found.length > 0) {
    const first = found[0];
    const answer = first.answer as Extract<Answer, { kind: 'found' }>;
    return { ...answer, questionMark: first.questionMark, ...(found.length === 1 ? { onlyUnder: first.questionMark } : {}) };
  }
  const open = answers.find((a) => a.answer.kind === 'undecided');
  return open ? (open.answer as { kind: 'undecided'; reason: string }) : { kind: 'none' };
}

function changeOf(kind: ChangeKind, principal: string, found: Found,
  gaining: readonly AccessStatement[], losing: readonly AccessStatement[]): AccessChange {
  const witnesses = (request: Request, assumptions: Assumptions = found.assumptions) =>
    evaluateRequest(gaining, request, assumptions, found.questionMark).allowed
    && !evaluateRequest(losing, request, assumptions, found.questionMark).allowed;
  const firstAllow = evaluateRequest(gaining, found.request, found.assumptions, found.questionMark).allowedBy;
  const patterns = [...(firstAllow?.resources ?? []), ...[...gaining, ...losing].flatMap((s) => s.resources)];
  const request = presentableRequest(found.request, (r) => witnesses(r), [...new Set(patterns)]);
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
  return {
    kind,
    principal,
    request,
    allowedBy: yes.allowedBy!.origin,
    ...(no.deniedBy ? { deniedBy: no.deniedBy.origin } : {}),
    assuming: used.map((g) => `${g}: ${found.assumptions[g]}`),
    ...(needed.length > 0 ? { unproven: `it rests on what the template does not fix: ${needed.join('; ')}` } : {}),
    ...(found.onlyUnder ? { questionMark: found.onlyUnder } : {}),
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
