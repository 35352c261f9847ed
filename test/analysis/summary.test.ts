import * as fs from 'fs';
import * as path from 'path';
import { NamespaceAccess, NamespaceGrant } from '../../lib';
import { AccessMatrix, targetOfResource } from '../../lib/analysis/access-matrix';
import { markdownTable } from '../../lib/cli/markdown';
import { DENIED_LEGEND, PATTERN_LEGEND, formatSummaryJson, formatSummaryMarkdown } from '../../lib/cli/format-summary';
import { summarizeTemplate } from '../../lib/analysis/summary';
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
      // AliyunContainerRegistryReadOnlyAccess reads every Container Registry resource, not only namespaces.
      { grantee: 'group:auditors', target: '*', level: undefined, other: ['cr:Get*', 'cr:List*', 'cr:Pull*'],
        console: 'no', login: false, regions: ['*'], account: '*' },
      { grantee: 'group:auditors', target: '*/*', level: 'PULL', other: ['cr:GetRepository', 'cr:GetNamespace'],
        console: 'yes', login: true, regions: ['*'], account: '*' },
      { grantee: 'role:ci-runner', target: 'cri-abc123/*', level: 'PULL', other: [],
        console: 'no', login: true, regions: ['*'], account: '*' },
      // AliyunOSSFullAccess's content is not known here: it may allow anything.
      { grantee: 'user:dave', target: '*', level: undefined, other: ['*'],
        console: 'no', login: false, regions: ['*'], account: '*' },
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

  test('notes the system policy whose document is not known, and who may assume each role', () => {
    expect(matrix.notes).toEqual([
      'role:ci-runner may be assumed by Service:ecs.aliyuncs.com',
      'user:dave: policy AliyunOSSFullAccess (system): system policy AliyunOSSFullAccess is not in the catalogue of system policy documents; it may allow anything',
    ]);
  });

  test('Markdown: a table with a header row, wildcards in code spans, the Deny that decides, and the notes', () => {
    const markdown = formatSummaryMarkdown(matrix);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### Container Registry access');
    expect(lines).toContain('| Grantee | Namespace | Level | Other actions | Denied by | Console | Login | Regions | Account |');
    expect(lines).toContain('| `role:ci-runner` | `cri-abc123/*` | PULL | — | — | no | yes | `*` | `*` |');
    expect(lines).toContain('| `user:dave` | `cri-abc123/web/prod-*` | PULL | — | `web-team-push` Statement[2] | no | yes | `cn-hangzhou` | `*` |');
    expect(markdown).toContain(DENIED_LEGEND);
    expect(markdown).toContain('**Notes**\n\n- role:ci-runner may be assumed by Service:ecs.aliyuncs.com\n- user:dave: policy AliyunOSSFullAccess (system): system policy AliyunOSSFullAccess');
    expect(markdown.endsWith('\n')).toBe(true);
  });

  test('JSON: every row with its allowed actions, level null when nothing is granted', () => {
    const json = JSON.parse(formatSummaryJson(matrix));
    expect(Object.keys(json)).toEqual(['grantees', 'rows', 'notes']);
    expect(json.rows[2]).toEqual({
      grantee: 'role:ci-runner', target: 'cri-abc123/*', instanceId: 'cri-abc123', namespace: '*', repository: '*',
      regions: ['*'], accountId: '*', level: 'PULL', otherActions: [], console: 'no', login: true,
      allowedActions: ['cr:PullRepository', 'cr:GetAuthorizationToken'], deniedBy: [],
    });
    expect(json.rows[5]).toMatchObject({
      grantee: 'user:dave', target: 'cri-abc123/web/prod-*', level: 'PULL',
      deniedBy: [{ policyName: 'web-team-push', statementIndex: 2, actions: ['cr:PushRepository'] }],
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
    // The parameter is shown as itself, not as every account.
    expect(matrix.rows.map((r) => [r.target, r.level, r.accountId])).toEqual([['cri-x/ns', 'PULL', '${AccountId}']]);
    expect(matrix.notes).toEqual([
      'policy p Statement[0] has a value the template does not fix: shown as written, with ${...}',
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

  test('an Allow naming resources in uppercase is noted: RAM may match them ignoring case', () => {
    const matrix = summarizeTemplate(template([
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/Web/*' },
      { Effect: 'Deny', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/Web/Secret' },
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/api/*' },
    ]));
    expect(matrix.rows.map((r) => r.target)).toEqual(['cri-x/Web', 'cri-x/Web/Secret', 'cri-x/api']);
    // Only the Allow: a Deny that would match more ignoring case takes away, so the rows still show all.
    expect(matrix.notes).toEqual([
      'policy p Statement[0] names resources with uppercase letters: shown as written; if RAM matches resource names ignoring case, it allows them in lowercase too',
    ]);
  });

  test('a grantee whose policies grant nothing is noted, not listed', () => {
    const matrix = summarizeTemplate(template([{ Effect: 'Deny', Action: 'cr:*', Resource: '*' }]));
    expect(matrix.rows).toEqual([]);
    expect(matrix.notes).toEqual(['user:u: no Container Registry access']);
    expect(formatSummaryMarkdown(matrix)).toContain('No grantee has Container Registry access in this template.');
  });

  test('another service\'s access is listed on its resource pattern', () => {
    const matrix = summarizeTemplate(template([{ Effect: 'Allow', Action: 'oss:GetObject', Resource: 'acs:oss:*:*:bucket/*' }]));
    expect(matrix.rows.map((r) => [r.target, r.level ?? null, r.otherActions, r.instanceId ?? null])).toEqual([
      ['acs:oss:*:*:bucket/*', null, ['oss:GetObject'], null],
    ]);
    expect(matrix.notes).toEqual([]);
  });

  test('AdministratorAccess is FULL everywhere, may create namespaces, and shows its `*` on `*`', () => {
    const matrix = summarizeTemplate({
      Resources: {
        A: { Type: 'ALIYUN::RAM::AttachPolicyToRole', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', RoleName: 'admin' } },
      },
    });
    expect(matrix.rows.map((r) => [r.grantee, r.target, r.level, r.otherActions, r.console, r.login]))
      .toEqual([
        // Every action of every service: a namespace row alone would understate it.
        ['role:admin', '*', undefined, ['*'], 'no', false],
        ['role:admin', '*/*', 'FULL', ['cr:CreateNamespace'], 'yes', true],
      ]);
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
    // Text before the first `*` that can still begin `acs:cr:`: every repository.
    ['a*', '*/*'],
    ['acs*', '*/*'],
    ['ac*:*', '*/*'],
  ])('%s is %s', (resource, path) => {
    const target = targetOfResource(resource)!;
    const shown = `${target.instanceId}/${target.namespace}${target.repository === '*' ? '' : `/${target.repository}`}`;
    expect(shown).toBe(path);
  });

  test.each(['acs:oss:*:*:bucket/x', 'acs:cr:*:*:chart/cri-x/ns', 'arn:aws:s3:::x', 'acs:cr:cn-hangzhou', 'b*', 'a*x'])('%s is no repository', (resource) => {
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

describe('access only the statements\' own patterns show', () => {
  const template = (statements: any[]) => ({
    Resources: {
      P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement: statements }, Users: ['u'] } },
    },
  });
  const pull = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/ns/*' };
  const shown = (statements: any[]) => summarizeTemplate(template(statements)).rows
    .map((r) => [r.target, r.level ?? null, r.otherActions.join(' '), r.regions.join(','), r.accountId]);

  test.each([
    ['cr:* on a resource that names no namespace', { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:*/prod/*' },
      ['acs:cr:*:*:*/prod/*', null, 'cr:*', '*', '*']],
    ['another service on every resource', { Effect: 'Allow', Action: 'ram:*', Resource: '*' }, ['*', null, 'ram:*', '*', '*']],
    ['an instance action, with the region and account the pattern names',
      { Effect: 'Allow', Action: 'cr:DeleteInstance', Resource: 'acs:cr:cn-hangzhou:123:instance/cri-x' },
      ['acs:cr:cn-hangzhou:123:instance/cri-x', null, 'cr:DeleteInstance', 'cn-hangzhou', '123']],
    ['a NotAction statement', { Effect: 'Allow', NotAction: ['cr:*'], Resource: '*' }, ['*', null, '* except cr:*', '*', '*']],
  ])('%s gets a row of its own', (_name, statement, row) => {
    expect(shown([pull, statement])).toEqual([row, ['cri-x/ns', 'PULL', '', '*', '*']].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
  });

  test('a resource like a* is every namespace, and more: a row of its own shows the rest', () => {
    expect(shown([{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'a*' }])).toEqual([
      ['*/*', 'PULL', '', '*', '*'], ['a*', null, 'cr:PullRepository', '*', '*'],
    ]);
  });

  test('a pattern the namespace rows already show adds no row', () => {
    expect(shown([
      pull,
      { Effect: 'Allow', Action: 'cr:*', Resource: ['acs:cr:*:*:repository/cri-x/web', 'acs:cr:*:*:repository/cri-x/web/*'] },
    ])).toEqual([['cri-x/ns', 'PULL', '', '*', '*'], ['cri-x/web', 'FULL', '', '*', '*']]);
  });

  test('registry reads the Console and Login columns do not show get a row of their own', () => {
    const consoleStatement = { Effect: 'Allow', Action: ['cr:GetAuthorizationToken', 'cr:GetInstance*', 'cr:ListSignature*'], Resource: '*' };
    expect(shown([pull, consoleStatement])).toEqual([
      ['*', null, 'cr:GetAuthorizationToken cr:GetInstance* cr:ListSignature*', '*', '*'], ['cri-x/ns', 'PULL', '', '*', '*'],
    ]);
    // Without login or listing shown, the same reads are news.
    expect(shown([pull, { ...consoleStatement, Action: ['cr:GetInstance*'] }]))
      .toEqual([['*', null, 'cr:GetInstance*', '*', '*'], ['cri-x/ns', 'PULL', '', '*', '*']]);
  });

  test('a pattern that a Deny takes away adds no row', () => {
    expect(shown([
      pull,
      { Effect: 'Allow', Action: 'ram:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ram:*', Resource: '*' },
    ])).toEqual([['cri-x/ns', 'PULL', '', '*', '*']]);
  });

  test('Markdown explains the pattern rows; JSON has no instance for them', () => {
    const matrix = summarizeTemplate(template([pull, { Effect: 'Allow', Action: 'ram:*', Resource: '*' }]));
    const markdown = formatSummaryMarkdown(matrix);
    expect(markdown).toContain('| `user:u` | `*` | — | `ram:*` | no | no | `*` | `*` |');
    expect(markdown).toContain(PATTERN_LEGEND);
    expect(JSON.parse(formatSummaryJson(matrix)).rows[0]).toEqual({
      grantee: 'user:u', target: '*', instanceId: null, namespace: null, repository: null, regions: ['*'], accountId: '*',
      level: null, otherActions: ['ram:*'], console: 'no', login: false, allowedActions: ['ram:*'], deniedBy: [],
    });
    expect(formatSummaryMarkdown(summarizeTemplate(template([pull])))).not.toContain(PATTERN_LEGEND);
  });
});

describe('Deny exceptions', () => {
  const template = (statements: any[]) => ({
    Resources: {
      P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement: statements }, Users: ['u'] } },
    },
  });
  const allowAll = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/*' };
  const list = { Effect: 'Allow', Action: ['cr:ListInstance', 'cr:GetAuthorizationToken'], Resource: '*' };

  test('a namespace a Deny takes wholly out of a wildcard grant is a row of its own, level —, with the Deny', () => {
    const matrix = summarizeTemplate(template([
      allowAll, list,
      { Effect: 'Deny', Action: 'cr:*', Resource: ['acs:cr:*:*:repository/cri-x/secret', 'acs:cr:*:*:repository/cri-x/secret/*'] },
    ]));
    expect(matrix.rows.map((r) => [r.target, r.level ?? null, r.denied.map((d) => `${d.policyName}[${d.statementIndex}]`)])).toEqual([
      ['cri-x/*', 'FULL', []],
      ['cri-x/secret', null, ['p[2]']],
    ]);
    expect(matrix.rows[1].denied[0].actions).toEqual([
      'cr:PullRepository', 'cr:PushRepository', 'cr:CreateRepository', 'cr:GetRepository', 'cr:UpdateRepository',
      'cr:DeleteRepository', 'cr:GetNamespace', 'cr:UpdateNamespace', 'cr:DeleteNamespace', 'cr:ListRepository',
    ]);
    const markdown = formatSummaryMarkdown(matrix);
    expect(markdown).toContain('| Grantee | Namespace | Level | Other actions | Denied by | Console | Login | Regions | Account |');
    expect(markdown).toContain('| `user:u` | `cri-x/*` | FULL | — | — | yes | yes | `*` | `*` |');
    expect(markdown).toContain('| `user:u` | `cri-x/secret` | — | — | `p` Statement[2] | partial | yes | `*` | `*` |');
    const json = JSON.parse(formatSummaryJson(matrix));
    expect(json.rows[1]).toMatchObject({
      target: 'cri-x/secret', level: null, deniedBy: [{ policyName: 'p', statementIndex: 2, actions: matrix.rows[1].denied[0].actions }],
    });
  });

  test('the repositories of a namespace denied under a wildcard grant show the Deny', () => {
    const matrix = summarizeTemplate(template([allowAll, { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/secret/*' }]));
    expect(matrix.rows.map((r) => [r.target, r.level ?? null, r.denied.length])).toEqual([
      ['cri-x/*', 'FULL', 0],
      ['cri-x/secret', null, 1],
    ]);
  });

  test('a Deny of what no covering row allows adds no row', () => {
    const matrix = summarizeTemplate(template([
      { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/ns/*' },
      { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/secret/*' },
    ]));
    expect(matrix.rows.map((r) => r.target)).toEqual(['cri-x/ns']);
    expect(formatSummaryMarkdown(matrix)).not.toContain('Denied by');
  });
});

describe('policies carried by RAM users, groups and roles', () => {
  test('an inline Allow and a PolicyAttachments entry show in the summary; a Deny names the inline policy', () => {
    const matrix = summarizeTemplate({
      Resources: {
        Ops: {
          Type: 'ALIYUN::RAM::Role',
          Properties: {
            RoleName: 'ops',
            Policies: [{
              PolicyName: 'all-but-secret',
              PolicyDocument: {
                Version: '1',
                Statement: [
                  { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/*' },
                  { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/secret/*' },
                ],
              },
            }],
          },
        },
        Readers: { Type: 'ALIYUN::RAM::Group', Properties: { GroupName: 'readers', PolicyAttachments: { System: ['AliyunContainerRegistryReadOnlyAccess'] } } },
      },
    });
    expect(matrix.rows.map((r) => [r.grantee, r.target, r.level ?? null])).toEqual([
      ['group:readers', '*', null],
      ['group:readers', '*/*', 'PULL'],
      ['role:ops', 'cri-x/*', 'FULL'],
      ['role:ops', 'cri-x/secret', null],
    ]);
    // ROS requires a trust policy; without one it is not known.
    expect(matrix.notes).toEqual(['role:ops may be assumed by no caller its trust policy names; possibly by anyone: the document is not known before deployment (trust policy of role:ops)']);
    expect(formatSummaryMarkdown(matrix)).toContain('| `role:ops` | `cri-x/secret` | — | `cr:GetNamespace`, `cr:UpdateNamespace`, `cr:DeleteNamespace` | `all-but-secret (inline on role:ops)` Statement[1] |');
  });
});

describe('who may assume each role', () => {
  const role = (document: unknown, extra: object = {}) => summarizeTemplate({
    Resources: { Deploy: { Type: 'ALIYUN::RAM::Role', Properties: { RoleName: 'deploy', AssumeRolePolicyDocument: document, ...extra } } },
  }).notes;
  const trust = (...statements: object[]) => ({ Version: '1', Statement: statements });

  test('the callers of its Allow statements, as written, sorted; a Condition and a Deny are said', () => {
    expect(role(trust(
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['ecs.aliyuncs.com'], RAM: ['acs:ram::222222222222:root'] } },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: 'acs:ram::123456789012:user/ci' }, Condition: { Bool: { 'acs:MFAPresent': 'true' } } },
      { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: 'acs:ram::222222222222:user/intern' } },
    ))).toEqual([
      'role:deploy may be assumed by RAM:acs:ram::123456789012:user/ci (under a Condition or a value the template does not fix), '
      + 'RAM:acs:ram::222222222222:root, Service:ecs.aliyuncs.com, except where its Deny statements apply',
    ]);
  });

  test('a trust policy the template does not fix may let anyone assume the role, and says why', () => {
    expect(role({ Ref: 'Trust' })).toEqual([
      'role:deploy may be assumed by no caller its trust policy names; possibly by anyone: the document is not known before deployment (trust policy of role:deploy)',
    ]);
    expect(role(trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' }))).toEqual(['role:deploy may be assumed by *']);
  });
});
