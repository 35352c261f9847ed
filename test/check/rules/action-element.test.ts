import { checkPolicyDocument } from '../../../lib/check/engine';
import { actionElement } from '../../../lib/check/rules/action-element';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === actionElement.id);

describe('CRG-E005 action-element', () => {
  test('one of Action / NotAction, as a string or a list, passes', () => {
    expect(found(
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: '*' },
      { Effect: 'Allow', Action: ['cr:PullRepository', { 'Fn::Sub': 'cr:${Verb}Repository' }], Resource: '*' },
      { Effect: 'Deny', NotAction: ['cr:List*'], Resource: '*' },
    )).toEqual([]);
  });

  test('neither, both, an empty list and a non-string entry are Errors', () => {
    const findings = found(
      { Effect: 'Allow', Resource: '*' },
      { Effect: 'Allow', Action: 'cr:List*', NotAction: 'cr:Delete*', Resource: '*' },
      { Effect: 'Allow', Action: [], Resource: '*' },
      { Effect: 'Allow', Action: ['cr:List*', 7], Resource: '*' },
      { Effect: 'Allow', Action: { actions: ['cr:List*'] }, Resource: '*' },
    );
    expect(findings.map((f) => [f.statementIndex, f.findingId])).toEqual([
      [0, 'CRG-E005[Action]'],
      [1, 'CRG-E005[Action+NotAction]'],
      [2, 'CRG-E005[Action]'],
      [3, 'CRG-E005[7]'],
      [4, 'CRG-E005[Action]'],
    ]);
    expect(findings.every((f) => f.findingClass === 'Error')).toBe(true);
  });
});
