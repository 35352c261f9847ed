import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { NamespaceAccess, NamespaceGrant, NamespaceGrantProps } from '../../lib';
import { ChangeKind, DIFF_EXIT, TemplateComparison, diffExitCode, diffTemplates } from '../../lib/analysis/diff';
import { formatDiffJson, formatDiffMarkdown } from '../../lib/cli/format-diff';
import { newStack, synthTemplate } from '../synth';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'templates');
const handWritten = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hand-written.json'), 'utf8'));
const handWrittenV2 = () => parse(fs.readFileSync(path.join(FIXTURES, 'hand-written-v2.yaml'), 'utf8'));

function grants(entries: { [id: string]: Omit<NamespaceGrantProps, 'instanceId'> & { instanceId?: string } }): any {
  const stack = newStack();
  for (const [id, props] of Object.entries(entries)) {
    new NamespaceGrant(stack, id, { instanceId: 'cri-123456', ...props });
  }
  return synthTemplate(stack);
}

/** Changes as compact tuples: kind, principal, witness request. */
function changes(diff: TemplateComparison): string[] {
  return diff.changes.map((c) => `${c.kind} | ${c.principal}`);
}

/** The witness of each change: its request. */
function witnesses(diff: TemplateComparison): string[] {
  return diff.changes.map((c) => `${c.request.action} on ${c.request.resource}`);
}

const pull = (users: string[], extra: Partial<NamespaceGrantProps> = {}) =>
  ({ namespace: 'app', access: NamespaceAccess.PULL, users, ...extra });

describe('diffTemplates', () => {
  test('the same access is no change, exit 0', () => {
    const diff = diffTemplates(grants({ A: pull(['alice']) }), grants({ A: pull(['alice']) }));
    expect(diff.changes).toEqual([]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.UNCHANGED);
    expect(formatDiffMarkdown(diff)).toBe('### Container Registry access changes\n\nNo access change.\n');
  });

  test('renamed policies and new logical ids are not access changes', () => {
    const before = grants({ A: pull(['alice']) });
    const after = grants({ Renamed: pull(['alice'], { policyName: 'another-name', description: 'reworded' }) });
    expect(Object.keys(before.Resources)).not.toEqual(Object.keys(after.Resources));
    expect(diffTemplates(before, after).changes).toEqual([]);
  });

  test('raising a level widens by exactly the added actions, exit 2', () => {
    const diff = diffTemplates(
      grants({ A: pull(['alice']) }),
      grants({ A: { ...pull(['alice']), access: NamespaceAccess.PUSH_PULL } }),
    );
    expect(changes(diff)).toEqual([
      'WIDENED | user:alice',
    ]);
    expect(witnesses(diff)).toEqual(['cr:PushRepository on acs:cr:cn-hangzhou:123456789012:repository/cri-123456/app/app']);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('removing a grantee is one narrowing row, listing and login folded into it, exit 3', () => {
    const diff = diffTemplates(grants({ A: pull(['alice', 'bob']) }), grants({ A: pull(['alice']) }));
    expect(changes(diff)).toEqual([
      'NARROWED | user:bob',
    ]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.NARROWED);
  });

  test('a new grantee with console access is one widening row', () => {
    const diff = diffTemplates(grants({ A: pull(['alice']) }), grants({ A: pull(['alice']), B: pull(['carol'], { namespace: 'web' }) }));
    expect(changes(diff)).toEqual([
      'WIDENED | user:carol',
    ]);
  });

  test('widening and narrowing together: widenings first, exit 2', () => {
    const diff = diffTemplates(
      grants({ A: pull(['alice']), B: { ...pull(['bob'], { namespace: 'web' }), access: NamespaceAccess.FULL } }),
      grants({ A: { ...pull(['alice']), access: NamespaceAccess.PUSH_PULL }, B: pull(['bob'], { namespace: 'web' }) }),
    );
    // FULL has no login token of its own; PULL adds it, so bob both gains and loses.
    expect(diff.changes.map((c) => [c.kind, c.principal, c.request.action])).toEqual([
      [ChangeKind.WIDENED, 'user:alice', 'cr:PushRepository'],
      [ChangeKind.WIDENED, 'user:bob', 'cr:GetAuthorizationToken'],
      // PULL covers the namespace's repositories, FULL the namespace itself too.
      [ChangeKind.NARROWED, 'user:bob', 'cr:PullRepository'],
    ]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('moving a grant from one namespace to every namespace widens `*` and loses nothing on the namespace', () => {
    const policy = (resource: string) => ({
      Resources: {
        P: {
          Type: 'ALIYUN::RAM::ManagedPolicy',
          Properties: {
            PolicyName: 'p',
            PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: resource }] },
            Users: ['u'],
          },
        },
      },
    });
    const diff = diffTemplates(policy('acs:cr:*:*:repository/cri-x/ns/*'), policy('acs:cr:*:*:repository/cri-x/*'));
    expect(changes(diff)).toEqual(['WIDENED | user:u']);
  });

  test('a region added to a grant widens that region only', () => {
    const diff = diffTemplates(
      grants({ A: pull(['alice'], { regions: ['cn-hangzhou'], consoleAccess: false }) }),
      grants({ A: pull(['alice'], { regions: ['cn-hangzhou', 'cn-shanghai'], consoleAccess: false }) }),
    );
    expect(changes(diff)).toEqual(['WIDENED | user:alice']);
  });

  test('attaching a system policy whose document is unknown counts as a widening', () => {
    const attach = (policyName: string) => ({
      Resources: { A: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: policyName, PolicyType: 'System', UserName: 'u' } } },
    });
    const diff = diffTemplates({ Resources: {} }, attach('AliyunOSSFullAccess'));
    expect(changes(diff)).toEqual(['WIDENED | user:u']);
    expect(diffExitCode(diffTemplates(attach('AliyunOSSFullAccess'), { Resources: {} }))).toBe(DIFF_EXIT.NARROWED);
  });

  test('a known system policy is evaluated: read-only access everywhere, login included (cr:Get*)', () => {
    const attach = {
      Resources: {
        A: { Type: 'ALIYUN::RAM::AttachPolicyToGroup', Properties: { PolicyName: 'AliyunContainerRegistryReadOnlyAccess', PolicyType: 'System', GroupName: 'g' } },
      },
    };
    expect(changes(diffTemplates({ Resources: {} }, attach))).toEqual([
      'WIDENED | group:g',
    ]);
  });
});

describe('hand-written templates, JSON against YAML', () => {
  const diff = diffTemplates(handWritten(), handWrittenV2());

  test('dropping a Deny widens, narrowing a wildcard narrows', () => {
    expect(changes(diff)).toEqual([
      'WIDENED | user:dave',
      'WIDENED | user:erin',
      'NARROWED | role:ci-runner',
    ]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('Markdown marks widenings and lists signed actions', () => {
    const markdown = formatDiffMarkdown(diff);
    expect(markdown).toContain('2 widened, 1 narrowed.');
    expect(markdown).toContain('- **widened**: now allowed: `cr:PushRepository` on `acs:cr:cn-hangzhou:123456789012:repository/cri-abc123/web/prod-app` for `user:dave` (allowed by statement 1 of policy `web-team-push`; was denied by statement 2 of policy `web-team-push`)\n');
    expect(markdown).toContain('- narrowed: no longer allowed: `cr:PullRepository` on `acs:cr:cn-hangzhou:123456789012:repository/cri-abc123/team` for `role:ci-runner` (was allowed by statement 1 of policy `${CiPolicyName}`; no statement allows it now)\n');
  });

  test('JSON has the verdict and every change', () => {
    const json = JSON.parse(formatDiffJson(diff));
    expect(json.widened).toBe(true);
    expect(json.changes[2]).toEqual({
      kind: 'NARROWED', principal: 'role:ci-runner', action: 'cr:PullRepository', resource: 'acs:cr:cn-hangzhou:123456789012:repository/cri-abc123/team',
      allowedBy: {
        policyName: '${CiPolicyName}', statementIndex: 1,
        statement: { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: ['acs:cr:*:*:repository/cri-abc123/*'] },
      },
      deniedBy: null, assuming: [], unproven: null, questionMark: null,
    });
    expect(json.undecided).toEqual([]);
  });
});

describe('changes only the statements\' own patterns show', () => {
  const template = (statements: any[]) => ({
    Resources: {
      P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement: statements }, Users: ['u'] } },
    },
  });
  const pull = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/ns/*' };

  test.each([
    ['cr:* on a resource that names no namespace', { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:*/prod/*' },
      'WIDENED | user:u'],
    ['another service', { Effect: 'Allow', Action: 'ram:*', Resource: '*' }, 'WIDENED | user:u'],
    ['an instance action', { Effect: 'Allow', Action: 'cr:DeleteInstance', Resource: 'acs:cr:cn-shanghai:*:instance/cri-x' },
      'WIDENED | user:u'],
    ['a resource like a*, read as every namespace', { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'a*' },
      'WIDENED | user:u'],
    ['a NotAction statement', { Effect: 'Allow', NotAction: 'cr:*', Resource: '*' }, 'WIDENED | user:u'],
  ])('adding %s is one widening row, exit 2', (_name, statement, row) => {
    const diff = diffTemplates(template([pull]), template([pull, statement]));
    expect(changes(diff)).toEqual([row]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('removing such a statement narrows, exit 3', () => {
    const diff = diffTemplates(template([pull, { Effect: 'Allow', Action: 'ram:*', Resource: '*' }]), template([pull]));
    expect(changes(diff)).toEqual(['NARROWED | user:u']);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.NARROWED);
  });

  test('removing a Deny of an instance action widens by what it denied', () => {
    const allowAll = { Effect: 'Allow', Action: 'cr:*', Resource: '*' };
    const deny = { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:instance/*' };
    const diff = diffTemplates(template([allowAll, deny]), template([allowAll]));
    expect(changes(diff)).toEqual(['WIDENED | user:u']);
  });

  test('an Allow moved out from under a Deny of other actions widens by the denied actions there', () => {
    const before = [{ Effect: 'Deny', Action: 'cr:*Repository', Resource: '*' }, { Effect: 'Allow', Action: 'cr:*', Resource: '*' }];
    const after = [{ Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:instance/cri-a' }];
    const diff = diffTemplates(template(before), template(after));
    expect(changes(diff).filter((c) => c.startsWith('WIDENED'))).toEqual([
      'WIDENED | user:u',
    ]);
  });

  test('an Allow moved out from under a Deny of one region widens that region', () => {
    const before = [{ Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:cn-hangzhou:*:repository/*' }, { Effect: 'Allow', Action: 'cr:*', Resource: '*' }];
    const after = [{ Effect: 'Allow', Action: 'cr:Pull*', Resource: 'acs:cr:*:*:repository/cri-a/ns' }];
    const diff = diffTemplates(template(before), template(after));
    expect(changes(diff).filter((c) => c.startsWith('WIDENED'))).toEqual([
      'WIDENED | user:u',
    ]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('a pattern change the namespace rows already show adds no row', () => {
    const full = { Effect: 'Allow', Action: 'cr:*', Resource: ['acs:cr:*:*:repository/cri-x/ns', 'acs:cr:*:*:repository/cri-x/ns/*'] };
    expect(changes(diffTemplates(template([pull]), template([full])))).toEqual([
      'WIDENED | user:u',
    ]);
  });

  test('registry reads are folded into a change that shows console or login changing the same way', () => {
    const login = { Effect: 'Allow', Action: ['cr:GetAuthorizationToken', 'cr:GetInstance*'], Resource: '*' };
    expect(changes(diffTemplates(template([pull]), template([pull, login])))).toEqual([
      'WIDENED | user:u',
    ]);
    expect(changes(diffTemplates(template([pull]), template([pull, { ...login, Action: 'cr:GetInstance*' }])))).toEqual([
      'WIDENED | user:u',
    ]);
  });
});

describe('policies on RAM users, groups and roles', () => {
  const user = (props: any) => ({ Resources: { Alice: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice', ...props } } } });
  const inline = (action: string) => ({
    PolicyName: 'pull-web',
    PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: 'acs:cr:*:*:repository/cri-x/web/*' }] },
  });

  test('adding an inline policy widens', () => {
    const diff = diffTemplates(user({}), user({ Policies: [inline('cr:PullRepository')] }));
    expect(changes(diff)).toEqual(['WIDENED | user:alice']);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('changing an inline policy\'s document is a change of access', () => {
    const diff = diffTemplates(user({ Policies: [inline('cr:PullRepository')] }), user({ Policies: [inline('cr:P*Repository')] }));
    expect(changes(diff)).toEqual(['WIDENED | user:alice']);
  });

  test('adding a PolicyAttachments.System entry widens, evaluated when its document is known', () => {
    const known = diffTemplates(user({}), user({ PolicyAttachments: { System: ['AliyunContainerRegistryFullAccess'] } }));
    expect(changes(known)).toEqual([
      // cr:* on * also reaches instances, which the namespace row cannot show.
      'WIDENED | user:alice',
    ]);
    const unknown = diffTemplates(user({}), user({ PolicyAttachments: { System: ['AliyunOSSFullAccess'] } }));
    expect(changes(unknown)).toEqual(['WIDENED | user:alice']);
    expect(diffExitCode(unknown)).toBe(DIFF_EXIT.WIDENED);
  });

  test('a PolicyAttachments.Custom entry attaches the template\'s managed policy', () => {
    const withPolicy = (attachments: any) => ({
      Resources: {
        ...user({ PolicyAttachments: attachments }).Resources,
        Web: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'web-pull', PolicyDocument: inline('cr:PullRepository').PolicyDocument } },
      },
    });
    expect(changes(diffTemplates(withPolicy({}), withPolicy({ Custom: ['web-pull'] })))).toEqual([
      'WIDENED | user:alice',
    ]);
  });
});
