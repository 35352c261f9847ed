import * as fc from 'fast-check';
import { NamespaceAccess } from '../../lib/model/access';
import { DecisionEffect, evaluate } from '../../lib/model/evaluator';
import { Grant, grantStatements, normalizeGrant } from '../../lib/model/grant';
import { DEFAULT_LIMITS } from '../../lib/model/limits';
import { Plan, PlannedPolicy } from '../../lib/model/plan';
import { packStatements, planGrants, planSingleGrant } from '../../lib/model/planner';
import { documentSize } from '../../lib/model/policy';
import { GranteeKind, PrincipalRef, principalLabel } from '../../lib/model/principal';
import { PRINCIPALS, PROBE_ACTIONS, PROBE_RESOURCES, PROPERTY_RUNS, grantsArb } from './arbitraries';

const OPTIONS = { policyNamePrefix: 'cr', limits: DEFAULT_LIMITS, where: 'Stack/Access' };
const group = (name: string) => ({ kind: GranteeKind.GROUP, name, identity: name });
const grant = (namespace: string, principals = [group('devs')], access = NamespaceAccess.PULL): Grant =>
  normalizeGrant({ instanceId: 'cri-a1', namespace, access, principals }, 'test');

function policiesOf(plan: Plan, label: string): PlannedPolicy[] {
  const names = new Set(plan.attachments.filter((a) => a.policyType === 'Custom' && principalLabel(a.principal) === label).map((a) => a.policyName));
  return plan.policies.filter((p) => names.has(p.policyName));
}

describe('planSingleGrant', () => {
  test('one policy in the console order, one attachment per principal', () => {
    const plan = planSingleGrant(grant('ns', [group('a'), group('b')]), 'name');
    expect(plan.policies.map((p) => p.policyName)).toEqual(['name']);
    expect(plan.attachments.map((a) => principalLabel(a.principal))).toEqual(['group:a', 'group:b']);
  });
});

describe('planGrants', () => {
  test('grants to the same grantees share one policy', () => {
    const plan = planGrants([grant('ns1'), grant('ns2'), grant('ns3', [group('ops')])], OPTIONS);
    expect(plan.policies).toHaveLength(2);
    expect(plan.attachments).toHaveLength(2);
    const [devs] = policiesOf(plan, 'group:devs');
    expect(devs.document.Statement).toContainEqual({
      Effect: 'Allow',
      Action: ['cr:PullRepository'],
      Resource: ['acs:cr:*:*:repository/cri-a1/ns1/*', 'acs:cr:*:*:repository/cri-a1/ns2/*'],
    });
  });

  test('each principal keeps exactly its access (evaluated before and after planning)', () => {
    fc.assert(fc.property(grantsArb, (grants) => {
      const plan = planGrants(grants, OPTIONS);
      const differences: string[] = [];
      for (const principal of PRINCIPALS) {
        const label = principalLabel(principal);
        const before = grants.filter((g) => g.principals.some((p) => principalLabel(p) === label))
          .map((g, i) => ({ policyName: `g${i}`, document: { Version: '1', Statement: grantStatements(g) } }));
        const after = policiesOf(plan, label);
        for (const action of PROBE_ACTIONS) {
          for (const resource of PROBE_RESOURCES) {
            const was = evaluate(before, action, resource).effect === DecisionEffect.ALLOW;
            if ((evaluate(after, action, resource).effect === DecisionEffect.ALLOW) !== was) differences.push(`${label} ${action} ${resource}`);
          }
        }
      }
      expect(differences).toEqual([]);
    }), { ...PROPERTY_RUNS, numRuns: 100 });
  });

  test('the plan does not depend on the order of grants or grantees', () => {
    fc.assert(fc.property(grantsArb, (grants) => {
      const shuffled = [...grants].reverse().map((g) => normalizeGrant({
        ...g,
        principals: [...g.principals].reverse(),
        regions: g.regions.includes('*') ? undefined : [...g.regions].reverse(),
        accountId: g.accountId === '*' ? undefined : g.accountId,
      }, 'test'));
      expect(JSON.stringify(planGrants(shuffled, OPTIONS))).toEqual(JSON.stringify(planGrants(grants, OPTIONS)));
    }), PROPERTY_RUNS);
  });

  test('adding a grant for other grantees leaves every existing policy as it was', () => {
    const base = [grant('ns1'), grant('ns2', [group('ops')])];
    const before = planGrants(base, OPTIONS);
    const after = planGrants([base[0], grant('ns9', [group('qa')]), base[1]], OPTIONS);
    for (const policy of before.policies) expect(after.policies).toContainEqual(policy);
    expect(after.policies).toHaveLength(before.policies.length + 1);
  });

  test('adding a grant for the same grantees changes only that policy\'s document', () => {
    const before = planGrants([grant('ns1')], OPTIONS);
    const after = planGrants([grant('ns1'), grant('ns2')], OPTIONS);
    expect(after.policies.map((p) => [p.policyName, p.description])).toEqual(before.policies.map((p) => [p.policyName, p.description]));
    expect(after.policies[0].document).not.toEqual(before.policies[0].document);
  });

  test('a document over the size budget splits into numbered parts, each within it', () => {
    const many = Array.from({ length: 300 }, (_, i) => grant(`namespace-number-${i}`, [group('devs')], i % 2 ? NamespaceAccess.FULL : NamespaceAccess.PULL));
    const plan = planGrants(many, OPTIONS);
    expect(plan.policies.length).toBeGreaterThan(1);
    plan.policies.forEach((p) => expect(documentSize(p.document)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDocumentCharacters - DEFAULT_LIMITS.documentMargin));
    const [first, ...rest] = plan.policies.map((p) => p.policyName);
    rest.forEach((name, i) => expect(name).toBe(`${first}-p${i + 2}`));
    expect(plan.attachments.filter((a) => a.policyType === 'Custom')).toHaveLength(plan.policies.length);
  });

  test('a principal in many grants with different co-grantees still gets one policy', () => {
    const alice = { kind: GranteeKind.USER, name: 'alice', identity: 'alice' };
    const grants = Array.from({ length: 11 }, (_, i) => grant(`ns${i}`, [alice, group(`team${i}`)]));
    const plan = planGrants(grants, OPTIONS);
    expect(policiesOf(plan, 'user:alice')).toHaveLength(1);
    for (let i = 0; i < 11; i++) expect(policiesOf(plan, `group:team${i}`)).toHaveLength(1);
  });

  test('a principal whose own grants fill more documents than its quota is refused, with its name and count', () => {
    const alice = { kind: GranteeKind.USER, name: 'alice', identity: 'alice' };
    // 48 characters per namespace (its repositories' ARN, quoted): 1,200 namespaces fill 11 documents of 6,000.
    const grants = Array.from({ length: 1200 }, (_, i) => grant(`namespace-${String(i).padStart(5, '0')}`, [alice, group(`team${i}`)]));
    expect(() => planGrants(grants, OPTIONS)).toThrow(
      /^Stack\/Access: grants "user:alice" would need 11 custom policies, more than RAM's 10 per principal: its own grants fill 11 documents of 6000 characters \(split its grants/);
    expect(() => planGrants(grants, { ...OPTIONS, limits: { ...DEFAULT_LIMITS, maxCustomPoliciesPerPrincipal: 11 } })).not.toThrow();
  });

  test('more custom policies than an account holds are refused with the count', () => {
    const grants = Array.from({ length: 4 }, (_, i) => grant(`ns${i}`, [group(`team${i}`)]));
    const limits = { ...DEFAULT_LIMITS, maxCustomPoliciesPerAccount: 3 };
    expect(() => planGrants(grants, { ...OPTIONS, limits })).toThrow(
      'Stack/Access: grants "4 custom policies" is more than RAM\'s 3 custom policies per account (grant through groups');
    expect(planGrants(grants.slice(1), { ...OPTIONS, limits }).policies).toHaveLength(3);
  });

  test('names and descriptions stay within RAM\'s limits, however long the grantee and the accepted findings', () => {
    const long = group(`a-rather-long-group-name-${'x'.repeat(38)}`);
    const suppressions = Array.from({ length: 60 }, (_, i) => ({ id: `CRG-S001[cr:Action${String(i).padStart(3, '0')}]`, reason: 'Accepted for the test' }));
    const plan = planGrants([normalizeGrant({ instanceId: 'cri-a1', namespace: 'ns', access: NamespaceAccess.PULL, principals: [long], suppressions }, 'test')], OPTIONS);
    expect(plan.policies[0].policyName.length).toBeLessThanOrEqual(128);
    expect(plan.policies[0].description.length).toBe(1024);
  });
});

describe('suppressions in the plan', () => {
  const OWNERS = { id: 'CRG-S001', reason: 'Owners manage the namespace outright' };
  const LEGACY = { id: 'CRG-I001', reason: 'Kept until the old grant is removed' };
  const withSuppressions = (g: Grant, suppressions: { id: string; reason: string }[]): Grant =>
    normalizeGrant({ ...g, regions: undefined, accountId: undefined, suppressions }, 'test');

  test('planSingleGrant: the policy carries the grant\'s suppressions, and has none without them', () => {
    const plain = grant('ns', [group('a')], NamespaceAccess.FULL);
    expect(planSingleGrant(withSuppressions(plain, [OWNERS]), 'name').policies[0].suppressions).toEqual([OWNERS]);
    expect(planSingleGrant(plain, 'name').policies[0]).not.toHaveProperty('suppressions');
  });

  test('planGrants: grants accepting the same findings share a policy with every reason, sorted and once each', () => {
    const REVIEWED = { ...OWNERS, reason: 'Reviewed again when the namespace moved' };
    const grants = [
      withSuppressions(grant('ns1', [group('devs')], NamespaceAccess.FULL), [OWNERS, LEGACY]),
      withSuppressions(grant('ns2'), [LEGACY, REVIEWED, OWNERS]),
    ];
    const plan = planGrants(grants, OPTIONS);
    expect(plan.policies).toHaveLength(1);
    expect(plan.policies[0].suppressions).toEqual([LEGACY, OWNERS, REVIEWED]);
    expect(planGrants([...grants].reverse(), OPTIONS)).toEqual(plan);
  });

  test('a suppression covers only the grants that carry it: other grants of the same grantees get a policy without it', () => {
    const plan = planGrants([
      withSuppressions(grant('ns1', [group('devs')]), [OWNERS]),
      grant('ns2', [group('devs')], NamespaceAccess.FULL),
    ], OPTIONS);
    expect(plan.policies).toHaveLength(2);
    const [full] = plan.policies.filter((p) => JSON.stringify(p.document).includes('"cr:*"'));
    expect(full.suppressions).toBeUndefined();
    const [pull] = plan.policies.filter((p) => p !== full);
    expect(pull.suppressions).toEqual([OWNERS]);
    expect(pull.description).toBe('Container Registry access for group:devs, accepting CRG-S001');
    expect(full.description).toBe('Container Registry access for group:devs');
    expect(pull.policyName).not.toBe(full.policyName);
  });

  test('a grant\'s suppressions never reach the policies of other grantees', () => {
    const plan = planGrants([
      withSuppressions(grant('ns1', [group('devs')], NamespaceAccess.FULL), [OWNERS]),
      grant('ns1', [group('ops')], NamespaceAccess.FULL),
      grant('ns2', [group('devs'), group('ops')]),
    ], OPTIONS);
    expect(plan.policies).toHaveLength(3);
    expect(policiesOf(plan, 'group:devs').map((p) => p.suppressions)).toEqual([undefined, [OWNERS]]);
    expect(policiesOf(plan, 'group:ops').map((p) => p.suppressions)).toEqual([undefined, undefined]);
  });

  test('every part of a split policy carries them', () => {
    const many = Array.from({ length: 300 }, (_, i) => withSuppressions(grant(`namespace-number-${i}`, [group('devs')], NamespaceAccess.FULL), [OWNERS]));
    const plan = planGrants(many, OPTIONS);
    expect(plan.policies.length).toBeGreaterThan(1);
    for (const policy of plan.policies) expect(policy.suppressions).toEqual([OWNERS]);
  });

  test('reasons never change a policy\'s name or description; the accepted ids do', () => {
    const grants = [grant('ns1', [group('devs')], NamespaceAccess.FULL), grant('ns2', [group('ops')])];
    const names = (plan: Plan) => plan.policies.map((p) => [p.policyName, p.description]);
    const suppressed = [withSuppressions(grants[0], [OWNERS]), withSuppressions(grants[1], [LEGACY])];
    const reworded = [withSuppressions(grants[0], [{ ...OWNERS, reason: 'Owners still manage it outright' }]), suppressed[1]];
    expect(names(planGrants(reworded, OPTIONS))).toEqual(names(planGrants(suppressed, OPTIONS)));
    expect(names(planGrants(suppressed, OPTIONS))).not.toContainEqual(names(planGrants(grants, OPTIONS))[0]);
    // One grant, one policy: its name is given, and the suppressions stay Metadata only.
    expect(names(planSingleGrant(suppressed[0], 'name'))).toEqual(names(planSingleGrant(grants[0], 'name')));
  });
});

describe('high-risk reasons', () => {
  const alice = { kind: GranteeKind.USER, name: 'alice', identity: 'alice' };
  const admin = (namespace: string, principals: PrincipalRef[], highRiskReason: string): Grant => normalizeGrant(
    { instanceId: 'cri-a1', namespace, access: NamespaceAccess.PULL, principals, systemPolicies: ['AdministratorAccess'], highRiskReason }, 'test');
  const systemAttachments = (plan: Plan) => plan.attachments.filter((a) => a.policyType === 'System');

  test('the same system policy for the same principal keeps every distinct reason, sorted, in one attachment', () => {
    const grants = [
      admin('ns1', [alice], 'Break-glass access for incidents'),
      admin('ns2', [alice, group('ops')], 'Audits the account every quarter'),
      admin('ns3', [alice], 'Break-glass access for incidents'),
    ];
    const plan = planGrants(grants, OPTIONS);
    expect(systemAttachments(plan).map((a) => [principalLabel(a.principal), a.highRiskReasons])).toEqual([
      ['group:ops', ['Audits the account every quarter']],
      ['user:alice', ['Audits the account every quarter', 'Break-glass access for incidents']],
    ]);
    expect(planGrants([...grants].reverse(), OPTIONS)).toEqual(plan);
  });

  test('a system policy that is not high-risk records no reason', () => {
    const readOnly = normalizeGrant({ instanceId: 'cri-a1', namespace: 'ns', access: NamespaceAccess.PULL, principals: [alice],
      systemPolicies: ['AliyunContainerRegistryReadOnlyAccess'] }, 'test');
    expect(systemAttachments(planGrants([readOnly], OPTIONS))[0].highRiskReasons).toBeUndefined();
  });
});

describe('policy name prefix', () => {
  test('is part of the name\'s hash: long prefixes that differ only past the cut give different names', () => {
    const long = 'p'.repeat(120);
    const nameWith = (policyNamePrefix: string) => planGrants([grant('ns')], { ...OPTIONS, policyNamePrefix }).policies[0].policyName;
    expect(nameWith(`${long}a`)).not.toBe(nameWith(`${long}b`));
    expect(nameWith(`${long}a`)).toBe(nameWith(`${long}a`));
    expect(nameWith(`${long}a`).length).toBeLessThanOrEqual(128);
  });
});

describe('packStatements', () => {
  test('splits a statement that is too large alone by its resources', () => {
    const resources = Array.from({ length: 200 }, (_, i) => `acs:cr:*:*:repository/cri-a1/ns${i}/*`);
    const parts = packStatements([{ Effect: 'Allow', Action: ['cr:PullRepository'], Resource: resources }], 2000);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat().flatMap((s) => s.Resource)).toEqual(resources);
  });
});
