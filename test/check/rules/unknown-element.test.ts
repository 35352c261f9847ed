import { checkPolicyDocument } from '../../../lib/check/engine';
import { unknownElement } from '../../../lib/check/rules/unknown-element';

const STATEMENT = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: '*' };
const found = (document: unknown) => checkPolicyDocument(document, 'p').filter((f) => f.ruleId === unknownElement.id);

describe('CRG-E003 unknown-element', () => {
  test('the known elements pass, Condition included', () => {
    const withCondition = { ...STATEMENT, Condition: { Bool: { 'acs:SecureTransport': 'true' } } };
    expect(found({ Version: '1', Statement: [withCondition, { Effect: 'Deny', NotAction: 'cr:Delete*', Resource: '*' }] })).toEqual([]);
  });

  test('Sid, Principal and a misspelled name are Errors with their own hints', () => {
    const findings = found({
      Version: '1',
      Id: 'x',
      Statement: [{ ...STATEMENT, Sid: 'one', Principal: { RAM: ['acs:ram::1:root'] } }, { effect: 'Allow', Action: 'cr:List*', Resource: '*' }],
    });
    expect(findings.map((f) => [f.findingId, f.statementIndex])).toEqual([
      ['CRG-E003[Id]', undefined],
      ['CRG-E003[Principal]', 0],
      ['CRG-E003[Sid]', 0],
      ['CRG-E003[effect]', 1],
    ]);
    expect(findings.every((f) => f.findingClass === 'Error')).toBe(true);
    expect(findings[1].message).toMatch(/trust policy/);
    expect(findings[3].message).toMatch(/case-sensitive: write "Effect"/);
  });

  test('NotResource is left to its own rule', () => {
    expect(found({ Version: '1', Statement: [{ ...STATEMENT, NotResource: 'x' }] })).toEqual([]);
  });
});
