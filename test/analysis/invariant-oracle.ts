/**
 * The brute-force oracle of the invariant property tests, and the pools they draw from: every
 * request of a finite universe is evaluated with the model's evaluator (its own matcher, not the
 * decision core's automata), a user is held to its groups' policies (Allows of an exempt group
 * exempt, its Denies binding), and "forbidden" is judged by taking the ARN apart, not by
 * wildcard patterns.
 */
import * as fc from 'fast-check';
import { NamespaceAccess } from '../../lib/model/access';
import { CR_ACTION_CATALOGUE } from '../../lib/model/actions';
import { actionMatches, resourceMatches } from '../../lib/model/evaluator';
import { Grant, normalizeGrant } from '../../lib/model/grant';
import { Invariant, InvariantInput, normalizeInvariant } from '../../lib/model/invariant';
import { PolicyDocument, PolicyStatement } from '../../lib/model/policy';
import { highRiskReasonOf } from '../../lib/model/system-policies';
import { INSTANCES, NAMESPACES, PRINCIPALS, REGIONS } from '../model/arbitraries';

export const OTHER_REGION = 'cn-shanghai';
export const ACCOUNTS = ['123', '999'];

/** Every action Container Registry has today, and one of another service. */
export const ACTIONS = [...CR_ACTION_CATALOGUE, 'ecs:DescribeInstances'];

/** Every namespace, repository and instance ARN of the pools in every region and account, and `*`. */
export const RESOURCES: string[] = ['*'];
for (const region of [...REGIONS, OTHER_REGION]) {
  for (const account of ACCOUNTS) {
    for (const instance of [...INSTANCES, 'cri-zz9']) {
      const arn = (path: string) => `acs:cr:${region}:${account}:${path}`;
      RESOURCES.push(arn(`instance/${instance}`), arn(`repository/${instance}`), arn(`repository/${instance}/*`));
      for (const ns of NAMESPACES) RESOURCES.push(arn(`repository/${instance}/${ns}`), arn(`repository/${instance}/${ns}/web`));
    }
  }
}

export const SYSTEM_POLICIES = ['AliyunContainerRegistryReadOnlyAccess', 'AliyunContainerRegistryFullAccess'];

export const grantArb: fc.Arbitrary<Grant> = fc.record({
  instanceId: fc.constantFrom(...INSTANCES),
  namespace: fc.constantFrom(...NAMESPACES),
  access: fc.constantFrom(NamespaceAccess.PULL, NamespaceAccess.PUSH_PULL, NamespaceAccess.FULL),
  principals: fc.subarray(PRINCIPALS, { minLength: 1, maxLength: 2 }),
  regions: fc.option(fc.subarray(REGIONS, { minLength: 1 }), { nil: undefined }),
  accountId: fc.option(fc.constant('123'), { nil: undefined }),
  consoleAccess: fc.boolean(),
  system: fc.option(fc.constantFrom(...SYSTEM_POLICIES), { nil: undefined, freq: 6 }),
}).map(({ system, ...input }) => normalizeGrant({
  ...input,
  ...(system ? { systemPolicies: [system] } : {}),
  ...(system && highRiskReasonOf(system) ? { highRiskReason: 'break-glass registry administration' } : {}),
}, 'test'));

/** Principals of the pools, as reviews write them. */
export const LABELS = ['user:alice', 'user:bob', 'group:devs', 'role:ci'];

export const NEVER = ['cr:DeleteNamespace', 'cr:DeleteRepository', 'cr:Delete*', 'cr:PushRepository', 'cr:Push*', 'cr:PullRepository',
  'cr:List*', 'cr:*Namespace', 'cr:CreateRepository', 'cr:Get*', 'cr:*'];
export const invariantArb: fc.Arbitrary<Invariant> = fc.record({
  never: fc.uniqueArray(fc.constantFrom(...NEVER), { minLength: 1, maxLength: 2 }),
  on: fc.tuple(fc.constantFrom(...INSTANCES), fc.constantFrom(...NAMESPACES, '*')).map(([i, n]) => `${i}/${n}`),
  // Exemptions often enough that some plans keep every invariant.
  except: fc.subarray([...LABELS, 'user:carol'], { maxLength: 4 }),
  regions: fc.option(fc.subarray([...REGIONS, OTHER_REGION], { minLength: 1, maxLength: 2 }), { nil: undefined }),
  accountId: fc.option(fc.constantFrom(...ACCOUNTS), { nil: undefined }),
}).map((input) => normalizeInvariant(input as InvariantInput, 'test'));

export interface Holding { readonly document: PolicyDocument; readonly throughGroup?: string }

/** Whether the request is inside what the invariant protects, by taking the ARN apart. */
export function forbidden(invariant: Invariant, action: string, resource: string): boolean {
  if (!invariant.never.some((p) => actionMatches(p, action))) return false;
  const [acs, service, region, account, ...rest] = resource.split(':');
  if (acs !== 'acs' || service !== 'cr' || rest.length !== 1) return false;
  if (!(invariant.regions.includes('*') || invariant.regions.includes(region))) return false;
  if (invariant.accountId !== '*' && invariant.accountId !== account) return false;
  const [type, instance, namespace] = rest[0].split('/');
  return type === 'repository' && instance === invariant.instanceId && namespace !== undefined
    && (invariant.namespace === '*' || invariant.namespace === namespace);
}

export function applies(statement: PolicyStatement, action: string, resource: string): boolean {
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]) as string[];
  return list(statement.Action).some((p) => actionMatches(p, action)) && list(statement.Resource).some((p) => resourceMatches(p, resource));
}

/** The (invariant, principal) pairs brute force finds a forbidden, allowed request for. */
export function bruteForce(held: Map<string, Holding[]>, invariants: readonly Invariant[]): string[] {
  const found: string[] = [];
  invariants.forEach((invariant, index) => {
    const requests = ACTIONS.flatMap((action) => RESOURCES.filter((resource) => forbidden(invariant, action, resource)).map((resource) => ({ action, resource })));
    for (const [label, holdings] of [...held.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (invariant.except.includes(label)) continue;
      const statements = holdings.flatMap((h) => h.document.Statement.map((s) => ({ s, exempt: h.throughGroup !== undefined && invariant.except.includes(h.throughGroup) })));
      const hit = requests.some(({ action, resource }) => statements.some(({ s, exempt }) => s.Effect === 'Allow' && !exempt && applies(s, action, resource))
        && !statements.some(({ s }) => s.Effect === 'Deny' && applies(s, action, resource)));
      if (hit) found.push(`${index} ${label}`);
    }
  });
  return found;
}

/** Whether the principal's statements allow the request, as brute force reads them. */
export function allows(holdings: readonly Holding[], invariant: Invariant, action: string, resource: string): boolean {
  const statements = holdings.flatMap((h) => h.document.Statement.map((s) => ({ s, exempt: h.throughGroup !== undefined && invariant.except.includes(h.throughGroup) })));
  return statements.some(({ s, exempt }) => s.Effect === 'Allow' && !exempt && applies(s, action, resource))
    && !statements.some(({ s }) => s.Effect === 'Deny' && applies(s, action, resource));
}

