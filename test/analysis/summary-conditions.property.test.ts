/**
 * The Conditions column against brute force: for random grants with random conditions, a
 * namespace row lists an allowed action under Conditions exactly when no grant without one
 * gives its grantee that action there, and then lists exactly the Conditions of the grants that do.
 */
import * as ros from '@alicloud/ros-cdk-core';
import * as fc from 'fast-check';
import { GrantSpec, NamespaceAccess, RegistryAccess } from '../../lib';
import { summarizeTemplate } from '../../lib/analysis/summary';
import { canonicalCondition, conditionBlock } from '../../lib/model/conditions';
import { DecisionEffect, evaluate } from '../../lib/model/evaluator';
import { grantStatements, normalizeGrant } from '../../lib/model/grant';
import { GranteeKind } from '../../lib/model/principal';
import { synthTemplate } from '../synth';

const CONDITIONS: Partial<GrantSpec>[] = [{}, { sourceIps: ['203.0.113.0/24'] }, { sourceVpcs: ['vpc-a1'] }, { mfa: true }];
const specArb: fc.Arbitrary<GrantSpec> = fc.record({
  namespace: fc.constantFrom('app', 'web'),
  access: fc.constantFrom(NamespaceAccess.PULL, NamespaceAccess.PUSH_PULL),
  users: fc.subarray(['alice', 'bob'], { minLength: 1 }),
  conditions: fc.constantFrom(...CONDITIONS),
}).map(({ conditions, ...g }) => ({ instanceId: 'cri-123456', consoleAccess: false, ...g, ...conditions }));

/** What `actions` a user may do on a namespace under each context: '' for none, else the Condition's JSON. */
function oracle(specs: readonly GrantSpec[], user: string, namespace: string, action: string): Set<string> {
  const contexts = new Set<string>();
  for (const spec of specs.filter((s) => s.users!.includes(user))) {
    const grant = normalizeGrant({ ...spec, principals: [{ kind: GranteeKind.USER, name: user, identity: user }] } as any, 'test');
    const resource = action === 'cr:GetAuthorizationToken' ? '*' : `acs:cr:cn-hangzhou:1:repository/cri-123456/${namespace}/x`;
    const statements = grantStatements(grant).map(({ Condition: _c, ...s }) => s);
    if (evaluate([{ policyName: 'p', document: { Version: '1', Statement: statements } }], action, resource).effect === DecisionEffect.ALLOW) {
      contexts.add(canonicalCondition(conditionBlock(grant.conditions)));
    }
  }
  return contexts;
}

test('a row lists an action under Conditions exactly when only conditional grants give it, with their Conditions', () => {
  fc.assert(fc.property(fc.array(specArb, { minLength: 1, maxLength: 5 }), (specs) => {
    const stack = new ros.Stack(new ros.App({ stackTraces: false }), 'S');
    new RegistryAccess(stack, 'Access', { grants: specs });
    const matrix = summarizeTemplate(synthTemplate(stack));
    for (const row of matrix.rows) {
      const user = row.grantee.replace(/^user:/, '');
      for (const action of row.allowed) {
        const contexts = oracle(specs, user, row.namespace!, action);
        expect(contexts.size).toBeGreaterThan(0);
        const listed = (row.conditions ?? []).filter((c) => c.actions.includes(action)).map((c) => c.condition).sort();
        expect(listed).toEqual(contexts.has('') ? [] : [...contexts].sort());
      }
    }
  }), { seed: 20261201, numRuns: 40 });
});
