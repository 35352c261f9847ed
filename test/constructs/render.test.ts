import { CheckSuppression, NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { HIGH_RISK_REASON_METADATA } from '../../lib/constructs/render';
import { SUPPRESSIONS_METADATA_KEY } from '../../lib/review/check';
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

describe('grant suppressions', () => {
  const FULL = { ...SEED, access: NamespaceAccess.FULL };
  const OWNERS: CheckSuppression = { id: 'CRG-S001', reason: 'Owners manage the namespace outright' };
  const policies = (template: any) => resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy');

  test('NamespaceGrant writes them to its policy\'s Metadata and keeps its logical id and properties', () => {
    const plain = newStack();
    new NamespaceGrant(plain, 'Grant', { ...FULL, users: ['alice'] });
    const suppressed = newStack();
    new NamespaceGrant(suppressed, 'Grant', { ...FULL, users: ['alice'], suppressions: [OWNERS, { ...OWNERS, reason: ` ${OWNERS.reason} ` }] });
    const before = policies(synthTemplate(plain));
    const after = policies(synthTemplate(suppressed));
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const [id] = Object.keys(after);
    expect(after[id].Properties).toEqual(before[id].Properties);
    expect(before[id].Metadata).toBeUndefined();
    expect(after[id].Metadata).toEqual({ [SUPPRESSIONS_METADATA_KEY]: [OWNERS] });
  });

  test('RegistryAccess: only the policy of the suppressed grant\'s grantees gets them; no logical id changes', () => {
    const grants = (suppressions?: CheckSuppression[]) => [
      { ...FULL, namespace: 'a1', groups: ['owners'], suppressions },
      { ...FULL, namespace: 'a2', groups: ['others'] },
      { ...SEED, namespace: 'a3', groups: ['owners', 'others'] },
    ];
    const plain = newStack();
    new RegistryAccess(plain, 'Access', { policyNamePrefix: 'cr', grants: grants() });
    const suppressed = newStack();
    new RegistryAccess(suppressed, 'Access', { policyNamePrefix: 'cr', grants: grants([OWNERS]) });
    const before = synthTemplate(plain);
    const after = synthTemplate(suppressed);
    expect(Object.keys(after.Resources)).toEqual(Object.keys(before.Resources));
    const metadata = Object.values(policies(after)).map((p) => [p.Properties.PolicyName.replace(/-[0-9a-f]{10}$/, ''), p.Metadata]);
    expect(metadata.sort()).toEqual([
      ['cr-group-others', undefined],
      ['cr-group-others-group-owners', undefined],
      ['cr-group-owners', { [SUPPRESSIONS_METADATA_KEY]: [OWNERS] }],
    ]);
  });

  test('an id that names no checker rule is refused at construction, with the path and field', () => {
    const stack = newStack();
    expect(() => new NamespaceGrant(stack, 'Grant', { ...FULL, users: ['alice'], suppressions: [OWNERS, { ...OWNERS, id: 'CRG-S999' }] }))
      .toThrow(/^TestStack\/Grant: suppressions\[1\]\.id "CRG-S999" must name a rule of the policy checker that is not an Error \(CRG-S001, /);
    expect(() => new RegistryAccess(stack, 'Access', { grants: [{ ...FULL, users: ['alice'], suppressions: [{ ...OWNERS, id: 'CRG-W999[x]' }] }] }))
      .toThrow(/^TestStack\/Access grants\[0\]: suppressions\[0\]\.id "CRG-W999\[x\]" must name a rule of the policy checker/);
  });

  test('an Error id is refused: Errors cannot be suppressed', () => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...FULL, users: ['alice'], suppressions: [{ ...OWNERS, id: 'CRG-E011' }] }))
      .toThrow('TestStack/Grant: suppressions[0].id "CRG-E011" names an Error, and Errors cannot be suppressed');
  });
});
