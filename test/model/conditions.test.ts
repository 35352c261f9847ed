/**
 * Conditions on grants: validation, the rendered Condition block, and — against a brute-force
 * oracle — that merging and splitting never drop a condition or mix two.
 */
import * as fc from 'fast-check';
import { NamespaceAccess } from '../../lib/model/access';
import { GrantConditions, canonicalCondition, conditionBlock } from '../../lib/model/conditions';
import { DecisionEffect, evaluate } from '../../lib/model/evaluator';
import { Grant, GrantInput, grantStatements, normalizeGrant } from '../../lib/model/grant';
import { DEFAULT_LIMITS, Limits, packingBudget } from '../../lib/model/limits';
import { mergeStatements } from '../../lib/model/merge';
import { packStatements, planGrants } from '../../lib/model/planner';
import { PolicyStatement } from '../../lib/model/policy';
import { GranteeKind, principalLabel } from '../../lib/model/principal';
import { PROBE_ACTIONS, PROBE_RESOURCES, PROPERTY_RUNS, grantArb } from './arbitraries';

const alice = { kind: GranteeKind.USER, name: 'alice', identity: 'alice' };
const base: GrantInput = { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, principals: [alice] };
const grant = (extra: Partial<GrantInput>) => normalizeGrant({ ...base, ...extra }, 'Stack/Grant');
const refusal = (extra: Partial<GrantInput>) => {
  try {
    grant(extra);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('validation', () => {
  test.each([
    ['203.0.113.0/24'], ['203.0.113.7'], ['2001:db8::/32'], ['2001:db8::1'], ['198.51.100.128/25'],
  ])('accepts %s as written', (ip) => {
    expect(grant({ sourceIps: [ip] }).conditions).toEqual({ sourceIps: [ip] });
  });

  test.each([
    ['198.51.100.7/16', 'has host bits set, so it reads like a narrower block than it is (write "198.51.0.0/16" for the whole block)'],
    ['2001:db8::1/32', 'has host bits set, so it reads like a narrower block than it is (write "2001:db8::/32" for the whole block)'],
    ['0.0.0.0/0', 'matches every address, so the condition would restrict nothing (omit sourceIps for requests from anywhere)'],
    ['::/0', 'matches every address, so the condition would restrict nothing (omit sourceIps for requests from anywhere)'],
    ['203.0.113.7/32', 'names one address with a full-length prefix (write "203.0.113.7")'],
    ['2001:DB8::/32', 'must be written in canonical form (lowercase, zeros compressed as RFC 5952 writes them) (write "2001:db8::/32")'],
    ['2001:db8:0:0:0:0:0:0/32', 'must be written in canonical form (lowercase, zeros compressed as RFC 5952 writes them) (write "2001:db8::/32")'],
    ['010.0.0.0/8', 'must be a public IPv4 or IPv6 address, or a CIDR block of one ("203.0.113.0/24") (for example "203.0.113.0/24" or "2001:db8::/32")'],
    ['198.51.100.0/33', 'has a prefix longer than 32 bits (use a prefix of 1-32)'],
    ['198.51.100.0/08', 'must be a public IPv4 or IPv6 address, or a CIDR block of one ("203.0.113.0/24") (for example "203.0.113.0/24")'],
    ['198.51.100.*', 'must be a public IPv4 or IPv6 address, or a CIDR block of one ("203.0.113.0/24") (for example "203.0.113.0/24" or "2001:db8::/32")'],
    ['1.2.3.4/24/1', 'must be a public IPv4 or IPv6 address, or a CIDR block of one ("203.0.113.0/24") (for example "203.0.113.0/24")'],
  ])('refuses %s', (ip, why) => {
    expect(refusal({ sourceIps: [ip] })).toBe(`Stack/Grant: sourceIps ${JSON.stringify(ip)} ${why}`);
  });

  test.each([['10.1.0.0/16', '10.0.0.0/8'], ['10.0.0.1/8', '10.0.0.0/8'], ['192.168.1.7', '192.168.0.0/16'], ['100.64.0.0/10', '100.64.0.0/10'], ['fd00::/8', 'fc00::/7'], ['::1', '::1']])(
    'refuses %s, inside the non-public range %s: acs:SourceIp is the public address', (ip, range) => {
      expect(refusal({ sourceIps: [ip] })).toBe(`Stack/Grant: sourceIps ${JSON.stringify(ip)} is inside the non-public range ${range}, and acs:SourceIp holds the public address `
        + 'a request comes from, so it would never match (for requests from a VPC use sourceVpcs; otherwise list the public addresses the requests leave from (e.g. the NAT gateway\'s EIPs))');
    });

  test.each([
    ['::ffff:a00:0/104', 'its IPv4 form "10.0.0.0/8" is refused too: it is inside the non-public range 10.0.0.0/8, and acs:SourceIp holds the public address a request comes from, so it would never match'],
    ['::ffff:10.0.0.0/104', 'its IPv4 form "10.0.0.0/8" is refused too: it is inside the non-public range 10.0.0.0/8, and acs:SourceIp holds the public address a request comes from, so it would never match'],
    ['::ffff:1.2.3.4/128', 'write its IPv4 form "1.2.3.4"'],
    ['::ffff:cb00:7100/120', 'write its IPv4 form "203.0.113.0/24"'],
    ['::ffff:0:0/96', 'its IPv4 form "0.0.0.0/0" is refused too: it matches every address, so the condition would restrict nothing'],
  ])('refuses the IPv4-mapped form %s, pointing at the IPv4 form', (ip, hint) => {
    expect(refusal({ sourceIps: [ip] })).toBe(`Stack/Grant: sourceIps ${JSON.stringify(ip)} is an IPv4-mapped IPv6 address (inside ::ffff:0:0/96), which RAM is not documented `
      + `to compare with IPv4 sources: it would never match, or match IPv4 addresses it does not show (${hint})`);
  });

  test.each([
    ['::', 'is the unspecified address ::'],
    ['0.0.0.0', 'is inside 0.0.0.0/8, "this network" of the unspecified address'],
    ['0.0.0.0/32', 'is inside 0.0.0.0/8, "this network" of the unspecified address'],
    ['0.1.0.0/16', 'is inside 0.0.0.0/8, "this network" of the unspecified address'],
  ])('refuses %s: no request comes from the unspecified address, and it does not mean "any"', (ip, why) => {
    expect(refusal({ sourceIps: [ip] })).toBe(`Stack/Grant: sourceIps ${JSON.stringify(ip)} ${why}, which no request comes from, so it would never match `
      + '(omit sourceIps for requests from any address; otherwise list the public addresses the requests leave from)');
  });

  test.each([['64:ff9b::/96'], ['::/96'], ['::ffff:0:0/95']])('refuses %s, inside ::/8, reserved for the unspecified, loopback and IPv4-embedding forms', (ip) => {
    expect(refusal({ sourceIps: [ip] })).toMatch(/is inside the non-public range ::\/8, and acs:SourceIp holds the public address/);
  });

  test('a full-length prefix of a non-public address is refused as non-public, never with a hint that is refused in turn', () => {
    expect(refusal({ sourceIps: ['10.0.0.1/32'] })).toMatch(/^Stack\/Grant: sourceIps "10.0.0.1\/32" is inside the non-public range 10.0.0.0\/8/);
  });

  test('a block that only overlaps a non-public range is accepted', () => {
    expect(grant({ sourceIps: ['0.0.0.0/1', '172.0.0.0/8', '::/1'] }).conditions).toEqual({ sourceIps: ['0.0.0.0/1', '172.0.0.0/8', '::/1'] });
  });

  test('VPC ids: vpc- and lowercase letters or digits', () => {
    expect(grant({ sourceVpcs: ['vpc-b2', 'vpc-a1', 'vpc-b2'] }).conditions).toEqual({ sourceVpcs: ['vpc-a1', 'vpc-b2'] });
    expect(refusal({ sourceVpcs: ['vpc-*'] })).toBe('Stack/Grant: sourceVpcs "vpc-*" must be a VPC id: "vpc-" followed by 1-64 lowercase letters or digits (for example "vpc-bp1abc2def3ghi4jk")');
    expect(refusal({ sourceVpcs: ['VPC-A1'] })).toMatch(/^Stack\/Grant: sourceVpcs "VPC-A1" must be a VPC id/);
  });

  test('lists: not empty, bounded, not a string, not a token', () => {
    expect(refusal({ sourceIps: [] })).toBe('Stack/Grant: sourceIps [] must not be empty: an empty list would allow no request at all (omit the field for no such condition)');
    expect(refusal({ sourceVpcs: 'vpc-a1' as any })).toBe('Stack/Grant: sourceVpcs "vpc-a1" must be a list of VPC ids (write ["vpc-a1"])');
    const many = Array.from({ length: 21 }, (_, i) => `vpc-a${i}`);
    expect(refusal({ sourceVpcs: many })).toMatch(/^Stack\/Grant: sourceVpcs .* must have at most 20 entries \(name a wider block/);
    expect(refusal({ sourceIps: ['${Token[TOKEN.12]}'] })).toBe('Stack/Grant: sourceIps "${Token[TOKEN.12]}" must be written out: conditions are compared and merged when the grant is made (write the value as text)');
  });

  test('flags: booleans; false is the default and adds nothing', () => {
    expect(grant({ secureTransport: true, mfa: true }).conditions).toEqual({ secureTransport: true, mfa: true });
    expect(grant({ secureTransport: false, mfa: false })).not.toHaveProperty('conditions');
    expect(refusal({ mfa: 'true' as any })).toBe('Stack/Grant: mfa "true" must be a boolean (write true without quotes to require it, or omit the field)');
  });

  test('sourceIps and sourceVpcs in one grant are refused: RAM would require both', () => {
    expect(refusal({ sourceIps: ['203.0.113.0/24'], sourceVpcs: ['vpc-a1'] })).toBe('Stack/Grant: sourceVpcs ["vpc-a1"] cannot be combined with sourceIps in one grant: '
      + 'RAM would require a request to match both (make two grants with the same access, one with sourceIps and one with sourceVpcs; a request from either is then allowed)');
  });
});

describe('rendering', () => {
  test('every statement of the grant carries the documented block', () => {
    const g = grant({ sourceIps: ['203.0.113.0/24'], secureTransport: true, mfa: true });
    const block = {
      Bool: { 'acs:MFAPresent': 'true', 'acs:SecureTransport': 'true' },
      IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] },
    };
    const statements = grantStatements(g);
    expect(statements.length).toBeGreaterThan(1);
    for (const s of statements) expect(s.Condition).toEqual(block);
    expect(grantStatements(grant({ sourceVpcs: ['vpc-a1'] }))[0].Condition).toEqual({ StringEquals: { 'acs:SourceVpc': ['vpc-a1'] } });
  });

  test('the block is its own canonical JSON, so equal conditions render byte for byte alike', () => {
    const block = conditionBlock({ sourceIps: ['203.0.113.0/24'], secureTransport: true, mfa: true });
    expect(JSON.stringify(block)).toBe(canonicalCondition(block));
    expect(canonicalCondition({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalCondition({ a: { c: 3, d: 2 }, b: 1 }));
  });

  test('a grant without conditions has no conditions field and no Condition key, as before', () => {
    const g = grant({});
    expect(g).not.toHaveProperty('conditions');
    for (const s of grantStatements(g)) expect(Object.keys(s)).toEqual(['Effect', 'Action', 'Resource']);
  });
});

const CONDITION_POOL: readonly GrantConditions[] = [
  { sourceIps: ['203.0.113.0/24'] },
  { sourceIps: ['198.51.100.0/24', '203.0.113.0/24'] },
  { sourceVpcs: ['vpc-a1'] },
  { mfa: true },
  { secureTransport: true, mfa: true },
];
const conditionalGrantArb: fc.Arbitrary<Grant> = fc.tuple(grantArb, fc.option(fc.constantFrom(...CONDITION_POOL), { nil: undefined }))
  .map(([g, conditions]) => (conditions ? { ...g, conditions } : g));
const conditionalGrantsArb = fc.array(conditionalGrantArb, { minLength: 1, maxLength: 10 });

/**
 * Brute force: the requests allowed under each condition, read as an opaque context: a request
 * under context C is allowed by exactly the Allow statements whose Condition is C, canonically.
 * Two statement lists agree here exactly when neither dropped, mixed nor moved a condition.
 */
function allowedByCondition(statements: readonly PolicyStatement[]): string[] {
  const contexts = [...new Set(statements.map((s) => canonicalCondition(s.Condition)))].sort();
  const out: string[] = [];
  for (const context of contexts) {
    const under = statements.filter((s) => canonicalCondition(s.Condition) === context).map(({ Condition: _c, ...rest }) => rest);
    const policies = [{ policyName: 'p', document: { Version: '1', Statement: under } }];
    for (const action of PROBE_ACTIONS) {
      for (const resource of PROBE_RESOURCES) {
        if (evaluate(policies, action, resource).effect === DecisionEffect.ALLOW) out.push(`${context} ${action} ${resource}`);
      }
    }
  }
  return out;
}

describe('merging and splitting keep conditions apart (brute force)', () => {
  test('merging allows exactly the same requests under each condition, and no statement mixes two', () => {
    fc.assert(fc.property(conditionalGrantsArb, (grants) => {
      const statements = grants.flatMap(grantStatements);
      const merged = mergeStatements(statements);
      expect(allowedByCondition(merged)).toEqual(allowedByCondition(statements));
      const given = new Set(statements.map((s) => canonicalCondition(s.Condition)));
      for (const s of merged) expect(given.has(canonicalCondition(s.Condition))).toBe(true);
    }), { ...PROPERTY_RUNS, numRuns: 60 });
  });

  test('grants with the same conditions still merge', () => {
    const a = grant({ namespace: 'ns', sourceIps: ['203.0.113.0/24'], consoleAccess: false });
    const b = grant({ namespace: 'ns2', sourceIps: ['203.0.113.0/24'], consoleAccess: false });
    const merged = mergeStatements([...grantStatements(a), ...grantStatements(b)]);
    expect(merged).toHaveLength(2);
    const c = grant({ namespace: 'ns2', sourceIps: ['198.51.100.0/24'], consoleAccess: false });
    expect(mergeStatements([...grantStatements(a), ...grantStatements(c)])).toHaveLength(4);
  });

  test('splitting into documents keeps each statement\'s condition', () => {
    fc.assert(fc.property(conditionalGrantsArb, fc.integer({ min: 700, max: 2000 }), (grants, budget) => {
      const merged = mergeStatements(grants.flatMap(grantStatements));
      let parts: PolicyStatement[][];
      try {
        parts = packStatements(merged, budget);
      } catch {
        return; // a statement larger than the budget: refused, nothing to compare
      }
      expect(allowedByCondition(parts.flat())).toEqual(allowedByCondition(merged));
    }), { ...PROPERTY_RUNS, numRuns: 60 });
  });

  test('each principal\'s planned policies allow exactly its grants\' requests under each condition', () => {
    const limits: Limits = { ...DEFAULT_LIMITS, maxDocumentCharacters: 1200, documentMargin: 100, maxCustomPoliciesPerPrincipal: 10 };
    expect(packingBudget(limits)).toBeGreaterThan(0);
    fc.assert(fc.property(conditionalGrantsArb, (grants) => {
      const plan = planGrants(grants, { policyNamePrefix: 'cr', limits, where: 'Stack/Access' });
      const labels = [...new Set(grants.flatMap((g) => g.principals.map(principalLabel)))];
      for (const label of labels) {
        const names = new Set(plan.attachments.filter((a) => a.policyType === 'Custom' && principalLabel(a.principal) === label).map((a) => a.policyName));
        const planned = plan.policies.filter((p) => names.has(p.policyName)).flatMap((p) => p.document.Statement);
        const own = grants.filter((g) => g.principals.some((p) => principalLabel(p) === label)).flatMap(grantStatements);
        expect(allowedByCondition(planned)).toEqual(allowedByCondition(own));
      }
    }), { ...PROPERTY_RUNS, numRuns: 40 });
  });

  test('the oracle tells conditions apart: moving a statement to another condition is caught', () => {
    const a = grantStatements(grant({ sourceIps: ['203.0.113.0/24'] }));
    const moved = a.map((s) => ({ ...s, Condition: conditionBlock({ sourceIps: ['198.51.100.0/24'] }) }));
    expect(allowedByCondition(moved)).not.toEqual(allowedByCondition(a));
    const dropped = a.map(({ Condition: _c, ...s }) => s);
    expect(allowedByCondition(dropped)).not.toEqual(allowedByCondition(a));
  });
});
