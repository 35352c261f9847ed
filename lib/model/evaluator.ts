/**
 * A RAM policy evaluator: which of a set of policies allows or denies one action on one resource.
 *
 * Semantics, with the documents they come from:
 *
 * - Deny by default; an explicit Deny overrides any Allow.
 *   https://www.alibabacloud.com/help/en/resource-access-management/latest/policy-evaluation-process
 * - A statement has Effect `Allow` | `Deny`, exactly one of Action / NotAction, Resource, and an
 *   optional Condition; Action and Resource take one string or a list; `*` is the wildcard.
 *   Element names and predefined values (so `Allow` / `Deny`) are case-sensitive.
 *   https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 * - Action values are, "in most cases", not case-sensitive: actions are matched ignoring ASCII case.
 *   Resources are matched case-sensitively (the documents give no case rule for resources, and the
 *   Container Registry identifiers this library writes are lowercase).
 *   https://www.alibabacloud.com/help/doc-detail/93738.htm
 * - `*` matches any sequence of characters, including none and including `/` and `:`.
 *   `?` is documented as a wildcard only for the StringLike / StringNotLike condition operators,
 *   not for Action or Resource, so here `?` is an ordinary character.
 *   https://www.alibabacloud.com/help/en/ram/conditional-operator
 *
 * The evaluator answers "may this be allowed?" for reviews that must show no grant leaks, so
 * whatever it cannot decide is resolved towards allowing (see {@link evaluate}).
 */
import { NamedPolicy, PolicyStatement } from './policy';
import { matchesPattern } from './wildcard';

/** The outcome of an evaluation. */
export enum DecisionEffect {
  /** A statement allows the request and none denies it. */
  ALLOW = 'ALLOW',
  /** No statement allows the request (RAM's default). */
  IMPLICIT_DENY = 'IMPLICIT_DENY',
  /** A Deny statement matches the request; it wins over every Allow. */
  EXPLICIT_DENY = 'EXPLICIT_DENY',
}

/** What {@link evaluate} decided and, unless the request is implicitly denied, which statement decided it. */
export interface Decision {
  readonly effect: DecisionEffect;
  /** The policy that holds the deciding statement. */
  readonly policyName?: string;
  /** The position of the deciding statement in its document's `Statement` list (from 0). */
  readonly statementIndex?: number;
  /** The deciding statement itself (the same object as in the document). */
  readonly statement?: PolicyStatement;
}

const IMPLICIT_DENY: Decision = Object.freeze({ effect: DecisionEffect.IMPLICIT_DENY });

/**
 * Evaluates `policies` (as attached to one principal) for `action` on `resource`.
 *
 * The deciding statement is, for an explicit deny, the first matching Deny and, for an allow,
 * the first matching Allow, counting in policy order, then statement order.
 *
 * Rules for what cannot be decided statically. The result must never report less access than RAM
 * could grant, so every uncertainty makes an Allow statement match and a Deny statement not match
 * (a deny is trusted only when it certainly applies):
 *
 * - A statement with a `Condition` (any value other than `undefined` / `null`) is treated as if its
 *   condition held when it is an Allow, and as if it failed when it is a Deny.
 * - An Action / NotAction / Resource entry that is not a string (for example an intrinsic function
 *   left unresolved in a template) may match anything: it matches in an Allow, not in a Deny. In a
 *   NotAction list it therefore never excludes an action from an Allow, and always excludes it
 *   from a Deny.
 *
 * Malformed statements, which RAM refuses to store, match nothing: an Effect other than exactly
 * `Allow` or `Deny`, neither or both of Action and NotAction, or no Resource. Nothing else is
 * validated here.
 */
export function evaluate(policies: NamedPolicy[], action: string, resource: string): Decision {
  let allow: Decision | undefined;
  for (let p = 0; p < policies.length; p++) {
    const policy = policies[p];
    const statements = policy.document.Statement;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s];
      const effect = statement.Effect;
      if (effect === 'Deny') {
        if (statementApplies(statement, false, action, resource)) {
          return {
            effect: DecisionEffect.EXPLICIT_DENY,
            policyName: policy.policyName,
            statementIndex: s,
            statement,
          };
        }
      } else if (effect === 'Allow') {
        if (allow === undefined && statementApplies(statement, true, action, resource)) {
          allow = {
            effect: DecisionEffect.ALLOW,
            policyName: policy.policyName,
            statementIndex: s,
            statement,
          };
        }
      }
    }
  }
  return allow ?? IMPLICIT_DENY;
}

/** Whether `pattern` (an Action / NotAction entry) covers `action`, ignoring ASCII case. */
export function actionMatches(pattern: string, action: string): boolean {
  return matchesPattern(pattern, action, true);
}

/** Whether `pattern` (a Resource entry) covers `resource`, case-sensitively. */
export function resourceMatches(pattern: string, resource: string): boolean {
  return matchesPattern(pattern, resource, false);
}

function statementApplies(statement: PolicyStatement, isAllow: boolean, action: string, resource: string): boolean {
  const actions = statement.Action;
  const notActions = statement.NotAction;
  const hasAction = actions !== undefined && actions !== null;
  const hasNotAction = notActions !== undefined && notActions !== null;
  if (hasAction === hasNotAction) return false;
  const resources = statement.Resource;
  if (resources === undefined || resources === null) return false;

  if (statement.Condition !== undefined && statement.Condition !== null && !isAllow) return false;

  if (hasAction) {
    if (!anyMatches(actions, action, true, isAllow)) return false;
  } else if (anyMatches(notActions, action, true, !isAllow)) {
    return false;
  }
  return anyMatches(resources, resource, false, isAllow);
}

/**
 * Whether one entry of `entries` (one string or a list) matches `value`.
 * An entry that is not a string counts as `unknownMatches`; so does an `entries` that is neither.
 */
function anyMatches(entries: unknown, value: string, caseInsensitive: boolean, unknownMatches: boolean): boolean {
  if (typeof entries === 'string') return matchesPattern(entries, value, caseInsensitive);
  if (!Array.isArray(entries)) return unknownMatches;
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (typeof entry === 'string') {
      if (matchesPattern(entry, value, caseInsensitive)) return true;
    } else if (unknownMatches) {
      return true;
    }
  }
  return false;
}
