import { checkPolicyDocument } from '../../../lib/check/engine';
import { effect } from '../../../lib/check/rules/effect';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === effect.id);
const BODY = { Action: 'cr:PullRepository', Resource: '*' };

describe('CRG-E004 effect', () => {
  test('Allow and Deny pass', () => {
    expect(found({ Effect: 'Allow', ...BODY }, { Effect: 'Deny', ...BODY })).toEqual([]);
  });

  test('a missing, misspelled or wrongly cased Effect is an Error', () => {
    const findings = found(BODY, { Effect: 'allow', ...BODY }, { Effect: 'Permit', ...BODY });
    expect(findings.map((f) => [f.statementIndex, f.findingId, f.findingClass])).toEqual([
      [0, 'CRG-E004[Effect]', 'Error'],
      [1, 'CRG-E004[allow]', 'Error'],
      [2, 'CRG-E004[Permit]', 'Error'],
    ]);
    expect(findings[1].message).toMatch(/write "Allow"/);
  });

  test('an Effect known only at deployment is not judged', () => {
    expect(found({ Effect: { Ref: 'EffectParameter' }, ...BODY })).toEqual([]);
  });
});
