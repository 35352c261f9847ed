/**
 * Statements as the decision core reads them: an effect, a set of actions (listed, or all but
 * the listed ones), a set of resources, and guards — named unknowns that must all hold for the
 * statement to apply. A Condition is a guard; so is "this unresolved value covers the request".
 * Guards are plain names so that the same unknown in two versions of a template is one unknown:
 * an unchanged conditional statement is not a change.
 */
import { QuestionMark, foldText, wildcardMatches } from '../model/wildcard';

export type Effect = 'Allow' | 'Deny';

/** Where a statement comes from, for reports. */
export interface StatementOrigin {
  /** The policy as reviews name it (`pull-web`, `AdministratorAccess (system)`, ...). */
  readonly policyName: string;
  /** Position in the document's `Statement` list, from 0; undefined for a stand-in of a whole policy. */
  readonly statementIndex?: number;
  /** Why the statement is read this way, when it is not written so (an unresolved value, an unknown policy). */
  readonly reading?: string;
  /** The statement as written, unresolved values shown as `${...}`; undefined for a stand-in. */
  readonly statement?: unknown;
}

export interface AccessStatement {
  readonly effect: Effect;
  /** Action patterns; with `notAction` the statement covers every action none of them matches. */
  readonly actions: readonly string[];
  readonly notAction: boolean;
  readonly resources: readonly string[];
  /** The resources with their unresolved parts as `${...}` (by identity: reports show them readable); the patterns themselves when undefined. */
  readonly resourceLabels?: readonly string[];
  /** Names of unknowns that must all hold for the statement to apply, sorted. */
  readonly guards: readonly string[];
  readonly origin: StatementOrigin;
}

/** One request: an action on a resource. */
export interface Request {
  readonly action: string;
  readonly resource: string;
}

/** Truth values chosen for guards. */
export type Assumptions = { readonly [guard: string]: boolean };

/** Whether `statement` covers `request`, ignoring its guards. */
export function covers(statement: AccessStatement, request: Request, questionMark: QuestionMark): boolean {
  const actionListed = statement.actions.some((p) => wildcardMatches(p, request.action, true, questionMark));
  if (actionListed === statement.notAction) return false;
  return statement.resources.some((p) => wildcardMatches(p, request.resource, false, questionMark));
}

/** Whether every guard of `statement` holds under `assumptions` (an unnamed guard does not). */
export function guardsHold(statement: AccessStatement, assumptions: Assumptions): boolean {
  return statement.guards.every((g) => assumptions[g] === true);
}

/** What a set of statements decides for one request. */
export interface Verdict {
  readonly allowed: boolean;
  /** The first applying Deny, when one applies. */
  readonly deniedBy?: AccessStatement;
  /** The first applying Allow, when one applies. */
  readonly allowedBy?: AccessStatement;
}

/**
 * RAM's evaluation for one request: allowed when some Allow applies and no Deny does
 * (https://www.alibabacloud.com/help/en/ram/user-guide/policy-evaluation-process). Written
 * for clarity, not speed: it is the reference the automata are tested and confirmed against.
 */
export function evaluateRequest(statements: readonly AccessStatement[], request: Request,
  assumptions: Assumptions, questionMark: QuestionMark): Verdict {
  const applying = statements.filter((s) => guardsHold(s, assumptions) && covers(s, request, questionMark));
  const deniedBy = applying.find((s) => s.effect === 'Deny');
  const allowedBy = applying.find((s) => s.effect === 'Allow');
  return { allowed: allowedBy !== undefined && deniedBy === undefined, deniedBy, allowedBy };
}

/**
 * RAM documents that actions are not case-sensitive, and says nothing of resources
 * (https://www.alibabacloud.com/help/en/ram/policy-elements). Container Registry's own names
 * (instance ids, namespaces, repositories) are lowercase, so the readings differ only where a
 * pattern has an uppercase letter: there, decisions are also made with every resource pattern
 * in lowercase, as RAM would match if it ignored case, and what is found only so says so.
 */
export const RESOURCE_CASE = 'only if RAM matches resource names ignoring case';

export function mentionsUpperCase(statements: readonly AccessStatement[]): boolean {
  return statements.some((s) => s.resources.some((p) => p !== foldText(p)));
}

export function foldResourceCase(statement: AccessStatement): AccessStatement {
  return { ...statement, resources: statement.resources.map(foldText) };
}
