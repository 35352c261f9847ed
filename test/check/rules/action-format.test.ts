import { checkPolicyDocument } from '../../../lib/check/engine';
import { actionFormat } from '../../../lib/check/rules/action-format';

const found = (Action: unknown, key = 'Action') => checkPolicyDocument(
  { Version: '1', Statement: [{ Effect: 'Deny', [key]: Action, Resource: '*' }] }, 'p',
).filter((f) => f.ruleId === actionFormat.id);

describe('CRG-E009 action-format', () => {
  test('service:Action with wildcards, and a lone *, pass', () => {
    expect(found(['cr:PullRepository', 'cr:List*', 'cr:*', '*', 'CR:GetInstance*', 'resourcemanager:ListResourceGroups'])).toEqual([]);
  });

  test.each([
    ['PullRepository', /"cr:PullRepository"/],
    ['cr:Pull Repository', /white space/],
    ['cr:Pull?', /"\?" is not a wildcard/],
    ['cr:repository:pull', /one colon/],
  ])('%s is an Error', (action, hint) => {
    const [finding] = found([action]);
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: `CRG-E009[${action}]`, statementIndex: 0 });
    expect(finding.message).toMatch(hint);
  });

  test('NotAction entries are checked too', () => {
    expect(found('DeleteRepository', 'NotAction').map((f) => f.findingId)).toEqual(['CRG-E009[DeleteRepository]']);
  });
});
