import * as fc from 'fast-check';
import { evaluate, DecisionEffect } from '../../lib/model/evaluator';
import { mergeStatements } from '../../lib/model/merge';
import { PolicyStatement } from '../../lib/model/policy';
import { PROBE_ACTIONS, PROBE_RESOURCES, PROPERTY_RUNS, grantsArb } from './arbitraries';
import { grantStatements } from '../../lib/model/grant';

const allow = (Action: string[], Resource: string[] | string): PolicyStatement => ({ Effect: 'Allow', Action, Resource });

describe('mergeStatements', () => {
  test('same actions: resources are united', () => {
    expect(mergeStatements([allow(['cr:PullRepository'], ['b']), allow(['cr:PullRepository'], ['a'])]))
      .toEqual([allow(['cr:PullRepository'], ['a', 'b'])]);
  });

  test('same resources: actions are united', () => {
    expect(mergeStatements([allow(['cr:B'], ['r']), allow(['cr:A'], 'r')]))
      .toEqual([allow(['cr:A', 'cr:B'], ['r'])]);
  });

  test('different actions on different resources stay apart (merging them would widen)', () => {
    const statements = [allow(['cr:A'], ['r1']), allow(['cr:B'], ['r2'])];
    expect(mergeStatements(statements)).toEqual(statements);
  });

  test('a statement covered by another is dropped', () => {
    expect(mergeStatements([allow(['cr:*'], ['acs:cr:*:*:repository/cri-1/ns/*']), allow(['cr:PullRepository'], ['acs:cr:*:*:repository/cri-1/ns/web'])]))
      .toEqual([allow(['cr:*'], ['acs:cr:*:*:repository/cri-1/ns/*'])]);
  });

  test('Deny statements are kept as written; a conditional one merges only with its own condition', () => {
    const deny: PolicyStatement = { Effect: 'Deny', Action: ['cr:A'], Resource: ['r'] };
    const conditional: PolicyStatement = { Effect: 'Allow', Action: ['cr:A'], Resource: ['r'], Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } };
    const merged = mergeStatements([allow(['cr:A'], ['r']), deny, conditional]);
    expect(merged).toContainEqual(deny);
    expect(merged).toContainEqual(conditional);
    expect(merged).toHaveLength(3);
  });

  test('the result does not depend on input order', () => {
    fc.assert(fc.property(grantsArb, (grants) => {
      const statements = grants.flatMap(grantStatements);
      expect(mergeStatements([...statements].reverse())).toEqual(mergeStatements(statements));
    }), PROPERTY_RUNS);
  });

  test('merging never changes what is allowed', () => {
    fc.assert(fc.property(grantsArb, (grants) => {
      const statements = grants.flatMap(grantStatements);
      const before = [{ policyName: 'before', document: { Version: '1', Statement: statements } }];
      const after = [{ policyName: 'after', document: { Version: '1', Statement: mergeStatements(statements) } }];
      const differences: string[] = [];
      for (const action of PROBE_ACTIONS) {
        for (const resource of PROBE_RESOURCES) {
          const was = evaluate(before, action, resource).effect === DecisionEffect.ALLOW;
          if ((evaluate(after, action, resource).effect === DecisionEffect.ALLOW) !== was) differences.push(`${action} ${resource}`);
        }
      }
      expect(differences).toEqual([]);
    }), { ...PROPERTY_RUNS, numRuns: 100 });
  });
});
