import * as fc from 'fast-check';
import * as seed from '../../fixtures/seed-policy.json';
import { checkPolicyDocument, exitCodeFor } from '../../../lib/check/engine';
import { coversEveryRamResource, ESCALATION_ACTIONS, privilegeEscalation } from '../../../lib/check/rules/privilege-escalation';

const ALL = ESCALATION_ACTIONS.map((e) => e.action);
const document = (...statements: object[]) => ({ Version: '1', Statement: statements });
const found = (...statements: object[]) =>
  checkPolicyDocument(document(...statements), 'p').filter((f) => f.ruleId === privilegeEscalation.id);
const ids = (...statements: object[]) => found(...statements).map((f) => f.findingId);

describe('CRG-S008 privilege-escalation', () => {
  test('ram:AttachPolicyToUser on * is a Security warning naming the action', () => {
    const findings = found({ Effect: 'Allow', Action: 'ram:AttachPolicyToUser', Resource: '*' });
    expect(findings).toEqual([{
      ruleId: 'CRG-S008',
      findingClass: 'SecurityWarning',
      policyName: 'p',
      statementIndex: 0,
      findingId: 'CRG-S008[ram:AttachPolicyToUser]',
      message: expect.stringMatching(/^Statement 0 allows ram:AttachPolicyToUser on \*, which covers ram:AttachPolicyToUser on every resource they act on: the grantees can raise their own permissions up to AdministratorAccess\. Hint: /),
    }]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test.each([
    ['ram:Attach*', ['ram:AttachPolicyToUser', 'ram:AttachPolicyToGroup', 'ram:AttachPolicyToRole']],
    ['ram:Create*', ['ram:CreatePolicy', 'ram:CreatePolicyVersion', 'ram:CreateAccessKey']],
    ['RAM:createpolicyversion', ['ram:CreatePolicyVersion']],
    ['ram:UpdateRole', ['ram:UpdateRole']],
    ['sts:AssumeRole', ['sts:AssumeRole']],
    ['sts:*', ['sts:AssumeRole']],
    ['ram:*', ALL.filter((a) => a.startsWith('ram:'))],
    ['*', ALL],
  ])('%s on * covers %j', (action, covered) => {
    const [finding, ...rest] = found({ Effect: 'Allow', Action: [action, 'cr:PullRepository'], Resource: '*' });
    expect(rest).toEqual([]);
    expect(finding.findingId).toBe(`CRG-S008[${action}]`);
    expect(finding.message).toContain(`which covers ${covered.join(', ')} on every resource`);
  });

  test('NotAction covers what it does not exclude', () => {
    const [finding] = found({ Effect: 'Allow', NotAction: ['ram:*'], Resource: '*' });
    expect(finding.findingId).toBe('CRG-S008[NotAction]');
    expect(finding.message).toContain('which covers sts:AssumeRole on every resource');
    expect(found({ Effect: 'Allow', NotAction: ['ram:*', 'sts:*'], Resource: '*' })).toEqual([]);
  });

  test('resource patterns that cover every resource of the kind trip it, whatever region and account', () => {
    expect(ids(
      { Effect: 'Allow', Action: 'ram:UpdateRole', Resource: 'acs:ram:*:1234567890123456:role/*' },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'acs:ram::1234567890123456:role/*' },
      { Effect: 'Allow', Action: 'ram:CreatePolicy', Resource: 'acs:*:*:*:*' },
    )).toEqual(['CRG-S008[ram:UpdateRole]', 'CRG-S008[sts:AssumeRole]', 'CRG-S008[ram:CreatePolicy]']);
  });

  test('named users, groups, roles and policies, other services, Deny statements and the seed pass', () => {
    const { default: _ignored, ...seedDocument } = seed as any;
    expect(checkPolicyDocument(seedDocument, 'seed').filter((f) => f.ruleId === privilegeEscalation.id)).toEqual([]);
    expect(found(
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'acs:ram::1234567890123456:role/ci-runner' },
      { Effect: 'Allow', Action: 'ram:AttachPolicyToUser', Resource: 'acs:ram:*:*:user/build-*' },
      { Effect: 'Allow', Action: 'ram:UpdateRole', Resource: 'acs:ram:*:*:user/*' },
      { Effect: 'Allow', Action: ['ram:Get*', 'ram:List*', 'cr:*'], Resource: '*' },
      { Effect: 'Deny', Action: 'ram:*', Resource: '*' },
    )).toEqual([]);
  });

  test('the actions reported are exactly those a pattern matches, for random patterns', () => {
    // Oracle: the pattern as a regular expression, `*` any run of characters, case ignored.
    const escape = (text: string) => text.replace(/[.+?^$()|[\]\\{}]/g, '\\$&');
    const matches = (pattern: string, action: string) =>
      new RegExp('^' + pattern.split('*').map(escape).join('.*') + '$', 'i').test(action);
    const pieces = fc.constantFrom('ram', 'sts', 'RAM', 'r', 'Attach', 'Create', 'Policy', 'Role', 'Assume', 'User', 'Version', 'To', 'x', '*', ':');
    fc.assert(fc.property(fc.array(pieces, { minLength: 1, maxLength: 6 }), (parts) => {
      const pattern = parts.join('');
      const reported = found({ Effect: 'Allow', Action: pattern, Resource: '*' });
      const expected = ALL.filter((action) => matches(pattern, action));
      return expected.length === 0
        ? reported.length === 0
        : reported.length === 1 && reported[0].message.includes(`which covers ${expected.join(', ')} on every`);
    }), { seed: 20240611, numRuns: 500 });
  });

  test('coversEveryRamResource', () => {
    expect(['*', 'acs:ram:*:*:*', 'acs:ram:*:*:role/*', 'acs:*:*:*:role/*', 'acs:ram::1:role/*', 'acs:ram:*:*:r*'].every((r) => coversEveryRamResource(r, 'role'))).toBe(true);
    expect(['acs:ram:*:*:role/admin-*', 'acs:ram:*:*:user/*', 'acs:ecs:*:*:*', 'acs:ram:*:*:role/ci'].some((r) => coversEveryRamResource(r, 'role'))).toBe(false);
  });
});
