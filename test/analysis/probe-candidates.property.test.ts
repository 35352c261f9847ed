/**
 * The summary probes each namespace against only the statements whose Resource entries can
 * match there. Narrowing must never change a probe's outcome: random policies (Allow and Deny,
 * Action and NotAction, Conditions, stars anywhere in a resource, `?`, entries that are not
 * text, a Resource that is one string) are probed on random targets, whole and narrowed, and
 * must give the same access, the same deciding Deny statements included. The substring finder
 * under it is checked against `includes` directly.
 */
import * as fc from 'fast-check';
import { ProbeCandidates, Target, probeTarget, targetsOf } from '../../lib/analysis/access-matrix';
import { SubstringFinder } from '../../lib/analysis/substrings';
import { NamedPolicy } from '../../lib/model/policy';

test('the substring finder reports exactly the texts that occur', () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'ab', 'ba', 'aab'), { maxLength: 5 }).map((parts) => parts.join(''));
  fc.assert(fc.property(fc.array(text, { maxLength: 8 }), text, (texts, haystack) => {
    const found = new Set<number>();
    new SubstringFinder(texts).occurrencesIn(haystack, (id) => found.add(id));
    expect([...found].sort((a, b) => a - b)).toEqual(texts.flatMap((t, i) => (haystack.includes(t) ? [i] : [])));
  }), { seed: 51, numRuns: 2000 });
});

const SEGMENTS = {
  region: ['*', 'cn-hangzhou', 'cn-*', 'cn-?angzhou'],
  account: ['*', '123', '12*'],
  path: ['repository/cri-a/ns', 'repository/cri-a/ns/*', 'repository/cri-a/ns/app', 'repository/cri-a/*', 'repository/cri-a',
    'repository/cri-b/ns*', 'repository/*/ns/*', 'repository/cri-?/ns', 'instance/cri-a', '*', 'repo*'],
};
const resourceArb = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...SEGMENTS.region), fc.constantFrom(...SEGMENTS.account), fc.constantFrom(...SEGMENTS.path))
    .map(([region, account, path]) => `acs:cr:${region}:${account}:${path}`) },
  { weight: 2, arbitrary: fc.constantFrom('*', 'acs:cr:*', 'a*', '*ns*', '*/app', 'acs:ram:*:*:user/x') },
  { weight: 1, arbitrary: fc.constant({ 'Fn::GetAtt': ['R', 'Arn'] } as unknown as string) },
);
const statementArb = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  actions: fc.uniqueArray(fc.constantFrom('cr:*', 'cr:Pull*', 'cr:PushRepository', 'cr:List*', 'cr:Delete*', '*', 'cr:GetAuthorizationToken'),
    { minLength: 1, maxLength: 2 }),
  notAction: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  Resource: fc.oneof({ weight: 5, arbitrary: fc.array(resourceArb, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: resourceArb }),
  condition: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
}).map(({ actions, notAction, condition, ...s }) => ({
  ...s,
  ...(notAction ? { NotAction: actions } : { Action: actions }),
  ...(condition ? { Condition: { Bool: { 'acs:MFAPresent': 'true' } } } : {}),
}));
const policiesArb: fc.Arbitrary<NamedPolicy[]> = fc.array(
  fc.array(statementArb, { minLength: 1, maxLength: 4 }),
  { minLength: 1, maxLength: 3 },
).map((documents) => documents.map((Statement, i) => ({ policyName: `p${i % 2}`, document: { Version: '1', Statement } as any })));

const extraTargets: Target[] = [
  { region: 'cn-beijing', accountId: '123', instanceId: 'cri-a', namespace: 'ns', repository: '*' },
  { region: '*', accountId: '*', instanceId: 'cri-a', namespace: 'other', repository: '*' },
  { region: 'cn-hangzhou', accountId: '9', instanceId: 'cri-b', namespace: 'ns2', repository: 'app' },
];

test('narrowed policies decide every probe as the whole policies do', () => {
  fc.assert(fc.property(policiesArb, (policies) => {
    const candidates = new ProbeCandidates(policies);
    for (const target of [...targetsOf(policies), ...extraTargets]) {
      expect(probeTarget(candidates.on(target), target)).toEqual(probeTarget(policies, target));
    }
  }), { seed: 53, numRuns: 400 });
});
