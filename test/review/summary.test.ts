import * as fs from 'fs';
import * as path from 'path';
import { NamespaceAccess, NamespaceGrant } from '../../lib';
import { AccessMatrix, targetOfResource } from '../../lib/review/access-matrix';
import { markdownTable } from '../../lib/review/markdown';
import { formatSummaryJson, formatSummaryMarkdown, summarizeTemplate } from '../../lib/review/summary';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'templates');
const handWritten = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hand-written.json'), 'utf8'));

/** The rows without the full list of allowed actions, which other tests cover. */
function rowsOf(matrix: AccessMatrix) {
  return matrix.rows.map((r) => ({
    grantee: r.grantee, target: r.target, level: r.level, other: r.otherActions,
    console: r.console, login: r.login, regions: r.regions, account: r.accountId,
  }));
}

function grantTemplate(...grants: ConstructorParameters<typeof NamespaceGrant>[2][]): any {
  const stack = newStack();
  grants.forEach((props, i) => new NamespaceGrant(stack, `Grant${i}`, props));
  return synthTemplate(stack);
}

describe('summary of templates this library synthesizes', () => {
  test('the seed grant is FULL with console listing and no separate login token', () => {
    const template = grantTemplate({ instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.FULL, users: ['alice'] });
    expect(rowsOf(summarizeTemplate(template))).toEqual([{
      grantee: 'user:alice', target: 'cri-123456/ns', level: 'FULL', other: [],
      console: 'yes', login: false, regions: ['*'], account: '*',
    }]);
  });

  test('PULL without console lists one row with login and without console', () => {
    const template = grantTemplate({
      instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, roles: ['ack-node'], consoleAccess: false,
    });
    const matrix = summarizeTemplate(template);
    expect(rowsOf(matrix)).toEqual([{
      grantee: 'role:ack-node', target: 'cri-123456/team-a', level: 'PULL', other: [],
      console: 'no', login: true, regions: ['*'], account: '*',
    }]);
    expect(matrix.rows[0].allowed).toEqual(['cr:PullRepository', 'cr:GetAuthorizationToken']);
  });

  test('regions and the account of a limited grant are shown, regions in one row', () => {
    const template = grantTemplate({
      instanceId: 'cri-123456', namespace: 'checkout', access: NamespaceAccess.PUSH_PULL, groups: ['checkout-devs'],
      regions: ['cn-shanghai', 'cn-hangzhou'], accountId: '1234567890123456',
    });
    expect(rowsOf(summarizeTemplate(template))).toEqual([{
      grantee: 'group:checkout-devs', target: 'cri-123456/checkout', level: 'PUSH_PULL', other: [],
      console: 'yes', login: true, regions: ['cn-hangzhou', 'cn-shanghai'], account: '1234567890123456',
    }]);
  });

  test('the level comes from the document, not from names or descriptions', () => {
    const template = grantTemplate({ instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.FULL, users: ['alice'] });
    const [policy] = Object.values<any>(resourcesOfType(template, 'ALIYUN::RAM::ManagedPolicy'));
    expect(policy.Properties.Description).toContain('FULL');
    policy.Properties.PolicyDocumentUnchecked.Statement[1].Action = ['cr:PullRepository'];
    expect(summarizeTemplate(template).rows.map((r) => [r.target, r.level])).toEqual([['cri-123456/ns', 'PULL']]);
  });

  test('rows are sorted by grantee, then namespace, whatever the grant order', () => {
    const a = { instanceId: 'cri-123456', namespace: 'b-ns', access: NamespaceAccess.PULL, users: ['zoe'] };
    const b = { instanceId: 'cri-123456', namespace: 'a-ns', access: NamespaceAccess.PUSH_PULL, users: ['zoe', 'adam'] };
    const one = formatSummaryMarkdown(summarizeTemplate(grantTemplate(a, b)));
    const other = formatSummaryMarkdown(summarizeTemplate(grantTemplate(b, a)));
    expect(one).toBe(other);
    expect(summarizeTemplate(grantTemplate(a, b)).rows.map((r) => `${r.grantee} ${r.target}`)).toEqual([
      'user:adam cri-123456/a-ns', 'user:zoe cri-123456/a-ns', 'user:zoe cri-123456/b-ns',
    ]);
  });
});

describe('summary of a hand-written template', () => {
  const matrix = summarizeTemplate(handWritten());

  test('reads ManagedPolicy Users lists, system policies, and GetAtt-named policies and roles', () => {
    expect(matrix.grantees).toEqual(['group:auditors', 'role:ci-runner', 'user:dave', 'user:erin']);
    expect(rowsOf(matrix)).toEqual([
      { grantee: 'group:auditors', target: '*/*', level: 'PULL', other: ['cr:GetRepository', 'cr:GetNamespace'],
        console: 'yes', login: true, regions: ['*'], account: '*' },
      { grantee: 'role:ci-runner', target: 'cri-abc123/*', level: 'PULL', other: [],
        console: 'no', login: true, regions: ['*'], account: '*' },
      { grantee: 'user:dave', target: 'cri-abc123/web', level: 'PUSH_PULL', other: [],
        console: 'no', login: true, regions: ['cn-hangzhou'], account: '*' },
      { grantee: 'user:dave', target: 'cri-abc123/web/prod-*', level: 'PULL', other: [],
        console: 'no', login: true, regions: ['cn-hangzhou'], account: '*' },
      { grantee: 'user:erin', target: 'cri-abc123/web', level: 'PUSH_PULL', other: [],
        console: 'no', login: true, regions: ['cn-hangzhou'], account: '*' },
      { grantee: 'user:erin', target: 'cri-abc123/web/prod-*', level: 'PULL', other: [],
        console: 'no', login: true, regions: ['cn-hangzhou'], account: '*' },
    ]);
  });

  test('notes the system policy whose document is not known', () => {
    expect(matrix.notes).toEqual([
      'user:dave: system policy AliyunOSSFullAccess is attached but not evaluated (its document is not known here)',
    ]);
  });

  test('Markdown: a table with a header row, wildcards in code spans, and the notes', () => {
    const markdown = formatSummaryMarkdown(matrix);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### Container Registry access');
    expect(lines).toContain('| Grantee | Namespace | Level | Other actions | Console | Login | Regions | Account |');
    expect(lines).toContain('| `role:ci-runner` | `cri-abc123/*` | PULL | — | no | yes | `*` | `*` |');
    expect(lines).toContain('| `user:dave` | `cri-abc123/web/prod-*` | PULL | — | no | yes | `cn-hangzhou` | `*` |');
    expect(markdown).toContain('**Notes**\n\n- user:dave: system policy AliyunOSSFullAccess');
    expect(markdown.endsWith('\n')).toBe(true);
  });

  test('JSON: every row with its allowed actions, level null when nothing is granted', () => {
    const json = JSON.parse(formatSummaryJson(matrix));
    expect(Object.keys(json)).toEqual(['grantees', 'rows', 'notes']);
    expect(json.rows[1]).toEqual({
      grantee: 'role:ci-runner', target: 'cri-abc123/*', instanceId: 'cri-abc123', namespace: '*', repository: '*',
      regions: ['*'], accountId: '*', level: 'PULL', otherActions: [], console: 'no', login: true,
      allowedActions: ['cr:PullRepository', 'cr:GetAuthorizationToken'],
    });
  });
});

describe('what the evaluator decides shows in the matrix', () => {
  function template(statements: any[], extra: { [id: string]: any } = {}): any {
    return {
      ROSTemplateFormatVersion: '2015-09-01',
      Resources: {
        P: {
          Type: 'ALIYUN::RAM::ManagedPolicy',
          Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement: statements }, Users: ['u'] },
        },
        ...extra,
      },
    };
  }

  test('a Deny on one namespace takes it out of a wildcard grant', () => {
    const matrix = summarizeTemplate(template([
      { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/*' },
      { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/cri-x/prod/*' },
    ]));
    expect(matrix.rows.map((r) => [r.target, r.level, r.otherActions])).toEqual([
      ['cri-x/*', 'FULL', []],
      // Delete is denied on repositories only, so the namespace itself may still be deleted.
      ['cri-x/prod', 'PUSH_PULL', ['cr:GetRepository', 'cr:UpdateRepository', 'cr:GetNamespace', 'cr:UpdateNamespace', 'cr:DeleteNamespace']],
    ]);
  });

  test('actions beyond the level are listed, creating namespaces included', () => {
    const matrix = summarizeTemplate(template([
      { Effect: 'Allow', Action: ['cr:PullRepository', 'cr:DeleteRepository'], Resource: 'acs:cr:*:*:repository/cri-x/ns/*' },
      { Effect: 'Allow', Action: 'cr:CreateNamespace', Resource: 'acs:cr:*:*:repository/cri-x' },
    ]));
    expect(matrix.rows.map((r) => [r.target, r.level ?? null, r.otherActions])).toEqual([
      ['cri-x/*', null, ['cr:CreateNamespace']],
      ['cri-x/ns', 'PULL', ['cr:DeleteRepository', 'cr:CreateNamespace']],
    ]);
  });

  test('a resource that is not text counts as every resource in an Allow, with a note', () => {
    const matrix = summarizeTemplate(template([
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: [{ 'Fn::Sub': 'acs:cr:*:${AccountId}:repository/cri-x/ns/*' }] },
    ]));
    expect(matrix.rows.map((r) => [r.target, r.level])).toEqual([['*/*', 'PULL']]);
    expect(matrix.notes).toEqual([
      'policy p Statement[0] has a value that is not text (an unresolved function): it matches everything in an Allow, nothing in a Deny',
    ]);
  });

  test('conditions and unattached policies are noted', () => {
    const matrix = summarizeTemplate(template(
      [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/ns/*', Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } }],
      { Q: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'q', PolicyDocument: { Version: '1', Statement: [] } } } },
    ));
    expect(matrix.rows.map((r) => [r.target, r.level])).toEqual([['cri-x/ns', 'PULL']]);
    expect(matrix.notes).toEqual([
      'policy p Statement[0] has a Condition: counted as met in an Allow, as unmet in a Deny',
      'policy q is attached to no one in this template',
    ]);
  });

  test('a grantee whose policies grant nothing in Container Registry is noted, not listed', () => {
    const matrix = summarizeTemplate(template([{ Effect: 'Allow', Action: 'oss:GetObject', Resource: 'acs:oss:*:*:bucket/*' }]));
    expect(matrix.rows).toEqual([]);
    expect(matrix.notes).toEqual(['user:u: no Container Registry access']);
    expect(formatSummaryMarkdown(matrix)).toContain('No grantee has Container Registry access in this template.');
  });

  test('AdministratorAccess is FULL everywhere and may create namespaces', () => {
    const matrix = summarizeTemplate({
      Resources: {
        A: { Type: 'ALIYUN::RAM::AttachPolicyToRole', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', RoleName: 'admin' } },
      },
    });
    expect(matrix.rows.map((r) => [r.grantee, r.target, r.level, r.otherActions, r.console, r.login]))
      .toEqual([['role:admin', '*/*', 'FULL', ['cr:CreateNamespace'], 'yes', true]]);
  });
});

describe('targetOfResource', () => {
  test.each([
    ['*', '*/*'],
    ['acs:cr:*:*:*', '*/*'],
    ['acs:cr:*', '*/*'],
    ['acs:*:*:*:*', '*/*'],
    ['acs:cr:cn-hangzhou:123:repository/cri-x/ns/*', 'cri-x/ns'],
    ['acs:cr:cn-hangzhou:123:repository/cri-x/ns', 'cri-x/ns'],
    ['acs:cr:*:*:repository/cri-x/ns/app', 'cri-x/ns/app'],
    ['acs:cr:*:*:repository/cri-x/*', 'cri-x/*'],
    ['acs:cr:*:*:repository/cri-x/*/*', 'cri-x/*'],
    ['acs:cr:*:*:repository/cri-x', 'cri-x/*'],
    ['acs:cr:*:*:repository/*', '*/*'],
    ['acs:cr:*:*:instance/cri-x', 'cri-x/*'],
    ['acs:cr:*:*:rep*', '*/*'],
  ])('%s is %s', (resource, path) => {
    const target = targetOfResource(resource)!;
    const shown = `${target.instanceId}/${target.namespace}${target.repository === '*' ? '' : `/${target.repository}`}`;
    expect(shown).toBe(path);
  });

  test.each(['acs:oss:*:*:bucket/x', 'acs:cr:*:*:chart/cri-x/ns', 'arn:aws:s3:::x', 'acs:cr:cn-hangzhou'])('%s is no repository', (resource) => {
    expect(targetOfResource(resource)).toBeUndefined();
  });

  test('keeps the region and account', () => {
    expect(targetOfResource('acs:cr:cn-shanghai:1234:repository/cri-x/ns/*')).toEqual({
      region: 'cn-shanghai', accountId: '1234', instanceId: 'cri-x', namespace: 'ns', repository: '*',
    });
  });
});

test('a pipe in a table cell cannot split the column', () => {
  expect(markdownTable(['a', 'b'], [['x|y', 'z']])).toBe('| a | b |\n| --- | --- |\n| x\\|y | z |');
});
