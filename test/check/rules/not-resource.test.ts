import { checkPolicyDocument } from '../../../lib/check/engine';
import { notResource } from '../../../lib/check/rules/not-resource';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === notResource.id);

describe('CRG-E007 not-resource', () => {
  test('a statement with Resource passes', () => {
    expect(found({ Effect: 'Allow', Action: 'cr:List*', Resource: '*' })).toEqual([]);
  });

  test('NotResource is an Error that points to a Deny statement', () => {
    const [finding] = found({ Effect: 'Allow', Action: 'cr:List*', NotResource: 'acs:cr:*:*:repository/cri-1/secret/*' });
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: 'CRG-E007[NotResource]', statementIndex: 0 });
    expect(finding.message).toMatch(/Deny/);
  });
});
