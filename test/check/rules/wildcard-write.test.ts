import * as seed from '../../fixtures/seed-policy.json';
import { checkPolicyDocument, checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { suppressionMetadata } from '../../../lib/check/suppressions';
import { SUPPRESSIONS_METADATA_KEY } from '../../../lib/model/suppressions';
import { wildcardAction } from '../../../lib/check/rules/wildcard-action';
import { spansNamespaces, wildcardWrite } from '../../../lib/check/rules/wildcard-write';

const document = (...statements: object[]) => ({ Version: '1', Statement: statements });
const found = (...statements: object[]) =>
  checkPolicyDocument(document(...statements), 'p').filter((f) => f.ruleId === wildcardWrite.id);

describe('CRG-S004 wildcard-write', () => {
  test('a write on every namespace of an instance is a Security warning', () => {
    const findings = found({ Effect: 'Allow', Action: ['cr:Delete*', 'cr:List*'], Resource: 'acs:cr:*:*:repository/cri-1/*' });
    expect(findings).toEqual([{
      ruleId: 'CRG-S004',
      findingClass: 'SecurityWarning',
      policyName: 'p',
      statementIndex: 0,
      findingId: 'CRG-S004[cr:Delete* on acs:cr:*:*:repository/cri-1/*]',
      message: expect.stringMatching(/^Statement 0 allows cr:Delete\* \(cr:DeleteRepository, cr:DeleteRepoTag, cr:DeleteNamespace and \d+ more\) on acs:cr:\*:\*:repository\/cri-1\/\*, which spans more than one namespace.* Hint: /),
    }]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test.each([
    ['cr:PushRepository', '*'],
    ['cr:Create*', 'acs:cr:*:*:*'],
    ['cr:*Repository', 'acs:cr:cn-hangzhou:123:repository/cri-1/team-*'],
    ['cr:Push*', 'acs:cr:*:*:repository/*'],
    ['cr:UpdateNamespace', 'acs:cr:*:*:repository/cri-1/*/*'],
    ['cr:DeleteRepository', 'acs:cr:*:*:repository/*/ns/*'],
    ['cr:CreateRepository', 'acs:cr:*:*:chart/cri-1/*'],
    ['cr:ChangeResourceGroup', 'acs:cr:*:*:instance/*'],
    // Triggers, lifecycle rules, endpoint ACLs and the instance itself, named outright.
    ['cr:CreateWebHook', '*'],
    ['cr:UpdateRepoTrigger', 'acs:cr:*:*:repository/cri-1/*'],
    ['cr:DeleteArtifactLifecycleRule', 'acs:cr:*:*:instance/cri-1'],
    ['cr:CreateInstanceEndpointAclPolicy', 'acs:cr:*:*:instance/cri-1'],
    ['cr:UpdateInstanceEndpointStatus', 'acs:cr:*:*:instance/*'],
    ['cr:DeleteInstance', 'acs:cr:cn-hangzhou:123:instance/cri-1'],
    ['cr:DeleteSyncRule', 'acs:cr:*:*:repository/cri-1'],
    // A cr: action this catalogue does not know, that does not only read.
    ['cr:PurgeRepository', '*'],
  ])('%s on %s trips it', (action, resource) => {
    expect(found({ Effect: 'Allow', Action: action, Resource: resource }).map((f) => f.findingId))
      .toEqual([`CRG-S004[${action} on ${resource}]`]);
  });

  test('the seed, and writes within one namespace, pass', () => {
    const { default: _ignored, ...seedDocument } = seed as any;
    expect(checkPolicyDocument(seedDocument, 'seed').filter((f) => f.ruleId === wildcardWrite.id)).toEqual([]);
    expect(found(
      { Effect: 'Allow', Action: ['cr:CreateRepository', 'cr:PushRepository', 'cr:Delete*'], Resource: 'acs:cr:*:*:repository/cri-1/ns/*' },
      { Effect: 'Allow', Action: 'cr:UpdateNamespace', Resource: 'acs:cr:*:*:repository/cri-1/ns' },
      { Effect: 'Allow', Action: 'cr:DeleteRepository', Resource: 'acs:cr:*:*:repository/cri-1/ns/app-*' },
    )).toEqual([]);
  });

  test('reads, Deny statements and other services\' resources pass', () => {
    expect(found(
      { Effect: 'Allow', Action: ['cr:Get*', 'cr:List*', 'cr:Pull*', 'cr:GetAuthorizationToken'], Resource: '*' },
      { Effect: 'Deny', Action: 'cr:Delete*', Resource: '*' },
      { Effect: 'Allow', Action: 'cr:Delete*', Resource: 'acs:oss:*:*:bucket/*' },
    )).toEqual([]);
  });

  test('cr:* and * on a wildcard resource are reported by CRG-S001 only, not twice', () => {
    const findings = checkPolicyDocument(document({ Effect: 'Allow', Action: ['cr:*', '*'], Resource: '*' }), 'p')
      .filter((f) => f.ruleId !== 'CRG-S008');
    expect(findings.map((f) => f.findingId)).toEqual(['CRG-S001[*]', 'CRG-S001[cr:*]']);
    expect(findings.every((f) => f.ruleId === wildcardAction.id)).toBe(true);
  });

  test('cr:* on an instance named without a wildcard, which CRG-S001 does not look at, is reported here', () => {
    expect(found({ Effect: 'Allow', Action: 'cr:*', Resource: ['acs:cr:*:*:instance/cri-1', 'acs:cr:*:*:repository/cri-1/*'] }).map((f) => f.findingId))
      .toEqual(['CRG-S004[cr:* on acs:cr:*:*:instance/cri-1]']);
  });

  test('a suppression may name the finding, spaces and all', () => {
    const id = 'CRG-S004[cr:Delete* on acs:cr:*:*:repository/cri-1/*]';
    const findings = checkTemplate({
      Resources: {
        Cleanup: {
          Type: 'ALIYUN::RAM::ManagedPolicy',
          Properties: { PolicyName: 'cleanup', PolicyDocument: document({ Effect: 'Allow', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/cri-1/*' }) },
          Metadata: { [SUPPRESSIONS_METADATA_KEY]: suppressionMetadata('Cleanup', [{ id, reason: 'The cleanup job prunes every namespace' }]) },
        },
      },
    });
    expect(findings).toEqual([expect.objectContaining({ findingId: id, suppressedBecause: 'The cleanup job prunes every namespace' })]);
  });

  test('spansNamespaces', () => {
    expect(['*', 'acs:cr:*:*:*', 'acs:*:*:*:repository/cri-1/*', 'acs:cr:*:*:repository/cri-*/ns/*', 'acs:cr:*:*:repo*',
      'acs:cr:*:*:instance/cri-1', 'acs:cr:*:*:repository/cri-1', 'acs:cr:*:*:chart/cri-1'].every(spansNamespaces)).toBe(true);
    expect(['acs:cr:*:*:repository/cri-1/ns/*', 'acs:cr:*:*:repository/cri-1/ns', 'acs:cr:*:*:chart/cri-1/ns/*', 'acs:ecs:*:*:*', 'repository/*']
      .some(spansNamespaces)).toBe(false);
  });
});
