import { checkPolicyDocument } from '../../../lib/check/engine';
import { authorizationTokenResource } from '../../../lib/check/rules/authorization-token-resource';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === authorizationTokenResource.id);

describe('CRG-W001 authorization-token-resource', () => {
  test('the token on * passes, alone or beside other resources', () => {
    expect(found(
      { Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' },
      { Effect: 'Allow', Action: ['cr:GetAuthorizationToken', 'cr:PullRepository'], Resource: ['acs:cr:*:*:repository/cri-1/ns/*', '*'] },
    )).toEqual([]);
  });

  test('the token on a namespace is a Warning', () => {
    const [finding] = found({
      Effect: 'Allow',
      Action: ['cr:GetAuthorizationToken', 'cr:PullRepository'],
      Resource: 'acs:cr:*:*:repository/cri-1/ns/*',
    });
    expect(finding).toMatchObject({ findingClass: 'Warning', findingId: 'CRG-W001[cr:GetAuthorizationToken]', statementIndex: 0 });
    expect(finding.message).toMatch(/"\*" only/);
  });

  test('acs:cr:*:*:* is not "*"', () => {
    expect(found({ Effect: 'Deny', Action: 'cr:getauthorizationtoken', Resource: 'acs:cr:*:*:*' })).toHaveLength(1);
  });

  test('a wildcard action or a resource known only at deployment is not judged', () => {
    expect(found(
      { Effect: 'Allow', Action: 'cr:Get*', Resource: 'acs:cr:*:*:repository/cri-1/ns/*' },
      { Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: { Ref: 'TokenResource' } },
    )).toEqual([]);
  });
});
