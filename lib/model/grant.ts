/**
 * A grant, validated and normalized: who may do what on which namespace. Everything that
 * decides what access exists starts here; constructs and the grants file only translate
 * their input into a `GrantInput`.
 */
import { NamespaceAccess, statementTemplates, parseAccess } from './access';
import { crArn, scopePath } from './arn';
import { GrantValidationError } from './errors';
import { PolicyStatement } from './policy';
import { GranteeKind, PrincipalRef, comparePrincipals } from './principal';
import { FieldRule, RULES } from './rules';
import { Suppression, uniqueSuppressions } from './suppressions';
import { highRiskReasonOf } from './system-policies';
import { DESCRIBE_NO_TOKEN, TokenDescriber, compareStableText, isUnresolved, literalFragments, stableText } from './token';

/** A grant as written by a user, before validation. */
export interface GrantInput {
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
}

const NAME_RULES: { readonly [kind in GranteeKind]: FieldRule } = {
  [GranteeKind.USER]: RULES.userName,
  [GranteeKind.GROUP]: RULES.groupName,
  [GranteeKind.ROLE]: RULES.roleName,
};

/** Text that may stand beside a token: it can neither widen nor split an ARN. */
const SAFE_FRAGMENT = /^[A-Za-z0-9._-]+$/;

/** Refuses a value that breaks `rule`; unresolved tokens are left to ROS. */
export function checkField(where: string, rule: FieldRule, value: unknown, field: string = rule.field): void {
  if (typeof value !== 'string') {
    throw new GrantValidationError(where, field, value, 'must be a string');
  }
  if (isUnresolved(value)) {
    if (rule.prose) return;
    // The token's value is ROS's to check; text written around it is ours.
    const unsafe = literalFragments(value).find((fragment) => !SAFE_FRAGMENT.test(fragment));
    if (unsafe !== undefined) {
      throw new GrantValidationError(where, field, value, `has the text ${JSON.stringify(unsafe)} beside a token, and only letters, digits, ".", "_" and "-" may stand there`,
        'pass the whole value as the token, or write it out');
    }
    return;
  }
  if (!rule.pattern.test(value)) {
    throw new GrantValidationError(where, field, value, rule.rule, `for example ${JSON.stringify(rule.example)}`);
  }
}

/** Refuses a grantee name that RAM would not accept for its kind. */
export function checkPrincipal(where: string, principal: PrincipalRef): void {
  checkField(where, NAME_RULES[principal.kind], principal.name);
}

/**
 * Validates a grant and fills in its defaults. `where` names the construct path or
 * file:line:column for error messages; `describe` says what tokens stand for, for ordering.
 */
export function normalizeGrant(input: GrantInput, where: string, describe: TokenDescriber = DESCRIBE_NO_TOKEN): Grant {
  checkField(where, RULES.instanceId, input.instanceId);
  checkField(where, RULES.namespace, input.namespace);
  const access = typeof input.access === 'string' ? parseAccess(input.access) : undefined;
  if (access === undefined) {
    throw new GrantValidationError(where, 'access', input.access, 'must be one of PULL, PUSH_PULL, FULL');
  }
  if (input.principals.length === 0) {
    throw new GrantValidationError(where, 'grantees', [], 'must name at least one user, group or role',
      'set users, groups, roles or grantees');
  }
  input.principals.forEach((p) => checkPrincipal(where, p));
  // Callers without type checks (plain JavaScript) reach here too: a string is not a list,
  // and "false" is not false.
  checkOptionalList(where, 'regions', input.regions, 'region ids', 'omit the field for every region');
  checkOptionalList(where, 'systemPolicies', input.systemPolicies, 'system policy names');
  if (input.consoleAccess !== undefined && typeof input.consoleAccess !== 'boolean') {
    throw new GrantValidationError(where, 'consoleAccess', input.consoleAccess, 'must be a boolean',
      'write true or false without quotes, or omit the field for true');
  }
  if (input.regions !== undefined && input.regions.length === 0) {
    throw new GrantValidationError(where, 'regions', [], 'must not be empty', 'omit the field for every region');
  }
  (input.regions ?? []).forEach((r) => checkField(where, RULES.region, r));
  const regions = input.regions === undefined ? ['*'] : sortedUnique(input.regions, describe);
  const accountId = input.accountId ?? '*';
  if (input.accountId !== undefined) checkField(where, RULES.accountId, input.accountId);
  (input.systemPolicies ?? []).forEach((p) => checkField(where, RULES.systemPolicy, p));
  const systemPolicies = sortedUnique(input.systemPolicies ?? [], describe);
  if (input.resourceGroupId !== undefined) checkField(where, RULES.resourceGroupId, input.resourceGroupId);
  checkHighRisk(where, systemPolicies, input.highRiskReason);
  const suppressions = checkSuppressions(where, input.suppressions);
  return {
    instanceId: input.instanceId,
    namespace: input.namespace,
    access,
    principals: uniquePrincipals(input.principals),
    regions,
    accountId,
    consoleAccess: input.consoleAccess ?? true,
    systemPolicies,
    highRiskReason: input.highRiskReason?.trim(),
    resourceGroupId: input.resourceGroupId,
    suppressions,
  };
}

/** Refuses a value that is given but is not a list; a string gets the hint that writes it as one. */
export function checkOptionalList(where: string, field: string, value: unknown, what: string, hint?: string): void {
  if (value !== undefined && !Array.isArray(value)) {
    throw new GrantValidationError(where, field, value, `must be a list of ${what}`,
      typeof value === 'string' ? `write [${JSON.stringify(value)}]` : hint);
  }
}

/** Refuses a suppression id that names an Error or is not a rule or finding id. */
export function checkSuppressionId(where: string, id: unknown, field: string): void {
  if (typeof id === 'string' && /^CRG-E[0-9]{3}(?:\[.*\])?$/.test(id)) {
    throw new GrantValidationError(where, field, id, 'names an Error, and Errors cannot be suppressed',
      'fix what the error reports: RAM or ROS would refuse the policy whatever the reason');
  }
  checkField(where, RULES.suppressionId, id, field);
}

function checkSuppressions(where: string, suppressions: readonly Suppression[] | undefined): Suppression[] {
  if (suppressions === undefined) return [];
  if (!Array.isArray(suppressions)) {
    throw new GrantValidationError(where, 'suppressions', suppressions, 'must be a list of { id, reason }');
  }
  suppressions.forEach((s: unknown, i) => {
    const field = `suppressions[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      throw new GrantValidationError(where, field, s, 'must be an object with an id and a reason',
        `for example { id: ${JSON.stringify(RULES.suppressionId.example)}, reason: ${JSON.stringify(RULES.suppressionReason.example)} }`);
    }
    const { id, reason } = s as { id?: unknown; reason?: unknown };
    for (const [name, value] of [['id', id], ['reason', reason]] as const) {
      // The checker reads Metadata as written, where a token is an unresolved function.
      if (typeof value === 'string' && isUnresolved(value)) {
        throw new GrantValidationError(where, `${field}.${name}`, value, 'must be plain text, not a ROS token');
      }
    }
    checkSuppressionId(where, id, `${field}.id`);
    checkField(where, RULES.suppressionReason, reason, `${field}.reason`);
  });
  return uniqueSuppressions(suppressions);
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
    checkField(where, RULES.highRiskReason, typeof reason === 'string' ? reason.trim() : reason, 'highRiskReason');
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

/** The grant's statements in the console procedure's order (see `statementTemplates`). */
export function grantStatements(grant: Grant): PolicyStatement[] {
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
