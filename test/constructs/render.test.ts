import * as ros from '@alicloud/ros-cdk-core';
import { CheckSuppression, Grantee, NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { HIGH_RISK_REASON_METADATA } from '../../lib/constructs/render';
import { SUPPRESSIONS_METADATA_KEY } from '../../lib/model/suppressions';
import { checkTemplate } from '../../lib/check/engine';
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
    // Groups and roles have their own domains in Resource Manager's principal names.
    const nameOf = (type: string) => attachments.find((a) => a.Properties.PrincipalType === type).Properties.PrincipalName;
    expect(nameOf('IMSGroup')).toEqual({ 'Fn::Join': ['', ['devs@group.', { Ref: 'ALIYUN::AccountId' }, '.onaliyun.com']] });
    expect(nameOf('ServiceRole')).toEqual({ 'Fn::Join': ['', ['ci@role.', { Ref: 'ALIYUN::AccountId' }, '.onaliyunservice.com']] });
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

  test('RegistryAccess: only the suppressed grant moves to a policy of its own; every other resource stays as it was', () => {
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
    const kept = Object.keys(after.Resources).filter((id) => id in before.Resources);
    expect(kept.map((id) => after.Resources[id])).toEqual(kept.map((id) => before.Resources[id]));
    // The owners' policy and its attachment are replaced; nothing else.
    expect(Object.keys(after.Resources).length - kept.length).toBe(2);
    const metadata = Object.values(policies(after)).map((p) => [p.Properties.PolicyName.replace(/-[0-9a-f]{10}$/, ''), p.Properties.Description, p.Metadata]);
    expect(metadata.sort()).toEqual([
      ['cr-group-others', 'Container Registry access for group:others', undefined],
      ['cr-group-others-group-owners', 'Container Registry access for group:others, group:owners', undefined],
      ['cr-group-owners', 'Container Registry access for group:owners, accepting CRG-S001', { [SUPPRESSIONS_METADATA_KEY]: [OWNERS] }],
    ]);
  });

  test('RegistryAccess: a suppression given on one grant never covers another grant\'s finding for the same grantees', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', {
      policyNamePrefix: 'cr',
      grants: [
        { ...SEED, namespace: 'a1', users: ['alice'], suppressions: [{ id: 'CRG-S001[cr:*]', reason: 'Accepted for the pull grant only' }] },
        { ...FULL, namespace: 'a2', users: ['alice'] },
      ],
    });
    const template = synthTemplate(stack);
    const full = checkTemplate(template).filter((f) => f.findingId === 'CRG-S001[cr:*]');
    expect(full).toHaveLength(1);
    expect(full[0].suppressedBecause).toBeUndefined();
    expect(JSON.stringify(template.Resources[full[0].logicalId!].Properties.PolicyDocumentUnchecked)).toContain('repository/cri-123456/a2');
    // The suppression stays on the pull grant's policy, where it matches nothing.
    const pullId = Object.keys(policies(template)).find((id) => id !== full[0].logicalId);
    expect(checkTemplate(template).filter((f) => f.ruleId === 'CRG-I002').map((f) => f.logicalId)).toEqual([pullId]);
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

describe('the same policy twice in one stack', () => {
  const READ_ONLY = 'AliyunContainerRegistryReadOnlyAccess';

  test('two NamespaceGrants attaching one system policy to one user: the second is refused, naming both, the user and the policy', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'First', { ...SEED, users: ['alice'], systemPolicies: [READ_ONLY] });
    expect(() => new NamespaceGrant(stack, 'Second', { ...SEED, namespace: 'ns2', users: ['alice'], systemPolicies: [READ_ONLY] }))
      .toThrow('TestStack/Second: systemPolicies "AliyunContainerRegistryReadOnlyAccess" is attached to user:alice by TestStack/First too, '
        + 'and RAM attaches a policy to a user, group or role only once (list the system policy in one of the two only, '
        + 'or plan both grants in one RegistryAccess, which attaches it once)');
  });

  test('a grantee added later is checked the same way', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'First', { ...SEED, groups: ['devs'], systemPolicies: [READ_ONLY] });
    const second = new NamespaceGrant(stack, 'Second', { ...SEED, namespace: 'ns2', users: ['alice'], systemPolicies: [READ_ONLY] });
    expect(() => second.addGrantee(Grantee.group('devs'))).toThrow(/^TestStack\/Second: systemPolicies "AliyunContainerRegistryReadOnlyAccess" is attached to group:devs by TestStack\/First too/);
  });

  test('a NamespaceGrant and a RegistryAccess: refused when the plan is rendered, naming both', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Single', { ...SEED, roles: ['ci'], systemPolicies: [READ_ONLY], resourceGroupId: 'rg-team' });
    new RegistryAccess(stack, 'Access', { grants: [{ ...SEED, namespace: 'ns2', roles: ['ci'], systemPolicies: [READ_ONLY], resourceGroupId: 'rg-team' }] });
    expect(() => synthTemplate(stack)).toThrow(
      /^TestStack\/Access: systemPolicies "AliyunContainerRegistryReadOnlyAccess" is attached to role:ci in resource group rg-team by TestStack\/Single too/);
  });

  test('the same policy for other principals, another resource group or another stack is fine', () => {
    const app = new ros.App({ stackTraces: false });
    const one = new ros.Stack(app, 'One');
    const two = new ros.Stack(app, 'Two');
    new NamespaceGrant(one, 'First', { ...SEED, users: ['alice'], systemPolicies: [READ_ONLY] });
    new NamespaceGrant(one, 'Second', { ...SEED, users: ['bob'], systemPolicies: [READ_ONLY] });
    new NamespaceGrant(one, 'Scoped', { ...SEED, users: ['alice'], systemPolicies: [READ_ONLY], resourceGroupId: 'rg-team' });
    new NamespaceGrant(two, 'First', { ...SEED, users: ['alice'], systemPolicies: [READ_ONLY] });
    const system = (stack: ros.Stack) => Object.values<any>(app.synth().getStackByName(stack.stackName).template.Resources)
      .filter((r) => r.Properties.PolicyType === 'System');
    expect(system(one)).toHaveLength(3);
    expect(system(two)).toHaveLength(1);
  });

  test('two policies with one name are refused, naming both constructs', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'First', { ...SEED, users: ['alice'], policyName: 'cr-team-a' });
    expect(() => new NamespaceGrant(stack, 'Second', { ...SEED, users: ['bob'], policyName: 'cr-team-a' }))
      .toThrow('TestStack/Second: policyName "cr-team-a" is also the name of a policy of TestStack/First, and RAM policy names are unique per account '
        + '(give the constructs different policyName or policyNamePrefix values)');
  });
});

describe('high-risk reasons of several grants', () => {
  const admin = (namespace: string, highRiskReason: string) =>
    ({ ...SEED, namespace, groups: ['oncall'], systemPolicies: ['AdministratorAccess'], highRiskReason });
  const grants = [admin('a1', 'Break-glass group for production incidents'), admin('a2', 'Audits every account each quarter')];
  const synth = (specs: typeof grants) => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', { grants: specs });
    return synthTemplate(stack);
  };

  test('one attachment records every distinct reason, sorted, one per line', () => {
    const template = synth([...grants, admin('a3', 'Break-glass group for production incidents')]);
    const system = Object.values(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToGroup')).filter((a) => a.Properties.PolicyType === 'System');
    expect(system).toHaveLength(1);
    expect(system[0].Metadata).toEqual({ [HIGH_RISK_REASON_METADATA]: 'Audits every account each quarter\nBreak-glass group for production incidents' });
  });

  test('swapping the grants gives a byte-identical template', () => {
    expect(JSON.stringify(synth([...grants].reverse()))).toBe(JSON.stringify(synth(grants)));
  });
});
