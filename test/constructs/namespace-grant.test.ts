import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import * as seed from '../fixtures/seed-policy.json';
import { Grantee, NamespaceAccess, NamespaceGrant, PolicyDocument, PolicyStatement } from '../../lib';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const SEED = { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.FULL };

describe('NamespaceGrant', () => {
  test('the console procedure\'s example renders its policy document exactly', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED, users: ['alice'] });
    const [policy] = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy'));
    const { default: _ignored, ...expected } = seed as any;
    expect(policy.Properties.PolicyDocumentUnchecked).toEqual(expected);
    // Same statements in the same order, not merely the same set.
    expect(policy.Properties.PolicyDocumentUnchecked.Statement.map((s: any) => s.Action))
      .toEqual(expected.Statement.map((s: any) => s.Action));
  });

  test('document is the rendered document, typed: every Action and Resource a list', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', { ...SEED, users: ['alice'] });
    const [policy] = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy'));
    const rendered = policy.Properties.PolicyDocumentUnchecked;
    const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
    const document: PolicyDocument = grant.document;
    expect(document).toEqual({
      version: rendered.Version,
      statement: rendered.Statement.map((s: any): PolicyStatement => ({ effect: s.Effect, action: list(s.Action), resource: list(s.Resource) })),
    });
    expect(document.statement[0]).toEqual({ effect: 'Allow', action: ['cr:ListInstance*', 'cr:GetInstance*', 'cr:ListSignature*'], resource: ['*'] });
  });

  test('the seed template', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED, users: ['alice'] });
    expect(synthTemplate(stack)).toMatchSnapshot();
  });

  test.each([
    ['users', { users: ['alice'] }, 'ALIYUN::RAM::AttachPolicyToUser', 'UserName', 'alice'],
    ['groups', { groups: ['developers'] }, 'ALIYUN::RAM::AttachPolicyToGroup', 'GroupName', 'developers'],
    ['roles', { roles: ['ci-deployer'] }, 'ALIYUN::RAM::AttachPolicyToRole', 'RoleName', 'ci-deployer'],
  ])('%s get a Custom attachment that names the policy through Fn::GetAtt', (_kind, grantees, type, nameKey, name) => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED, ...grantees });
    const template = synthTemplate(stack);
    const [policyId] = Object.keys(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'));
    const attachments = Object.values(resourcesOfType(template, type));
    expect(attachments).toHaveLength(1);
    expect(attachments[0].Properties).toEqual({
      PolicyName: { 'Fn::GetAtt': [policyId, 'PolicyName'] },
      PolicyType: 'Custom',
      [nameKey]: name,
    });
    expect(template).toMatchSnapshot();
  });

  test('ram.User, ram.Group and ram.Role constructs pass their names as references', () => {
    const stack = newStack();
    const user = new ram.User(stack, 'Alice', { userName: 'alice' });
    const group = new ram.Group(stack, 'Devs', { groupName: 'devs' });
    const role = new ram.Role(stack, 'Ci', {
      roleName: 'ci',
      assumeRolePolicyDocument: { statement: [{ action: 'sts:AssumeRole', effect: 'Allow', principal: { service: ['ecs.aliyuncs.com'] } }], version: '1' },
    });
    new NamespaceGrant(stack, 'Grant', {
      ...SEED,
      grantees: [Grantee.fromPrincipal(user), Grantee.fromPrincipal(group), Grantee.fromPrincipal(role)],
    });
    const template = synthTemplate(stack);
    expect(Object.values(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToUser'))[0].Properties.UserName)
      .toEqual({ 'Fn::GetAtt': ['Alice', 'UserName'] });
    expect(Object.values(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToGroup'))[0].Properties.GroupName)
      .toEqual({ 'Fn::GetAtt': ['Devs', 'GroupName'] });
    expect(Object.values(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToRole'))[0].Properties.RoleName)
      .toEqual({ 'Fn::GetAtt': ['Ci', 'RoleName'] });
  });

  test('mixed grantees, given twice, collapse to one attachment each', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', {
      ...SEED,
      users: ['alice', 'alice'],
      groups: ['devs'],
      grantees: [Grantee.user('alice'), Grantee.role('ci')],
    });
    grant.addGrantee(Grantee.group('devs'));
    grant.addGrantee(Grantee.user('bob'));
    const template = synthTemplate(stack);
    const names = (type: string, key: string) =>
      Object.values(resourcesOfType(template, type)).map((r) => r.Properties[key]).sort();
    expect(names('ALIYUN::RAM::AttachPolicyToUser', 'UserName')).toEqual(['alice', 'bob']);
    expect(names('ALIYUN::RAM::AttachPolicyToGroup', 'GroupName')).toEqual(['devs']);
    expect(names('ALIYUN::RAM::AttachPolicyToRole', 'RoleName')).toEqual(['ci']);
  });

  test('the default policy name comes from the construct path: stable, unique, RAM-valid', () => {
    const names = ['A', 'B'].map((id) => {
      const stack = newStack();
      return new NamespaceGrant(stack, id, { ...SEED, users: ['alice'] }).policyName;
    });
    const again = new NamespaceGrant(newStack(), 'A', { ...SEED, users: ['alice'] }).policyName;
    expect(names[0]).toEqual(again);
    expect(names[0]).not.toEqual(names[1]);
    expect(names[0]).toMatch(/^TestStack-A-[0-9a-f]{10}$/);
    const deep = newStack('S'.repeat(200));
    const long = new NamespaceGrant(deep, 'G'.repeat(200), { ...SEED, users: ['alice'] }).policyName;
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).toMatch(/^[A-Za-z0-9-]+$/);
  });

  test('an explicit name and description are used as given', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', {
      ...SEED, users: ['alice'], policyName: 'cr-ns-full', description: 'Team ns',
    });
    const [policy] = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy'));
    expect(grant.policyName).toBe('cr-ns-full');
    expect(policy.Properties.PolicyName).toBe('cr-ns-full');
    expect(policy.Properties.Description).toBe('Team ns');
  });

  test('the default description names the level, instance and namespace', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED, users: ['alice'] });
    const [policy] = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy'));
    expect(policy.Properties.Description).toBe(
      'Container Registry FULL access to cri-123456/ns (all regions, any account, with console listing)');
  });

  test('two grants in one stack get distinct logical ids', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'One', { ...SEED, users: ['alice'] });
    new NamespaceGrant(stack, 'Two', { ...SEED, users: ['alice'] });
    const template = synthTemplate(stack);
    expect(Object.keys(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToUser'))).toHaveLength(2);
  });

  test('instance id, namespace and region may be parameters: ARNs become Fn::Join', () => {
    const stack = newStack();
    const instanceId = new ros.RosParameter(stack, 'InstanceId', { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.INSTANCE_ID_PATTERN });
    const namespace = new ros.RosParameter(stack, 'Namespace', { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.NAMESPACE_PATTERN });
    const region = new ros.RosParameter(stack, 'Region', { type: ros.RosParameterType.STRING, allowedValues: ['cn-hangzhou', 'cn-shanghai'] });
    new NamespaceGrant(stack, 'Grant', {
      instanceId: instanceId.valueAsString,
      namespace: namespace.valueAsString,
      regions: [region.valueAsString],
      access: NamespaceAccess.PULL,
      consoleAccess: false,
      users: ['ci'],
    });
    const template = synthTemplate(stack);
    const [policy] = Object.values(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'));
    expect(policy.Properties.PolicyDocumentUnchecked.Statement[1]).toEqual({
      Effect: 'Allow',
      Action: ['cr:PullRepository'],
      Resource: [{ 'Fn::Join': ['', ['acs:cr:', { Ref: 'Region' }, ':*:repository/', { Ref: 'InstanceId' }, '/', { Ref: 'Namespace' }, '/*']] }],
    });
    expect(template).toMatchSnapshot();
  });

  test('a literal that could widen an ARN is refused even beside tokens', () => {
    const stack = newStack();
    const namespace = new ros.RosParameter(stack, 'Namespace', { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.NAMESPACE_PATTERN });
    expect(() => new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-*', namespace: namespace.valueAsString, access: NamespaceAccess.PULL, users: ['ci'],
    })).toThrow(/TestStack\/Grant: instanceId "cri-\*" must be "cri-" followed by 1-32 lowercase letters or digits/);
  });

  describe('refuses bad input with the construct path, field, value and rule', () => {
    test.each([
      ['no grantee', {}, /TestStack\/Grant: grantees \[\] must name at least one user, group or role/],
      ['a too-long policy name', { users: ['a'], policyName: 'p'.repeat(129) },
        /TestStack\/Grant: policyName "p{129}" must be a RAM policy name: 1-128 letters, digits or "-"/],
      ['a policy name with a space', { users: ['a'], policyName: 'my policy' }, /policyName "my policy" must be a RAM policy name/],
      ['a too-long description', { users: ['a'], description: 'd'.repeat(1025) }, /description "d{200}…" \(1025 characters\) must be at most 1,024 characters/],
      ['a bad user name', { users: ['al ice'] }, /users "al ice" must be a RAM user name/],
    ])('%s', (_case, extra, message) => {
      const stack = newStack();
      expect(() => new NamespaceGrant(stack, 'Grant', { ...SEED, ...extra })).toThrow(message);
      expect(stack.node.findChild('Grant').node.children).toHaveLength(0);
    });
  });
});
