import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { NamespaceAccess, NamespaceGrant, PolicyCheck, RegistryAccess } from '../../lib';
import { checkTemplate } from '../../lib/check/engine';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const SEED = { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.FULL, users: ['alice'] };

describe('PolicyCheck', () => {
  test('fails synth on an Error in a policy the library did not write', () => {
    const stack = newStack();
    new ram.ManagedPolicy(stack, 'HandWritten', {
      policyName: 'hand-written',
      policyDocumentUnchecked: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:PullRepository'], Resource: ['acs:cr:*:*:namespace/cri-123456/ns'] }] },
    });
    new PolicyCheck(stack, 'Check');
    expect(() => synthTemplate(stack)).toThrow(/policy check of stack TestStack failed:[\s\S]*CRG-E011/);
  });

  test('fails synth on an unsuppressed Security warning: the seed\'s cr:*', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', SEED);
    new PolicyCheck(stack, 'Check');
    expect(() => synthTemplate(stack)).toThrow(/CRG-S001\[cr:\*\]/);
  });

  test('a suppression with a reason lets synth pass and is kept in the template', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', SEED);
    PolicyCheck.suppress(grant.policy, 'CRG-S001', 'Platform admins own this namespace outright');
    new PolicyCheck(stack, 'Check');
    const [policy] = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy'));
    expect(policy.Metadata['cr-grants:suppressions']).toEqual([{ id: 'CRG-S001', reason: 'Platform admins own this namespace outright' }]);
  });

  test('a suppression without a real reason is refused', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', SEED);
    expect(() => PolicyCheck.suppress(grant.policy, 'CRG-S001', 'ok')).toThrow(/at least 10 characters/);
  });

  test('least-privilege grants pass', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED, access: NamespaceAccess.PULL });
    new PolicyCheck(stack, 'Check');
    expect(() => synthTemplate(stack)).not.toThrow();
  });

  test('a grant whose instance, namespace and region are constrained parameters passes', () => {
    const stack = newStack();
    const parameter = (id: string, constraint: { allowedPattern?: string; allowedValues?: string[] }) =>
      new ros.RosParameter(stack, id, { type: ros.RosParameterType.STRING, ...constraint }).valueAsString;
    new NamespaceGrant(stack, 'Grant', {
      instanceId: parameter('InstanceId', { allowedPattern: NamespaceGrant.INSTANCE_ID_PATTERN }),
      namespace: parameter('Namespace', { allowedPattern: NamespaceGrant.NAMESPACE_PATTERN }),
      regions: [parameter('Region', { allowedValues: ['cn-hangzhou', 'cn-shanghai'] })],
      access: NamespaceAccess.PUSH_PULL,
      users: ['ci'],
    });
    const check = new PolicyCheck(stack, 'Check', { strict: true });
    expect(() => synthTemplate(stack)).not.toThrow();
    expect(check.node.metadata).toEqual([]);
  });

  test('a policy built from an unconstrained parameter fails synth with CRG-S005', () => {
    const stack = newStack();
    const namespace = new ros.RosParameter(stack, 'Namespace', { type: ros.RosParameterType.STRING });
    new ram.ManagedPolicy(stack, 'HandWritten', {
      policyName: 'hand-written',
      policyDocumentUnchecked: {
        Version: '1',
        Statement: [{ Effect: 'Allow', Action: ['cr:PullRepository'], Resource: [`acs:cr:*:*:repository/cri-123456/${namespace.valueAsString}/*`] }],
      },
    });
    new PolicyCheck(stack, 'Check');
    expect(() => synthTemplate(stack)).toThrow(/CRG-S005\[Resource\][^\n]*it is parameter Namespace, which has no AllowedPattern or AllowedValues/);
  });

  test('strict mode also fails on Warnings', () => {
    const stack = newStack();
    new ram.ManagedPolicy(stack, 'Token', {
      policyName: 'token-on-namespace',
      policyDocumentUnchecked: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:GetAuthorizationToken'], Resource: ['acs:cr:*:*:repository/cri-123456/ns'] }] },
    });
    new PolicyCheck(stack, 'Check', { strict: true });
    expect(() => synthTemplate(stack)).toThrow(/CRG-W001/);
    const lenient = newStack();
    new ram.ManagedPolicy(lenient, 'Token', {
      policyName: 'token-on-namespace',
      policyDocumentUnchecked: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:GetAuthorizationToken'], Resource: ['acs:cr:*:*:repository/cri-123456/ns'] }] },
    });
    const check = new PolicyCheck(lenient, 'Check');
    expect(() => synthTemplate(lenient)).not.toThrow();
    expect(check.node.metadata.map((m) => m.data)).toEqual([expect.stringContaining('CRG-W001')]);
  });

  describe('suppressions given with the grant', () => {
    const OWNERS = { id: 'CRG-S001', reason: 'Platform admins own this namespace outright' };

    test('let synth pass for a NamespaceGrant and for RegistryAccess, whose policies are planned', () => {
      const single = newStack();
      new NamespaceGrant(single, 'Grant', { ...SEED, suppressions: [OWNERS] });
      new PolicyCheck(single, 'Check');
      expect(() => synthTemplate(single)).not.toThrow();

      const planned = newStack();
      new RegistryAccess(planned, 'Access', { grants: [{ ...SEED, suppressions: [OWNERS] }, { ...SEED, namespace: 'ns2', users: ['bob'] }] });
      new PolicyCheck(planned, 'Check');
      // bob's FULL grant has its own policy, and the suppression stays with alice's.
      expect(() => synthTemplate(planned)).toThrow(/failed:\n\[Security warning\] CRG-S001\[cr:\*\] policy TestStack-Access-user-bob-\w+, [^\n]*\n1 finding:/);
    });

    test('merge with PolicyCheck.suppress on the same policy', () => {
      const stack = newStack();
      const grant = new NamespaceGrant(stack, 'Grant', { ...SEED, suppressions: [OWNERS] });
      PolicyCheck.suppress(grant.policy, 'CRG-S001[cr:*]', 'Reviewed again when the namespace moved');
      PolicyCheck.suppress(grant.policy, OWNERS.id, OWNERS.reason);
      const [policy] = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy'));
      expect(policy.Metadata['cr-grants:suppressions']).toEqual([
        OWNERS,
        { id: 'CRG-S001[cr:*]', reason: 'Reviewed again when the namespace moved' },
      ]);
    });

    test('every part of a split policy carries them; a part without the finding reports them unused', () => {
      const stack = newStack();
      // Grants share a policy only when they accept the same findings, so every grant carries the suppression.
      const pulls = Array.from({ length: 300 }, (_, i) => ({ ...SEED, namespace: `namespace-number-${i}`, access: NamespaceAccess.PULL, suppressions: [OWNERS] }));
      new RegistryAccess(stack, 'Access', { grants: [{ ...SEED, suppressions: [OWNERS] }, ...pulls] });
      const template = synthTemplate(stack);
      const policies = Object.values(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'));
      expect(policies.length).toBeGreaterThan(1);
      for (const policy of policies) expect(policy.Metadata['cr-grants:suppressions']).toEqual([OWNERS]);
      const findings = checkTemplate(template);
      expect(findings.filter((f) => f.ruleId === 'CRG-S001').map((f) => f.suppressedBecause)).toEqual([OWNERS.reason]);
      expect(findings.filter((f) => f.ruleId === 'CRG-I002')).toHaveLength(policies.length - 1);
    });
  });
});

describe('PolicyCheck over several stacks: one account, as cr-grants check reads a cloud assembly', () => {
  const PULL = { instanceId: 'cri-123456', access: NamespaceAccess.PULL };

  /** Two stacks of one app, each filled by `fill`. */
  function twoStacks(fill: (stack: ros.Stack, name: string) => void): { app: ros.App; stacks: ros.Stack[] } {
    const app = new ros.App({ stackTraces: false });
    const stacks = ['Platform', 'Checkout'].map((name) => {
      const stack = new ros.Stack(app, name);
      fill(stack, name);
      return stack;
    });
    return { app, stacks };
  }
  const samePolicyName = (stack: ros.Stack) => new NamespaceGrant(stack, 'Pull', { ...PULL, namespace: 'web', users: ['alice'], policyName: 'web-pull' });
  /** Six policies for bob in a stack: ten custom policies is RAM's limit per principal. */
  const sixForBob = (stack: ros.Stack, name: string) => {
    for (let i = 0; i < 6; i++) new NamespaceGrant(stack, `Bob${i}`, { ...PULL, namespace: `${name.toLowerCase()}-${i}`, users: ['bob'] });
  };

  test('one policy name in two stacks fails synth, naming both', () => {
    const { app } = twoStacks(samePolicyName);
    new PolicyCheck(app, 'Check');
    expect(() => app.synth()).toThrow(
      /policy check of the stacks Checkout, Platform as one account failed:\n\[Error\] CRG-E014\[web-pull@Platform\/CrPolicywebpull\w+\] [^\n]*Managed policies Checkout\/CrPolicywebpull\w+ and Platform\/CrPolicywebpull\w+ are both named "web-pull"/);
  });

  test('a principal with six custom policies in each of two stacks fails synth with CRG-E013, for the account', () => {
    const { app } = twoStacks(sixForBob);
    new PolicyCheck(app, 'Check');
    expect(() => app.synth()).toThrow(/policy check of the stacks Checkout, Platform as one account failed:\n\[Error\] CRG-E013\[user:bob\/Custom\] [^\n]*user:bob gets 12 custom policies from the 2 stacks of the app/);
  });

  test('on a construct holding the stacks, the same; on each stack alone, only that stack is seen', () => {
    const app = new ros.App({ stackTraces: false });
    const group = new ros.Construct(app, 'Apps');
    for (const name of ['Platform', 'Checkout']) sixForBob(new ros.Stack(group, name), name);
    new PolicyCheck(group, 'Check');
    expect(() => app.synth()).toThrow(/CRG-E013\[user:bob\/Custom\][^\n]*from the 2 stacks of Apps/);

    const perStack = twoStacks((stack, name) => {
      samePolicyName(stack);
      sixForBob(stack, name);
    });
    for (const stack of perStack.stacks) new PolicyCheck(stack, 'Check');
    expect(() => perStack.app.synth()).not.toThrow();
  });

  test('each stack\'s own findings stay under its path, named Stack/policy; warnings too', () => {
    const { app } = twoStacks((stack, name) => {
      if (name === 'Checkout') new NamespaceGrant(stack, 'Owners', { ...SEED, namespace: 'checkout' });
      new ram.ManagedPolicy(stack, 'Token', {
        policyName: `${name.toLowerCase()}-token`,
        policyDocumentUnchecked: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:GetAuthorizationToken'], Resource: ['acs:cr:*:*:repository/cri-123456/ns'] }] },
      });
    });
    const check = new PolicyCheck(app, 'Check');
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/policy check of stack Checkout failed:\n\[Security warning\] CRG-S001\[cr:\*\] policy Checkout\/[\w-]+, statement \d/);
    expect(message).not.toMatch(/policy check of stack Platform/);
    expect(check.node.metadata.map((m) => m.data).sort()).toEqual([
      expect.stringMatching(/^\[Warning\] CRG-W001\S* policy Checkout\/checkout-token/),
      expect.stringMatching(/^\[Warning\] CRG-W001\S* policy Platform\/platform-token/),
    ]);
  });

  test('a nested stack is checked inside its parent, once, named Parent/Nested/policy', () => {
    const { app, stacks: [platform] } = twoStacks(() => undefined);
    new NamespaceGrant(new ros.NestedStack(platform, 'Inner'), 'Owners', { ...SEED, policyName: 'inner-owners' });
    new PolicyCheck(app, 'Check');
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/policy check of stack Platform failed:\n\[Security warning\] CRG-S001\[cr:\*\] policy Platform\/Inner\/inner-owners, statement 1:/);
    expect(message).not.toMatch(/CRG-E014/);
    expect(message.match(/^\[Security warning\]/gm)).toHaveLength(1);
  });

  test('distinct names, few policies per principal and a stack without resources pass', () => {
    const { app } = twoStacks((stack, name) => {
      new NamespaceGrant(stack, 'Pull', { ...PULL, namespace: name.toLowerCase(), users: ['alice'] });
    });
    new ros.Stack(app, 'Empty');
    const check = new PolicyCheck(app, 'Check', { strict: true });
    expect(() => app.synth()).not.toThrow();
    expect(check.node.metadata).toEqual([]);
  });
});

