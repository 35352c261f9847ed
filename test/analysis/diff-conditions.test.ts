/** diff on conditions: dropping or widening one is a widening that names it; narrowing one is not. */
import * as fc from 'fast-check';
import { NamespaceAccess, NamespaceGrant, NamespaceGrantProps } from '../../lib';
import { ChangeKind, DIFF_EXIT, diffExitCode, diffTemplates } from '../../lib/analysis/diff';
import { formatDiffMarkdown } from '../../lib/cli/format-diff';
import { conditionImplies } from '../../lib/model/conditions';
import { newStack, synthTemplate } from '../synth';

function template(extra: Partial<NamespaceGrantProps>): any {
  const stack = newStack();
  new NamespaceGrant(stack, 'Grant', { instanceId: 'cri-123456', namespace: 'app', access: NamespaceAccess.PULL, users: ['alice'], consoleAccess: false, ...extra });
  return synthTemplate(stack);
}
const kinds = (diff: ReturnType<typeof diffTemplates>) => diff.changes.map((c) => c.kind);

describe('diff and conditions', () => {
  test('narrowing a source block or adding MFA is a narrowing only', () => {
    const wide = template({ sourceIps: ['203.0.113.0/24'] });
    expect(kinds(diffTemplates(wide, template({ sourceIps: ['203.0.113.0/25'] })))).toEqual([ChangeKind.NARROWED]);
    expect(kinds(diffTemplates(wide, template({ sourceIps: ['203.0.113.0/24'], mfa: true })))).toEqual([ChangeKind.NARROWED]);
    expect(kinds(diffTemplates(template({}), wide))).toEqual([ChangeKind.NARROWED]);
    const narrowed = diffTemplates(template({}), wide);
    expect(narrowed.changes[0].condition).toBe('now allowed only under the Condition {"IpAddress":{"acs:SourceIp":["203.0.113.0/24"]}}');
  });

  test('a source block changed to an empty list is a widening: RAM does not document it as met by no request', () => {
    const withIps = (ips: unknown) => {
      const t = template({ sourceIps: ['203.0.113.0/24'] });
      const policy = Object.values<any>(t.Resources).find((r) => r.Type === 'ALIYUN::RAM::ManagedPolicy');
      (policy.Properties.PolicyDocumentUnchecked ?? policy.Properties.PolicyDocument).Statement.forEach((st: any) => { st.Condition.IpAddress['acs:SourceIp'] = ips; });
      return t;
    };
    const diff = diffTemplates(withIps(['203.0.113.0/24']), withIps([]));
    expect(kinds(diff)).toContain(ChangeKind.WIDENED);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
    expect(diff.changes.find((c) => c.kind === ChangeKind.WIDENED)!.condition).toBe('the Condition {"IpAddress":{"acs:SourceIp":[]}} replaces '
      + '{"IpAddress":{"acs:SourceIp":["203.0.113.0/24"]}}, and only IpAddress acs:SourceIp, StringEquals acs:SourceVpc and Bool acs:SecureTransport / acs:MFAPresent are compared; read as wider');
  });

  test('the same range written in halves is no change', () => {
    const diff = diffTemplates(template({ sourceIps: ['203.0.113.0/24'] }), template({ sourceIps: ['203.0.113.0/25', '203.0.113.128/25'] }));
    expect(diff.changes).toEqual([]);
  });

  test('widening a source block is a widening that names both conditions', () => {
    const diff = diffTemplates(template({ sourceIps: ['203.0.113.0/25'] }), template({ sourceIps: ['203.0.113.0/24'] }));
    expect(kinds(diff)).toEqual([ChangeKind.WIDENED]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
    expect(diff.changes[0].condition).toBe('the Condition {"IpAddress":{"acs:SourceIp":["203.0.113.0/24"]}} allows requests that {"IpAddress":{"acs:SourceIp":["203.0.113.0/25"]}} did not');
    expect(formatDiffMarkdown(diff)).toContain('; the Condition {"IpAddress":{"acs:SourceIp":["203.0.113.0/24"]}} allows requests that');
  });

  test('dropping a condition (MFA, a VPC) is a widening that names what was dropped', () => {
    const mfa = diffTemplates(template({ mfa: true }), template({}));
    expect(kinds(mfa)).toEqual([ChangeKind.WIDENED]);
    expect(mfa.changes[0].condition).toBe('the Condition {"Bool":{"acs:MFAPresent":"true"}} no longer applies: the statement that allows it has none');
    const vpc = diffTemplates(template({ sourceVpcs: ['vpc-a1'], secureTransport: true }), template({ sourceVpcs: ['vpc-a1'] }));
    expect(kinds(vpc)).toEqual([ChangeKind.WIDENED]);
    expect(vpc.changes[0].condition).toMatch(/^the Condition \{"StringEquals":\{"acs:SourceVpc":\["vpc-a1"\]\}\} allows requests that \{"Bool"/);
  });

  test('a condition the comparison does not model fails closed and says so', () => {
    const written = (condition: object) => ({
      ROSTemplateFormatVersion: '2015-09-01',
      Resources: {
        Policy: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', Users: ['alice'], PolicyDocument: { Version: '1', Statement: [
          { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: ['*'], Condition: condition },
        ] } } },
      },
    });
    const diff = diffTemplates(written({ StringLike: { 'acs:SourceVpc': 'vpc-a*' } }), written({ StringLike: { 'acs:SourceVpc': 'vpc-a1*' } }));
    expect(kinds(diff)).toContain(ChangeKind.WIDENED);
    expect(diff.changes[0].condition).toMatch(/only IpAddress acs:SourceIp, StringEquals acs:SourceVpc and Bool acs:SecureTransport \/ acs:MFAPresent are compared; read as wider$/);
  });

  test('against the exact implication: a change of sourceIps widens exactly when the new block is not within the old', () => {
    const blocks = ['203.0.113.0/24', '203.0.113.0/25', '203.0.113.128/25', '198.51.100.0/24', '2001:db8::/32'];
    const listArb = fc.uniqueArray(fc.constantFrom(...blocks), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(listArb, listArb, (before, after) => {
      const old = template({ sourceIps: before });
      const now = template({ sourceIps: after });
      const widened = kinds(diffTemplates(old, now)).includes(ChangeKind.WIDENED);
      const block = (ips: string[]) => ({ IpAddress: { 'acs:SourceIp': [...ips].sort() } });
      expect(widened).toBe(!conditionImplies(block(after), block(before)));
    }), { seed: 20261201, numRuns: 25 });
  });
});
