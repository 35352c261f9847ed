/** fast-check generators shared by the property tests: small pools so grants collide often. */
import * as fc from 'fast-check';
import { NamespaceAccess } from '../../lib/model/access';
import { Grant, normalizeGrant } from '../../lib/model/grant';
import { GranteeKind, PrincipalRef } from '../../lib/model/principal';

export const INSTANCES = ['cri-a1', 'cri-b2'];
export const NAMESPACES = ['ns', 'ns2', 'ns-x', 'nsx', 'app'];
export const REGIONS = ['cn-hangzhou', 'cn-beijing'];
export const PRINCIPALS: PrincipalRef[] = [
  { kind: GranteeKind.USER, name: 'alice', identity: 'alice' },
  { kind: GranteeKind.USER, name: 'bob', identity: 'bob' },
  { kind: GranteeKind.GROUP, name: 'devs', identity: 'devs' },
  { kind: GranteeKind.ROLE, name: 'ci', identity: 'ci' },
];

/** Actions a probe asks about: every action the levels use, and some they must not grant. */
export const PROBE_ACTIONS = [
  'cr:GetAuthorizationToken', 'cr:PullRepository', 'cr:PushRepository', 'cr:CreateRepository',
  'cr:DeleteRepository', 'cr:ListRepository', 'cr:GetRepository', 'cr:UpdateNamespace',
  'cr:ListInstance', 'cr:GetInstanceEndpoint', 'cr:ListSignatures', 'cr:DeleteNamespace', 'ecs:DescribeInstances',
];

/** Resources a probe asks about: every namespace, repository and instance ARN of the pools, and `*`. */
export const PROBE_RESOURCES: string[] = ['*'];
for (const region of REGIONS) {
  for (const instance of INSTANCES) {
    PROBE_RESOURCES.push(`acs:cr:${region}:123:instance/${instance}`);
    for (const ns of NAMESPACES) {
      PROBE_RESOURCES.push(`acs:cr:${region}:123:repository/${instance}/${ns}`);
      PROBE_RESOURCES.push(`acs:cr:${region}:123:repository/${instance}/${ns}/web`);
    }
  }
}

export const grantArb: fc.Arbitrary<Grant> = fc.record({
  instanceId: fc.constantFrom(...INSTANCES),
  namespace: fc.constantFrom(...NAMESPACES),
  access: fc.constantFrom(NamespaceAccess.PULL, NamespaceAccess.PUSH_PULL, NamespaceAccess.FULL),
  principals: fc.subarray(PRINCIPALS, { minLength: 1 }),
  regions: fc.option(fc.subarray(REGIONS, { minLength: 1 }), { nil: undefined }),
  accountId: fc.option(fc.constant('123'), { nil: undefined }),
  consoleAccess: fc.boolean(),
}).map((input) => normalizeGrant(input, 'test'));

export const grantsArb = fc.array(grantArb, { minLength: 1, maxLength: 8 });

/** Runs enough cases to matter, reproducibly. */
export const PROPERTY_RUNS = { seed: 20261128, numRuns: 200 };
