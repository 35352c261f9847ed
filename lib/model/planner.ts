/**
 * Turns validated grants into a plan.
 */
import { GrantValidationError } from './errors';
import { Grant, grantStatements, grantTarget } from './grant';
import { Limits, packingBudget } from './limits';
import { mergeStatements } from './merge';
import { derivePrefixedPolicyName } from './names';
import { Plan, PlannedAttachment, PlannedPolicy } from './plan';
import { POLICY_VERSION, PolicyStatement, asList } from './policy';
import { PrincipalRef, compareText, principalLabel } from './principal';
import { Suppression, uniqueSuppressions } from './suppressions';
import { highRiskReasonOf } from './system-policies';
import { TokenDescriber, deployedDocumentSize } from './token';

/** One grant, one policy: the document keeps the console procedure's statement order. */
export function planSingleGrant(grant: Grant, policyName: string, description?: string): Plan {
  const policy = {
    policyName,
    description: description ?? describeGrant(grant),
    document: { Version: POLICY_VERSION, Statement: grantStatements(grant) },
    ...suppressionsField(grant.suppressions),
  };
  return { policies: [policy], attachments: attachmentsFor(grant, [policyName]) };
}

/** Custom policies and the grant's system policies, attached to each of its principals. */
export function attachmentsFor(grant: Grant, customPolicyNames: readonly string[]): PlannedAttachment[] {
  const attachments: PlannedAttachment[] = [];
  for (const principal of grant.principals) {
    for (const policyName of customPolicyNames) {
      attachments.push({ policyName, policyType: 'Custom', principal, resourceGroupId: grant.resourceGroupId });
    }
    for (const policyName of grant.systemPolicies) {
      attachments.push({
        policyName,
        policyType: 'System',
        principal,
        resourceGroupId: grant.resourceGroupId,
        highRiskReasons: highRiskReasonOf(policyName) === undefined || grant.highRiskReason === undefined ? undefined : [grant.highRiskReason],
      });
    }
  }
  return attachments;
}

/** The default description: level, target and scope, in words. */
export function describeGrant(grant: Grant): string {
  const regions = grant.regions.includes('*') ? 'all regions' : grant.regions.join(', ');
  const account = grant.accountId === '*' ? 'any account' : `account ${grant.accountId}`;
  const console = grant.consoleAccess ? 'with console listing' : 'without console listing';
  return `Container Registry ${grant.access} access to ${grantTarget(grant)} (${regions}, ${account}, ${console})`;
}

/** How a set of grants is packed into policies. */
export interface PackingOptions {
  /** Start of every policy name. */
  readonly policyNamePrefix: string;
  readonly limits: Limits;
  /** Names the owner (construct path or file) in error messages. */
  readonly where: string;
  /** What tokens stand for, so that statement order never depends on token numbers. @default - none */
  readonly describeToken?: TokenDescriber;
}

/**
 * Many grants, few policies. Grants are grouped by who receives them (the exact set of
 * principals, and the resource group) and by the checker findings they accept: each group gets
 * one policy, split into numbered parts only when its document outgrows RAM's size limit. A
 * group's name, description and logical ids depend on the group alone, so adding or removing a
 * grant elsewhere never touches it.
 */
export function planGrants(grants: readonly Grant[], options: PackingOptions): Plan {
  const groups = new Map<string, { principals: readonly PrincipalRef[]; resourceGroupId?: string; accepted: string[]; grants: Grant[] }>();
  for (const grant of grants) {
    // A suppression covers a whole policy, so only grants that accept the same findings share one.
    const accepted = acceptedFindings(grant.suppressions);
    const key = groupKey(grant.principals, grant.resourceGroupId, accepted);
    const group = groups.get(key) ?? { principals: grant.principals, resourceGroupId: grant.resourceGroupId, accepted, grants: [] };
    group.grants.push(grant);
    groups.set(key, group);
  }

  const policies: PlannedPolicy[] = [];
  const attachments: PlannedAttachment[] = [];
  for (const key of [...groups.keys()].sort(compareText)) {
    const group = groups.get(key)!;
    const labels = group.principals.map(principalLabel);
    const baseName = derivePrefixedPolicyName(
      options.policyNamePrefix, labels.join('-'), key, options.limits.maxPolicyNameLength - PART_SUFFIX_ROOM);
    const description = describeGroup(labels, group.resourceGroupId, group.accepted, options.limits.maxDescriptionLength);
    const statements = mergeStatements(group.grants.flatMap(grantStatements), options.describeToken);
    const parts = packStatements(statements, packingBudget(options.limits));
    const names = parts.map((_, i) => (i === 0 ? baseName : `${baseName}-p${i + 1}`));
    // Every part: which part holds a statement shifts as grants come and go.
    const suppressions = suppressionsField(uniqueSuppressions(group.grants.flatMap((g) => g.suppressions)));
    parts.forEach((part, i) => policies.push({
      policyName: names[i],
      description: i === 0 ? description : `${description} (part ${i + 1})`.slice(0, options.limits.maxDescriptionLength),
      document: { Version: POLICY_VERSION, Statement: part },
      ...suppressions,
    }));
    for (const grant of group.grants) attachments.push(...attachmentsFor({ ...grant, systemPolicies: [] }, names));
    for (const grant of group.grants) attachments.push(...attachmentsFor(grant, []));
  }
  const unique = uniqueAttachments(attachments);
  checkQuotas(unique, options);
  return { policies, attachments: unique };
}

/** The key only when there is something to record, so plans without suppressions stay as they were. */
function suppressionsField(suppressions: readonly Suppression[]): { suppressions?: readonly Suppression[] } {
  return suppressions.length > 0 ? { suppressions } : {};
}

/** Room kept at the end of a base name for `-p<N>`. */
const PART_SUFFIX_ROOM = 4;

/** The ids a grant's suppressions accept, sorted and once each; reasons may differ between grants. */
function acceptedFindings(suppressions: readonly Suppression[]): string[] {
  return [...new Set(suppressions.map((s) => s.id))].sort(compareText);
}

function groupKey(principals: readonly PrincipalRef[], resourceGroupId: string | undefined, accepted: readonly string[]): string {
  const key = `${resourceGroupId ?? ''}|${principals.map(principalLabel).join(',')}`;
  return accepted.length === 0 ? key : `${key}|accepts ${JSON.stringify(accepted)}`;
}

function describeGroup(labels: string[], resourceGroupId: string | undefined, accepted: readonly string[], maxLength: number): string {
  const accepting = accepted.length === 0 ? '' : `, accepting ${accepted.join(', ')}`;
  const scope = (resourceGroupId ? ` in resource group ${resourceGroupId}` : '') + accepting;
  const text = `Container Registry access for ${labels.join(', ')}${scope}`;
  if (text.length <= maxLength) return text;
  const shown: string[] = [];
  for (const label of labels) {
    const candidate = `Container Registry access for ${[...shown, label].join(', ')} and ${labels.length - shown.length - 1} more${scope}`;
    if (candidate.length > maxLength) break;
    shown.push(label);
  }
  // Long finding ids can outgrow the limit on their own.
  return `Container Registry access for ${shown.join(', ')} and ${labels.length - shown.length} more${scope}`.slice(0, maxLength);
}

/**
 * Splits statements into documents of at most `budget` characters once deployed (see
 * `deployedLength`), in order; a statement
 * too large on its own is split by resources.
 */
export function packStatements(statements: readonly PolicyStatement[], budget: number): PolicyStatement[][] {
  // Measured as deployed: each token counted at the length of the value it may stand for.
  const sizeOf = (part: PolicyStatement[]) => deployedDocumentSize({ Version: POLICY_VERSION, Statement: part });
  const parts: PolicyStatement[][] = [];
  let current: PolicyStatement[] = [];
  for (const statement of statements.flatMap((s) => splitStatement(s, budget, sizeOf))) {
    if (current.length > 0 && sizeOf([...current, statement]) > budget) {
      parts.push(current);
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function splitStatement(
  statement: PolicyStatement,
  budget: number,
  sizeOf: (part: PolicyStatement[]) => number,
): PolicyStatement[] {
  if (sizeOf([statement]) <= budget) return [statement];
  const resources = asList(statement.Resource);
  if (resources.length < 2) {
    throw new Error(`a single statement is larger than the policy size budget of ${budget} characters: ${JSON.stringify(statement).slice(0, 200)}`);
  }
  const half = Math.ceil(resources.length / 2);
  return [
    ...splitStatement({ ...statement, Resource: resources.slice(0, half) }, budget, sizeOf),
    ...splitStatement({ ...statement, Resource: resources.slice(half) }, budget, sizeOf),
  ];
}

/**
 * One attachment per policy, principal and scope: RAM attaches a policy only once. The same
 * high-risk system policy given by several grants keeps every distinct reason, sorted, so the
 * template does not depend on the order of the grants.
 */
function uniqueAttachments(attachments: PlannedAttachment[]): PlannedAttachment[] {
  const byKey = new Map<string, PlannedAttachment>();
  for (const a of attachments) {
    const k = [a.policyType, a.policyName, principalLabel(a.principal), a.resourceGroupId ?? ''].join('\n');
    const previous = byKey.get(k);
    const reasons = [...new Set([...previous?.highRiskReasons ?? [], ...a.highRiskReasons ?? []])].sort(compareText);
    const base = previous ?? a;
    byKey.set(k, reasons.length > 0 ? { ...base, highRiskReasons: reasons } : base);
  }
  return [...byKey.values()];
}

/** Refuses a plan that would give a principal more policies than RAM allows. */
function checkQuotas(attachments: readonly PlannedAttachment[], options: PackingOptions): void {
  const counts = new Map<string, { custom: number; system: number }>();
  for (const a of attachments) {
    const label = principalLabel(a.principal);
    const count = counts.get(label) ?? { custom: 0, system: 0 };
    if (a.policyType === 'Custom') count.custom++; else count.system++;
    counts.set(label, count);
  }
  for (const [label, count] of [...counts.entries()].sort(([a], [b]) => compareText(a, b))) {
    if (count.custom > options.limits.maxCustomPoliciesPerPrincipal) {
      throw new GrantValidationError(options.where, 'grants', label,
        `would need ${count.custom} custom policies, more than RAM's ${options.limits.maxCustomPoliciesPerPrincipal} per principal`,
        'give this grantee its grants through fewer distinct grantee sets, for instance through one group, or raise maxCustomPoliciesPerPrincipal if your quota is higher');
    }
    if (count.system > options.limits.maxSystemPoliciesPerPrincipal) {
      throw new GrantValidationError(options.where, 'systemPolicies', label,
        `would need ${count.system} system policies, more than RAM's ${options.limits.maxSystemPoliciesPerPrincipal} per principal`);
    }
  }
}
