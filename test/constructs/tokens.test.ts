import * as ros from '@alicloud/ros-cdk-core';
import { Grantee, NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { DEFAULT_LIMITS } from '../../lib/model/limits';
import { PolicyDocument, documentSize } from '../../lib/model/policy';
import { deployedDocumentSize } from '../../lib/model/token';
import { FIELD_RULES } from '../../lib/model/field-rules';
import * as validate from '../../lib/model/validate';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const POLICY = 'ALIYUN::RAM::ManagedPolicy';
const stringParameter = (stack: ros.Stack, id: string, allowedPattern?: string) =>
  new ros.RosParameter(stack, id, { type: ros.RosParameterType.STRING, allowedPattern });

describe('grantees named by tokens', () => {
  test('are identified by what the token stands for, not by its text', () => {
    const stack = newStack();
    const userName = stringParameter(stack, 'UserName');
    expect(Grantee.user(userName.valueAsString).identity).toBe('{"Ref":"UserName"}');
    expect(Grantee.group(ros.Fn.ref('Team')).identity).toBe('{"Ref":"Team"}');
    expect(Grantee.role(`ci-${userName.valueAsString}`).identity).toBe('ci-{"Ref":"UserName"}');
    expect(Grantee.user('alice').identity).toBe('alice');
  });

  test('a token that only resolves inside a template is refused: it has no stable identity', () => {
    const stack = newStack();
    const lazy = ros.Lazy.stringValue({ produce: (context: ros.IResolveContext) => context.scope.node.id });
    expect(() => new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: [lazy],
    })).toThrow(/^TestStack\/Grant: users "\$\{Token\[TOKEN\.\d+\]\}" must be a RAM user name: .*; it is a token that cannot be resolved yet, and this field must be known when the grant is made/);
  });
});

/**
 * One app. ROS CDK numbers a token when a value is first read as text, so reading the same
 * parameters in another order, with unrelated tokens between, renumbers every token.
 */
function synthWithTokensRead(order: 'forward' | 'backward'): { text: string; policyNames: string[]; describedPolicyName: string } {
  const stack = newStack();
  // A token in a NamespaceGrant's description: only its policy name is compared here.
  const described = new ros.Stack(stack.node.root as ros.App, 'Described');
  const ids = ['UserA', 'UserB', 'NsA', 'NsB', 'RegionA', 'RegionB'];
  const patterns: { [prefix: string]: string } = {
    User: NamespaceGrant.USER_NAME_PATTERN, Ns: NamespaceGrant.NAMESPACE_PATTERN, Region: NamespaceGrant.REGION_PATTERN,
  };
  const parameters = new Map(ids.map((id) => [id, stringParameter(stack, id, patterns[id.slice(0, -1)])]));
  const describedNamespace = stringParameter(described, 'Namespace', NamespaceGrant.NAMESPACE_PATTERN);
  const value = new Map<string, string>();
  for (const id of order === 'forward' ? ids : [...ids].reverse()) {
    ros.Fn.ref(`Unrelated${id}`);
    value.set(id, parameters.get(id)!.valueAsString);
  }
  const v = (id: string) => value.get(id)!;
  new RegistryAccess(stack, 'Access', {
    grants: [
      { instanceId: 'cri-a1', namespace: v('NsA'), access: NamespaceAccess.PULL, users: [v('UserA'), v('UserB')], regions: [v('RegionA'), v('RegionB')] },
      { instanceId: 'cri-a1', namespace: v('NsB'), access: NamespaceAccess.PULL, grantees: [Grantee.user(v('UserB')), Grantee.user(v('UserA'))] },
      { instanceId: 'cri-a1', namespace: 'shared', access: NamespaceAccess.FULL, users: [v('UserA')] },
      { instanceId: 'cri-a1', namespace: 'shared', access: NamespaceAccess.PULL, users: [v('UserB')] },
    ],
  });
  new NamespaceGrant(stack, 'Single', {
    instanceId: 'cri-a1', namespace: 'single', access: NamespaceAccess.PULL, grantees: [Grantee.user(v('UserB')), Grantee.user(v('UserA'))],
  });
  const describedGrant = new NamespaceGrant(described, 'Grant', {
    instanceId: 'cri-a1', namespace: describedNamespace.valueAsString, access: NamespaceAccess.PULL, users: ['alice'],
  });
  const template = synthTemplate(stack);
  return {
    text: JSON.stringify(template),
    policyNames: Object.values(resourcesOfType(template, POLICY)).map((p) => p.Properties.PolicyName),
    describedPolicyName: describedGrant.policyName,
  };
}

describe('output does not depend on token numbering', () => {
  test('same grants, tokens numbered differently: same policy names, byte-identical templates', () => {
    const forward = synthWithTokensRead('forward');
    const backward = synthWithTokensRead('backward');
    expect(backward.policyNames).toEqual(forward.policyNames);
    expect(backward.describedPolicyName).toEqual(forward.describedPolicyName);
    expect(backward.text).toEqual(forward.text);
    // Names and order come from what the tokens stand for.
    expect(forward.policyNames.filter((name) => name.startsWith('TestStack-Access-'))).toEqual([
      expect.stringMatching(/^TestStack-Access-user-Ref-UserA-[0-9a-f]{10}$/),
      expect.stringMatching(/^TestStack-Access-user-Ref-UserB-[0-9a-f]{10}$/),
    ]);
    expect(forward.text.indexOf('{"Ref":"RegionA"},":*:repository/cri-a1/",{"Ref":"NsA"}'))
      .toBeLessThan(forward.text.indexOf('{"Ref":"RegionB"},":*:repository/cri-a1/",{"Ref":"NsA"}'));
  });
});

describe('NamespaceGrant document size', () => {
  // The document as planned, tokens as markers: what the construct's size check measures.
  const grant = (stack: ros.Stack, namespace: string, regionCount: number) => ({
    document: (new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-123456', namespace, access: NamespaceAccess.FULL, users: ['alice'],
      regions: Array.from({ length: regionCount }, (_, i) => `cn-region${i}`),
    }) as unknown as { readonly planned: PolicyDocument }).planned,
  });

  test('a document over RAM\'s limit fails at synth with path, size and limit', () => {
    const stack = newStack();
    const { document } = grant(stack, 'team-a', 40);
    const size = documentSize(document);
    expect(size).toBeGreaterThan(DEFAULT_LIMITS.maxDocumentCharacters);
    expect(() => synthTemplate(stack)).toThrow(
      `TestStack/Grant: policy document is ${size} characters (each token counted as 128), more than RAM's 6144 per policy document`);
  });

  test('tokens count as the values they may stand for', () => {
    const stack = newStack();
    const { document } = grant(stack, stringParameter(stack, 'Namespace', NamespaceGrant.NAMESPACE_PATTERN).valueAsString, 15);
    // Small as written, too large once ROS puts a long namespace in.
    expect(documentSize(document)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDocumentCharacters);
    expect(deployedDocumentSize(document)).toBeGreaterThan(DEFAULT_LIMITS.maxDocumentCharacters);
    expect(() => synthTemplate(stack)).toThrow(/TestStack\/Grant: policy document is \d+ characters \(each token counted as 128\), more than RAM's 6144/);
  });

  test('a document within the limit synthesizes', () => {
    const stack = newStack();
    grant(stack, 'team-a', 5);
    expect(() => synthTemplate(stack)).not.toThrow();
  });
});

describe('text a token resolves to when the grant is made', () => {
  afterEach(() => jest.restoreAllMocks());

  test('is checked once, by the model, like a literal', () => {
    const checks = jest.spyOn(validate, 'checkField');
    new NamespaceGrant(newStack(), 'Grant', {
      instanceId: 'cri-123456', namespace: ros.Lazy.stringValue({ produce: () => 'team-a' }), access: NamespaceAccess.PULL, users: ['alice'],
    });
    expect(checks.mock.calls.filter(([, rule, value]) => rule === FIELD_RULES.namespace && value === 'team-a')).toHaveLength(1);
  });

  test('a refusal names the field as given and says the value came from a token', () => {
    const grant = (stack: ros.Stack, grantee: Grantee) => new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, grantees: [grantee],
    });
    // The model names a role name "roles"; given as a Grantee, the value is grantees[0].
    expect(() => grant(newStack(), Grantee.role(ros.Lazy.stringValue({ produce: () => 'a/b' }))))
      .toThrow(/^TestStack\/Grant: grantees\[0\] "a\/b" must be a RAM role name: .*; the value comes from a token resolved at synth\)$/);
    expect(() => grant(newStack(), Grantee.role('a/b'))).toThrow(/^TestStack\/Grant: roles "a\/b" must be a RAM role name: .*\(for example "ci-deployer"\)$/);
  });
});
