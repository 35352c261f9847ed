/**
 * `cr-grants explain`: whether one principal may perform one action on one resource under a
 * template's policies, and the statement that decided it. The same reading and evaluation as
 * `diff`: every unknown (a Condition, an unresolved value, a policy whose content is not known)
 * bearing on the request is tried both ways, under both readings of `?`. A request allowed under
 * some of them is reported as allowed, with what it depends on: the safe answer to "may they?".
 */
import { QUESTION_MARK_READINGS, QuestionMark, foldText } from '../model/wildcard';
import { readPrincipals } from '../template/principals';
import { readable, readableReport } from '../template/values';
import { statementsOfPrincipal } from './read-statements';
import {
  AccessStatement, Assumptions, Request, StatementOrigin, Verdict, covers, evaluateRequest, foldResourceCase, mentionsUpperCase,
} from './statements';

/** The outcome of an explanation. */
export enum ExplainEffect {
  /** A statement allows the request and none denies it (under some unknowns, when `dependsOn` is not empty). */
  ALLOW = 'ALLOW',
  /** No statement allows the request (RAM's default). */
  IMPLICIT_DENY = 'IMPLICIT_DENY',
  /** A Deny statement matches the request; it wins over every Allow. */
  EXPLICIT_DENY = 'EXPLICIT_DENY',
}

/** A question `explain` cannot answer as asked; `hint` says how to ask it. */
export class ExplainError extends Error {
  constructor(message: string, public readonly hint?: string) {
    super(message);
    this.name = 'ExplainError';
  }
}

export interface Explanation {
  readonly grantee: string;
  readonly action: string;
  readonly resource: string;
  readonly effect: ExplainEffect;
  /** The statement that allowed or explicitly denied the request. */
  readonly decidedBy?: StatementOrigin;
  /** Unknowns whose truth changes the answer, sorted; empty when the answer holds whatever they are. */
  readonly dependsOn: readonly string[];
  /** Set when the answer differs with the reading of `?`: the reading under which it is allowed. */
  readonly questionMark?: QuestionMark;
  /** Set when the request is allowed only if RAM matches resource names ignoring case (see `RESOURCE_CASE`). */
  readonly ignoringResourceCase?: boolean;
  /** The policies evaluated, in evaluation order. */
  readonly policies: readonly string[];
  /** Policies whose content is not known, and other caveats. */
  readonly notes: readonly string[];
}

/** More unknowns on one request than this are not tried one by one: the request reads as allowed. */
const MAX_UNKNOWNS = 14;

const GRANTEE = /^(user|group|role):(.+)$/;

/** Refuses a request that is malformed whatever the template; run before loading one. */
export function checkRequest(grantee: string, action: string, resource: string): void {
  if (!GRANTEE.test(grantee)) {
    throw new ExplainError(`--grantee ${JSON.stringify(grantee)} is not kind:name`, 'write user:alice, group:dev or role:ci');
  }
  if (!/^[^:\s]+:[^:\s]+$/.test(action)) {
    throw new ExplainError(`--action ${JSON.stringify(action)} is not service:Action`, 'for example cr:PushRepository');
  }
  if (resource.trim() === '') {
    throw new ExplainError('--resource is empty', 'for example acs:cr:cn-hangzhou:*:repository/cri-123456/ns/app');
  }
}

export function explainTemplate(template: unknown, grantee: string, action: string, resource: string,
  parameters: { readonly [name: string]: string } = {}): Explanation {
  // Unknowns are told apart by fingerprints; reports show them without.
  return readableReport(explainRequest(template, grantee, action, resource, parameters));
}

function explainRequest(template: unknown, grantee: string, action: string, resource: string,
  parameters: { readonly [name: string]: string }): Explanation {
  checkRequest(grantee, action, resource);
  const reading = readPrincipals(template, parameters);
  // A principal named by an unknown is found by the label reports show.
  const holdings = reading.principals.get(grantee) ?? [...reading.principals.values()].find((h) => readable(h.label) === grantee);
  if (!holdings) {
    const known = [...reading.principals.keys()].map(readable);
    throw new ExplainError(`${grantee} has no policy attached in this template`,
      known.length > 0 ? `grantees: ${known.join(', ')}` : 'the template attaches no policy to anyone');
  }
  const { statements, unknownPolicies } = statementsOfPrincipal(holdings);
  const policies = [...new Set(holdings.policies.map((p) => p.policyName))];
  const context = { grantee, action, resource, policies, notes: [...unknownPolicies, ...reading.notes] };
  const asWritten = explainUnder(statements, { action, resource }, context);
  if (asWritten.effect === ExplainEffect.ALLOW || (!mentionsUpperCase(statements) && foldText(resource) === resource)) return asWritten;
  // The safe answer to "may they?": allowed if RAM, ignoring the case of resource names, would allow it.
  const ignoringCase = explainUnder(statements.map(foldResourceCase), { action, resource: foldText(resource) }, context);
  return ignoringCase.effect === ExplainEffect.ALLOW ? { ...ignoringCase, ignoringResourceCase: true } : asWritten;
}

/** The explanation of `request` under the statements as given, every unknown and reading of `?` tried. */
function explainUnder(statements: readonly AccessStatement[], request: Request,
  { grantee, action, resource, policies, notes }: Pick<Explanation, 'grantee' | 'action' | 'resource' | 'policies' | 'notes'>): Explanation {
  type Outcome = { questionMark: QuestionMark; guards: string[]; assumptions?: Assumptions; verdict?: Verdict };
  const outcomes = QUESTION_MARK_READINGS.flatMap((questionMark): Outcome[] => {
    const guards = [...new Set(statements.filter((s) => covers(s, request, questionMark)).flatMap((s) => s.guards))].sort();
    if (guards.length > MAX_UNKNOWNS) return [{ questionMark, guards }];
    return assignments(guards).map((assumptions) => ({ questionMark, guards, assumptions, verdict: evaluateRequest(statements, request, assumptions, questionMark) }));
  });
  const tooMany = outcomes.find((o) => o.verdict === undefined);
  if (tooMany) {
    return { grantee, action, resource, effect: ExplainEffect.ALLOW, dependsOn: tooMany.guards, policies,
      notes: [...notes, `more than ${MAX_UNKNOWNS} unknowns bear on this request: read as allowed`] };
  }
  const allowing = outcomes.filter((o) => o.verdict!.allowed);
  // An unknown matters when flipping it alone changes the answer somewhere.
  const allowedUnder = (o: Outcome, g: string) =>
    evaluateRequest(statements, request, { ...o.assumptions, [g]: !o.assumptions![g] }, o.questionMark).allowed;
  const dependsOn = [...new Set(outcomes.flatMap((o) => o.guards.filter((g) => allowedUnder(o, g) !== o.verdict!.allowed)))].sort();
  const readings = new Set(allowing.map((o) => o.questionMark));
  const questionMark = allowing.length > 0 && readings.size < QUESTION_MARK_READINGS.length ? [...readings][0] : undefined;
  if (allowing.length > 0) {
    return { grantee, action, resource, effect: ExplainEffect.ALLOW, decidedBy: allowing[0].verdict!.allowedBy!.origin,
      dependsOn, ...(questionMark ? { questionMark } : {}), policies, notes };
  }
  // Denied however the unknowns fall: show a Deny that applies when every unknown holds, if one does.
  const everything = outcomes[outcomes.length - 1].verdict!;
  return everything.deniedBy
    ? { grantee, action, resource, effect: ExplainEffect.EXPLICIT_DENY, decidedBy: everything.deniedBy.origin, dependsOn: [], policies, notes }
    : { grantee, action, resource, effect: ExplainEffect.IMPLICIT_DENY, dependsOn: [], policies, notes };
}

/** Every truth assignment to `guards`, fewest true first (the last makes all true). */
function assignments(guards: readonly string[]): Assumptions[] {
  const all: Assumptions[] = [];
  for (let bits = 0; bits < 2 ** guards.length; bits++) {
    const a: { [g: string]: boolean } = {};
    guards.forEach((g, i) => { a[g] = (bits & (1 << i)) !== 0; });
    all.push(a);
  }
  const count = (a: Assumptions) => Object.values(a).filter(Boolean).length;
  return all.sort((x, y) => count(x) - count(y));
}

/** 0 when allowed (or possibly allowed), 2 when denied. */
export function explainExitCode(explanation: Explanation): number {
  return explanation.effect === ExplainEffect.ALLOW ? 0 : 2;
}


