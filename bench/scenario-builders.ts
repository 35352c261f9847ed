/**
 * What the benchmark builds for a number of grants: RegistryAccess, and the baseline a user
 * would write without the library. Shared by the synth scenario and the review inputs.
 */
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { grantOf } from '../lib/constructs/grant-spec';
import { TokenReader } from '../lib/constructs/tokens';
import { RegistryAccess } from '../lib/constructs/registry-access';
import { grantStatements } from '../lib/model/grant';
import { POLICY_VERSION } from '../lib/model/policy';
import { GranteeKind } from '../lib/model/principal';
import { benchGrants } from './grants';

export type Implementation = 'registry-access' | 'baseline';

function buildRegistryAccess(stack: ros.Stack, grants: number): void {
  new RegistryAccess(stack, 'Registry', { grants: benchGrants(grants), policyNamePrefix: 'cr-bench' });
}

/** What a user would write without the library: one policy per grant, one attachment per grantee. */
function buildBaseline(stack: ros.Stack, grants: number): void {
  benchGrants(grants).forEach((spec, i) => {
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

export const BUILDERS: { readonly [impl in Implementation]: (stack: ros.Stack, grants: number) => void } = {
  'registry-access': buildRegistryAccess,
  'baseline': buildBaseline,
};

