/**
 * Invariants against brute force: random plans (random grants, planned as RegistryAccess plans
 * them, with system policies), plus hand-written Denies and group memberships, and random
 * invariants. A plan passes exactly when brute force (./invariant-oracle.ts) finds no
 * forbidden request, and the principals that break an invariant are those brute force finds.
 */
import * as fc from 'fast-check';
import { checkTemplateInvariants } from '../../lib/analysis/invariants';
import { CR_ACTION_CATALOGUE } from '../../lib/model/actions';
import { LocatedInvariant } from '../../lib/model/invariant';
import { DEFAULT_LIMITS } from '../../lib/model/limits';
import { Plan, PlannedAttachment } from '../../lib/model/plan';
import { planGrants } from '../../lib/model/planner';
import { PolicyStatement } from '../../lib/model/policy';
import { principalLabel } from '../../lib/model/principal';
import { systemPolicyDocument } from '../../lib/template/system-policy-documents';
import { Holding, LABELS, allows, bruteForce, forbidden, grantArb, invariantArb } from './invariant-oracle';

const DENIES: PolicyStatement[] = [
  { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/cri-a1/ns*' },
  { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:cn-hangzhou:*:repository/cri-a1/ns/*' },
  { Effect: 'Deny', Action: 'cr:Push*', Resource: '*' },
  { Effect: 'Deny', Action: ['cr:DeleteNamespace', 'cr:UpdateNamespace'], Resource: 'acs:cr:*:123:repository/*' },
];
const denyArb = fc.record({ statement: fc.constantFrom(...DENIES), holder: fc.constantFrom(...LABELS) });
const MEMBERSHIPS = [['alice', 'devs'], ['bob', 'devs'], ['carol', 'devs']];

const caseArb = fc.record({
  grants: fc.array(grantArb, { minLength: 1, maxLength: 4 }),
  denies: fc.array(denyArb, { maxLength: 2 }),
  memberships: fc.subarray(MEMBERSHIPS),
  invariants: fc.array(invariantArb, { minLength: 1, maxLength: 2 }),
});

/** The template a plan renders to (one ManagedPolicy per policy, one attachment per principal), and each principal's documents. */
function build(plan: Plan, denies: { statement: PolicyStatement; holder: string }[], memberships: string[][]) {
  const resources: { [id: string]: unknown } = {};
  const held = new Map<string, Holding[]>();
  const hold = (label: string, h: Holding) => held.set(label, [...(held.get(label) ?? []), h]);
  const documents = new Map(plan.policies.map((p) => [p.policyName, p.document]));
  plan.policies.forEach((p, i) => {
    resources[`P${i}`] = { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: p.policyName, PolicyDocument: p.document } };
  });
  const attach = (a: PlannedAttachment, i: number) => {
    const kind = { USER: 'User', GROUP: 'Group', ROLE: 'Role' }[a.principal.kind];
    resources[`A${i}`] = { Type: `ALIYUN::RAM::AttachPolicyTo${kind}`, Properties: { PolicyName: a.policyName, PolicyType: a.policyType, [`${kind}Name`]: a.principal.name } };
    hold(principalLabel(a.principal), { document: a.policyType === 'System' ? systemPolicyDocument(a.policyName)! : documents.get(a.policyName)! });
  };
  plan.attachments.forEach(attach);
  denies.forEach(({ statement, holder }, i) => {
    const [kind, name] = holder.split(':');
    const list = { user: 'Users', group: 'Groups', role: 'Roles' }[kind]!;
    const document = { Version: '1', Statement: [statement] };
    resources[`D${i}`] = { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: `deny-${i}`, PolicyDocument: document, [list]: [name] } };
    hold(holder, { document });
  });
  // A membership of a group that holds nothing here would be an unknown (what it holds elsewhere): kept out.
  const joined = memberships.filter(([, group]) => held.has(`group:${group}`));
  joined.forEach(([user, group], i) => {
    resources[`M${i}`] = { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: group, Users: [user] } };
  });
  for (const [user, group] of joined) {
    for (const h of held.get(`group:${group}`)!) hold(`user:${user}`, { ...h, throughGroup: `group:${group}` });
  }
  return { template: { Resources: resources }, held };
}

test('a random plan passes exactly when brute force finds no forbidden request', () => {
  let passing = 0;
  let failing = 0;
  fc.assert(fc.property(caseArb, ({ grants, denies, memberships, invariants }) => {
    const plan = planGrants(grants, { policyNamePrefix: 'p', where: 'test', limits: DEFAULT_LIMITS });
    const { template, held } = build(plan, denies, memberships);
    const located: LocatedInvariant[] = invariants.map((invariant, i) => ({ invariant, where: `test invariants[${i}]` }));
    const violations = checkTemplateInvariants(template, located);
    const certain = violations.filter((v) => v.certainty === 'VIOLATED');
    expect(certain.map((v) => `${v.invariantIndex} ${v.principal}`)).toEqual(bruteForce(held, invariants));
    for (const v of violations) {
      const invariant = invariants[v.invariantIndex];
      // Each witness is a request the invariant forbids and the principal is allowed.
      expect(forbidden(invariant, v.request!.action, v.request!.resource)).toBe(true);
      expect(allows(held.get(v.principal)!, invariant, v.request!.action, v.request!.resource)).toBe(true);
      // Nothing here is left open; what is not certain is an action Container Registry does not have.
      if (v.certainty !== 'VIOLATED') {
        expect(v.unproven).toMatch(/^the forbidden actions it allows are not Container Registry actions today/);
        expect(CR_ACTION_CATALOGUE.map((a) => a.toLowerCase())).not.toContain(v.request!.action.toLowerCase());
      }
    }
    if (certain.length === 0) passing++; else failing++;
  }), { seed: 20261201, numRuns: 100 });
  // Both outcomes are common enough for the property to say something.
  expect(Math.min(passing, failing)).toBeGreaterThan(15);
});
