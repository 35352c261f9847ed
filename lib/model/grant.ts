/**
 * A grant, validated and normalized: who may do what on which namespace. Everything that
 * decides what access exists starts here; constructs and the grants file only translate
 * their input into a `GrantInput`.
 */
import { NamespaceAccess, statementTemplates, parseAccess } from './access';
import { crArn, scopePath } from './arn';
import { ConditionsInput, GrantConditions, conditionBlock, normalizeConditions } from './conditions';
import { GrantValidationError } from './errors';
import { PolicyStatement } from './policy';
import { GranteeKind, PrincipalRef, comparePrincipals } from './principal';
import { FieldRule, FIELD_RULES } from './field-rules';
import { Suppression, checkSuppressions } from './suppressions';
import { highRiskReasonOf } from './system-policies';
import { DESCRIBE_NO_TOKEN, TokenDescriber, compareStableText, isUnresolved, stableText } from './token';
import { checkField, checkOptionalList } from './validate';

/** A grant as written by a user, before validation; conditions as their own fields. */
export interface GrantInput extends ConditionsInput {
  readonly instanceId: string;
  readonly namespace: string;
  readonly access: NamespaceAccess | string;
  readonly principals: readonly PrincipalRef[];
  readonly regions?: readonly string[];
  readonly accountId?: string;
  readonly consoleAccess?: boolean;
  readonly systemPolicies?: readonly string[];
  readonly highRiskReason?: string;
  readonly resourceGroupId?: string;
  /** Accepted checker findings for the policy that carries the grant. */
  readonly suppressions?: readonly Suppression[];
}

/** A validated grant: defaults filled in, lists sorted and without duplicates. */
export interface Grant {
  readonly instanceId: string;
  readonly namespace: string;
  readonly access: NamespaceAccess;
  readonly principals: readonly PrincipalRef[];
  /** `['*']` when every region is meant. */
  readonly regions: readonly string[];
  /** `'*'` when every account is meant. */
  readonly accountId: string;
  readonly consoleAccess: boolean;
  readonly systemPolicies: readonly string[];
  readonly highRiskReason?: string;
  readonly resourceGroupId?: string;
  /** Reasons trimmed. */
  readonly suppressions: readonly Suppression[];
  /** Absent when the grant has none, so grants without conditions read as before. */
  readonly conditions?: GrantConditions;
}

const NAME_RULES: { readonly [kind in GranteeKind]: FieldRule } = {
  [GranteeKind.USER]: FIELD_RULES.userName,
  [GranteeKind.GROUP]: FIELD_RULES.groupName,
  [GranteeKind.ROLE]: FIELD_RULES.roleName,
};

/** Refuses a grantee name that RAM would not accept for its kind. */
export function checkPrincipal(where: string, principal: PrincipalRef): void {
  checkField(where, NAME_RULES[principal.kind], principal.name);
}

/**
 * What validation takes from the layers above: the checker's narrower rule for suppression ids,
 * and what tokens stand for, which only the construct layer can say.
 */
export interface GrantChecks {
  /** @default SUPPRESSION_ID_RULE, the id format without the list of the checker's rules */
  readonly suppressionId?: FieldRule;
  /** Orders values by what tokens stand for, never by token numbers. @default - markers as written */
  readonly describeToken?: TokenDescriber;
  /**
   * Checks every field and throws all refusals together (`GrantValidationError.together`), as a
   * grants file reports them. @default false - the first refusal is thrown as it is found
   */
  readonly allProblems?: boolean;
}

/**
 * Validates a grant and fills in its defaults: the one validation of a grant, whether it comes
 * from a construct or a grants file. `where` names the construct path or file:line:column for
 * error messages.
 */
export function normalizeGrant(input: GrantInput, where: string, checks: GrantChecks = {}): Grant {
  const describe = checks.describeToken ?? DESCRIBE_NO_TOKEN;
  const problems: GrantValidationError[] = [];
  // Each check on its own: a check that depends on another runs only when that one passed.
  const passes = (check: () => void): boolean => {
    if (!checks.allProblems) {
      check();
      return true;
    }
    try {
      check();
      return true;
    } catch (e) {
      if (!(e instanceof GrantValidationError)) throw e;
      problems.push(...e.refusals);
      return false;
    }
  };
  passes(() => checkField(where, FIELD_RULES.instanceId, input.instanceId));
  passes(() => checkField(where, FIELD_RULES.namespace, input.namespace));
  const access = typeof input.access === 'string' ? parseAccess(input.access) : undefined;
  passes(() => {
    if (access === undefined) throw new GrantValidationError(where, 'access', input.access, 'must be one of PULL, PUSH_PULL, FULL');
  });
  passes(() => {
    if (input.principals.length === 0) {
      throw new GrantValidationError(where, 'grantees', [], 'must name at least one user, group or role',
        'set users, groups, roles or grantees');
    }
  });
  input.principals.forEach((p) => passes(() => checkPrincipal(where, p)));
  // Callers without type checks (plain JavaScript) reach here too: a string is not a list,
  // and "false" is not false.
  const regionList = passes(() => checkOptionalList(where, 'regions', input.regions, 'region ids', 'omit the field for every region'));
  const policyList = passes(() => checkOptionalList(where, 'systemPolicies', input.systemPolicies, 'system policy names'));
  passes(() => {
    if (input.consoleAccess !== undefined && typeof input.consoleAccess !== 'boolean') {
      throw new GrantValidationError(where, 'consoleAccess', input.consoleAccess, 'must be a boolean',
        'write true or false without quotes, or omit the field for true');
    }
  });
  if (regionList && passes(() => {
    if (input.regions !== undefined && input.regions.length === 0) {
      throw new GrantValidationError(where, 'regions', [], 'must not be empty', 'omit the field for every region');
    }
  })) {
    (input.regions ?? []).forEach((r) => passes(() => checkField(where, FIELD_RULES.region, r)));
  }
  if (input.accountId !== undefined) passes(() => checkField(where, FIELD_RULES.accountId, input.accountId));
  const policyNames = policyList && (input.systemPolicies ?? []).map((p) => passes(() => checkField(where, FIELD_RULES.systemPolicy, p))).every(Boolean);
  if (input.resourceGroupId !== undefined) passes(() => checkField(where, FIELD_RULES.resourceGroupId, input.resourceGroupId));
  if (policyNames) passes(() => checkHighRisk(where, sortedUnique(input.systemPolicies ?? [], describe), input.highRiskReason));
  const conditions = normalizeConditions(where, input, passes);
  let suppressions: Suppression[] = [];
  passes(() => {
    suppressions = checkSuppressions(where, input.suppressions, checks.suppressionId);
  });
  if (problems.length > 0) throw GrantValidationError.together(problems);
  return {
    instanceId: input.instanceId,
    namespace: input.namespace,
    access: access!,
    principals: uniquePrincipals(input.principals),
    regions: input.regions === undefined ? ['*'] : sortedUnique(input.regions, describe),
    accountId: input.accountId ?? '*',
    consoleAccess: input.consoleAccess ?? true,
    systemPolicies: sortedUnique(input.systemPolicies ?? [], describe),
    highRiskReason: input.highRiskReason?.trim(),
    resourceGroupId: input.resourceGroupId,
    suppressions,
    ...(conditions ? { conditions } : {}),
  };
}

/** A high-risk system policy needs a stated reason, and a reason needs a high-risk policy. */
function checkHighRisk(where: string, systemPolicies: readonly string[], reason: string | undefined): void {
  const decidedLater = systemPolicies.find((p) => typeof p === 'string' && isUnresolved(p));
  if (decidedLater !== undefined) {
    throw new GrantValidationError(where, 'systemPolicies', decidedLater,
      'must be written out: a system policy named only at deployment could be a high-risk one', 'write the policy name as text');
  }
  const risky = systemPolicies.filter((p) => highRiskReasonOf(p) !== undefined);
  if (reason !== undefined) {
    checkField(where, FIELD_RULES.highRiskReason, typeof reason === 'string' ? reason.trim() : reason, 'highRiskReason');
    if (risky.length === 0) {
      throw new GrantValidationError(where, 'highRiskReason', reason, 'is only for grants with a high-risk system policy',
        'remove it, or list the high-risk policy it explains in systemPolicies');
    }
  } else if (risky.length > 0) {
    throw new GrantValidationError(where, 'systemPolicies', risky[0],
      `is a high-risk system policy (${highRiskReasonOf(risky[0])}) and needs highRiskReason`,
      'say in highRiskReason, in at least 10 characters, why this grantee needs it; the reason is kept in the template');
  }
}

/**
 * The grant's statements in the console procedure's order (see `statementTemplates`), each with
 * the grant's Condition block when it has conditions: every statement, the login and console
 * listing included, so no part of the grant is reachable without them.
 */
export function grantStatements(grant: Grant): PolicyStatement[] {
  const condition = conditionBlock(grant.conditions);
  return statementTemplates(grant.access, grant.consoleAccess).map((template) => {
    const resources: string[] = [];
    for (const scope of template.scopes) {
      const path = scopePath(scope, grant.instanceId, grant.namespace);
      if (path === undefined) {
        resources.push('*');
        continue;
      }
      for (const region of grant.regions) {
        resources.push(crArn({ region, accountId: grant.accountId }, path));
      }
    }
    return {
      Effect: 'Allow',
      Action: [...template.actions],
      Resource: resources.length === 1 && resources[0] === '*' ? '*' : resources,
      ...(condition ? { Condition: condition } : {}),
    };
  });
}

/** `instance/namespace`: how a grant's target is named in reports and keys. */
export function grantTarget(grant: { readonly instanceId: string; readonly namespace: string }): string {
  return `${grant.instanceId}/${grant.namespace}`;
}

/** Sorted by what values stand for, so token numbering never decides the order. */
export function sortedUnique(values: readonly string[], describe: TokenDescriber = DESCRIBE_NO_TOKEN): string[] {
  const byStableText = new Map<string, string>();
  for (const value of [...values].sort((a, b) => compareStableText(a, b, describe))) {
    const key = stableText(value, describe);
    if (!byStableText.has(key)) byStableText.set(key, value);
  }
  return [...byStableText.values()];
}

function uniquePrincipals(principals: readonly PrincipalRef[]): PrincipalRef[] {
  const byIdentity = new Map<string, PrincipalRef>();
  for (const p of principals) byIdentity.set(`${p.kind}:${p.identity}`, p);
  return [...byIdentity.values()].sort(comparePrincipals);
}
