import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { NamespaceAccess, NamespaceGrant, NamespaceGrantProps } from '../../lib';
import {
  AccessDiff, ChangeKind, DIFF_EXIT, diffExitCode, diffTemplates, formatDiffJson, formatDiffMarkdown,
} from '../../lib/review/diff';
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

/** Changes as compact tuples: kind, grantee, target, before -> after, actions. */
function changes(diff: AccessDiff): string[] {
  return diff.changes.map((c) => [
    c.kind, c.grantee, c.target, `${c.before ?? '-'}->${c.after ?? '-'}`,
    [...c.gained.map((x) => `+${x}`), ...c.lost.map((x) => `-${x}`)].join(' '),
    c.regions.join(','),
  ].join(' | '));
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
      'WIDENED | user:alice | cri-123456/app | PULL->PUSH_PULL | +cr:PushRepository +cr:CreateRepository | *',
    ]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('removing a grantee is one narrowing row, listing and login folded into it, exit 3', () => {
    const diff = diffTemplates(grants({ A: pull(['alice', 'bob']) }), grants({ A: pull(['alice']) }));
    expect(changes(diff)).toEqual([
      'NARROWED | user:bob | cri-123456/app | PULL->- | -cr:PullRepository -cr:ListInstance -cr:ListNamespace -cr:ListRepository -cr:GetAuthorizationToken | *',
    ]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.NARROWED);
  });

  test('a new grantee with console access is one widening row', () => {
    const diff = diffTemplates(grants({ A: pull(['alice']) }), grants({ A: pull(['alice']), B: pull(['carol'], { namespace: 'web' }) }));
    expect(changes(diff)).toEqual([
      'WIDENED | user:carol | cri-123456/web | -->PULL | +cr:PullRepository +cr:ListInstance +cr:ListNamespace +cr:ListRepository +cr:GetAuthorizationToken | *',
    ]);
  });

  test('widening and narrowing together: widenings first, exit 2', () => {
    const diff = diffTemplates(
      grants({ A: pull(['alice']), B: { ...pull(['bob'], { namespace: 'web' }), access: NamespaceAccess.FULL } }),
      grants({ A: { ...pull(['alice']), access: NamespaceAccess.PUSH_PULL }, B: pull(['bob'], { namespace: 'web' }) }),
    );
    expect(diff.changes.map((c) => [c.kind, c.grantee, c.before, c.after])).toEqual([
      [ChangeKind.WIDENED, 'user:alice', 'PULL', 'PUSH_PULL'],
      // FULL has no login token of its own; PULL adds it, so bob's change gains one action too.
      [ChangeKind.WIDENED, 'user:bob', 'FULL', 'PULL'],
    ]);
    expect(diff.changes[1].gained).toEqual(['cr:GetAuthorizationToken']);
    expect(diff.changes[1].lost).toEqual([
      'cr:PushRepository', 'cr:CreateRepository', 'cr:GetRepository', 'cr:UpdateRepository', 'cr:DeleteRepository',
      'cr:GetNamespace', 'cr:UpdateNamespace', 'cr:DeleteNamespace',
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
    expect(changes(diff)).toEqual(['WIDENED | user:u | cri-x/* | -->PULL | +cr:PullRepository | *']);
  });

  test('a region added to a grant widens that region only', () => {
    const diff = diffTemplates(
      grants({ A: pull(['alice'], { regions: ['cn-hangzhou'], consoleAccess: false }) }),
      grants({ A: pull(['alice'], { regions: ['cn-hangzhou', 'cn-shanghai'], consoleAccess: false }) }),
    );
    expect(changes(diff)).toEqual(['WIDENED | user:alice | cri-123456/app | -->PULL | +cr:PullRepository | cn-shanghai']);
  });

  test('attaching a system policy whose document is unknown counts as a widening', () => {
    const attach = (policyName: string) => ({
      Resources: { A: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: policyName, PolicyType: 'System', UserName: 'u' } } },
    });
    const diff = diffTemplates({ Resources: {} }, attach('AliyunOSSFullAccess'));
    expect(changes(diff)).toEqual(['WIDENED | user:u | — | -->- | +system policy AliyunOSSFullAccess (not evaluated) | *']);
    expect(diffExitCode(diffTemplates(attach('AliyunOSSFullAccess'), { Resources: {} }))).toBe(DIFF_EXIT.NARROWED);
  });

  test('a known system policy is evaluated: read-only access everywhere, login included (cr:Get*)', () => {
    const attach = {
      Resources: {
        A: { Type: 'ALIYUN::RAM::AttachPolicyToGroup', Properties: { PolicyName: 'AliyunContainerRegistryReadOnlyAccess', PolicyType: 'System', GroupName: 'g' } },
      },
    };
    expect(changes(diffTemplates({ Resources: {} }, attach))).toEqual([
      'WIDENED | group:g | */* | -->PULL | +cr:PullRepository +cr:GetRepository +cr:GetNamespace +cr:ListInstance +cr:ListNamespace +cr:ListRepository +cr:GetAuthorizationToken | *',
    ]);
  });
});

describe('hand-written templates, JSON against YAML', () => {
  const diff = diffTemplates(handWritten(), handWrittenV2());

  test('dropping a Deny widens, narrowing a wildcard narrows', () => {
    expect(changes(diff)).toEqual([
      'WIDENED | user:dave | cri-abc123/web/prod-* | PULL->PUSH_PULL | +cr:PushRepository | cn-hangzhou',
      'WIDENED | user:erin | cri-abc123/web/prod-* | PULL->PUSH_PULL | +cr:PushRepository | cn-hangzhou',
      'NARROWED | role:ci-runner | cri-abc123/* | PULL->- | -cr:PullRepository | *',
    ]);
    expect(diffExitCode(diff)).toBe(DIFF_EXIT.WIDENED);
  });

  test('Markdown marks widenings and lists signed actions', () => {
    const markdown = formatDiffMarkdown(diff);
    expect(markdown).toContain('2 widened, 1 narrowed.');
    expect(markdown).toContain('| **+ WIDENED** | `user:dave` | `cri-abc123/web/prod-*` | PULL | PUSH_PULL | `+cr:PushRepository` | `cn-hangzhou` | `*` |');
    expect(markdown).toContain('| - narrowed | `role:ci-runner` | `cri-abc123/*` | PULL | — | `-cr:PullRepository` | `*` | `*` |');
  });

  test('JSON has the verdict and every change', () => {
    const json = JSON.parse(formatDiffJson(diff));
    expect(json.widened).toBe(true);
    expect(json.changes[2]).toEqual({
      kind: 'NARROWED', grantee: 'role:ci-runner', target: 'cri-abc123/*', regions: ['*'], accountId: '*',
      before: 'PULL', after: null, gained: [], lost: ['cr:PullRepository'],
    });
  });
});
