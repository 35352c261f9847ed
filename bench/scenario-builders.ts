/**
 * What the benchmark builds in one stack for a set of grants: RegistryAccess, and the baseline a
 * user would write without the library. Shared by the synth scenarios and the review inputs.
 */
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { GrantSpec, grantOf } from '../lib/constructs/grant-spec';
import { TokenReader } from '../lib/constructs/tokens';
import { RegistryAccess } from '../lib/constructs/registry-access';
import { grantStatements } from '../lib/model/grant';
import { POLICY_VERSION } from '../lib/model/policy';
import { GranteeKind } from '../lib/model/principal';
import { benchGrants } from './grants';

/** The implementations that plan into one stack. */
export type SingleStackImplementation = 'registry-access' | 'baseline';

export function buildRegistryAccess(stack: ros.Stack, grants: GrantSpec[]): void {
  new RegistryAccess(stack, 'Registry', { grants, policyNamePrefix: 'cr-bench' });
}

/** What a user would write without the library: one policy per grant, one attachment per grantee. */
export function buildBaseline(stack: ros.Stack, grants: GrantSpec[]): void {
  grants.forEach((spec, i) => {
    const where = `${stack.node.path}/grants[${i}]`;
    const grant = grantOf(spec, where, new TokenReader());
    const policy = new ram.ManagedPolicy(stack, `Policy${i}`, {
      policyName: `cr-bench-${grant.instanceId}-${grant.namespace}`,
      policyDocumentUnchecked: { Version: POLICY_VERSION, Statement: grantStatements(grant) } as any,
    });
    grant.principals.forEach((principal, j) => {
      const props = { policyName: policy.attrPolicyName, policyType: 'Custom' };
      const id = `Attach${i}x${j}`;
      switch (principal.kind) {
        case GranteeKind.GROUP:
          new ram.AttachPolicyToGroup(stack, id, { ...props, groupName: principal.name });
          break;
        case GranteeKind.USER:
          new ram.AttachPolicyToUser(stack, id, { ...props, userName: principal.name });
          break;
        case GranteeKind.ROLE:
          new ram.AttachPolicyToRole(stack, id, { ...props, roleName: principal.name });
          break;
      }
    });
  });
}

/** Each single-stack implementation on the benchmark's grant set of `size` grants (bench/grants.ts). */
export const BUILDERS: { readonly [impl in SingleStackImplementation]: (stack: ros.Stack, size: number) => void } = {
  'registry-access': (stack, size) => buildRegistryAccess(stack, benchGrants(size)),
  'baseline': (stack, size) => buildBaseline(stack, benchGrants(size)),
};

