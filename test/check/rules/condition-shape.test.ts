import { checkPolicyDocument } from '../../../lib/check/engine';
import { conditionShape } from '../../../lib/check/rules/condition-shape';

const found = (Condition: unknown) => checkPolicyDocument(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:List*', Resource: '*', Condition }] }, 'p',
).filter((f) => f.ruleId === conditionShape.id);

describe('CRG-E008 condition-shape', () => {
  test('operators holding service-qualified keys pass', () => {
    expect(found({ IpAddress: { 'acs:SourceIp': ['192.0.2.0/24'] }, StringEquals: { 'acs:ResourceTag/team': 'a' } })).toEqual([]);
    expect(found({ 'Fn::If': ['c', {}, {}] })).toEqual([]);
  });

  test('a non-object condition, a non-object operator block and a bare key are Errors', () => {
    expect(found(['acs:SourceIp']).map((f) => f.findingId)).toEqual(['CRG-E008[Condition]']);
    expect(found({ Bool: true }).map((f) => f.findingId)).toEqual(['CRG-E008[Bool]']);
    const [finding] = found({ IpAddress: { SourceIp: '192.0.2.1' } });
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: 'CRG-E008[SourceIp]' });
    expect(finding.message).toMatch(/acs:SourceIp/);
  });
});
