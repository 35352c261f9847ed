import { checkPolicyDocument } from '../../../lib/check/engine';
import { crResourceType } from '../../../lib/check/rules/cr-resource-type';

const found = (Resource: unknown) => checkPolicyDocument(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:List*', Resource }] }, 'p',
).filter((f) => f.ruleId === crResourceType.id);

describe('CRG-E011 cr-resource-type', () => {
  test('the documented Container Registry resource types pass', () => {
    expect(found([
      'acs:cr:*:*:*',
      'acs:cr:*:*:instance/cri-1',
      'acs:cr:*:*:repository/cri-1',
      'acs:cr:*:*:repository/cri-1/ns/*',
      'acs:cr:*:*:chart/cri-1/charts/app',
      'acs:cr:*:*:repo*',
      'acs:ecs:*:*:namespace/whatever',
    ])).toEqual([]);
  });

  test('namespace/ is an Error that shows the repository/ form', () => {
    const [finding] = found('acs:cr:*:*:namespace/cri-123456/ns');
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: 'CRG-E011[acs:cr:*:*:namespace/cri-123456/ns]', statementIndex: 0 });
    expect(finding.message).toMatch(/no namespace\/|does not have/);
    expect(finding.message).toMatch(/"acs:cr:\*:\*:repository\/cri-123456\/ns"/);
  });

  test('namespace/<name> without an instance asks for the instance id', () => {
    expect(found('acs:cr:*:*:namespace/ns')[0].message).toMatch(/repository\/<cri-id>\/ns/);
  });

  test('any other type is an Error', () => {
    expect(found(['acs:cr:*:*:image/cri-1/ns/app', 'acs:cr:*:*:ns*']).map((f) => f.findingId)).toEqual([
      'CRG-E011[acs:cr:*:*:image/cri-1/ns/app]',
      'CRG-E011[acs:cr:*:*:ns*]',
    ]);
  });
});
