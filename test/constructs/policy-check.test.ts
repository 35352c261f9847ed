import * as ram from '@alicloud/ros-cdk-ram';
import { NamespaceAccess, NamespaceGrant, PolicyCheck } from '../../lib';
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
});
