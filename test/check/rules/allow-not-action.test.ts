import { checkPolicyDocument } from '../../../lib/check/engine';
import { allowNotAction } from '../../../lib/check/rules/allow-not-action';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === allowNotAction.id);

describe('CRG-S002 allow-not-action', () => {
  test('Action, and NotAction in a Deny, pass', () => {
    expect(found(
      { Effect: 'Allow', Action: 'cr:List*', Resource: '*' },
      { Effect: 'Deny', NotAction: 'cr:List*', Resource: 'acs:cr:*:*:repository/cri-1/*' },
    )).toEqual([]);
  });

  test('Allow with NotAction is a Security warning', () => {
    const [finding] = found({ Effect: 'Allow', NotAction: ['cr:Delete*'], Resource: '*' });
    expect(finding).toMatchObject({ findingClass: 'SecurityWarning', findingId: 'CRG-S002[NotAction]', statementIndex: 0 });
    expect(finding.message).toMatch(/every action of every service except cr:Delete\*/);
  });
});
