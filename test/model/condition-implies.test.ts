/**
 * `conditionImplies` against a brute-force oracle: every request context over a small universe
 * (addresses inside and outside the generated blocks, VPCs, HTTPS, MFA, each possibly absent)
 * is evaluated the way RAM evaluates the four keys, and implication must hold exactly when no
 * context meets one block and not the other.
 */
import * as fc from 'fast-check';
import { conditionImplies } from '../../lib/model/conditions';
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
  ips: fc.option(fc.array(blockArb, { maxLength: 4 }), { nil: undefined }),
  vpcs: fc.option(fc.subarray(['vpc-a', 'vpc-b', 'vpc-c']), { nil: undefined }),
  secure: fc.option(fc.subarray(['true', 'false']), { nil: undefined }),
  mfa: fc.option(fc.subarray(['true', 'false']), { nil: undefined }),
}, { requiredKeys: [] });

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

describe('conditionImplies', () => {
  test('is exact: true exactly when every context that meets the first meets the second', () => {
    let implied = 0;
    fc.assert(fc.property(specArb, specArb, (a, b) => {
      const oracle = CONTEXTS.every((c) => !meets(a, c) || meets(b, c));
      if (oracle) implied++;
      expect(conditionImplies(block(a), block(b))).toBe(oracle);
    }), { ...PROPERTY_RUNS, numRuns: 400 });
    // Both answers occur often enough to matter.
    expect(implied).toBeGreaterThan(20);
  });

  test('narrowing a block by related specs is implied (the common edit)', () => {
    fc.assert(fc.property(specArb, blockArb, (a, extra) => {
      const narrower = { ...a, ips: a.ips ? a.ips.filter((_, i) => i > 0) : [extra], mfa: ['true'] };
      const oracle = CONTEXTS.every((c) => !meets(narrower, c) || meets(a, c));
      expect(conditionImplies(block(narrower), block(a))).toBe(oracle);
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
});
