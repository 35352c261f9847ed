import { NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { HIGH_RISK_REASON_METADATA } from '../../lib/constructs/render';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const SEED = { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL };

describe('system policies', () => {
  test('are attached with PolicyType System beside the custom policy', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED, users: ['alice'], systemPolicies: ['AliyunContainerRegistryReadOnlyAccess'] });
    const attachments = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::AttachPolicyToUser'));
    expect(attachments.map((a) => a.Properties.PolicyType).sort()).toEqual(['Custom', 'System']);
    expect(attachments.find((a) => a.Properties.PolicyType === 'System').Properties)
      .toEqual({ PolicyName: 'AliyunContainerRegistryReadOnlyAccess', PolicyType: 'System', UserName: 'alice' });
  });

  test('AdministratorAccess without a reason fails at construction and synthesizes nothing', () => {
    const stack = newStack();
    expect(() => new NamespaceGrant(stack, 'Grant', { ...SEED, users: ['alice'], systemPolicies: ['AdministratorAccess'] }))
      .toThrow(/^TestStack\/Grant: systemPolicies "AdministratorAccess" is a high-risk system policy/);
    expect(Object.keys(synthTemplate(stack).Resources ?? {})).toEqual([]);
  });

  test('with a reason, the template carries it in the attachment\'s Metadata', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', {
      ...SEED,
      groups: ['oncall'],
      systemPolicies: ['AdministratorAccess', 'AliyunContainerRegistryReadOnlyAccess'],
      highRiskReason: 'Break-glass group for production incidents',
    });
    const attachments = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::AttachPolicyToGroup'));
    const admin = attachments.find((a) => a.Properties.PolicyName === 'AdministratorAccess');
    const readOnly = attachments.find((a) => a.Properties.PolicyName === 'AliyunContainerRegistryReadOnlyAccess');
    expect(admin.Metadata).toEqual({ [HIGH_RISK_REASON_METADATA]: 'Break-glass group for production incidents' });
    expect(readOnly.Metadata).toBeUndefined();
  });

  test('RegistryAccess attaches a system policy once per grantee, however many grants list it', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', {
      grants: ['a1', 'a2'].map((namespace) => ({ ...SEED, namespace, users: ['alice'], systemPolicies: ['AliyunContainerRegistryReadOnlyAccess'] })),
    });
    const system = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::AttachPolicyToUser'))
      .filter((a) => a.Properties.PolicyType === 'System');
    expect(system).toHaveLength(1);
  });
});

describe('resource group scope', () => {
  test('attachments become ALIYUN::ResourceManager::PolicyAttachment', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED, users: ['alice'], groups: ['devs'], roles: ['ci'], resourceGroupId: 'rg-acfm2xyz' });
    const template = synthTemplate(stack);
    expect(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToUser')).toEqual({});
    const attachments = Object.values(resourcesOfType(template, 'ALIYUN::ResourceManager::PolicyAttachment'));
    expect(attachments.map((a) => a.Properties.PrincipalType).sort()).toEqual(['IMSGroup', 'IMSUser', 'ServiceRole']);
    const user = attachments.find((a) => a.Properties.PrincipalType === 'IMSUser');
    const [policyId] = Object.keys(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'));
    expect(user.Properties).toEqual({
      PolicyName: { 'Fn::GetAtt': [policyId, 'PolicyName'] },
      PolicyType: 'Custom',
      PrincipalName: { 'Fn::Join': ['', ['alice@', { Ref: 'ALIYUN::AccountId' }, '.onaliyun.com']] },
      PrincipalType: 'IMSUser',
      ResourceGroupId: 'rg-acfm2xyz',
    });
    expect(template).toMatchSnapshot();
  });

  test('a bad resource group id is refused', () => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...SEED, users: ['alice'], resourceGroupId: 'rg-*' }))
      .toThrow(/resourceGroupId "rg-\*" must be "rg-" followed by lowercase letters or digits/);
  });

  test('RegistryAccess keeps grants of different resource groups in different policies', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', {
      grants: [
        { ...SEED, namespace: 'a1', users: ['alice'] },
        { ...SEED, namespace: 'a2', users: ['alice'], resourceGroupId: 'rg-team' },
      ],
    });
    const template = synthTemplate(stack);
    expect(Object.keys(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(template, 'ALIYUN::ResourceManager::PolicyAttachment'))).toHaveLength(1);
    expect(Object.keys(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToUser'))).toHaveLength(1);
  });
});
