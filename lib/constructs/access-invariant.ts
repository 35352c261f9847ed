/**
 * Invariants on a construct: what the account it deploys to must never allow. They are validated
 * at construction like grants, and checked at synth with the analysis `cr-grants check
 * --invariants` uses, so a construct and a review decide alike: a `RegistryAccess`'s against its
 * stack's template (the plan as rendered, beside whatever else the stack attaches or joins), a
 * `RegistryAccessStacks`' against every stack of the app read as one account, as `cr-grants
 * check` reads a cloud assembly (RAM names are account-wide: a grantee's policies may sit in one
 * stack and its group memberships in another).
 */
import * as ros from '@alicloud/ros-cdk-core';
import { InvariantCertainty, checkTemplateInvariants, describeViolation } from '../analysis/invariants';
import { GrantValidationError } from '../model/errors';
import { InvariantInput, LocatedInvariant, MAX_INVARIANTS, normalizeInvariant } from '../model/invariant';
import { TemplateShapeError } from '../template/template';
import { isNestedStack, stackSetOf, stackTemplate } from './stack-template';

/** What no principal but the exempt ones may ever be allowed on a namespace. */
export interface AccessInvariant {
  /** Container Registry action patterns (`cr:DeleteNamespace`, `cr:Delete*`); each must match a known action. */
  readonly never: string[];
  /** `<instanceId>/<namespace>`, or `<instanceId>/*` for every namespace of the instance. */
  readonly on: string;
  /**
   * Exempt principals: `user:NAME`, `group:NAME`, `role:NAME`. A group's members are exempt for
   * what they hold through it. @default - none
   */
  readonly except?: string[];
  /** Region ids the invariant is limited to. @default - every region */
  readonly regions?: string[];
  /** The account the invariant is limited to. @default - every account */
  readonly accountId?: string;
}

/** Validates a construct's invariants; each refusal names `<path> invariants[i]`. */
export function locatedInvariants(path: string, invariants: readonly AccessInvariant[] | undefined): LocatedInvariant[] {
  if (invariants === undefined) return [];
  if (!Array.isArray(invariants)) {
    throw new GrantValidationError(path, 'invariants', invariants, 'must be a list of invariants', 'write invariants: [{ never: [...], on: "..." }]');
  }
  if (invariants.length > MAX_INVARIANTS) {
    throw new GrantValidationError(path, 'invariants', `${invariants.length} invariants`, `must list at most ${MAX_INVARIANTS}`,
      'merge invariants that protect the same namespace');
  }
  return invariants.map((input, i) => {
    const where = `${path} invariants[${i}]`;
    return { invariant: normalizeInvariant(input as InvariantInput, where), where };
  });
}

/**
 * One error per broken invariant and principal, for `validate()`: the stack's template is read
 * as `cr-grants check` reads a template, so what the stack's other resources attach counts too.
 */
export function invariantErrors(scope: ros.Construct, invariants: readonly LocatedInvariant[]): string[] {
  if (invariants.length === 0) return [];
  return violationErrors(stackTemplate(ros.Stack.of(scope)), invariants);
}

/**
 * {@link invariantErrors} over every top-level stack of the app `scope` is in, read as one
 * account. Stacks that cannot be read as one account (two policies of one name) cannot be
 * proven to keep anything: that is one error naming `where`.
 */
export function appInvariantErrors(scope: ros.Construct, where: string, invariants: readonly LocatedInvariant[]): string[] {
  if (invariants.length === 0) return [];
  const root = scope.node.root;
  const stacks = [root, ...root.node.findAll()].filter((c): c is ros.Stack => ros.Stack.isStack(c) && !isNestedStack(c));
  try {
    return violationErrors(stackSetOf(stacks, 'the app'), invariants);
  } catch (error) {
    if (!(error instanceof TemplateShapeError)) throw error;
    return [`${where}: invariants cannot be checked: the app's stacks cannot be read as one account: ${error.message}`
      + `${error.hint ? ` (${error.hint})` : ''}`];
  }
}

function violationErrors(template: unknown, invariants: readonly LocatedInvariant[]): string[] {
  const violations = checkTemplateInvariants(template, invariants);
  return violations.map((v) => {
    const broken = v.certainty === InvariantCertainty.VIOLATED ? 'is broken' : 'may be broken';
    return `${v.where}: invariant "${v.invariant}" ${broken}: ${describeViolation(v)} `
      + '(narrow or remove what allows it, or add the principal to except)';
  });
}
