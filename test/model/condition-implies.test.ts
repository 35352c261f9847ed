/**
 * `conditionImplies` against a brute-force oracle: every request context over a small universe
 * (addresses inside and outside the generated blocks, VPCs, HTTPS, MFA, each possibly absent)
 * is evaluated the way RAM evaluates the four keys, and implication must hold exactly when no
 * context meets one block and not the other. RAM does not document a key with an empty list of
 * values (met by no request? ignored? refused?), so a block with one implies only itself.
 */
import * as fc from 'fast-check';
import { canonicalCondition, conditionImplies } from '../../lib/model/conditions';
import { PROPERTY_RUNS } from './arbitraries';

/** Blocks inside 203.0.113.0/28 and 2001:db8::/124, so 16 addresses of each family (and one outside) tell every two apart. */
const V4 = Array.from({ length: 17 }, (_, i) => ({ text: `203.0.113.${i}`, family: 4, n: i }));
const V6 = Array.from({ length: 17 }, (_, i) => ({ text: `2001:db8::${i.toString(16)}`, family: 6, n: i }));
const blockArb = fc.record({ family: fc.constantFrom(4, 6), prefixBits: fc.integer({ min: 0, max: 4 }), start: fc.integer({ min: 0, max: 15 }) })
  .map(({ family, prefixBits, start }) => {
    const size = 1 << prefixBits;
    const network = start - (start % size);
    const prefix = (family === 4 ? 32 : 128) - prefixBits;
    const address = family === 4 ? `203.0.113.${network}` : `2001:db8::${network.toString(16)}`;
    return { text: prefix === (family === 4 ? 32 : 128) ? address : `${address}/${prefix}`, family, from: network, to: network + size - 1 };
  });

type Block = { text: string; family: number; from: number; to: number };
interface Spec {
  ips?: Block[];
  vpcs?: string[];
  secure?: string[];
  mfa?: string[];
}
const specArb: fc.Arbitrary<Spec> = fc.record({
  ips: fc.option(fc.array(blockArb, { minLength: 1, maxLength: 4 }), { nil: undefined }),
  vpcs: fc.option(fc.subarray(['vpc-a', 'vpc-b', 'vpc-c'], { minLength: 1 }), { nil: undefined }),
  secure: fc.option(fc.subarray(['true', 'false'], { minLength: 1 }), { nil: undefined }),
  mfa: fc.option(fc.subarray(['true', 'false'], { minLength: 1 }), { nil: undefined }),
}, { requiredKeys: [] });
/** A spec with one of its keys given an empty list. */
const withEmptyArb: fc.Arbitrary<Spec> = fc.tuple(specArb, fc.constantFrom('ips', 'vpcs', 'secure', 'mfa'))
  .map(([spec, key]) => ({ ...spec, [key]: [] }));

function block(spec: Spec): object {
  const out: any = {};
  if (spec.ips) out.IpAddress = { 'acs:SourceIp': spec.ips.map((b) => b.text) };
  if (spec.vpcs) out.StringEquals = { 'acs:SourceVpc': spec.vpcs };
  if (spec.secure || spec.mfa) {
    out.Bool = {
      ...(spec.secure ? { 'acs:SecureTransport': spec.secure.length === 1 ? spec.secure[0] : spec.secure } : {}),
      ...(spec.mfa ? { 'acs:MFAPresent': spec.mfa } : {}),
    };
  }
  return out;
}

interface Context { ip?: { family: number; n: number }; vpc?: string; secure?: string; mfa?: string }
const CONTEXTS: Context[] = [];
for (const ip of [undefined, ...V4, ...V6]) {
  for (const vpc of [undefined, 'vpc-a', 'vpc-b', 'vpc-c', 'vpc-d']) {
    for (const secure of [undefined, 'true', 'false']) {
      for (const mfa of [undefined, 'true', 'false']) CONTEXTS.push({ ip, vpc, secure, mfa });
    }
  }
}

/** How RAM evaluates the block on a request: every key present and among its values. */
function meets(spec: Spec, c: Context): boolean {
  if (spec.ips && !(c.ip && spec.ips.some((b) => b.family === c.ip!.family && b.from <= c.ip!.n && c.ip!.n <= b.to))) return false;
  if (spec.vpcs && !(c.vpc && spec.vpcs.includes(c.vpc))) return false;
  if (spec.secure && !(c.secure && spec.secure.includes(c.secure))) return false;
  if (spec.mfa && !(c.mfa && spec.mfa.includes(c.mfa))) return false;
  return true;
}

const hasEmptyList = (spec: Spec) => [spec.ips, spec.vpcs, spec.secure, spec.mfa].some((list) => list !== undefined && list.length === 0);
/** The oracle's answer, where a block with an empty list implies, and is implied by, only the same block. */
function expected(a: Spec, b: Spec): boolean {
  if (hasEmptyList(a) || hasEmptyList(b)) return canonicalCondition(block(a)) === canonicalCondition(block(b));
  return CONTEXTS.every((c) => !meets(a, c) || meets(b, c));
}

describe('conditionImplies', () => {
  test('is exact: true exactly when every context that meets the first meets the second', () => {
    let implied = 0;
    fc.assert(fc.property(specArb, specArb, (a, b) => {
      const oracle = expected(a, b);
      if (oracle) implied++;
      expect(conditionImplies(block(a), block(b))).toBe(oracle);
    }), { ...PROPERTY_RUNS, numRuns: 400 });
    // Both answers occur often enough to matter.
    expect(implied).toBeGreaterThan(20);
  });

  test('narrowing a block by related specs is implied (the common edit)', () => {
    fc.assert(fc.property(specArb, blockArb, (a, extra) => {
      const narrower = { ...a, ips: a.ips && a.ips.length > 1 ? a.ips.filter((_, i) => i > 0) : [extra], mfa: ['true'] };
      expect(conditionImplies(block(narrower), block(a))).toBe(expected(narrower, a));
    }), PROPERTY_RUNS);
  });

  test('a block with an empty list implies, and is implied by, only itself', () => {
    fc.assert(fc.property(withEmptyArb, fc.oneof(specArb, withEmptyArb), (a, b) => {
      expect(conditionImplies(block(a), block(b))).toBe(expected(a, b));
      expect(conditionImplies(block(b), block(a))).toBe(expected(b, a));
    }), PROPERTY_RUNS);
  });

  test('adjacent halves together cover their parent block', () => {
    const parent = { IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } };
    const halves = { IpAddress: { 'acs:SourceIp': ['203.0.113.0/25', '203.0.113.128/25'] } };
    expect(conditionImplies(parent, halves)).toBe(true);
    expect(conditionImplies(halves, parent)).toBe(true);
    expect(conditionImplies({ IpAddress: { 'acs:SourceIp': ['203.0.113.0/23'] } }, halves)).toBe(false);
  });

  test('anything it does not model is not implied unless written the same: fails closed', () => {
    const other = { NotIpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } };
    expect(conditionImplies(other, other)).toBe(true);
    expect(conditionImplies(other, { IpAddress: { 'acs:SourceIp': ['0.0.0.0/0'] } })).toBe(false);
    expect(conditionImplies({ IpAddress: { 'acs:SourceIp': ['010.0.0.0/8'] } }, { IpAddress: { 'acs:SourceIp': ['0.0.0.0/0'] } })).toBe(false);
    expect(conditionImplies({ Bool: { 'acs:MFAPresent': 'True' } }, {})).toBe(false);
    expect(conditionImplies({ StringLike: { 'acs:SourceVpc': 'vpc-*' } }, {})).toBe(false);
  });

  test('an operator with an empty list of values, or without keys, is not read as met by no request', () => {
    const none = { IpAddress: { 'acs:SourceIp': [] } };
    const some = { IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } };
    expect(conditionImplies(none, some)).toBe(false);
    expect(conditionImplies({ IpAddress: {} }, some)).toBe(false);
    expect(conditionImplies(some, { IpAddress: {} })).toBe(false);
    expect(conditionImplies({ StringEquals: { 'acs:SourceVpc': [] } }, { StringEquals: { 'acs:SourceVpc': ['vpc-a'] } })).toBe(false);
    expect(conditionImplies(none, none)).toBe(true);
  });
});
