import * as seed from '../../fixtures/seed-policy.json';
import { checkPolicyDocument } from '../../../lib/check/engine';
import { wildcardAction } from '../../../lib/check/rules/wildcard-action';

const found = (...statements: object[]) =>
  checkPolicyDocument({ Version: '1', Statement: statements }, 'p').filter((f) => f.ruleId === wildcardAction.id);

describe('CRG-S001 wildcard-action', () => {
  test('the seed\'s cr:* on a namespace is exactly one Security warning', () => {
    const { default: _ignored, ...document } = seed as any;
    const findings = checkPolicyDocument(document, 'seed').filter((f) => f.ruleId === wildcardAction.id);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ findingClass: 'SecurityWarning', findingId: 'CRG-S001[cr:*]', statementIndex: 1 });
    expect(findings[0].message).toMatch(/acs:cr:\*:\*:repository\/cri-123456\/ns\/\*/);
  });

  test('named actions, wildcards within a service and Deny statements pass', () => {
    expect(found(
      { Effect: 'Allow', Action: ['cr:PullRepository', 'cr:PushRepository'], Resource: 'acs:cr:*:*:repository/cri-1/ns/*' },
      { Effect: 'Allow', Action: ['cr:List*', 'cr:Get*'], Resource: '*' },
      { Effect: 'Deny', Action: 'cr:*', Resource: '*' },
    )).toEqual([]);
  });

  test('cr:* on one exact repository passes: no wildcard resource', () => {
    expect(found({ Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-1/ns/app' })).toEqual([]);
  });

  test('* on * is a Security warning', () => {
    const [finding] = found({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(finding).toMatchObject({ findingClass: 'SecurityWarning', findingId: 'CRG-S001[*]' });
    expect(finding.message).toMatch(/every action of every service/);
  });

  test('a resource known only at deployment counts as broad', () => {
    const [finding] = found({ Effect: 'Allow', Action: 'cr:*', Resource: [{ 'Fn::Sub': 'acs:cr:*:*:repository/${Instance}/*' }] });
    expect(finding.message).toMatch(/only known at deployment/);
  });
});
