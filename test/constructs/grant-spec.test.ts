import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { Grantee, NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const SPEC = { instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, users: ['alice'] };

/** Props as plain JavaScript may pass them: no type checks. */
const untyped = (extra: object): any => ({ ...SPEC, ...extra });

describe('props from plain JavaScript', () => {
  test.each([
    ['consoleAccess as a string', { consoleAccess: 'false' }, 'consoleAccess "false" must be a boolean'],
    ['regions as a string', { regions: 'cn-hangzhou' }, 'regions "cn-hangzhou" must be a list of region ids (write ["cn-hangzhou"])'],
    ['a null grantee', { grantees: [null] }, 'grantees[0] null must be a Grantee (make it with Grantee.user'],
    ['a grantee as a plain object', { grantees: [{ kind: 'USER', name: 'bob' }] }, 'grantees[0] {"kind":"USER","name":"bob"} must be a Grantee'],
    ['grantees as one grantee', { grantees: Grantee.user('bob') }, 'grantees Grantee {"kind":"USER","name":"bob","identity":"bob"} must be a list of grantees'],
    ['users as a string', { users: 'alice' }, 'users "alice" must be a list of names (write ["alice"])'],
    ['a misspelt field', { namespaces: 'a' }, 'namespaces "a" is not a known field (known fields: instanceId, namespace, access,'],
    ['an unknown access level', { access: 'pull' }, 'access "pull" must be one of PULL, PUSH_PULL, FULL'],
    ['a numeric instance id', { instanceId: 123 }, 'instanceId 123 must be a string (write it in quotes: "123")'],
    ['a numeric account id', { accountId: 123456789012 }, 'accountId 123456789012 must be a string (write it in quotes: "123456789012")'],
    ['an account id past the numbers JavaScript keeps exact', { accountId: 12345678901234567890 },
      'accountId 12345678901234567000 must be a string (write it in quotes, copied from where it is shown; as a number it may already have lost digits)'],
    ['a list of one object where text belongs', { namespace: [{ name: 'team-a' }] }, 'namespace [{"name":"team-a"}] must be a string (for example "team-a")'],
    ['systemPolicies as a string', { systemPolicies: 'AliyunContainerRegistryReadOnlyAccess' }, 'systemPolicies "AliyunContainerRegistryReadOnlyAccess" must be a list of system policy names'],
  ])('NamespaceGrant refuses %s, naming path, field, value and rule', (_case, extra, message) => {
    const stack = newStack();
    expect(() => new NamespaceGrant(stack, 'Grant', untyped(extra))).toThrow(`TestStack/Grant: ${message}`);
    // Refused before anything was rendered.
    expect(stack.node.findChild('Grant').node.children).toHaveLength(0);
  });

  test('props that are not an object are refused', () => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', undefined as any))
      .toThrow('TestStack/Grant: props undefined must be an object with instanceId, namespace, access and grantees');
  });

  test('NamespaceGrant\'s own props are known fields', () => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...SPEC, policyName: 'p', description: 'd' })).not.toThrow();
  });

  test('RegistryAccess refuses them with the grant\'s position', () => {
    expect(() => new RegistryAccess(newStack(), 'Access', { grants: [SPEC, untyped({ consoleAccess: 'false' })] }))
      .toThrow('TestStack/Access grants[1]: consoleAccess "false" must be a boolean');
    expect(() => new RegistryAccess(newStack(), 'Access', { grants: [untyped({ namespaces: ['a', 'b'] })] }))
      .toThrow('TestStack/Access grants[0]: namespaces ["a","b"] is not a known field');
  });

  test('addGrantee refuses what is not a Grantee', () => {
    const grant = new NamespaceGrant(newStack(), 'Grant', SPEC);
    expect(() => grant.addGrantee(null as any)).toThrow('TestStack/Grant: grantee null must be a Grantee');
  });
});

describe('RAM constructs where names belong', () => {
  const user = (stack: ros.Stack) => new ram.User(stack, 'Alice', { userName: 'alice' });
  const group = (stack: ros.Stack) => new ram.Group(stack, 'Devs', { groupName: 'devs' });

  test.each<[string, (stack: ros.Stack) => object, string]>([
    ['a user construct in users', (stack) => ({ users: ['bob', user(stack)] }),
      'users[1] <User construct at TestStack/Alice> must be a RAM user name, not a construct (it is a RAM user: pass it as grantees: [Grantee.fromPrincipal(user)])'],
    ['a group construct in users', (stack) => ({ users: [group(stack)] }),
      'users[0] <Group construct at TestStack/Devs> must be a RAM user name, not a construct (it is a RAM group: pass it as grantees: [Grantee.fromPrincipal(group)])'],
    ['a construct in grantees, not wrapped', (stack) => ({ users: undefined, grantees: [user(stack)] }),
      'grantees[0] <User construct at TestStack/Alice> must be a Grantee, not a construct (it is a RAM user: pass it as grantees: [Grantee.fromPrincipal(user)])'],
    ['a construct that is no RAM principal', (stack) => ({ users: [new ros.Construct(stack, 'Other')] }),
      'users[0] <Construct construct at TestStack/Other> must be a RAM user name, not a construct (a grantee is a ram.User, ram.Group or ram.Role passed as grantees: [Grantee.fromPrincipal(construct)], or a name as text)'],
    ['a user\'s id where its name belongs', (stack) => ({ users: [ros.Token.asString(user(stack).attrUserId)] }),
      'users {"Fn::GetAtt":["Alice","UserId"]} must be a RAM user name: 1-64 letters, digits, ".", "_" or "-"; TestStack/Alice/Alice (UserId) is only known at deployment, and only the UserName of an ALIYUN::RAM::User may stand here (TestStack/Alice is a RAM user: pass it as grantees: [Grantee.fromPrincipal(user)])'],
    ['a ROS group resource\'s name in users', (stack) => ({ users: [ros.Token.asString(new ram.RosGroup(stack, 'RosDevs', { groupName: 'devs' }, true).attrGroupName)] }),
      'users {"Fn::GetAtt":["RosDevs","GroupName"]} must be a RAM user name: 1-64 letters, digits, ".", "_" or "-"; TestStack/RosDevs (GroupName) is only known at deployment, and only the UserName of an ALIYUN::RAM::User may stand here (TestStack/RosDevs is a RAM group: give its attrGroupName in groups)'],
  ])('%s is refused in one line, with the way to give it', (_case, props, message) => {
    const stack = newStack();
    expect(() => new NamespaceGrant(stack, 'Grant', untyped(props(stack)))).toThrow(`TestStack/Grant: ${message}`);
    const other = newStack();
    expect(() => new RegistryAccess(other, 'Access', { grants: [untyped(props(other))] })).toThrow(`TestStack/Access grants[0]: ${message}`);
  });

  test('addGrantee refuses a construct the same way', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', SPEC);
    expect(() => grant.addGrantee(group(stack) as any)).toThrow(
      'TestStack/Grant: grantee <Group construct at TestStack/Devs> must be a Grantee, not a construct (it is a RAM group: pass it as grantees: [Grantee.fromPrincipal(group)])');
  });

  test.each<[string, unknown, string]>([
    ['a name', 'alice', 'Grantee.fromPrincipal: principal "alice" must be a ram.User, ram.Group or ram.Role (for a name, use Grantee.user("alice"), Grantee.group or Grantee.role)'],
    ['null', null, 'Grantee.fromPrincipal: principal null must be a ram.User, ram.Group or ram.Role'],
    ['a principal of another type', { principalType: 'service', principalName: 'ecs' }, 'Grantee.fromPrincipal: principal {"principalType":"service","principalName":"ecs"} must be a ram.User, ram.Group or ram.Role, not a principal of type "service"'],
  ])('Grantee.fromPrincipal refuses %s in one line', (_case, principal, message) => {
    expect(() => Grantee.fromPrincipal(principal as any)).toThrow(message);
  });

  test('a user\'s name attribute in users is the user, attached as with Grantee.fromPrincipal', () => {
    const attachment = (props: (stack: ros.Stack, alice: ram.User) => object) => {
      const stack = newStack();
      new NamespaceGrant(stack, 'Grant', untyped(props(stack, user(stack))));
      return Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::AttachPolicyToUser')).map((r) => r.Properties);
    };
    const byAttribute = attachment((_stack, alice) => ({ users: [alice.attrUserName] }));
    expect(byAttribute).toEqual([expect.objectContaining({ UserName: { 'Fn::GetAtt': ['Alice', 'UserName'] } })]);
    expect(byAttribute).toEqual(attachment((_stack, alice) => ({ users: undefined, grantees: [Grantee.fromPrincipal(alice)] })));
  });
});

describe('text written like a token', () => {
  test('${Token[*]} as a namespace is text, refused by the namespace rule', () => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...SPEC, namespace: '${Token[*]}' }))
      .toThrow('TestStack/Grant: namespace "${Token[*]}" must be 2-120 lowercase letters, digits, "_", "-" or ".", starting and ending with a letter or digit');
  });

  test.each([
    ['namespace', { namespace: '${Token[TOKEN.987654]}' }, 'namespace "${Token[TOKEN.987654]}" must be 2-120 lowercase letters'],
    ['namespace beside text', { namespace: 'team-${Token[x]}' }, 'namespace "team-${Token[x]}" must be 2-120 lowercase letters'],
    ['a user name', { users: ['${Token[TOKEN.987654]}'] }, 'users "${Token[TOKEN.987654]}" must be a RAM user name'],
    ['a region', { regions: ['${Token[Region.987654]}'] }, 'regions "${Token[Region.987654]}" must be a region id'],
    ['the description', { description: 'for ${Token[x]}' }, 'description "for ${Token[x]}" must be plain text without "${Token[...]}"'],
    ['a suppression reason', { suppressions: [{ id: 'CRG-S001', reason: 'accepted ${Token[TOKEN.987654]}' }] },
      'suppressions[0].reason "accepted ${Token[TOKEN.987654]}" must be plain text'],
  ])('in the shape ROS CDK writes but not a token of this app, is refused: %s', (_case, extra, message) => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...SPEC, ...extra }))
      .toThrow(`TestStack/Grant: ${message}`);
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...SPEC, ...extra }))
      .toThrow(/ROS CDK created no token with that key/);
  });

  test('a grantee named by such text is refused', () => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...SPEC, grantees: [Grantee.user('${Token[TOKEN.987654]}')] }))
      .toThrow('TestStack/Grant: grantees[0] "${Token[TOKEN.987654]}" must be plain text');
    const grant = new NamespaceGrant(newStack(), 'Other', SPEC);
    expect(() => grant.addGrantee(Grantee.role('${Token[TOKEN.987654]}'))).toThrow('TestStack/Other: grantee "${Token[TOKEN.987654]}"');
  });

  test('real tokens still pass: a constrained parameter\'s valueAsString, alone and beside text', () => {
    const stack = newStack();
    const namespace = new ros.RosParameter(stack, 'Namespace', { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.NAMESPACE_PATTERN });
    const team = new ros.RosParameter(stack, 'Team', { type: ros.RosParameterType.STRING, allowedPattern: '^[a-z0-9]{1,20}(?!\\n)$' });
    new NamespaceGrant(stack, 'ByParameter', { ...SPEC, namespace: namespace.valueAsString });
    new NamespaceGrant(stack, 'BesideText', { ...SPEC, namespace: `team-${team.valueAsString}` });
    const text = JSON.stringify(synthTemplate(stack));
    expect(text).toContain('repository/cri-123456/",{"Ref":"Namespace"}');
    expect(text).toContain('repository/cri-123456/team-",{"Ref":"Team"}');
  });
});

describe('props are read once, when the grant is made', () => {
  /** The policy documents of a stack's managed policies, as JSON. */
  const documents = (stack: ros.Stack) => JSON.stringify(Object.values<any>(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy'))
    .map((r) => r.Properties.PolicyDocumentUnchecked));

  test('RegistryAccess: a grant spec changed after it was added does not reach the template', () => {
    const stack = newStack();
    const spec: any = { ...SPEC, users: ['alice'], regions: ['cn-hangzhou'] };
    new RegistryAccess(stack, 'Access', { grants: [spec] });
    spec.namespace = '*';
    spec.access = NamespaceAccess.FULL;
    spec.users.push('*');
    spec.regions.push('*');
    const text = documents(stack);
    expect(text).toContain('acs:cr:cn-hangzhou:*:repository/cri-123456/team-a/*');
    expect(text).not.toContain('"cr:*"');
    expect(text).not.toContain('acs:cr:*:');
    expect(Object.keys(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::AttachPolicyToUser'))).toHaveLength(1);
  });

  test('NamespaceGrant: lists changed after construction do not reach the template', () => {
    const stack = newStack();
    const regions = ['cn-hangzhou'];
    const sourceIps = ['203.0.113.0/24'];
    new NamespaceGrant(stack, 'Grant', { ...SPEC, regions, sourceIps });
    regions.push('*');
    sourceIps.splice(0, 1, '0.0.0.0/0');
    const text = documents(stack);
    expect(text).toContain('203.0.113.0/24');
    expect(text).not.toContain('0.0.0.0/0');
    expect(text).not.toContain('acs:cr:*:');
  });
});
