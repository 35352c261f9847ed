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
