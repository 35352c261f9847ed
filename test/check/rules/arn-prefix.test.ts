import { checkPolicyDocument } from '../../../lib/check/engine';
import { arnPrefix } from '../../../lib/check/rules/arn-prefix';

const found = (Resource: unknown) => checkPolicyDocument(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:List*', Resource }] }, 'p',
).filter((f) => f.ruleId === arnPrefix.id);

describe('CRG-E010 arn-prefix', () => {
  test('* and acs: ARNs pass', () => {
    expect(found(['*', 'acs:cr:*:*:repository/cri-1/ns', 'acs:ram::123:role/ci', 'acs:cr:cn-hangzhou:123:instance/cri-1'])).toEqual([]);
  });

  test.each([
    ['ACS:cr:*:*:repository/cri-1/ns', /lower case/],
    ['arn:aws:ecr:*:*:repository/x', /"acs:", not "arn:"/],
    ['acs:cr:repository/cri-1/ns', /five parts/],
    ['repository/cri-1/ns', /"acs:cr:\*:\*:repository\/cri-1\/ns"/],
  ])('%s is an Error', (resource, hint) => {
    const [finding] = found([resource]);
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: `CRG-E010[${resource}]` });
    expect(finding.message).toMatch(hint);
  });
});
