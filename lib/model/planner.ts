/**
 * Turns validated grants into a plan.
 */
import { GrantValidationError } from './errors';
import { Grant, grantStatements, grantTarget } from './grant';
import { Limits, packingBudget } from './limits';
import { mergeStatements } from './merge';
import { derivePrefixedPolicyName } from './names';
import { Plan, PlannedAttachment, PlannedPolicy, PrincipalPlan } from './plan';
import { POLICY_VERSION, PolicyStatement, asList } from './policy';
import { PrincipalRef, compareText, principalLabel } from './principal';
import { Suppression, uniqueSuppressions } from './suppressions';
import { highRiskReasonOf } from './system-policies';
import { TokenDescriber, deployedDocumentSize, deployedLength } from './token';

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
 * Many grants, few policies: every principal gets policies of its own, holding exactly the
 * grants it was given, merged, and split into numbered parts only where a document outgrows
 * RAM's size limit. Grants that accept different checker findings, or are scoped to different
 * resource groups, go to different policies (a suppression and a scope cover a whole policy).
 *
 * So a principal's policies depend on its own grants alone: it stays within its quota whenever
 * its own statements fit, however many other grantees share its grants, and adding, removing
 * or editing a grant changes only the policies of that grant's grantees. docs/planning.md
 * compares this with one policy per grantee set.
 */
export function planGrants(grants: readonly Grant[], options: PackingOptions): Plan {
  const shares = planPrincipals(grants, options);
  return { policies: shares.flatMap((s) => s.policies), attachments: shares.flatMap((s) => s.attachments) };
}

/** `planGrants`, one share per principal, sorted by principal. */
export function planPrincipals(grants: readonly Grant[], options: PackingOptions): PrincipalPlan[] {
  return packPrincipals(grants, options).map((packed) => namePolicies(packed, options.policyNamePrefix, options.limits));
}

/** One policy of a principal before it is named: its documents and what names it. */
export interface PackedPolicy {
  /** What the policy's name and logical id derive from, besides the prefix. */
  readonly key: string;
  readonly resourceGroupId?: string;
  readonly accepted: readonly string[];
  /** One document's statements per part. */
  readonly parts: readonly PolicyStatement[][];
  readonly suppressions: readonly Suppression[];
}

/** A principal's grants merged and split into documents: everything but the policy names. */
export interface PackedPrincipal {
  readonly principal: PrincipalRef;
  readonly policies: readonly PackedPolicy[];
  /** Its system policy attachments, which need no names of ours. */
  readonly systemAttachments: readonly PlannedAttachment[];
}

/**
 * Every principal's grants, merged and packed, sorted by principal, with RAM's quotas checked.
 * Naming is separate (`namePolicies`), so callers can choose a prefix per principal.
 */
export function packPrincipals(grants: readonly Grant[], options: PackingOptions): PackedPrincipal[] {
  const byPrincipal = new Map<string, { principal: PrincipalRef; grants: Grant[] }>();
  for (const grant of grants) {
    for (const principal of grant.principals) {
      const label = principalLabel(principal);
      const entry = byPrincipal.get(label) ?? { principal, grants: [] };
      entry.grants.push(grant);
      byPrincipal.set(label, entry);
    }
  }
  // A grant's statements are the same for each of its grantees: built once.
  const statements = new Map<Grant, PolicyStatement[]>();
  const statementsOf = (grant: Grant) => {
    let built = statements.get(grant);
    if (built === undefined) statements.set(grant, built = grantStatements(grant));
    return built;
  };
  const packed = [...byPrincipal.keys()].sort(compareText).map((label) => {
    const { principal, grants: own } = byPrincipal.get(label)!;
    return packPrincipal(principal, own, options.limits, statementsOf, options.describeToken);
  });
  checkQuotas(packed, options);
  return packed;
}

/** One principal's policies: one per resource group and set of accepted findings, in parts. */
function packPrincipal(
  principal: PrincipalRef,
  grants: readonly Grant[],
  limits: Limits,
  statementsOf: (grant: Grant) => PolicyStatement[],
  describeToken: TokenDescriber | undefined,
): PackedPrincipal {
  const label = principalLabel(principal);
  const classes = new Map<string, { resourceGroupId?: string; accepted: string[]; grants: Grant[] }>();
  for (const grant of grants) {
    const accepted = acceptedFindings(grant.suppressions);
    const key = policyKey(label, grant.resourceGroupId, accepted);
    const entry = classes.get(key) ?? { resourceGroupId: grant.resourceGroupId, accepted, grants: [] };
    entry.grants.push(grant);
    classes.set(key, entry);
  }
  const policies = [...classes.keys()].sort(compareText).map((key): PackedPolicy => {
    const entry = classes.get(key)!;
    return {
      key,
      resourceGroupId: entry.resourceGroupId,
      accepted: entry.accepted,
      parts: packStatements(mergeStatements(entry.grants.flatMap(statementsOf), describeToken), packingBudget(limits)),
      // Every part carries them: which part holds a statement shifts as grants come and go.
      suppressions: uniqueSuppressions(entry.grants.flatMap((g) => g.suppressions)),
    };
  });
  const systemAttachments = uniqueAttachments(grants.flatMap((grant) => attachmentsFor({ ...grant, principals: [principal] }, [])));
  return { principal, policies, systemAttachments };
}

/** A packed principal's policies named under `policyNamePrefix`, with their attachments. */
export function namePolicies(packed: PackedPrincipal, policyNamePrefix: string, limits: Limits): PrincipalPlan {
  const { principal } = packed;
  const label = principalLabel(principal);
  const policies: PlannedPolicy[] = [];
  const attachments: PlannedAttachment[] = [];
  for (const policy of packed.policies) {
    const baseName = derivePrefixedPolicyName(policyNamePrefix, label, policy.key, limits.maxPolicyNameLength - PART_SUFFIX_ROOM);
    const description = describePolicy(label, policy.resourceGroupId, policy.accepted, limits.maxDescriptionLength);
    policy.parts.forEach((part, i) => {
      const policyName = i === 0 ? baseName : `${baseName}-p${i + 1}`;
      policies.push({
        policyName,
        description: i === 0 ? description : `${description} (part ${i + 1})`.slice(0, limits.maxDescriptionLength),
        document: { Version: POLICY_VERSION, Statement: part },
        ...suppressionsField(policy.suppressions),
      });
      attachments.push({ policyName, policyType: 'Custom', principal, resourceGroupId: policy.resourceGroupId });
    });
  }
  return { principal, policies, attachments: [...attachments, ...packed.systemAttachments] };
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

/**
 * What names a principal's policy. The shape predates per-principal planning (it was the key of
 * a set of grantees, here always of one), so a policy of a single grantee keeps its name.
 */
function policyKey(label: string, resourceGroupId: string | undefined, accepted: readonly string[]): string {
  const key = `${resourceGroupId ?? ''}|${label}`;
  return accepted.length === 0 ? key : `${key}|accepts ${JSON.stringify(accepted)}`;
}

function describePolicy(label: string, resourceGroupId: string | undefined, accepted: readonly string[], maxLength: number): string {
  const accepting = accepted.length === 0 ? '' : `, accepting ${accepted.join(', ')}`;
  const scope = (resourceGroupId ? ` in resource group ${resourceGroupId}` : '') + accepting;
  // Long finding ids can outgrow the limit on their own.
  return `Container Registry access for ${label}${scope}`.slice(0, maxLength);
}

/**
 * Splits statements into documents of at most `budget` characters once deployed (see
 * `deployedLength`), in order. A statement that does not fit in the room left in the current
 * document is split by its resources to fill that room, so every document but the last is full
 * to within one resource: a principal needs no more documents than its statements fill.
 */
export function packStatements(statements: readonly PolicyStatement[], budget: number): PolicyStatement[][] {
  // Measured as deployed: each token counted at the length of the value it may stand for. A
  // document's size is its fixed text plus its statements' and the commas between them.
  const overhead = deployedDocumentSize({ Version: POLICY_VERSION, Statement: [] });
  const sizeOf = (statement: PolicyStatement) => deployedLength(JSON.stringify(statement));
  const parts: PolicyStatement[][] = [];
  let current: PolicyStatement[] = [];
  let used = overhead;
  const fits = (size: number) => used + size + (current.length > 0 ? 1 : 0) <= budget;
  for (const statement of statements) {
    let rest: PolicyStatement | undefined = statement;
    while (rest !== undefined) {
      const size = sizeOf(rest);
      if (fits(size)) {
        used += size + (current.length > 0 ? 1 : 0);
        current.push(rest);
        rest = undefined;
        continue;
      }
      const resources = asList(rest.Resource);
      const whole = rest;
      const fitting = largestFittingPrefix(resources.length - 1, (n) => fits(sizeOf({ ...whole, Resource: resources.slice(0, n) })));
      if (fitting > 0) {
        current.push({ ...rest, Resource: resources.slice(0, fitting) });
        rest = { ...rest, Resource: resources.slice(fitting) };
      } else if (current.length === 0) {
        throw new Error(`a single statement is larger than the policy size budget of ${budget} characters: ${JSON.stringify(rest).slice(0, 200)}`);
      }
      parts.push(current);
      current = [];
      used = overhead;
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The largest n in [0, max] with `fits(n)`, for `fits` true up to some n and false after it. */
function largestFittingPrefix(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid; else high = mid - 1;
  }
  return low;
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

/**
 * Refuses a plan that would give a principal more policies than RAM allows, or create more
 * custom policies than an account holds. A principal's count depends on its own grants only.
 */
function checkQuotas(packed: readonly PackedPrincipal[], options: PackingOptions): void {
  const { limits } = options;
  let policies = 0;
  for (const share of packed) {
    const label = principalLabel(share.principal);
    const custom = share.policies.reduce((sum, p) => sum + p.parts.length, 0);
    const system = share.systemAttachments.length;
    policies += custom;
    if (custom > limits.maxCustomPoliciesPerPrincipal) {
      throw new GrantValidationError(options.where, 'grants', label,
        `would need ${custom} custom policies, more than RAM's ${limits.maxCustomPoliciesPerPrincipal} per principal: `
        + `its own grants fill ${custom} documents of ${packingBudget(limits)} characters`,
        'split its grants between several grantees (a user can take some through a group it belongs to), '
        + 'list fewer regions, or raise maxCustomPoliciesPerPrincipal if your quota is higher');
    }
    if (system > limits.maxSystemPoliciesPerPrincipal) {
      throw new GrantValidationError(options.where, 'systemPolicies', label,
        `would need ${system} system policies, more than RAM's ${limits.maxSystemPoliciesPerPrincipal} per principal`);
    }
  }
  if (policies > limits.maxCustomPoliciesPerAccount) {
    throw new GrantValidationError(options.where, 'grants', `${policies} custom policies`,
      `is more than RAM's ${limits.maxCustomPoliciesPerAccount} custom policies per account`,
      'grant through groups instead of many users and roles, or raise maxCustomPoliciesPerAccount once your account\'s quota is higher');
  }
}
