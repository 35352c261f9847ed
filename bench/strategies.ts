/**
 * Three ways to plan policies, compared on the plans they make for the same grants (no synth):
 *
 * - grantee sets: one policy per exact set of grantees (the planner before per-principal
 *   planning). A principal gets one policy per set it is in.
 * - grantee sets, peeled: the same, but a principal that would exceed its quota is peeled off the
 *   shared policies and gets policies of its own with all its grants.
 * - per principal (lib/model/planner.ts): every principal gets policies holding exactly its grants.
 *
 * Bytes are the assignment estimate (lib/model/stacks.ts), an upper bound of the template bytes.
 * docs/planning.md quotes this table.
 */
import { grantOf } from '../lib/constructs/grant-spec';
import { TokenReader } from '../lib/constructs/tokens';
import { Grant, grantStatements } from '../lib/model/grant';
import { DEFAULT_LIMITS, Limits, packingBudget } from '../lib/model/limits';
import { mergeStatements } from '../lib/model/merge';
import { shortHash } from '../lib/model/names';
import { Plan, PlannedAttachment, PlannedPolicy } from '../lib/model/plan';
import { POLICY_VERSION } from '../lib/model/policy';
import { packStatements, planGrants } from '../lib/model/planner';
import { PrincipalRef, compareText, principalLabel } from '../lib/model/principal';
import { footprintOf } from '../lib/model/stacks';
import { GrantSpec } from '../lib/constructs/grant-spec';
import { NamespaceAccess } from '../lib/model/access';
import { INSTANCES, benchGrants, sharedCiGrants } from './grants';

type Strategy = (grants: readonly Grant[], limits: Limits) => Plan;

const STRATEGIES: { readonly label: string; readonly plan: Strategy }[] = [
  { label: 'grantee sets', plan: (grants, limits) => granteeSetPlan(grants, limits).plan },
  { label: 'grantee sets, peeled', plan: peeledPlan },
  { label: 'per principal', plan: (grants, limits) => planGrants(grants, { policyNamePrefix: 'cr', limits, where: 'bench' }) },
];

/** Grant sets that tell the strategies apart. */
const SHAPES: { readonly label: string; readonly grants: () => GrantSpec[] }[] = [
  { label: 'shared CI role, 11 teams', grants: () => sharedCiGrants(11) },
  { label: 'shared CI role, 1,000 teams', grants: () => sharedCiGrants(1000) },
  { label: 'benchmark set, 10,000 grants', grants: () => benchGrants(10000) },
  { label: 'on-call users, 200 teams', grants: () => onCallGrants(200) },
  { label: '30 users on every grant, 200 namespaces', grants: () => crowdGrants(200, 30) },
];

/** Each team's namespace to the team's group and that week's on-call user, one user per 10 teams. */
function onCallGrants(teams: number): GrantSpec[] {
  return Array.from({ length: teams }, (_, i) => ({
    instanceId: INSTANCES[0], namespace: `team-${i}`, access: NamespaceAccess.PUSH_PULL, groups: [`team-${i}`], users: [`oncall-${i % (teams / 10)}`],
  }));
}

/** Many users named on every grant instead of a group: the shape grantee-set policies suit best. */
function crowdGrants(namespaces: number, users: number): GrantSpec[] {
  const names = Array.from({ length: users }, (_, i) => `user-${i}`);
  return Array.from({ length: namespaces }, (_, i) => ({
    instanceId: INSTANCES[0], namespace: `shared-${i}`, access: NamespaceAccess.PULL, users: names,
  }));
}

/** Markdown: one row per shape and strategy. */
export function compareStrategies(limits: Limits = DEFAULT_LIMITS): string {
  const lines = [
    `| grant set | strategy | policies | attachments | template bytes (estimate) | policies per principal (max) | principals over RAM's ${limits.maxCustomPoliciesPerPrincipal} | within ${limits.maxCustomPoliciesPerAccount.toLocaleString('en-US')} per account |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const shape of SHAPES) {
    const grants = shape.grants().map((spec, i) => grantOf(spec, `grants[${i}]`, new TokenReader()));
    for (const strategy of STRATEGIES) {
      const plan = strategy.plan(grants, { ...limits, maxCustomPoliciesPerPrincipal: Number.MAX_SAFE_INTEGER, maxCustomPoliciesPerAccount: Number.MAX_SAFE_INTEGER });
      const counts = customCounts(plan);
      const max = Math.max(0, ...counts.values());
      const over = [...counts.values()].filter((n) => n > limits.maxCustomPoliciesPerPrincipal).length;
      const n = (x: number) => x.toLocaleString('en-US');
      lines.push(`| ${shape.label} | ${strategy.label} | ${n(plan.policies.length)} | ${n(plan.attachments.length)} | ${n(footprintOf(plan).bytes)}`
        + ` | ${n(max)} | ${n(over)} | ${plan.policies.length <= limits.maxCustomPoliciesPerAccount ? 'yes' : 'no'} |`);
    }
  }
  return lines.join('\n');
}

function customCounts(plan: Plan): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of plan.attachments) {
    if (a.policyType === 'Custom') counts.set(principalLabel(a.principal), (counts.get(principalLabel(a.principal)) ?? 0) + 1);
  }
  return counts;
}

interface SetPolicies { readonly members: readonly PrincipalRef[]; readonly policies: PlannedPolicy[] }

/** One policy per exact set of grantees (and resource group), split by size. */
function granteeSetPlan(grants: readonly Grant[], limits: Limits): { plan: Plan; sets: SetPolicies[] } {
  const groups = new Map<string, { principals: readonly PrincipalRef[]; resourceGroupId?: string; grants: Grant[] }>();
  for (const grant of grants) {
    const key = `${grant.resourceGroupId ?? ''}|${grant.principals.map(principalLabel).join(',')}`;
    const group = groups.get(key) ?? { principals: grant.principals, resourceGroupId: grant.resourceGroupId, grants: [] };
    group.grants.push(grant);
    groups.set(key, group);
  }
  const sets: SetPolicies[] = [];
  const attachments: PlannedAttachment[] = [];
  for (const key of [...groups.keys()].sort(compareText)) {
    const group = groups.get(key)!;
    const labels = group.principals.map(principalLabel);
    const description = `Container Registry access for ${labels.join(', ')}`.slice(0, limits.maxDescriptionLength);
    const parts = packStatements(mergeStatements(group.grants.flatMap(grantStatements)), packingBudget(limits));
    const policies = parts.map((part, i) => ({
      policyName: `cr-${shortHash(key)}-p${i + 1}`,
      description,
      document: { Version: POLICY_VERSION, Statement: part },
    }));
    sets.push({ members: group.principals, policies });
    for (const principal of group.principals) {
      for (const p of policies) attachments.push({ policyName: p.policyName, policyType: 'Custom', principal, resourceGroupId: group.resourceGroupId });
    }
  }
  return { plan: { policies: sets.flatMap((s) => s.policies), attachments }, sets };
}

/** Grantee sets, with every principal that would exceed its quota given policies of its own instead. */
function peeledPlan(grants: readonly Grant[], limits: Limits): Plan {
  const { plan, sets } = granteeSetPlan(grants, limits);
  const counts = customCounts(plan);
  const peeled = new Set([...counts.entries()].filter(([, n]) => n > DEFAULT_LIMITS.maxCustomPoliciesPerPrincipal).map(([label]) => label));
  const policies: PlannedPolicy[] = [];
  const attachments: PlannedAttachment[] = [];
  for (const set of sets) {
    const members = set.members.filter((p) => !peeled.has(principalLabel(p)));
    if (members.length === 0) continue;
    policies.push(...set.policies);
    for (const principal of members) for (const p of set.policies) attachments.push({ policyName: p.policyName, policyType: 'Custom', principal });
  }
  const own = grants.flatMap((g) => g.principals.filter((p) => peeled.has(principalLabel(p))).map((principal) => ({ ...g, principals: [principal] })));
  const personal = planGrants(own, { policyNamePrefix: 'cr-own', limits, where: 'bench' });
  return { policies: [...policies, ...personal.policies], attachments: [...attachments, ...personal.attachments] };
}
