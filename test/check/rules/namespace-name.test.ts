import { checkPolicyDocument } from '../../../lib/check/engine';
import { namespaceName } from '../../../lib/check/rules/namespace-name';

const found = (Resource: unknown) => checkPolicyDocument(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource }] }, 'p',
).filter((f) => f.ruleId === namespaceName.id);

describe('CRG-W003 namespace-name', () => {
  test('valid names and wildcards pass', () => {
    expect(found([
      'acs:cr:*:*:repository/cri-1/ns',
      'acs:cr:*:*:repository/cri-1/team-a.web_1/*',
      'acs:cr:*:*:repository/cri-1/*/*',
      'acs:cr:*:*:repository/cri-1/team-*',
      'acs:cr:*:*:chart/cri-1/charts',
    ])).toEqual([]);
  });

  test('a name no namespace can have is a Warning with the naming rule', () => {
    const findings = found(['acs:cr:*:*:repository/cri-1/Team_A/*', 'acs:cr:*:*:chart/cri-1/-x', 'acs:cr:*:*:repository/cri-1/a']);
    // Findings are sorted by finding id.
    expect(findings.map((f) => [f.findingClass, f.findingId])).toEqual([
      ['Warning', 'CRG-W003[acs:cr:*:*:chart/cri-1/-x]'],
      ['Warning', 'CRG-W003[acs:cr:*:*:repository/cri-1/Team_A/*]'],
      ['Warning', 'CRG-W003[acs:cr:*:*:repository/cri-1/a]'],
    ]);
    expect(findings[1].message).toMatch(/"Team_A".*2-120 lowercase/);
  });

  test('the Personal Edition form is left to CRG-W002', () => {
    expect(found('acs:cr:*:*:repository/ns/App')).toEqual([]);
  });
});
