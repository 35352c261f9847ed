import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { CrGrantsError, Grantee, NamespaceAccess, RegistryAccess } from '../../lib';
import { newStack, synthTemplate } from '../synth';

const NO_PROD_DELETE = { never: ['cr:DeleteNamespace', 'cr:DeleteRepository'], on: 'cri-123456/prod', except: ['group:registry-owners'] };

/** The synth error, as one message. */
function synthError(stack: ReturnType<typeof newStack>): string {
  try {
    synthTemplate(stack);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis succeeded');
}

describe('RegistryAccess invariants', () => {
  test('a plan that keeps its invariants synthesizes, unchanged by them', () => {
    const withInvariants = newStack();
    new RegistryAccess(withInvariants, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.PUSH_PULL, groups: ['developers'] }],
      invariants: [NO_PROD_DELETE],
    });
    const without = newStack();
    new RegistryAccess(without, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.PUSH_PULL, groups: ['developers'] }],
    });
    expect(synthTemplate(withInvariants)).toEqual(synthTemplate(without));
  });

  test('a plan that breaks one fails synthesis with one line naming the construct, the invariant, the witness and the policy', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: ['platform'] }],
      invariants: [NO_PROD_DELETE],
    });
    const lines = synthError(stack).split('\n').filter((l) => l.includes('invariant'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/TestStack\/Access invariants\[0\]: invariant "never cr:DeleteNamespace, cr:DeleteRepository on cri-123456\/prod except group:registry-owners" is broken: group:platform may be allowed cr:DeleteRepository on acs:cr:cn-hangzhou:123456789012:repository\/cri-123456\/prod\/app by policy TestStack-Access-group-platform-[0-9a-f]+, statement 0 \(narrow or remove what allows it, or add the principal to except\)$/);
  });

  test('the exempt group may, and so may its members through it', () => {
    const stack = newStack();
    const owners = new ram.Group(stack, 'Owners', { groupName: 'registry-owners' });
    new ram.UserToGroupAddition(stack, 'Join', { groupName: 'registry-owners', users: ['olivia'] });
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, grantees: [Grantee.fromPrincipal(owners)] }],
      invariants: [NO_PROD_DELETE],
    });
    expect(() => synthTemplate(stack)).not.toThrow();
  });

  test('the whole stack counts: a user the stack adds to a broad group is named', () => {
    const stack = newStack();
    new ram.UserToGroupAddition(stack, 'Join', { groupName: 'platform', users: ['mallory'] });
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: ['platform'] }],
      invariants: [{ ...NO_PROD_DELETE, except: ['group:registry-owners', 'group:platform'] }],
    });
    // The group is exempt, and so is mallory for what the group holds.
    expect(() => synthTemplate(stack)).not.toThrow();
    const strict = newStack();
    new ram.UserToGroupAddition(strict, 'Join', { groupName: 'platform', users: ['mallory'] });
    new RegistryAccess(strict, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: ['platform'] }],
      invariants: [{ ...NO_PROD_DELETE, except: ['user:olivia'] }],
    });
    const message = synthError(strict);
    expect(message).toContain('is broken: group:platform may be allowed');
    expect(message).toContain('is broken: user:mallory may be allowed');
  });

  test('a grantee named at deployment cannot be proven not to be someone else', () => {
    const stack = newStack();
    const name = new ros.RosParameter(stack, 'Team', { type: ros.RosParameterType.STRING, allowedValues: ['dev', 'registry-owners'] });
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: [name.valueAsString] }],
      invariants: [NO_PROD_DELETE],
    });
    expect(synthError(stack)).toMatch(/invariants\[0\]: invariant "[^"]+" may be broken: group:\$\{Team\} may be allowed cr:DeleteRepository .*cannot prove the invariant holds: the template does not fix the name of group:\$\{Team\}, which may be group:registry-owners/);
  });

  test('invariants are validated at construction, like grants', () => {
    const stack = newStack();
    expect(() => new RegistryAccess(stack, 'Access', { invariants: [{ never: ['cr:Delete*'], on: 'cri-123456/pr*d' }] }))
      .toThrow(new RegExp('^TestStack/Access invariants\\[0\\]: on "cri-123456/pr\\*d" has the namespace "pr\\*d", which must be'));
    expect(() => new RegistryAccess(stack, 'Access2', { invariants: [{ never: ['cr:Delete*'], on: 'cri-123456/prod', except: ['${Token[TOKEN.99]}'] }] }))
      .toThrow(CrGrantsError);
    expect(() => new RegistryAccess(stack, 'Access3', { invariants: 'x' as any })).toThrow(/invariants "x" must be a list of invariants/);
  });

  test('fromFile enforces the file\'s invariants, naming them by file:line:column', () => {
    const stack = newStack();
    const file = path.relative(process.cwd(), path.join(__dirname, '..', '..', 'examples', 'invariants', 'grants.yaml'));
    RegistryAccess.fromFile(stack, 'Grants', file);
    expect(synthError(stack)).toContain(`${file}:12:5: invariant "never cr:DeleteNamespace, cr:DeleteRepository on cri-123456/prod except group:registry-owners" is broken: group:platform may be allowed`);
  });
});
