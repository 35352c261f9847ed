import { NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../../lib';
import { HIGH_RISK_REASON_METADATA } from '../../../lib/model/system-policies';
import { checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { SUPPRESSIONS_METADATA_KEY } from '../../../lib/model/suppressions';
import { highRiskSystemPolicy } from '../../../lib/check/rules/high-risk-system-policy';
import { newStack, synthTemplate } from '../../synth';

const GRANT = { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL };
const REASON = 'Break-glass group for production incidents';

/** A hand-written attachment of `policyName` to user alice, with `metadata` when given. */
function attach(policyName: string, policyType = 'System', metadata?: object): any {
  return {
    Type: 'ALIYUN::RAM::AttachPolicyToUser',
    Properties: { PolicyName: policyName, PolicyType: policyType, UserName: 'alice' },
    ...(metadata === undefined ? {} : { Metadata: metadata }),
  };
}
const found = (template: any) => checkTemplate(template).filter((f) => f.ruleId === highRiskSystemPolicy.id);

describe('CRG-S003 high-risk-system-policy', () => {
  test('a hand-written attachment of AdministratorAccess without Metadata is a Security warning', () => {
    const findings = found({ Resources: { Admin: attach('AdministratorAccess') } });
    expect(findings).toEqual([{
      ruleId: 'CRG-S003',
      findingClass: 'SecurityWarning',
      policyName: 'AdministratorAccess',
      findingId: 'CRG-S003[AdministratorAccess]',
      principal: 'user:alice',
      logicalId: 'Admin',
      message: expect.stringMatching(/^Admin attaches the system policy AdministratorAccess \(every action on every resource of the account\) to user:alice without a reason in its Metadata "cr-grants:high-risk-reason"\. Hint: /),
    }]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('a grant of this library with highRiskReason passes', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...GRANT, groups: ['oncall'], systemPolicies: ['AdministratorAccess'], highRiskReason: REASON });
    new RegistryAccess(stack, 'Access', {
      grants: [{ ...GRANT, namespace: 'other', users: ['bob'], systemPolicies: ['AliyunRAMFullAccess'], highRiskReason: REASON }],
    });
    const template = synthTemplate(stack);
    expect(JSON.stringify(template)).toContain(HIGH_RISK_REASON_METADATA);
    expect(found(template)).toEqual([]);
  });

  test('a reason that is too short or not text does not count', () => {
    const findings = found({
      Resources: {
        Short: attach('AliyunRAMFullAccess', 'System', { [HIGH_RISK_REASON_METADATA]: '  needed  ' }),
        NotText: attach('AliyunSTSAssumeRoleAccess', 'System', { [HIGH_RISK_REASON_METADATA]: ['Break-glass access'] }),
        Enough: attach('AliyunCloudSSOFullAccess', 'System', { [HIGH_RISK_REASON_METADATA]: 'Runs the SSO set-up' }),
      },
    });
    expect(findings.map((f) => f.findingId)).toEqual(['CRG-S003[AliyunRAMFullAccess]', 'CRG-S003[AliyunSTSAssumeRoleAccess]']);
    expect(findings[0].message).toMatch(/with the reason "  needed  " .*not text of at least 10 characters/);
  });

  test('policy names match without regard to case, as RAM compares them', () => {
    expect(found({ Resources: { Admin: attach('administratoraccess') } }).map((f) => f.findingId))
      .toEqual(['CRG-S003[administratoraccess]']);
  });

  test('other system policies, and custom policies with a high-risk name, pass', () => {
    expect(found({
      Resources: {
        ReadOnly: attach('AliyunContainerRegistryReadOnlyAccess'),
        Custom: attach('AdministratorAccess', 'Custom'),
      },
    })).toEqual([]);
  });

  test('a user\'s own PolicyAttachments count, with the reason in the user\'s Metadata', () => {
    const user = (metadata?: object) => ({
      Type: 'ALIYUN::RAM::User',
      Properties: { UserName: 'carol', PolicyAttachments: { System: ['AdministratorAccess'] } },
      ...(metadata === undefined ? {} : { Metadata: metadata }),
    });
    expect(found({ Resources: { Carol: user() } }).map((f) => [f.findingId, f.logicalId, f.principal]))
      .toEqual([['CRG-S003[AdministratorAccess]', 'Carol', 'user:carol']]);
    expect(found({ Resources: { Carol: user({ [HIGH_RISK_REASON_METADATA]: REASON }) } })).toEqual([]);
  });

  test('a suppression on the attachment accepts it', () => {
    const findings = found({
      Resources: { Admin: attach('AdministratorAccess', 'System', { [SUPPRESSIONS_METADATA_KEY]: [{ id: 'CRG-S003[AdministratorAccess]', reason: REASON }] }) },
    });
    expect(findings).toEqual([expect.objectContaining({ findingId: 'CRG-S003[AdministratorAccess]', suppressedBecause: REASON })]);
    expect(exitCodeFor(findings)).toBe(0);
  });
});
