import * as fs from 'fs';
import * as path from 'path';
import { NamespaceAccess, NamespaceGrant } from '../../lib';

import { ExplainEffect, ExplainError, explainExitCode, explainTemplate } from '../../lib/analysis/explain';
import { formatExplanation, formatExplanationJson } from '../../lib/cli/format-explain';
import { newStack, synthTemplate } from '../synth';

const handWritten = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'templates', 'hand-written.json'), 'utf8'));
const PROD_REPO = 'acs:cr:cn-hangzhou:1234567890123456:repository/cri-abc123/web/prod-api';
const DEV_REPO = 'acs:cr:cn-hangzhou:1234567890123456:repository/cri-abc123/web/dev-api';

describe('explainTemplate', () => {
  test('an allowed request names the policy and the statement that allowed it', () => {
    const e = explainTemplate(handWritten, 'user:dave', 'cr:PushRepository', DEV_REPO);
    expect(e.effect).toBe(ExplainEffect.ALLOW);
    expect(e.decidedBy?.policyName).toBe('web-team-push');
    expect(e.decidedBy?.statementIndex).toBe(1);
    expect(explainExitCode(e)).toBe(0);
    expect(formatExplanation(e)).toBe([
      // AliyunOSSFullAccess's content is not known here: it could hold a Deny.
      `ALLOW (possibly): user:dave cr:PushRepository on ${DEV_REPO}`,
      'Decided by policy web-team-push, Statement[1]:',
      JSON.stringify(handWritten.Resources.WebTeamPolicy.Properties.PolicyDocument.Statement[1], undefined, 2),
      '',
      'The answer depends on what the template does not fix:',
      '- policy AliyunOSSFullAccess (system) denies the request',
      '',
      'Notes:',
      '- AliyunOSSFullAccess (system): system policy AliyunOSSFullAccess is not in the catalogue of system policy documents',
      '',
    ].join('\n'));
  });

  test('an explicit Deny wins and is printed', () => {
    const e = explainTemplate(handWritten, 'user:erin', 'cr:PushRepository', PROD_REPO);
    expect(e.effect).toBe(ExplainEffect.EXPLICIT_DENY);
    expect(e.decidedBy?.statement).toEqual({
      Effect: 'Deny', Action: 'cr:PushRepository', Resource: 'acs:cr:*:*:repository/cri-abc123/web/prod-*',
    });
    expect(explainExitCode(e)).toBe(2);
    expect(formatExplanation(e)).toMatch(/^DENY \(explicit\): user:erin cr:PushRepository on .*\nDecided by policy web-team-push, Statement\[2\]:\n\{\n {2}"Effect": "Deny"/);
  });

  test('an implicit deny lists the policies that were evaluated', () => {
    const e = explainTemplate(handWritten, 'user:erin', 'cr:DeleteRepository', DEV_REPO);
    expect(e.effect).toBe(ExplainEffect.IMPLICIT_DENY);
    expect(explainExitCode(e)).toBe(2);
    expect(formatExplanation(e)).toBe([
      `DENY (implicit): user:erin cr:DeleteRepository on ${DEV_REPO}`,
      'No statement allows it. Evaluated: web-team-push.',
      '',
    ].join('\n'));
  });

  test('a known system policy decides like a custom one', () => {
    const e = explainTemplate(handWritten, 'group:auditors', 'cr:PullRepository', DEV_REPO);
    expect(e.effect).toBe(ExplainEffect.ALLOW);
    expect(e.decidedBy?.policyName).toBe('AliyunContainerRegistryReadOnlyAccess (system)');
  });

  test('a role attached through Fn::GetAtt to a policy named by a parameter', () => {
    const e = explainTemplate(handWritten, 'role:ci-runner', 'cr:PullRepository', 'acs:cr:cn-beijing:1:repository/cri-abc123/any/thing');
    expect(e.effect).toBe(ExplainEffect.ALLOW);
    // The policy's name is a parameter: reports say so instead of guessing.
    expect(e.decidedBy?.policyName).toBe('${CiPolicyName}');
  });

  test('the seed grant: FULL on the namespace, nothing on another one', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Seed', { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.FULL, users: ['alice'] });
    const template = synthTemplate(stack);
    expect(explainTemplate(template, 'user:alice', 'cr:DeleteRepository', 'acs:cr:cn-hangzhou:1:repository/cri-123456/ns/app')
      .effect).toBe(ExplainEffect.ALLOW);
    expect(explainTemplate(template, 'user:alice', 'cr:DeleteRepository', 'acs:cr:cn-hangzhou:1:repository/cri-123456/other/app')
      .effect).toBe(ExplainEffect.IMPLICIT_DENY);
  });

  test('JSON carries the decision and the statement', () => {
    const json = JSON.parse(formatExplanationJson(explainTemplate(handWritten, 'user:erin', 'cr:PushRepository', PROD_REPO)));
    expect(json).toMatchObject({ effect: 'EXPLICIT_DENY', policyName: 'web-team-push', statementIndex: 2, policies: ['web-team-push'] });
    expect(json.statement.Effect).toBe('Deny');
  });

  test('an unknown grantee is an error that lists the grantees', () => {
    expect(() => explainTemplate(handWritten, 'user:zed', 'cr:PullRepository', DEV_REPO)).toThrow(ExplainError);
    try {
      explainTemplate(handWritten, 'user:zed', 'cr:PullRepository', DEV_REPO);
    } catch (e) {
      expect((e as ExplainError).message).toBe('user:zed has no policy attached in this template');
      expect((e as ExplainError).hint).toBe('grantees: group:auditors, role:ci-runner, user:dave, user:erin');
    }
  });

  test.each([
    ['alice', 'cr:PullRepository', DEV_REPO, /--grantee "alice" is not kind:name/],
    ['account:alice', 'cr:PullRepository', DEV_REPO, /is not kind:name/],
    ['user:alice', 'PullRepository', DEV_REPO, /--action "PullRepository" is not service:Action/],
    ['user:alice', 'cr:PullRepository', ' ', /--resource is empty/],
  ])('refuses grantee %s, action %s, resource %s', (grantee, action, resource, message) => {
    expect(() => explainTemplate(handWritten, grantee, action, resource)).toThrow(message);
  });
});

describe('policies carried by a RAM user', () => {
  const template = {
    Resources: {
      Alice: {
        Type: 'ALIYUN::RAM::User',
        Properties: {
          UserName: 'alice',
          Policies: [{
            PolicyName: 'web-push',
            PolicyDocument: {
              Version: '1',
              Statement: [
                { Effect: 'Allow', Action: ['cr:PullRepository', 'cr:PushRepository'], Resource: 'acs:cr:*:*:repository/cri-abc123/web/*' },
                { Effect: 'Deny', Action: 'cr:PushRepository', Resource: 'acs:cr:*:*:repository/cri-abc123/web/prod-*' },
              ],
            },
          }],
          PolicyAttachments: { System: ['AliyunContainerRegistryReadOnlyAccess'] },
        },
      },
    },
  };

  test('explain names the inline policy and the principal it is on', () => {
    const e = explainTemplate(template, 'user:alice', 'cr:PushRepository', DEV_REPO);
    expect(e.effect).toBe(ExplainEffect.ALLOW);
    expect(e.policies).toEqual(['web-push (inline on user:alice)', 'AliyunContainerRegistryReadOnlyAccess (system)']);
    expect(formatExplanation(e).split('\n')[1]).toBe('Decided by policy web-push (inline on user:alice), Statement[0]:');
    expect(formatExplanation(explainTemplate(template, 'user:alice', 'cr:PushRepository', PROD_REPO)).split('\n').slice(0, 2)).toEqual([
      `DENY (explicit): user:alice cr:PushRepository on ${PROD_REPO}`,
      'Decided by policy web-push (inline on user:alice), Statement[1]:',
    ]);
  });

  test('a system policy in PolicyAttachments decides like an attachment resource', () => {
    const e = explainTemplate(template, 'user:alice', 'cr:GetRepository', DEV_REPO);
    expect(e.decidedBy?.policyName).toBe('AliyunContainerRegistryReadOnlyAccess (system)');
  });
});

describe('explain and the case of resource names', () => {
  const template = (statements: object[]) => ({
    ROSTemplateFormatVersion: '2015-09-01',
    Resources: {
      Policy: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: { PolicyName: 'cased', PolicyDocument: { Version: '1', Statement: statements }, Users: ['alice'] },
      },
    },
  });
  const LOWER = 'acs:cr:cn-hangzhou:123456789012:repository/cri-1/team/app';
  const allowUpper = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/Team/*' };

  test('a request an uppercase pattern allows only ignoring case is allowed, possibly, and says so', () => {
    const e = explainTemplate(template([allowUpper]), 'user:alice', 'cr:PullRepository', LOWER);
    expect(e.effect).toBe(ExplainEffect.ALLOW);
    expect(e.ignoringResourceCase).toBe(true);
    expect(e.decidedBy?.statementIndex).toBe(0);
    expect(explainExitCode(e)).toBe(0);
    const text = formatExplanation(e);
    expect(text.split('\n')[0]).toBe(`ALLOW (possibly): user:alice cr:PullRepository on ${LOWER}`);
    expect(text).toContain('\nAllowed only if RAM matches resource names ignoring case.\n');
    expect(JSON.parse(formatExplanationJson(e)).ignoringResourceCase).toBe(true);
  });

  test('an uppercase request an exact-case Allow covers only ignoring case is allowed, possibly', () => {
    const e = explainTemplate(template([{ ...allowUpper, Resource: 'acs:cr:*:*:repository/cri-1/team/*' }]),
      'user:alice', 'cr:PullRepository', LOWER.replace('team', 'TEAM'));
    expect(e.effect).toBe(ExplainEffect.ALLOW);
    expect(e.ignoringResourceCase).toBe(true);
  });

  test('allowed as written: the answer stands, whatever a case-blind Deny would do', () => {
    const deny = { Effect: 'Deny', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/TEAM/*' };
    const e = explainTemplate(template([{ ...allowUpper, Resource: 'acs:cr:*:*:repository/cri-1/*' }, deny]), 'user:alice', 'cr:PullRepository', LOWER);
    expect(e.effect).toBe(ExplainEffect.ALLOW);
    expect(e.ignoringResourceCase).toBeUndefined();
    expect(JSON.parse(formatExplanationJson(e)).ignoringResourceCase).toBe(false);
  });

  test('denied either way: the answer as written', () => {
    const e = explainTemplate(template([allowUpper]), 'user:alice', 'cr:PushRepository', LOWER);
    expect(e.effect).toBe(ExplainEffect.IMPLICIT_DENY);
    expect(e.ignoringResourceCase).toBeUndefined();
  });
});
