import { checkPolicyDocument } from '../../../lib/check/engine';
import { eeInstanceSegment } from '../../../lib/check/rules/ee-instance-segment';

const found = (Resource: unknown) => checkPolicyDocument(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource }] }, 'p',
).filter((f) => f.ruleId === eeInstanceSegment.id);

describe('CRG-W002 ee-instance-segment', () => {
  test('instance ids and wildcards that can match one pass', () => {
    expect(found([
      'acs:cr:*:*:repository/cri-123456/ns/*',
      'acs:cr:*:*:repository/*/ns/*',
      'acs:cr:*:*:repository/cri-*',
      'acs:cr:*:*:chart/cri-abc/charts',
      'acs:cr:*:*:instance/cri-abc',
    ])).toEqual([]);
  });

  test('the Personal Edition form is a Warning that explains where the instance id goes', () => {
    const [finding] = found('acs:cr:*:*:repository/ns/app');
    expect(finding).toMatchObject({ findingClass: 'Warning', findingId: 'CRG-W002[acs:cr:*:*:repository/ns/app]' });
    expect(finding.message).toMatch(/Personal Edition/);
    expect(finding.message).toMatch(/repository\/<cri-id>\/ns\/app/);
  });

  test('an id that is not cri-... is a Warning', () => {
    expect(found(['acs:cr:*:*:instance/i-123', 'acs:cr:*:*:repository/CRI-1/ns', 'acs:cr:*:*:repository/ns*/app']).map((f) => f.findingId)).toEqual([
      'CRG-W002[acs:cr:*:*:instance/i-123]',
      'CRG-W002[acs:cr:*:*:repository/CRI-1/ns]',
      'CRG-W002[acs:cr:*:*:repository/ns*/app]',
    ]);
  });
});
