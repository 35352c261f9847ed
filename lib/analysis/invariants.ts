/**
 * Checking access invariants (lib/model/invariant.ts) against a template, with the decision
 * core: for every principal the invariant does not exempt, is there a request that its
 * statements allow and that the invariant forbids? The forbidden requests are one more set of
 * statements — the `never` patterns on the protected resources — so the question is
 * `[principal, forbidden]` with `allowed[0] && allowed[1]`, decided over the patterns, never
 * over samples.
 *
 * A user holds its groups' policies; a policy held through an exempt group is exempt for its
 * Allows (the group's members are who the exception names) but its Denies still count.
 *
 * What the template does not fix is read the way that could hide a violation:
 * - a violation is VIOLATED when it holds whatever the unknowns are: it is searched for with
 *   every Allow that needs an unknown left out and every Deny that needs one applied;
 * - otherwise, a violation that some values of the unknowns allow is UNPROVEN ("cannot prove
 *   the invariant holds"), with the unknowns it rests on; so is a question the search cannot
 *   decide within its budget, and a principal named by an unresolved value when the exception
 *   names a principal of its kind.
 * A Condition is not an unknown of the template but a property of the request (the source IP,
 * MFA, ...): a request that meets it is a real request, so a violation under a Condition is a
 * violation, and says which Condition it needs. RAM applies a statement when its Condition holds
 * for the request, and an explicit Deny wins over any Allow
 * (https://www.alibabacloud.com/help/en/doc-detail/93738.htm, the policy elements).
 * A violation under one reading of `?` only is UNPROVEN: RAM's documents do not settle it. So is
 * one whose forbidden actions are all names no Container Registry action has today
 * (`cr:ListInstance*` meets `cr:*Namespace` only in `cr:ListInstanceNamespace`): the patterns
 * allow it, but no request can name it until such an action exists.
 */
import { CR_ACTION_CATALOGUE } from '../model/actions';
import { actionMatches } from '../model/evaluator';
import { Invariant, LocatedInvariant, describeInvariant, protectedResources } from '../model/invariant';
import { QUESTION_MARK_READINGS, QuestionMark } from '../model/wildcard';
import { PrincipalHoldings, TemplateReading, readPrincipals } from '../template/principals';
import { Answer, SearchBudget, findRequest } from './decide';
import { statementsOfPolicy } from './read-statements';
import {
  AccessStatement, Assumptions, RESOURCE_CASE, Request, StatementOrigin, covers, evaluateRequest, foldResourceCase, mentionsUpperCase,
} from './statements';
import { presentableRequest } from './witness';

export enum InvariantCertainty {
  /** A request the invariant forbids is allowed, whatever the template's unknowns are. */
  VIOLATED = 'VIOLATED',
  /** Such a request may be allowed, depending on what the template does not fix: the invariant cannot be proven to hold. */
  UNPROVEN = 'UNPROVEN',
}

/** One principal that breaks, or may break, one invariant: plain data for any report format. */
export interface InvariantViolation {
  /** Position of the invariant in the list it was given in, from 0. */
  readonly invariantIndex: number;
  /** Where the invariant was written: `file:line:column`, or a construct path with `invariants[i]`. */
  readonly where: string;
  /** The invariant in one line. */
  readonly invariant: string;
  readonly principal: string;
  readonly certainty: InvariantCertainty;
  /** A forbidden request the principal may be allowed; undefined when the search could not decide. */
  readonly request?: Request;
  /** The statement that allows the request. */
  readonly allowedBy?: StatementOrigin;
  /** Unknowns and Conditions bearing on the request, as `name: true|false`, sorted. */
  readonly assuming: readonly string[];
  /** Why the invariant cannot be proven to hold, for UNPROVEN. */
  readonly unproven?: string;
  /** Set when the violation exists under one reading of `?` only. */
  readonly questionMark?: QuestionMark;
}

/** Exit codes of `cr-grants check --invariants` beyond the checker's own 0 and 1. */
export const INVARIANT_EXIT = { VIOLATED: 2, UNPROVEN: 3 } as const;

/** 2 when any invariant is violated, 3 when none is but one cannot be proven, undefined when all hold. */
export function invariantExitCode(violations: readonly InvariantViolation[]): number | undefined {
  if (violations.some((v) => v.certainty === InvariantCertainty.VIOLATED)) return INVARIANT_EXIT.VIOLATED;
  return violations.length > 0 ? INVARIANT_EXIT.UNPROVEN : undefined;
}

/** Checks invariants against a template; `parameters` are values for its parameters. */
export function checkTemplateInvariants(template: unknown, invariants: readonly LocatedInvariant[],
  parameters: { readonly [name: string]: string } = {}, budget?: SearchBudget): InvariantViolation[] {
  return checkInvariants(readPrincipals(template, parameters), invariants, budget);
}

/** Every violation of every invariant, by invariant, then principal. */
export function checkInvariants(reading: TemplateReading, invariants: readonly LocatedInvariant[], budget?: SearchBudget): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  invariants.forEach(({ invariant, where }, invariantIndex) => {
    for (const holdings of reading.principals.values()) {
      if (invariant.except.includes(holdings.label)) continue;
      const found = violationOf(holdings, invariant, budget) ?? violationIgnoringResourceCase(holdings, invariant, budget);
      if (found) out.push({ invariantIndex, where, invariant: describeInvariant(invariant), principal: holdings.label, ...found });
    }
  });
  return out;
}

type Found = Omit<InvariantViolation, 'invariantIndex' | 'where' | 'invariant' | 'principal'>;

const CONDITION = 'Condition ';

/** A violation that exists only if RAM ignores the case of resource names: never proven. */
function violationIgnoringResourceCase(holdings: PrincipalHoldings, invariant: Invariant, budget?: SearchBudget): Found | undefined {
  if (!mentionsUpperCase(statementsCounted(holdings, invariant))) return undefined;
  const found = violationOf(holdings, invariant, budget, true);
  if (found === undefined) return undefined;
  return { ...found, certainty: InvariantCertainty.UNPROVEN, unproven: [found.unproven, RESOURCE_CASE].filter((r) => r !== undefined).join('; ') };
}

function violationOf(holdings: PrincipalHoldings, invariant: Invariant, budget?: SearchBudget, ignoringResourceCase = false): Found | undefined {
  const counted = statementsCounted(holdings, invariant);
  const side = ignoringResourceCase ? counted.map(foldResourceCase) : counted;
  const forbidden: AccessStatement = {
    effect: 'Allow', actions: invariant.never, notAction: false, resources: protectedResources(invariant), guards: [],
    origin: { policyName: `invariant ${describeInvariant(invariant)}` },
  };
  const ask = (statements: readonly AccessStatement[], questionMark: QuestionMark, inside = forbidden): Answer =>
    findRequest({ sides: [statements, [inside]], wanted: ([allowed, isForbidden]) => allowed && isForbidden, questionMark, budget });

  // Without a `?` in any pattern the two readings are one: ask once.
  const readings = [...side, forbidden].some((s) => [...s.actions, ...s.resources].some((p) => p.includes('?')))
    ? QUESTION_MARK_READINGS : [QuestionMark.LITERAL];
  const possible = readings.map((questionMark) => ({ questionMark, answer: ask(side, questionMark) }));
  const possibleFound = possible.filter((p) => p.answer.kind === 'found');
  if (possibleFound.length === 0) {
    const open = possible.find((p) => p.answer.kind === 'undecided')?.answer;
    if (open?.kind !== 'undecided') return undefined;
    return { certainty: InvariantCertainty.UNPROVEN, assuming: [], unproven: `the search could not decide: ${open.reason}` };
  }

  const certain = worstCase(side);
  // Without unknowns of the template, the worst case is the statements themselves: the answers stand.
  const proven = certain.length === side.length && certain.every((s, i) => s === side[i]) ? possible
    : readings.map((questionMark) => ({ questionMark, answer: ask(certain, questionMark) }));
  let provenFound = proven.filter((p) => p.answer.kind === 'found');
  const unnamed = unfixedName(holdings.label, invariant);
  let against = forbidden;
  let outsideCatalogue: string | undefined;
  if (provenFound.length > 0) {
    const shortest = presented(provenFound[0].answer as FoundAnswer, certain, forbidden, provenFound[0].questionMark).request.action;
    if (!isCatalogued(shortest)) {
      // Patterns may meet only in names no Container Registry action has today: look for a real one.
      against = { ...forbidden, actions: CR_ACTION_CATALOGUE.filter((a) => invariant.never.some((p) => actionMatches(p, a))) };
      const real = readings.map((questionMark) => ({ questionMark, answer: ask(certain, questionMark, against) }));
      if (real.some((p) => p.answer.kind === 'found')) {
        provenFound = real.filter((p) => p.answer.kind === 'found');
      } else {
        against = forbidden;
        outsideCatalogue = shortest;
      }
    }
  }
  if (provenFound.length > 0) {
    const first = provenFound[0];
    const witness = presented(first.answer as FoundAnswer, certain, against, first.questionMark);
    confirmWorstCase(holdings.label, side, against, witness, first.questionMark);
    const onlyUnder = provenFound.length < readings.length ? first.questionMark : undefined;
    const reasons = [
      ...(outsideCatalogue ? [`the forbidden actions it allows are not Container Registry actions today, such as ${outsideCatalogue}: a pattern of the template meets a "never" pattern only there`] : []),
      ...(onlyUnder ? [`it exists only if RAM reads "?" ${onlyUnder === QuestionMark.LITERAL ? 'as a plain character' : 'as any one character'}`] : []),
      ...(unnamed ? [unnamed] : []),
    ];
    return {
      certainty: reasons.length > 0 ? InvariantCertainty.UNPROVEN : InvariantCertainty.VIOLATED,
      ...witness,
      ...(reasons.length > 0 ? { unproven: reasons.join('; ') } : {}),
      ...(onlyUnder ? { questionMark: onlyUnder } : {}),
    };
  }
  const first = possibleFound[0];
  const witness = presented(first.answer as FoundAnswer, side, forbidden, first.questionMark);
  const needed = neededUnknowns(side, forbidden, witness.request, (first.answer as FoundAnswer).assumptions, first.questionMark);
  const open = proven.find((p) => p.answer.kind === 'undecided')?.answer;
  const reasons = [
    ...(needed.length > 0 ? [`it rests on what the template does not fix: ${needed.join('; ')}`] : []),
    ...(open?.kind === 'undecided' ? [`whether it holds whatever the template leaves open was not decided: ${open.reason}`] : []),
    ...(unnamed ? [unnamed] : []),
  ];
  return {
    certainty: InvariantCertainty.UNPROVEN,
    ...witness,
    unproven: reasons.join('; '),
    ...(possibleFound.length < readings.length ? { questionMark: first.questionMark } : {}),
  };
}

type FoundAnswer = Extract<Answer, { kind: 'found' }>;

function isCatalogued(action: string): boolean {
  return CR_ACTION_CATALOGUE.some((a) => a.toLowerCase() === action.toLowerCase());
}

/**
 * The principal's statements that count against the invariant: every Deny, and every Allow
 * except those of policies held through a group the invariant exempts.
 */
function statementsCounted(holdings: PrincipalHoldings, invariant: Invariant): AccessStatement[] {
  return holdings.policies.flatMap((policy) => {
    const exempt = policy.throughGroup !== undefined && invariant.except.includes(policy.throughGroup);
    return statementsOfPolicy(policy).filter((s) => s.effect === 'Deny' || !exempt);
  });
}

function templateGuards(statement: AccessStatement): string[] {
  return statement.guards.filter((g) => !g.startsWith(CONDITION));
}

/**
 * The statements read against a violation: an Allow that needs an unknown of the template is
 * left out, a Deny that needs one applies (its Conditions kept). What this allows, every value
 * of the unknowns allows: the Allows left are a subset and the Denies a superset of any.
 */
function worstCase(statements: readonly AccessStatement[]): AccessStatement[] {
  return statements.flatMap((s) => {
    if (templateGuards(s).length === 0) return [s];
    return s.effect === 'Deny' ? [{ ...s, guards: s.guards.filter((g) => g.startsWith(CONDITION)) }] : [];
  });
}

/** The search's request made readable, with the statement that allows it and the unknowns bearing on it. */
function presented(found: FoundAnswer, side: readonly AccessStatement[], forbidden: AccessStatement, questionMark: QuestionMark):
  { request: Request; allowedBy: StatementOrigin; assuming: string[] } {
  // The forbidden set first: one statement, so most candidates are ruled out cheaply.
  const witnesses = (request: Request) => covers(forbidden, request, questionMark)
    && evaluateRequest(side, request, found.assumptions, questionMark).allowed;
  const firstAllow = evaluateRequest(side, found.request, found.assumptions, questionMark).allowedBy;
  // A repository under the namespace first: most actions are authorized on repositories.
  const repositoriesFirst = [...forbidden.resources.filter((r) => r.endsWith('/*')), ...forbidden.resources.filter((r) => !r.endsWith('/*'))];
  const patterns = [...repositoriesFirst, ...(firstAllow?.resources ?? [])];
  const request = presentableRequest(found.request, witnesses, [...new Set(patterns)]);
  const verdict = evaluateRequest(side, request, found.assumptions, questionMark);
  if (!verdict.allowed || !covers(forbidden, request, questionMark)) {
    // The search and the reference evaluation disagree: a defect, never a silent pass.
    throw new Error(`internal error: the witness ${JSON.stringify(request)} of an invariant violation is not confirmed`);
  }
  const bearing = new Set<string>();
  for (const s of side) if (covers(s, request, questionMark)) s.guards.forEach((g) => bearing.add(g));
  const assuming = [...bearing].filter((g) => g in found.assumptions).sort().map((g) => `${g}: ${found.assumptions[g]}`);
  return { request, allowedBy: verdict.allowedBy!.origin, assuming };
}

/** Unknowns of the template bearing on the witness whose other value alone undoes the violation; all of them when no one alone does. */
function neededUnknowns(side: readonly AccessStatement[], forbidden: AccessStatement, request: Request,
  assumptions: Assumptions, questionMark: QuestionMark): string[] {
  const bearing = [...new Set(side.filter((s) => covers(s, request, questionMark)).flatMap(templateGuards))].sort();
  const value = (g: string) => assumptions[g] === true;
  const holds = (a: Assumptions) => evaluateRequest(side, request, a, questionMark).allowed && covers(forbidden, request, questionMark);
  const flipped = bearing.filter((g) => !holds({ ...assumptions, [g]: !value(g) }));
  return (flipped.length > 0 ? flipped : bearing).map((g) => `${g}: ${value(g)}`);
}

/** Most unknowns the confirmation of a VIOLATED witness tries in every combination. */
const MAX_CONFIRMED_UNKNOWNS = 12;

/**
 * A VIOLATED witness must be allowed under every value of the template's unknowns bearing on
 * it (Conditions as the search chose them). Checked by the reference evaluation, as the
 * search's answers are, so a defect in the worst-case reading cannot pass unseen.
 */
function confirmWorstCase(principal: string, side: readonly AccessStatement[], forbidden: AccessStatement,
  witness: { request: Request; assuming: readonly string[] }, questionMark: QuestionMark): void {
  const covering = side.filter((s) => covers(s, witness.request, questionMark));
  const unknowns = [...new Set(covering.flatMap(templateGuards))].sort();
  if (unknowns.length > MAX_CONFIRMED_UNKNOWNS) return;
  const conditions: { [g: string]: boolean } = {};
  for (const entry of witness.assuming) {
    const at = entry.lastIndexOf(': ');
    const name = entry.slice(0, at);
    if (name.startsWith(CONDITION)) conditions[name] = entry.slice(at + 2) === 'true';
  }
  for (let bits = 0; bits < 2 ** unknowns.length; bits++) {
    const assumptions: { [g: string]: boolean } = { ...conditions };
    unknowns.forEach((g, i) => { assumptions[g] = (bits & (1 << i)) !== 0; });
    if (!evaluateRequest(side, witness.request, assumptions, questionMark).allowed || !covers(forbidden, witness.request, questionMark)) {
      throw new Error(`internal error: the violation ${JSON.stringify(witness.request)} by ${principal} is not allowed under every unknown`);
    }
  }
}

/**
 * Why a violation by a principal whose name the template does not fix is not certain: it may be
 * one the invariant exempts. Undefined when its name is fixed or no exemption is of its kind.
 */
function unfixedName(label: string, invariant: Invariant): string | undefined {
  const colon = label.indexOf(':');
  const kind = label.slice(0, colon);
  const name = label.slice(colon + 1);
  if (kind !== '*' && !name.includes('${')) return undefined;
  const sameKind = invariant.except.filter((e) => kind === '*' || e.startsWith(`${kind}:`));
  return sameKind.length > 0 ? `the template does not fix the name of ${label}, which may be ${sameKind.join(' or ')}` : undefined;
}

/**
 * A violation in one line, for construct errors and text reports: who may be allowed what, by
 * which statement, and for UNPROVEN why the invariant cannot be proven to hold.
 */
export function describeViolation(violation: InvariantViolation): string {
  const conditions = violation.assuming.filter((a) => a.startsWith(CONDITION) && a.endsWith(': true'))
    .map((a) => a.slice(0, -': true'.length));
  const by = violation.allowedBy === undefined ? '' : ` by policy ${violation.allowedBy.policyName}`
    + (violation.allowedBy.statementIndex === undefined ? '' : `, statement ${violation.allowedBy.statementIndex}`);
  const what = violation.request === undefined ? violation.principal
    : `${violation.principal} may be allowed ${violation.request.action} on ${violation.request.resource}${by}`
      + (conditions.length > 0 ? ` when ${conditions.join(' and ')} holds` : '');
  return violation.certainty === InvariantCertainty.VIOLATED ? what : `${what}; cannot prove the invariant holds: ${violation.unproven}`;
}
