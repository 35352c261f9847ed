import { checkTemplate } from '../../../lib/check/engine';
import { policyName } from '../../../lib/check/rules/policy-name';

const DOCUMENT = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' }] };
const managed = (name: unknown) => ({ Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: name, PolicyDocument: DOCUMENT } });
const found = (Resources: object) => checkTemplate({ Resources }).filter((f) => f.ruleId === policyName.id);

describe('CRG-E014 policy-name', () => {
  test('distinct valid names, and names known only at deployment, pass', () => {
    expect(found({ A: managed('cr-team-a-pull'), B: managed('cr-team-b-pull'), C: managed({ Ref: 'Name' }), D: managed({ Ref: 'Name' }) })).toEqual([]);
  });

  test('a name RAM refuses is an Error', () => {
    const [finding] = found({ A: managed('team_a pull') });
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: 'CRG-E014[team_a pull]', policyName: 'team_a pull', logicalId: 'A' });
  });

  test('a name used twice is an Error on the second policy', () => {
    const findings = found({ A: managed('cr-pull'), B: managed('cr-pull') });
    expect(findings.map((f) => [f.findingId, f.logicalId])).toEqual([['CRG-E014[cr-pull@B]', 'B']]);
    expect(findings[0].message).toMatch(/A and B/);
  });
});
