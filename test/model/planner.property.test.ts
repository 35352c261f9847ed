/**
 * What planning promises for any grant set, against brute-force oracles: each principal planned
 * on its own, the evaluator on every statement's own patterns, and plain comparison of two plans.
 * Small documents and a small quota make splits and refusals common.
 */
import * as fc from 'fast-check';
import { NamespaceAccess } from '../../lib/model/access';
import { DecisionEffect, evaluate } from '../../lib/model/evaluator';
import { Grant, grantStatements, normalizeGrant } from '../../lib/model/grant';
import { DEFAULT_LIMITS, Limits, packingBudget } from '../../lib/model/limits';
import { Plan } from '../../lib/model/plan';
import { PackingOptions, packStatements, planGrants } from '../../lib/model/planner';
import { PolicyStatement, asList, documentSize } from '../../lib/model/policy';
import { GranteeKind, PrincipalRef, principalLabel } from '../../lib/model/principal';
import { PROPERTY_RUNS, grantArb } from './arbitraries';

const SMALL: Limits = { ...DEFAULT_LIMITS, maxDocumentCharacters: 900, documentMargin: 100, maxCustomPoliciesPerPrincipal: 2 };
const OPTIONS: PackingOptions = { policyNamePrefix: 'cr', limits: SMALL, where: 'Stack/Access' };
const grantsArb = fc.array(grantArb, { minLength: 1, maxLength: 12 });

/** The plan, or undefined when it is refused. */
function tryPlan(grants: readonly Grant[], options = OPTIONS): Plan | undefined {
  try {
    return planGrants(grants, options);
  } catch (e) {
    if ((e as Error).name !== 'CrGrantsError') throw e;
    return undefined;
  }
}

function principalsOf(grants: readonly Grant[]): PrincipalRef[] {
  const byLabel = new Map(grants.flatMap((g) => g.principals).map((p) => [principalLabel(p), p]));
  return [...byLabel.values()];
}

/** The grants `principal` was given, as if it were their only grantee. */
function grantsAlone(grants: readonly Grant[], principal: PrincipalRef): Grant[] {
  const label = principalLabel(principal);
  return grants.filter((g) => g.principals.some((p) => principalLabel(p) === label)).map((g) => ({ ...g, principals: [principal] }));
}

function attachedTo(plan: Plan, label: string) {
  const names = new Set(plan.attachments.filter((a) => a.policyType === 'Custom' && principalLabel(a.principal) === label).map((a) => a.policyName));
  return plan.policies.filter((p) => names.has(p.policyName));
}

describe('quota', () => {
  test('a plan exists exactly when every principal\'s own grants fit its quota, and then each gets what it would get alone', () => {
    let refused = 0;
    fc.assert(fc.property(grantsArb, (grants) => {
      const plan = tryPlan(grants);
      const alone = principalsOf(grants).map((p) => ({ label: principalLabel(p), plan: tryPlan(grantsAlone(grants, p)) }));
      expect(plan !== undefined).toBe(alone.every((a) => a.plan !== undefined));
      if (!plan) {
        refused++;
        return;
      }
      for (const a of alone) {
        const own = attachedTo(plan, a.label);
        expect(own.length).toBeLessThanOrEqual(SMALL.maxCustomPoliciesPerPrincipal);
        expect(own).toEqual(a.plan!.policies);
      }
    }), PROPERTY_RUNS);
    // The small limits must make refusals common enough to test both sides.
    expect(refused).toBeGreaterThan(PROPERTY_RUNS.numRuns / 10);
  });
});

describe('no statement reaches a principal that was not granted it', () => {
  test('every action and resource of every statement attached to a principal is allowed by that principal\'s own grants', () => {
    fc.assert(fc.property(grantsArb, (grants) => {
      const plan = tryPlan(grants, { ...OPTIONS, limits: { ...SMALL, maxCustomPoliciesPerPrincipal: 100 } })!;
      for (const principal of principalsOf(grants)) {
        const label = principalLabel(principal);
        const granted = grantsAlone(grants, principal).map((g, i) => ({ policyName: `g${i}`, document: { Version: '1', Statement: grantStatements(g) } }));
        for (const policy of attachedTo(plan, label)) {
          for (const statement of policy.document.Statement) {
            for (const action of asList(statement.Action)) {
              for (const resource of asList(statement.Resource)) {
                // Patterns read as requests: a pattern matched only by a granted pattern is granted.
                expect([label, action, resource, evaluate(granted, action, resource).effect]).toEqual([label, action, resource, DecisionEffect.ALLOW]);
              }
            }
          }
        }
      }
      // And every attachment names a principal of some grant.
      const labels = new Set(principalsOf(grants).map(principalLabel));
      for (const a of plan.attachments) expect(labels.has(principalLabel(a.principal))).toBe(true);
    }), PROPERTY_RUNS);
  });
});

/** Policies and attachments as comparable text, each with the principals it is attached to. */
function resources(plan: Plan): Map<string, { text: string; principals: Set<string> }> {
  const out = new Map<string, { text: string; principals: Set<string> }>();
  for (const p of plan.policies) out.set(`policy ${p.policyName}`, { text: JSON.stringify(p), principals: new Set() });
  for (const a of plan.attachments) {
    const label = principalLabel(a.principal);
    out.set(`attachment ${a.policyType} ${a.policyName} ${label} ${a.resourceGroupId ?? ''}`, { text: JSON.stringify(a), principals: new Set([label]) });
    out.get(`policy ${a.policyName}`)?.principals.add(label);
  }
  return out;
}

const editArb = fc.record({
  grants: grantsArb,
  at: fc.nat(),
  kind: fc.constantFrom('add', 'remove', 'replace'),
  grant: grantArb,
});

describe('one grant\'s edit touches only its grantees\' resources', () => {
  test('adding, removing or replacing a grant changes, adds or removes only policies and attachments of that grant\'s grantees', () => {
    fc.assert(fc.property(editArb, ({ grants, at, kind, grant }) => {
      const i = at % grants.length;
      const edited = kind === 'add' ? [...grants.slice(0, i), grant, ...grants.slice(i)]
        : kind === 'remove' ? grants.filter((_, j) => j !== i)
          : grants.map((g, j) => (j === i ? grant : g));
      const touched = new Set([...(kind === 'add' ? [] : grants[i].principals), ...(kind === 'remove' ? [] : grant.principals)].map(principalLabel));
      const options = { ...OPTIONS, limits: { ...SMALL, maxCustomPoliciesPerPrincipal: 100 } };
      const before = resources(planGrants(grants, options));
      const after = resources(planGrants(edited, options));
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        const was = before.get(id);
        const is = after.get(id);
        if (was?.text === is?.text) continue;
        const owners = new Set([...was?.principals ?? [], ...is?.principals ?? []]);
        expect([id, [...owners].every((o) => touched.has(o))]).toEqual([id, true]);
      }
    }), PROPERTY_RUNS);
  });
});

describe('packStatements', () => {
  const arn = (i: number) => `acs:cr:*:*:repository/cri-a1/namespace-${i}/*`;
  const statementArb: fc.Arbitrary<PolicyStatement> = fc.record({
    action: fc.subarray(['cr:PullRepository', 'cr:PushRepository', 'cr:CreateRepository', 'cr:List*'], { minLength: 1 }),
    resources: fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 60 }),
  }).map(({ action, resources }) => ({ Effect: 'Allow', Action: action, Resource: resources.map(arn) }));

  test('keeps every statement\'s resources in order, within budget, and fills each document but the last to within one resource', () => {
    fc.assert(fc.property(fc.array(statementArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 300, max: 3000 }), (statements, budget) => {
      const parts = packStatements(statements, budget);
      for (const part of parts) expect(documentSize({ Version: '1', Statement: part })).toBeLessThanOrEqual(budget);
      // Read back in order, the pieces rebuild the input statement by statement.
      const pieces = parts.flat();
      const rebuilt: PolicyStatement[] = [];
      for (const piece of pieces) {
        const last = rebuilt[rebuilt.length - 1];
        const sameSource = last && JSON.stringify(last.Action) === JSON.stringify(piece.Action) && rebuilt.length <= statements.length
          && asList(statements[rebuilt.length - 1].Resource).length > asList(last.Resource).length;
        if (sameSource) rebuilt[rebuilt.length - 1] = { ...last, Resource: [...asList(last.Resource), ...asList(piece.Resource)] };
        else rebuilt.push({ ...piece, Resource: asList(piece.Resource) });
      }
      expect(rebuilt).toEqual(statements);
      // Full: the next document's first statement, cut to one resource, would not have fitted.
      for (let k = 0; k + 1 < parts.length; k++) {
        const next = parts[k + 1][0];
        const oneResource = { ...next, Resource: asList(next.Resource).slice(0, 1) };
        expect(documentSize({ Version: '1', Statement: [...parts[k], oneResource] })).toBeGreaterThan(budget);
      }
    }), PROPERTY_RUNS);
  });
});

describe('the shared CI role shape', () => {
  const teamGrants = (teams: number): Grant[] => Array.from({ length: teams }, (_, i) => normalizeGrant({
    instanceId: 'cri-8f3k2m9q1x7b4n6p',
    namespace: `team-${i}`,
    access: NamespaceAccess.PUSH_PULL,
    principals: [{ kind: GranteeKind.GROUP, name: `team-${i}`, identity: `team-${i}` }, { kind: GranteeKind.ROLE, name: 'ci-deployer', identity: 'ci-deployer' }],
  }, `grants[${i}]`));

  test.each([11, 100, 1000])('%i teams plan with every principal within its quota', (teams) => {
    const plan = planGrants(teamGrants(teams), { policyNamePrefix: 'cr', limits: DEFAULT_LIMITS, where: 'Stack/Access' });
    const counts = new Map<string, number>();
    for (const a of plan.attachments) counts.set(principalLabel(a.principal), (counts.get(principalLabel(a.principal)) ?? 0) + 1);
    expect(counts.size).toBe(teams + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCustomPoliciesPerPrincipal);
    for (const p of plan.policies) expect(documentSize(p.document)).toBeLessThanOrEqual(packingBudget(DEFAULT_LIMITS));
    // Each team group gets one policy; the role gets every namespace, in as few documents as they fill.
    expect(counts.get('group:team-0')).toBe(1);
    const roleCharacters = attachedTo(plan, 'role:ci-deployer').reduce((sum, p) => sum + documentSize(p.document), 0);
    expect(counts.get('role:ci-deployer')).toBe(Math.ceil(roleCharacters / packingBudget(DEFAULT_LIMITS)));
  });
});
