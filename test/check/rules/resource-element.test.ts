import { checkPolicyDocument } from '../../../lib/check/engine';
import { resourceElement } from '../../../lib/check/rules/resource-element';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === resourceElement.id);
const ALLOW = { Effect: 'Allow', Action: 'cr:PullRepository' };

describe('CRG-E006 resource-element', () => {
  test('a string, a list and values known only at deployment pass', () => {
    expect(found(
      { ...ALLOW, Resource: '*' },
      { ...ALLOW, Resource: ['acs:cr:*:*:repository/cri-1/ns/*'] },
      { ...ALLOW, Resource: { 'Fn::Join': ['', ['acs:cr:', { Ref: 'ALIYUN::Region' }, ':*:repository/cri-1/ns/*']] } },
    )).toEqual([]);
  });

  test('a missing Resource, an empty list and a non-string entry are Errors', () => {
    const findings = found(ALLOW, { ...ALLOW, Resource: [] }, { ...ALLOW, Resource: ['*', null] });
    expect(findings.map((f) => [f.statementIndex, f.findingId, f.findingClass])).toEqual([
      [0, 'CRG-E006[Resource]', 'Error'],
      [1, 'CRG-E006[Resource]', 'Error'],
      [2, 'CRG-E006[null]', 'Error'],
    ]);
  });
});
