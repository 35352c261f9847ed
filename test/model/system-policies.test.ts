import { NamespaceAccess } from '../../lib/model/access';
import { normalizeGrant } from '../../lib/model/grant';
import { GranteeKind } from '../../lib/model/principal';
import { HIGH_RISK_SYSTEM_POLICIES, highRiskReasonOf } from '../../lib/model/system-policies';

const base = {
  instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL,
  principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }],
};

describe('high-risk system policies', () => {
  test('the list names full control and RAM write access', () => {
    expect(Object.keys(HIGH_RISK_SYSTEM_POLICIES)).toEqual(expect.arrayContaining(['AdministratorAccess', 'AliyunRAMFullAccess']));
  });

  test('a case variant is still high-risk', () => {
    expect(highRiskReasonOf('administratoraccess')).toBe(HIGH_RISK_SYSTEM_POLICIES.AdministratorAccess);
    expect(highRiskReasonOf('AliyunContainerRegistryReadOnlyAccess')).toBeUndefined();
  });

  test('AdministratorAccess without a reason is refused', () => {
    expect(() => normalizeGrant({ ...base, systemPolicies: ['AdministratorAccess'] }, 'Stack/Grant'))
      .toThrow('Stack/Grant: systemPolicies "AdministratorAccess" is a high-risk system policy (every action on every resource of the account) and needs highRiskReason');
  });

  test('a reason shorter than 10 characters is refused', () => {
    expect(() => normalizeGrant({ ...base, systemPolicies: ['AliyunRAMFullAccess'], highRiskReason: ' because ' }, 'Stack/Grant'))
      .toThrow(/highRiskReason "because" must explain the need in 10-1,024 characters/);
  });

  test('a reason without a high-risk policy is refused', () => {
    expect(() => normalizeGrant({ ...base, systemPolicies: ['AliyunContainerRegistryReadOnlyAccess'], highRiskReason: 'Incident response on call' }, 'Stack/Grant'))
      .toThrow(/highRiskReason "Incident response on call" is only for grants with a high-risk system policy/);
  });

  test('with a reason, the grant is accepted and keeps it', () => {
    const grant = normalizeGrant({ ...base, systemPolicies: ['AdministratorAccess'], highRiskReason: 'Break-glass account for incidents' }, 'Stack/Grant');
    expect(grant.highRiskReason).toBe('Break-glass account for incidents');
  });

  test('ordinary system policies need no reason', () => {
    expect(normalizeGrant({ ...base, systemPolicies: ['AliyunContainerRegistryReadOnlyAccess'] }, 'g').systemPolicies)
      .toEqual(['AliyunContainerRegistryReadOnlyAccess']);
  });
});

describe('system policies named by tokens', () => {
  test('are refused: one decided at deployment could be high-risk', () => {
    expect(() => normalizeGrant({ ...base, systemPolicies: ['${Token[TOKEN.12]}'] }, 'Stack/Grant'))
      .toThrow('Stack/Grant: systemPolicies "${Token[TOKEN.12]}" must be written out: a system policy named only at deployment could be a high-risk one (write the policy name as text)');
  });
});
