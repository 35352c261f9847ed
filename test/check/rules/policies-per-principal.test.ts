import { checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { policiesPerPrincipal } from '../../../lib/check/rules/policies-per-principal';
import { DEFAULT_LIMITS } from '../../../lib/model/limits';

const DOCUMENT = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/ns/*' }] };

/** `custom` managed policies attached to user alice, and `system` system policies. */
function template(custom: number, system = 0): any {
  const Resources: { [id: string]: any } = {};
  for (let i = 0; i < custom; i++) {
    Resources[`Policy${i}`] = { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: `pull-${i}`, PolicyDocument: DOCUMENT } };
    Resources[`Attach${i}`] = {
      Type: 'ALIYUN::RAM::AttachPolicyToUser',
      Properties: { PolicyName: { 'Fn::GetAtt': [`Policy${i}`, 'PolicyName'] }, PolicyType: 'Custom', UserName: 'alice' },
    };
  }
  for (let i = 0; i < system; i++) {
    Resources[`System${i}`] = { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: `System${i}`, PolicyType: 'System', UserName: 'alice' } };
  }
  return { ROSTemplateFormatVersion: '2015-09-01', Resources };
}
const found = (t: any) => checkTemplate(t).filter((f) => f.ruleId === policiesPerPrincipal.id);

describe('CRG-E013 policies-per-principal', () => {
  test('up to the limits passes', () => {
    expect(found(template(DEFAULT_LIMITS.maxCustomPoliciesPerPrincipal, DEFAULT_LIMITS.maxSystemPoliciesPerPrincipal))).toEqual([]);
  });

  test('one custom policy over the limit is an Error about the principal', () => {
    const findings = found(template(DEFAULT_LIMITS.maxCustomPoliciesPerPrincipal + 1));
    expect(findings).toEqual([expect.objectContaining({
      findingClass: 'Error',
      findingId: 'CRG-E013[user:alice/Custom]',
      principal: 'user:alice',
      policyName: '',
    })]);
    expect(findings[0].message).toMatch(/11 custom policies.*at most 10/);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('system policies have their own limit', () => {
    expect(found(template(0, 21)).map((f) => f.findingId)).toEqual(['CRG-E013[user:alice/System]']);
  });

  test('a policy attached twice counts once, and the limit can be overridden', () => {
    const t = template(2);
    t.Resources.Again = { ...t.Resources.Attach0 };
    expect(checkTemplate(t, { ...DEFAULT_LIMITS, maxCustomPoliciesPerPrincipal: 2 }).filter((f) => f.ruleId === policiesPerPrincipal.id)).toEqual([]);
    expect(checkTemplate(t, { ...DEFAULT_LIMITS, maxCustomPoliciesPerPrincipal: 1 }).filter((f) => f.ruleId === policiesPerPrincipal.id)).toHaveLength(1);
  });
});
