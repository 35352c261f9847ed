/**
 * Tokens used as a careless (or hostile) user would: every one that could carry a wildcard or a
 * separator past validation is refused with the field, the value it resolves to, the rule and a fix.
 */
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { Grantee, NamespaceAccess, NamespaceGrant, NamespaceGrantProps, RegistryAccess } from '../../lib';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const BASE: NamespaceGrantProps = { instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, users: ['alice'] };
const lazy = (value: string) => ros.Lazy.stringValue({ produce: () => value });
const parameter = (stack: ros.Stack, props: Partial<ros.RosParameterProps> = {}, id = 'Namespace') =>
  new ros.RosParameter(stack, id, { type: ros.RosParameterType.STRING, ...props });

const NAMESPACE_RULE = 'must be 2-120 lowercase letters, digits, "_", "-" or ".", starting and ending with a letter or digit';
const FROM_TOKEN = 'the value comes from a token resolved at synth';
const NAMESPACE_FIX = 'give the parameter allowedPattern: NamespaceGrant.NAMESPACE_PATTERN, or allowedValues that follow the rule';

type Case = [string, (stack: ros.Stack) => Partial<NamespaceGrantProps>, string];

const cases: Case[] = [
  // The table.
  ['Lazy "*" namespace, PUSH_PULL', () => ({ namespace: lazy('*'), access: NamespaceAccess.PUSH_PULL }),
    `namespace "*" ${NAMESPACE_RULE} (for example "team-a"; ${FROM_TOKEN})`],
  ['Fn.join of "*"', () => ({ namespace: ros.Fn.join('', ['*']) }),
    `namespace "*" ${NAMESPACE_RULE} (for example "team-a"; ${FROM_TOKEN})`],
  ['Fn.sub of "*"', () => ({ namespace: ros.Fn.sub('*') }),
    `namespace "*" ${NAMESPACE_RULE} (for example "team-a"; ${FROM_TOKEN})`],
  ['Lazy "*" instance id, FULL', () => ({ instanceId: lazy('*'), access: NamespaceAccess.FULL }),
    `instanceId "*" must be "cri-" followed by 1-32 lowercase letters or digits (for example "cri-123456"; ${FROM_TOKEN})`],
  ['Lazy region with ARN segments', () => ({ regions: [lazy('*:*:repository/*')] }),
    `regions "*:*:repository/*" must be a region id such as "cn-hangzhou" (lowercase words joined by "-"); omit the field for every region (for example "cn-hangzhou"; ${FROM_TOKEN})`],
  ['a parameter with default "*" and no constraint', (stack) => ({ namespace: parameter(stack, { defaultValue: '*' }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; it is parameter Namespace, which has no AllowedPattern or AllowedValues, so ROS would deploy any value, such as "*" (${NAMESPACE_FIX})`],
  // Others of the same kind.
  ['nested Fn.join of a Lazy', () => ({ namespace: ros.Fn.join('', ['team', ros.Fn.join('-', ['', lazy('*')])]) }),
    `namespace "team-*" ${NAMESPACE_RULE} (for example "team-a"; ${FROM_TOKEN})`],
  ['a Lazy inside a longer text', () => ({ namespace: `team-${lazy('a/*')}` }),
    `namespace "team-a/*" ${NAMESPACE_RULE} (for example "team-a"; ${FROM_TOKEN})`],
  ['Lazy.anyValue made text', () => ({ namespace: ros.Token.asString(ros.Lazy.anyValue({ produce: () => '*' })) }),
    `namespace "*" ${NAMESPACE_RULE} (for example "team-a"; ${FROM_TOKEN})`],
  ['a Lazy user name', () => ({ users: [lazy('*')] }),
    `users "*" must be a RAM user name: 1-64 letters, digits, ".", "_" or "-" (for example "alice"; ${FROM_TOKEN})`],
  ['a Lazy grantee name', () => ({ users: [], grantees: [Grantee.role(lazy('admin/*'))] }),
    `grantees[0] "admin/*" must be a RAM role name: 1-64 letters, digits, "." or "-" (for example "ci-deployer"; ${FROM_TOKEN})`],
  ['a Lazy account id', () => ({ accountId: lazy('*') }),
    `accountId "*" must be the numeric Alibaba Cloud account id; omit the field for every account (for example "1234567890123456"; ${FROM_TOKEN})`],
  ['a Lazy resource group', () => ({ resourceGroupId: lazy('rg-*') }),
    `resourceGroupId "rg-*" must be "rg-" followed by lowercase letters or digits (for example "rg-acfmzabc123"; ${FROM_TOKEN})`],
  ['a Lazy list of regions', () => ({ regions: ros.Lazy.listValue({ produce: () => ['cn-hangzhou', '*'] }) }),
    `regions "*" must be a region id such as "cn-hangzhou" (lowercase words joined by "-"); omit the field for every region (for example "cn-hangzhou"; ${FROM_TOKEN})`],
  ['a list parameter as regions', (stack) => ({ regions: new ros.RosParameter(stack, 'Regions', { type: ros.RosParameterType.COMMA_DELIMITED_LIST }).valueAsList }),
    'regions {"Ref":"Regions"} must be a region id such as "cn-hangzhou" (lowercase words joined by "-"); omit the field for every region; this list is a token ROS only fills in at deployment (or cannot resolve yet), so its entries cannot be checked (list the values, each written out or given as a constrained parameter\'s valueAsString)'],
  ['Fn::Select of a list parameter', (stack) => ({ namespace: ros.Token.asString(ros.Fn.select(0, new ros.RosParameter(stack, 'Names', { type: ros.RosParameterType.COMMA_DELIMITED_LIST }).valueAsList)) }),
    `namespace {"Fn::Select":[0,{"Ref":"Names"}]} ${NAMESPACE_RULE}; {"Fn::Select":[0,{"Ref":"Names"}]} is only known at deployment, and only a constrained String parameter may stand there (use a String parameter's valueAsString, text, or a token that resolves to text at synth)`],
  ['Fn.ref by name', () => ({ namespace: ros.Fn.ref('Namespace') }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; {"Ref":"Namespace"} is only known at deployment, and only a constrained String parameter may stand there (use a String parameter's valueAsString, text, or a token that resolves to text at synth)`],
  ['a parameter with a too-wide AllowedPattern', (stack) => ({ namespace: parameter(stack, { allowedPattern: '.*' }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "*" (${NAMESPACE_FIX})`],
  ['a parameter whose pattern is not anchored', (stack) => ({ namespace: parameter(stack, { allowedPattern: '[a-z]+' }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "a" (${NAMESPACE_FIX})`],
  ['a parameter whose $ admits a final newline', (stack) => ({ namespace: parameter(stack, { allowedPattern: '^[a-z]{2,10}$' }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "aa\\n" (${NAMESPACE_FIX})`],
  ['a parameter whose pattern uses \\w', (stack) => ({ namespace: parameter(stack, { allowedPattern: '^\\w{2,10}$' }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace: its AllowedPattern has an escape that Python reads wider ("\\\\w"), which is not read, so any value could be deployed (${NAMESPACE_FIX})`],
  ['a parameter whose pattern cannot be parsed', (stack) => ({ namespace: parameter(stack, { allowedPattern: '^(?i)[a-z]+$' }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace: its AllowedPattern cannot be read (Invalid regular expression: /^(?i)[a-z]+$/u: Invalid group), so any value could be deployed (${NAMESPACE_FIX})`],
  ['AllowedValues containing "*"', (stack) => ({ namespace: parameter(stack, { allowedValues: ['team-a', '*'] }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "*" (${NAMESPACE_FIX})`],
  ['a Default outside the AllowedPattern', (stack) => ({ namespace: parameter(stack, { allowedPattern: NamespaceGrant.NAMESPACE_PATTERN, defaultValue: '*' }).valueAsString }),
    `namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace's Default "*" is outside it (give the parameter a Default that follows the rule, or none)`],
  ['a constrained parameter beside text that makes it too long', (stack) => ({ namespace: `team-${parameter(stack, { allowedPattern: NamespaceGrant.NAMESPACE_PATTERN }).valueAsString}` }),
    `namespace {"Fn::Join":["",["team-",{"Ref":"Namespace"}]]} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "team-a${'-'.repeat(114)}a" (${NAMESPACE_FIX})`],
  ['a Number parameter', (stack) => ({ accountId: ros.Token.asString(parameter(stack, { type: ros.RosParameterType.NUMBER, allowedValues: [1] }, 'Account').value) }),
    'accountId {"Ref":"Account"} must be the numeric Alibaba Cloud account id; omit the field for every account; parameter Account is of type "Number", and only a String parameter is read (give the parameter allowedPattern: NamespaceGrant.ACCOUNT_ID_PATTERN, or allowedValues that follow the rule)'],
  ['an unconstrained parameter as a user name', (stack) => ({ users: [parameter(stack, {}, 'User').valueAsString] }),
    'users {"Ref":"User"} must be a RAM user name: 1-64 letters, digits, ".", "_" or "-"; it is parameter User, which has no AllowedPattern or AllowedValues, so ROS would deploy any value, such as "*" (give the parameter allowedPattern: NamespaceGrant.USER_NAME_PATTERN, or allowedValues that follow the rule)'],
  ['a group\'s name given as a user', (stack) => ({ users: [ros.Token.asString(new ram.Group(stack, 'Team', { groupName: 'team' }).attrGroupName)] }),
    'users {"Fn::GetAtt":["Team","GroupName"]} must be a RAM user name: 1-64 letters, digits, ".", "_" or "-"; TestStack/Team/Team (GroupName) is only known at deployment, and only the UserName of an ALIYUN::RAM::User may stand here (TestStack/Team is a RAM group: pass it as grantees: [Grantee.fromPrincipal(group)])'],
  ['the region pseudo parameter as an account id', () => ({ accountId: ros.RosPseudo.region }),
    'accountId {"Ref":"ALIYUN::Region"} must be the numeric Alibaba Cloud account id; omit the field for every account; pseudo parameter ALIYUN::Region is only known at deployment, and only a constrained String parameter may stand there (give the parameter allowedPattern: NamespaceGrant.ACCOUNT_ID_PATTERN, or allowedValues that follow the rule)'],
];

describe('hostile token inputs are refused with field, resolved value, rule and fix', () => {
  test.each(cases)('%s', (_case, props, message) => {
    const stack = newStack();
    expect(() => new NamespaceGrant(stack, 'Grant', { ...BASE, ...props(stack) })).toThrow(`TestStack/Grant: ${message}`);
  });

  test.each(cases)('RegistryAccess too: %s', (_case, props, message) => {
    const stack = newStack();
    expect(() => new RegistryAccess(stack, 'Access', { grants: [{ ...BASE, ...props(stack) }] }))
      .toThrow(`TestStack/Access grants[0]: ${message}`);
  });

  test('a Lazy policy name and prefix', () => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', { ...BASE, policyName: lazy('admin*') }))
      .toThrow(`TestStack/Grant: policyName "admin*" must be a RAM policy name: 1-128 letters, digits or "-" (for example "cr-team-a-pull"; ${FROM_TOKEN})`);
    expect(() => new RegistryAccess(newStack(), 'Access', { policyNamePrefix: lazy('cr*') }))
      .toThrow(`TestStack/Access: policyNamePrefix "cr*" must be a RAM policy name: 1-128 letters, digits or "-" (for example "cr-team-a-pull"; ${FROM_TOKEN})`);
  });

  test('a grantee added later', () => {
    const grant = new NamespaceGrant(newStack(), 'Grant', BASE);
    expect(() => grant.addGrantee(Grantee.user(lazy('*'))))
      .toThrow(`TestStack/Grant: grantee "*" must be a RAM user name: 1-64 letters, digits, ".", "_" or "-" (for example "alice"; ${FROM_TOKEN})`);
  });

  test('a Lazy that can only resolve later is checked at synth, with the same one-line message', () => {
    const stack = newStack();
    let namespace: string | undefined;
    new NamespaceGrant(stack, 'Grant', { ...BASE, namespace: ros.Lazy.stringValue({ produce: () => namespace as string }) });
    namespace = '*';
    expect(() => synthTemplate(stack)).toThrow(new Error(`TestStack/Grant: namespace "*" ${NAMESPACE_RULE} (for example "team-a"; ${FROM_TOKEN})`));

    // The same, resolving to a valid value, synthesizes with it.
    const valid = newStack();
    let later: string | undefined;
    new NamespaceGrant(valid, 'Grant', { ...BASE, consoleAccess: false, namespace: ros.Lazy.stringValue({ produce: () => later as string }) });
    later = 'team-c';
    expect(JSON.stringify(synthTemplate(valid))).toContain('"acs:cr:*:*:repository/cri-123456/team-c/*"');
  });
});

describe('a parameter accepted when the grant is made is checked again at synth, as the template declares it', () => {
  const RECHECKED = 'checked again at synth: the parameter was accepted when the grant was made and has changed since';
  const admitsStar = (stack: ros.Stack, build: (parameter: ros.RosParameter) => void, props: ros.RosParameterProps) => {
    build(new ros.RosParameter(stack, 'Namespace', props));
    return () => synthTemplate(stack);
  };

  test('NamespaceGrant: the parameter\'s props changed afterwards', () => {
    const stack = newStack();
    const props = { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.NAMESPACE_PATTERN };
    const synth = admitsStar(stack, (p) => new NamespaceGrant(stack, 'Grant', { ...BASE, namespace: p.valueAsString }), props);
    props.allowedPattern = '.*';
    expect(synth).toThrow(new Error(`TestStack/Grant: namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "*" (${NAMESPACE_FIX}; ${RECHECKED})`));
  });

  test('NamespaceGrant: a Lazy AllowedPattern that produces another pattern afterwards', () => {
    const stack = newStack();
    let pattern = NamespaceGrant.NAMESPACE_PATTERN;
    const synth = admitsStar(stack, (p) => new NamespaceGrant(stack, 'Grant', { ...BASE, namespace: p.valueAsString }),
      { type: ros.RosParameterType.STRING, allowedPattern: ros.Lazy.stringValue({ produce: () => pattern }) });
    pattern = '.*';
    expect(synth).toThrow(new Error(`TestStack/Grant: namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "*" (${NAMESPACE_FIX}; ${RECHECKED})`));
  });

  test('NamespaceGrant: a Default changed afterwards, and a grantee added later', () => {
    const stack = newStack();
    const props: ros.RosParameterProps = { type: ros.RosParameterType.STRING, allowedValues: ['team-a'], defaultValue: 'team-a' };
    const synth = admitsStar(stack, (p) => new NamespaceGrant(stack, 'Grant', { ...BASE, namespace: p.valueAsString }), props);
    (props as { defaultValue: string }).defaultValue = '*';
    expect(synth).toThrow(new Error(`TestStack/Grant: namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace's Default "*" is outside it `
      + `(give the parameter a Default that follows the rule, or none; ${RECHECKED})`));

    const other = newStack();
    const userProps = { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.USER_NAME_PATTERN };
    const user = new ros.RosParameter(other, 'User', userProps);
    new NamespaceGrant(other, 'Grant', BASE).addGrantee(Grantee.user(user.valueAsString));
    userProps.allowedPattern = '.*';
    expect(() => synthTemplate(other)).toThrow(/^TestStack\/Grant: grantee \{"Ref":"User"\} must be a RAM user name.*; parameter User admits values outside it/);
  });

  test('RegistryAccess: AllowedValues changed afterwards', () => {
    const stack = newStack();
    const props = { type: ros.RosParameterType.STRING, allowedValues: ['team-a'] };
    const synth = admitsStar(stack, (p) => new RegistryAccess(stack, 'Access', { grants: [{ ...BASE, namespace: p.valueAsString }] }), props);
    props.allowedValues.push('*');
    expect(synth).toThrow(new Error(`TestStack/Access grants[0]: namespace {"Ref":"Namespace"} ${NAMESPACE_RULE}; parameter Namespace admits values outside it, such as "*" (${NAMESPACE_FIX}; ${RECHECKED})`));
  });

  test('a change that keeps the values inside the rule synthesizes, with the declaration as changed', () => {
    const stack = newStack();
    const props = { type: ros.RosParameterType.STRING, allowedValues: ['team-a'] };
    const synth = admitsStar(stack, (p) => new RegistryAccess(stack, 'Access', { grants: [{ ...BASE, namespace: p.valueAsString }] }), props);
    props.allowedValues.push('team-b');
    expect(synth().Parameters.Namespace).toEqual({ Type: 'String', AllowedValues: ['team-a', 'team-b'] });
  });
});

describe('what stays open is what ROS bounds at deployment', () => {
  const OPEN: NamespaceGrantProps = { ...BASE, consoleAccess: false };
  /** The namespace's ARNs in the one policy's document (the token action's `*` left out). */
  const policyResources = (template: any) => Object.values(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'))
    .flatMap((p: any) => p.Properties.PolicyDocumentUnchecked.Statement.flatMap((statement: any) => statement.Resource))
    .filter((resource: unknown) => resource !== '*');

  test('a parameter with the exported pattern, or with valid AllowedValues, renders as its Ref', () => {
    const stack = newStack();
    const namespace = parameter(stack, { allowedPattern: NamespaceGrant.NAMESPACE_PATTERN, defaultValue: 'team-a' });
    const instance = parameter(stack, { allowedValues: ['cri-a1', 'cri-b2'] }, 'Instance');
    new NamespaceGrant(stack, 'Grant', { ...OPEN, instanceId: instance.valueAsString, namespace: namespace.valueAsString });
    const template = synthTemplate(stack);
    expect(template.Parameters).toEqual({
      Namespace: { Type: 'String', AllowedPattern: '^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])(?!\\n)$', Default: 'team-a' },
      Instance: { Type: 'String', AllowedValues: ['cri-a1', 'cri-b2'] },
    });
    expect(policyResources(template)).toEqual([
      { 'Fn::Join': ['', ['acs:cr:*:*:repository/', { Ref: 'Instance' }, '/', { Ref: 'Namespace' }, '/*']] },
    ]);
  });

  test('beside them, a RAM user\'s name and the account and region pseudo parameters stay as they are', () => {
    const stack = newStack();
    const namespace = parameter(stack, { allowedPattern: NamespaceGrant.NAMESPACE_PATTERN });
    const user = new ram.User(stack, 'Bob', { userName: 'bob' });
    new NamespaceGrant(stack, 'Grant', {
      ...OPEN, users: [], grantees: [Grantee.fromPrincipal(user)], namespace: namespace.valueAsString, accountId: ros.RosPseudo.accountId, regions: [ros.RosPseudo.region],
    });
    const template = synthTemplate(stack);
    expect(Object.values(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToUser'))[0].Properties.UserName)
      .toEqual({ 'Fn::GetAtt': ['Bob', 'UserName'] });
    expect(policyResources(template))
      .toEqual([{ 'Fn::Join': ['', ['acs:cr:', { Ref: 'ALIYUN::Region' }, ':', { Ref: 'ALIYUN::AccountId' }, ':repository/cri-123456/', { Ref: 'Namespace' }, '/*']] }]);
  });

  test('a token that resolves at synth renders as the text that was checked', () => {
    const stack = newStack();
    let produced = 'team-b';
    new NamespaceGrant(stack, 'Grant', { ...OPEN, namespace: ros.Lazy.stringValue({ produce: () => produced }) });
    // Produced differently after the grant was made: the checked text is what deploys.
    produced = '*';
    expect(policyResources(synthTemplate(stack))).toEqual(['acs:cr:*:*:repository/cri-123456/team-b/*']);
  });

  test('the exported patterns are the field rules with a strict end', () => {
    expect(NamespaceGrant.NAMESPACE_PATTERN).toBe('^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])(?!\\n)$');
    expect(NamespaceGrant.INSTANCE_ID_PATTERN).toBe('^cri-[a-z0-9]{1,32}(?!\\n)$');
    expect(NamespaceGrant.REGION_PATTERN).toBe('^[a-z]{2,}(?:-[a-z0-9]+){1,4}(?!\\n)$');
  });
});
