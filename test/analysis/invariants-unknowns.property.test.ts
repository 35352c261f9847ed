/**
 * Invariants over what a template leaves open, against brute force: random statements whose
 * resources may name a parameter and which may carry Conditions. The oracle substitutes each
 * of a sample of values for the parameter and tries every choice of the Conditions:
 * - VIOLATED must mean a violation for every value of the sample;
 * - no report must mean no violation for any value of the sample;
 * - without the parameter, VIOLATED must be exactly what brute force finds (a Condition is a
 *   property of the request, so a violation under one is a violation).
 */
import * as fc from 'fast-check';
import { checkTemplateInvariants } from '../../lib/analysis/invariants';
import { Invariant } from '../../lib/model/invariant';
import { PolicyStatement } from '../../lib/model/policy';
import { ACTIONS, RESOURCES, applies, forbidden, invariantArb } from './invariant-oracle';

/** Statement shapes; `{NS}` is where the parameter goes. */
const SHAPES: Omit<PolicyStatement, 'Condition'>[] = [
  { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-a1/{NS}/*' },
  { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-a1/{NS}' },
  { Effect: 'Allow', Action: ['cr:Delete*', 'cr:PushRepository'], Resource: 'acs:cr:*:*:repository/cri-a1/*' },
  { Effect: 'Allow', Action: 'cr:PushRepository', Resource: 'acs:cr:cn-hangzhou:*:repository/cri-a1/ns/*' },
  { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/cri-a1/{NS}*' },
  { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-a1/ns/*' },
  { Effect: 'Deny', Action: 'cr:Push*', Resource: 'acs:cr:*:*:repository/{NS}/*' },
];
const CONDITIONS = [
  { Bool: { 'acs:SecureTransport': 'true' } },
  { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } },
];
/** Values the parameter may take: namespaces of the pools, one outside them, and wildcards. */
const SAMPLE = ['ns', 'ns2', 'app', 'zz', '*', 'n*'];

const statementArb = fc.record({ shape: fc.constantFrom(...SHAPES), condition: fc.constantFrom(-1, -1, 0, 1) });
const caseArb = fc.record({
  statements: fc.array(statementArb, { minLength: 1, maxLength: 4 }),
  // On the instance the statements name, so the question is seldom trivial.
  invariant: invariantArb.map((invariant) => ({ ...invariant, instanceId: 'cri-a1' })),
});

type Drawn = { shape: Omit<PolicyStatement, 'Condition'>; condition: number };

function template(statements: readonly Drawn[]) {
  const Statement = statements.map(({ shape, condition }) => ({
    ...shape,
    Resource: (shape.Resource as string).includes('{NS}') ? { 'Fn::Sub': (shape.Resource as string).replace('{NS}', '${Ns}') } : shape.Resource,
    ...(condition >= 0 ? { Condition: CONDITIONS[condition] } : {}),
  }));
  return {
    Parameters: { Ns: { Type: 'String' } },
    Resources: {
      P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement }, Users: ['bob'] } },
    },
  };
}

/** The forbidden requests of the universe, once per invariant. */
function forbiddenRequests(invariant: Invariant): { action: string; resource: string }[] {
  return ACTIONS.flatMap((action) => RESOURCES.filter((resource) => forbidden(invariant, action, resource)).map((resource) => ({ action, resource })));
}

/** Whether some choice of the Conditions lets bob make a forbidden request with the parameter set to `ns`. */
function violatedWith(statements: readonly Drawn[], requests: readonly { action: string; resource: string }[], ns: string): boolean {
  return [[false, false], [true, false], [false, true], [true, true]].some((met) => {
    const applying = statements.filter((s) => s.condition < 0 || met[s.condition])
      .map(({ shape }) => ({ ...shape, Resource: (shape.Resource as string).replace('{NS}', ns) }));
    return requests.some(({ action, resource }) => applying.some((s) => s.Effect === 'Allow' && applies(s, action, resource))
      && !applying.some((s) => s.Effect === 'Deny' && applies(s, action, resource)));
  });
}

test('what a template leaves open never hides a violation, and never makes one certain that is not', () => {
  const seen = { VIOLATED: 0, UNPROVEN: 0, none: 0 };
  fc.assert(fc.property(caseArb, ({ statements, invariant }) => {
    const [violation] = checkTemplateInvariants(template(statements), [{ invariant, where: 'test' }]);
    const open = statements.some((s) => (s.shape.Resource as string).includes('{NS}'));
    const requests = invariant.except.includes('user:bob') ? [] : forbiddenRequests(invariant);
    const outcomes = (open ? SAMPLE : ['-']).map((ns) => violatedWith(statements, requests, ns));
    if (violation === undefined) {
      expect(outcomes.some(Boolean)).toBe(false);
      seen.none++;
    } else if (violation.certainty === 'VIOLATED') {
      expect(outcomes.every(Boolean)).toBe(true);
      seen.VIOLATED++;
    } else {
      // Not proven only where the template leaves something open.
      expect(open).toBe(true);
      seen.UNPROVEN++;
    }
  }), { seed: 20261203, numRuns: 150 });
  // Every outcome is common enough for the property to say something.
  expect(Math.min(seen.VIOLATED, seen.UNPROVEN, seen.none)).toBeGreaterThan(15);
});
