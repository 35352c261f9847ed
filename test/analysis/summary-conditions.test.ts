/** summary shows the Conditions a row's access depends on, and only those. */
import { NamespaceAccess, RegistryAccess, GrantSpec } from '../../lib';
import { summarizeTemplate } from '../../lib/analysis/summary';
import { formatSummaryJson, formatSummaryMarkdown } from '../../lib/cli/format-summary';
import { newStack, synthTemplate } from '../synth';

function summary(grants: GrantSpec[]) {
  const stack = newStack();
  new RegistryAccess(stack, 'Access', { grants });
  return summarizeTemplate(synthTemplate(stack));
}
const base = { instanceId: 'cri-123456', access: NamespaceAccess.PULL, roles: ['ci'], consoleAccess: false };
const VPC = '{"StringEquals":{"acs:SourceVpc":["vpc-a1"]}}';

describe('summary and conditions', () => {
  test('a conditional grant\'s row lists its Condition for every action it allows', () => {
    const matrix = summary([{ ...base, namespace: 'app', sourceVpcs: ['vpc-a1'] }]);
    expect(matrix.rows.map((r) => [r.target, r.conditions])).toEqual([
      ['cri-123456/app', [{ condition: VPC, actions: ['cr:PullRepository', 'cr:GetAuthorizationToken'] }]],
    ]);
    expect(formatSummaryMarkdown(matrix)).toContain(`| \`${VPC}\` |`);
    expect(JSON.parse(formatSummaryJson(matrix)).rows[0].conditions).toEqual([{ condition: VPC, actions: ['cr:PullRepository', 'cr:GetAuthorizationToken'] }]);
  });

  test('an action also allowed without a condition is not listed under it', () => {
    const matrix = summary([
      { ...base, namespace: 'app', sourceVpcs: ['vpc-a1'] },
      { ...base, namespace: 'web' },
    ]);
    const app = matrix.rows.find((r) => r.target === 'cri-123456/app')!;
    // The login is granted without a condition by the web grant.
    expect(app.conditions).toEqual([{ condition: VPC, actions: ['cr:PullRepository'] }]);
    expect(formatSummaryMarkdown(matrix)).toContain(`\`${VPC}\` for \`cr:PullRepository\``);
    expect(matrix.rows.find((r) => r.target === 'cri-123456/web')!.conditions).toBeUndefined();
  });

  test('without conditions, rows and output are as before: no column, no key', () => {
    const matrix = summary([{ ...base, namespace: 'app' }]);
    expect(matrix.rows[0]).not.toHaveProperty('conditions');
    expect(formatSummaryMarkdown(matrix)).not.toContain('Conditions');
    expect(JSON.parse(formatSummaryJson(matrix)).rows[0]).not.toHaveProperty('conditions');
  });

  test('two regions under different conditions stay two rows; the login, on *, is under either', () => {
    const matrix = summary([
      { ...base, namespace: 'app', regions: ['cn-hangzhou'], sourceIps: ['203.0.113.0/24'] },
      { ...base, namespace: 'app', regions: ['cn-beijing'], sourceIps: ['198.51.100.0/24'] },
    ]);
    const A = '{"IpAddress":{"acs:SourceIp":["198.51.100.0/24"]}}';
    const B = '{"IpAddress":{"acs:SourceIp":["203.0.113.0/24"]}}';
    const both = ['cr:PullRepository', 'cr:GetAuthorizationToken'];
    expect(matrix.rows.map((r) => [r.regions, r.conditions])).toEqual([
      [['cn-beijing'], [{ condition: A, actions: both }, { condition: B, actions: ['cr:GetAuthorizationToken'] }]],
      [['cn-hangzhou'], [{ condition: A, actions: ['cr:GetAuthorizationToken'] }, { condition: B, actions: both }]],
    ]);
  });
});
