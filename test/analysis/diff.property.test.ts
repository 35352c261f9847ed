/**
 * The promise CI relies on: whenever a new version allows a request the old one did not,
 * `cr-grants diff` exits with WIDENED. Checked on random pairs of documents built from patterns
 * that reach past namespaces (other services, instances, `a*`, a `prod` namespace on any instance) and Deny statements.
 */
import * as fc from 'fast-check';
import { DecisionEffect, evaluate } from '../../lib/model/evaluator';
import { PolicyStatement } from '../../lib/model/policy';
import { DIFF_EXIT, diffExitCode, diffTemplates } from '../../lib/analysis/diff';

const ACTION_PATTERNS = [
  'cr:*', 'cr:Pull*', 'cr:PullRepository', 'cr:PushRepository', 'cr:Delete*', 'cr:*Repository',
  'cr:DeleteInstance', 'cr:Get*', 'ram:*', '*',
];
const RESOURCE_PATTERNS = [
  '*', 'a*', 'acs:cr:*:*:*', 'acs:cr:*:*:*/prod/*', 'acs:cr:*:*:instance/cri-a',
  'acs:cr:*:*:repository/cri-a/*', 'acs:cr:*:*:repository/cri-a/ns', 'acs:cr:*:*:repository/cri-a/ns/*',
  'acs:cr:cn-hangzhou:*:repository/*', 'acs:ram:*:*:user/*',
];
/** Concrete requests that stand for what a grantee may try. */
const ACTIONS = [
  'cr:PullRepository', 'cr:PushRepository', 'cr:DeleteRepository', 'cr:DeleteNamespace', 'cr:DeleteInstance',
  'cr:GetRepository', 'cr:GetAuthorizationToken', 'cr:ListInstance', 'ram:CreateUser', 'oss:GetObject',
];
const RESOURCES = [
  'acs:cr:cn-hangzhou:123:repository/cri-a/ns/app', 'acs:cr:cn-hangzhou:123:repository/cri-a/ns',
  'acs:cr:cn-beijing:123:repository/cri-b/prod/app', 'acs:cr:cn-beijing:123:repository/cri-a/other/app',
  'acs:cr:cn-hangzhou:123:instance/cri-a', 'acs:ram:cn-hangzhou:123:user/x', '*',
];

const statementArb: fc.Arbitrary<PolicyStatement> = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Action: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
  Resource: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
}) as fc.Arbitrary<PolicyStatement>;
const documentArb = fc.array(statementArb, { minLength: 0, maxLength: 4 });

function template(statements: PolicyStatement[]): any {
  return {
    Resources: {
      Policy: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement: statements } } },
      Attach: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'p', PolicyType: 'Custom', UserName: 'alice' } },
    },
  };
}

const allows = (statements: PolicyStatement[], action: string, resource: string) =>
  evaluate([{ policyName: 'p', document: { Version: '1', Statement: statements } }], action, resource).effect === DecisionEffect.ALLOW;

describe('diff never misses a widening (property)', () => {
  test('a request allowed only by the new version makes diff exit WIDENED', () => {
    fc.assert(fc.property(documentArb, documentArb, (before, after) => {
      const widened = ACTIONS.some((action) => RESOURCES.some((resource) =>
        allows(after, action, resource) && !allows(before, action, resource)));
      if (!widened) return true;
      return diffExitCode(diffTemplates(template(before), template(after))) === DIFF_EXIT.WIDENED;
    }), { seed: 42, numRuns: 1000 });
  });

  test('a version compared with itself has no change', () => {
    fc.assert(fc.property(documentArb, (statements) =>
      diffExitCode(diffTemplates(template(statements), template(statements))) === DIFF_EXIT.UNCHANGED,
    ), { seed: 42, numRuns: 300 });
  });
});

describe('resource names in either case (property)', () => {
  // RAM documents actions as case-insensitive and says nothing of resources; Container Registry's
  // names are lowercase. A widening under either reading of resource case must exit WIDENED.
  const CASED_PATTERNS = [
    ...RESOURCE_PATTERNS, 'acs:cr:*:*:repository/CRI-A/*', 'acs:cr:*:*:repository/cri-a/NS/*', 'ACS:CR:*:*:*/prod/*',
  ];
  const casedStatementArb: fc.Arbitrary<PolicyStatement> = fc.record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
    Resource: fc.uniqueArray(fc.constantFrom(...CASED_PATTERNS), { minLength: 1, maxLength: 2 }),
  }) as fc.Arbitrary<PolicyStatement>;
  const casedDocumentArb = fc.array(casedStatementArb, { minLength: 0, maxLength: 4 });
  const folded = (statements: PolicyStatement[]): PolicyStatement[] =>
    statements.map((s) => ({ ...s, Resource: (s.Resource as string[]).map((r) => r.toLowerCase()) }));
  const widenedUnder = (before: PolicyStatement[], after: PolicyStatement[]) => ACTIONS.some((action) => RESOURCES.some((resource) =>
    allows(after, action, resource) && !allows(before, action, resource)));

  test('a widening under either reading makes diff exit WIDENED', () => {
    let foldedOnly = 0;
    fc.assert(fc.property(casedDocumentArb, casedDocumentArb, (before, after) => {
      const exact = widenedUnder(before, after);
      const ignoringCase = widenedUnder(folded(before), folded(after));
      if (!exact && ignoringCase) foldedOnly++;
      if (!exact && !ignoringCase) return true;
      return diffExitCode(diffTemplates(template(before), template(after))) === DIFF_EXIT.WIDENED;
    }), { seed: 7, numRuns: 800 });
    // The runs reach widenings that only the case-insensitive reading has.
    expect(foldedOnly).toBeGreaterThan(0);
  });
});
