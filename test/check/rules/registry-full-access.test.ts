import { NamespaceAccess, NamespaceGrant } from '../../../lib';
import { HIGH_RISK_REASON_METADATA } from '../../../lib/model/system-policies';
import { checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { SUPPRESSIONS_METADATA_KEY } from '../../../lib/model/suppressions';
import { registryFullAccess } from '../../../lib/check/rules/registry-full-access';
import { newStack, synthTemplate } from '../../synth';

const REASON = 'The registry team administers every instance';
const found = (template: any) => checkTemplate(template).filter((f) => f.ruleId === registryFullAccess.id);

function attach(policyName: string, policyType = 'System', metadata?: object): any {
  return {
    Type: 'ALIYUN::RAM::AttachPolicyToGroup',
    Properties: { PolicyName: policyName, PolicyType: policyType, GroupName: 'registry-admins' },
    ...(metadata === undefined ? {} : { Metadata: metadata }),
  };
}

describe('CRG-S007 registry-full-access', () => {
  test('AliyunContainerRegistryFullAccess attached is a Security warning', () => {
    const findings = found({ Resources: { Full: attach('AliyunContainerRegistryFullAccess') } });
    expect(findings).toEqual([{
      ruleId: 'CRG-S007',
      findingClass: 'SecurityWarning',
      policyName: 'AliyunContainerRegistryFullAccess',
      principal: 'group:registry-admins',
      logicalId: 'Full',
      findingId: 'CRG-S007[AliyunContainerRegistryFullAccess]',
      message: expect.stringMatching(/^Full attaches the system policy AliyunContainerRegistryFullAccess \(cr:\* on \*: every action on every instance, namespace and repository of the account, deletes included\) to group:registry-admins\. Hint: /),
    }]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('a grant of this library that lists it, and a user\'s own PolicyAttachments in any case, trip it', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: ['alice'],
      systemPolicies: ['AliyunContainerRegistryFullAccess'],
    });
    expect(found(synthTemplate(stack)).map((f) => [f.findingId, f.principal])).toEqual([['CRG-S007[AliyunContainerRegistryFullAccess]', 'user:alice']]);
    expect(found({
      Resources: {
        Carol: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'carol', PolicyAttachments: { System: ['aliyuncontainerregistryfullaccess'] } } },
      },
    }).map((f) => f.findingId)).toEqual(['CRG-S007[aliyuncontainerregistryfullaccess]']);
  });

  test('the read-only policy, a custom policy of that name, and a recorded reason pass', () => {
    expect(found({
      Resources: {
        ReadOnly: attach('AliyunContainerRegistryReadOnlyAccess'),
        Custom: attach('AliyunContainerRegistryFullAccess', 'Custom'),
        Reasoned: attach('AliyunContainerRegistryFullAccess', 'System', { [HIGH_RISK_REASON_METADATA]: REASON }),
      },
    })).toEqual([]);
  });

  test('a suppression on the attachment accepts it; a short recorded reason does not', () => {
    const suppressed = found({ Resources: { Full: attach('AliyunContainerRegistryFullAccess', 'System', { [SUPPRESSIONS_METADATA_KEY]: [{ id: 'CRG-S007', reason: REASON }] }) } });
    expect(suppressed).toEqual([expect.objectContaining({ suppressedBecause: REASON })]);
    expect(exitCodeFor(suppressed)).toBe(0);
    expect(found({ Resources: { Full: attach('AliyunContainerRegistryFullAccess', 'System', { [HIGH_RISK_REASON_METADATA]: 'admins' }) } })).toHaveLength(1);
  });
});
