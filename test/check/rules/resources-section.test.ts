import { checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { resourcesSection } from '../../../lib/check/rules/resources-section';

const WIDE = { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('CRG-E016 resources-section', () => {
  test.each([
    ['a list', [{ Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: WIDE } }], /^Resources is a list, not an object of resources/],
    ['text', 'Policy', /^Resources is the text "Policy", not an object/],
    ['null', null, /^Resources is null, not an object/],
    ['a number', 3, /^Resources is the number 3, not an object/],
    ['an intrinsic function', { 'Fn::If': ['Wide', { P: { Type: 'ALIYUN::RAM::ManagedPolicy' } }, {}] }, /^Resources is \{"Fn::If".*an intrinsic function, not an object/],
  ])('Resources that is %s is an Error, reported alone', (_what, resources, message) => {
    const findings = checkTemplate({ Resources: resources });
    expect(findings).toEqual([{
      ruleId: 'CRG-E016',
      findingClass: 'Error',
      policyName: '',
      findingId: 'CRG-E016[Resources]',
      message: expect.stringMatching(message),
    }]);
    expect(findings[0].message).toMatch(/nothing in the template was checked\. Hint: /);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('a template that is not an object is an Error too, and not a crash', () => {
    for (const template of [null, [], 'Resources', 42]) {
      expect(checkTemplate(template).map((f) => f.findingId)).toEqual(['CRG-E016[template]']);
    }
  });

  test('an object of resources, an empty one, and no Resources at all pass', () => {
    const found = (template: unknown) => checkTemplate(template).filter((f) => f.ruleId === resourcesSection.id);
    expect(found({ Resources: { P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: WIDE } } } })).toEqual([]);
    expect(found({ Resources: {} })).toEqual([]);
    expect(found({})).toEqual([]);
    expect(found(undefined)).toEqual([]);
  });
});
