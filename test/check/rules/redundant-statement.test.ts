import * as seed from '../../fixtures/seed-policy.json';
import { checkPolicyDocument } from '../../../lib/check/engine';
import { redundantStatement } from '../../../lib/check/rules/redundant-statement';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === redundantStatement.id);
const NS = 'acs:cr:*:*:repository/cri-1/ns/*';

describe('CRG-I001 redundant-statement', () => {
  test('the seed has no redundant statement', () => {
    const { default: _ignored, ...document } = seed as any;
    expect(checkPolicyDocument(document, 'seed').filter((f) => f.ruleId === redundantStatement.id)).toEqual([]);
  });

  test('statements that each add something pass', () => {
    expect(found(
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: NS },
      { Effect: 'Allow', Action: 'cr:PushRepository', Resource: NS },
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/other/*' },
      { Effect: 'Deny', Action: 'cr:PullRepository', Resource: NS },
    )).toEqual([]);
  });

  test('a statement covered by a wider one is a Suggestion, whatever their order', () => {
    const findings = found(
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/ns/app' },
      { Effect: 'Allow', Action: ['cr:Pull*', 'cr:Push*'], Resource: NS },
    );
    expect(findings).toEqual([expect.objectContaining({ findingClass: 'Suggestion', findingId: 'CRG-I001[#0]', statementIndex: 0 })]);
    expect(findings[0].message).toMatch(/covered by statement 1/);
  });

  test('of two equal statements only the later one is reported', () => {
    const statement = { Effect: 'Allow', Action: 'cr:PULLREPOSITORY', Resource: NS };
    expect(found(statement, { ...statement, Action: 'cr:PullRepository' }).map((f) => f.statementIndex)).toEqual([1]);
  });

  test('a condition on the wider statement, or a different effect, means no coverage', () => {
    expect(found(
      { Effect: 'Allow', Action: 'cr:*', Resource: NS, Condition: { IpAddress: { 'acs:SourceIp': '192.0.2.0/24' } } },
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: NS },
      { Effect: 'Deny', Action: 'cr:PullRepository', Resource: NS },
    )).toEqual([]);
  });

  test('the same condition on both still covers', () => {
    const Condition = { IpAddress: { 'acs:SourceIp': '192.0.2.0/24' } };
    expect(found(
      { Effect: 'Allow', Action: 'cr:*', Resource: NS, Condition },
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: NS, Condition },
    )).toHaveLength(1);
  });

  test('cr:List* is not covered by cr:ListInstance*', () => {
    expect(found(
      { Effect: 'Allow', Action: 'cr:ListInstance*', Resource: '*' },
      { Effect: 'Allow', Action: 'cr:List*', Resource: '*' },
    ).map((f) => f.statementIndex)).toEqual([0]);
  });
});
