/**
 * `cr-grants summary`, `diff` and `explain` on templates whose access lies beyond the fixed
 * namespace probes: other services, instance actions, inline policies, Deny exceptions.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from './run-cli';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-review-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTemplate(name: string, resources: object): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify({ ROSTemplateFormatVersion: '2015-09-01', Resources: resources }));
  return file;
}

const pull = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/ns/*' };
const alice = (statements: object[], extra: object = {}) => ({
  Alice: {
    Type: 'ALIYUN::RAM::User',
    Properties: { UserName: 'alice', Policies: [{ PolicyName: 'team', PolicyDocument: { Version: '1', Statement: statements } }], ...extra },
  },
});

test('diff: a new ram:* on * in an inline policy widens, exit 2', () => {
  const before = writeTemplate('before.json', alice([pull]));
  const after = writeTemplate('after.json', alice([pull, { Effect: 'Allow', Action: 'ram:*', Resource: '*' }]));
  const result = run('diff', before, after);
  expect(result.code).toBe(2);
  expect(result.stdout).toContain('1 widened, 0 narrowed.');
  const json = JSON.parse(run('diff', before, after, '--json').stdout);
  expect(json.changes).toHaveLength(1);
  expect(json.changes[0]).toMatchObject({ kind: 'WIDENED', principal: 'user:alice', allowedBy: { statementIndex: 1 }, deniedBy: null, unproven: null });
  expect(json.changes[0].action).toMatch(/^ram:/i);
});

test('diff: a PolicyAttachments.System entry added is a widening', () => {
  const before = writeTemplate('before-attach.json', alice([pull]));
  const after = writeTemplate('after-attach.json', alice([pull], { PolicyAttachments: { System: ['AliyunECSFullAccess'] } }));
  const result = run('diff', before, after);
  expect(result.code).toBe(2);
  expect(result.stdout).toContain('- **cannot prove no new access**: may now be allowed: `cr:PullRepository` on ');
  expect(result.stdout).toContain('it rests on what the template does not fix: policy AliyunECSFullAccess (system) allows the request');
});

test('summary: the instance action and the Deny exception of an inline policy', () => {
  const file = writeTemplate('summary.json', alice([
    { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/*' },
    { Effect: 'Deny', Action: 'cr:*', Resource: ['acs:cr:*:*:repository/cri-x/secret', 'acs:cr:*:*:repository/cri-x/secret/*'] },
    { Effect: 'Allow', Action: 'cr:DeleteInstance', Resource: 'acs:cr:*:*:instance/cri-x' },
  ]));
  const result = run('summary', file);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain([
    '| Grantee | Namespace | Level | Other actions | Denied by | Console | Login | Regions | Account |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    '| `user:alice` | `acs:cr:*:*:instance/cri-x` | — | `cr:DeleteInstance` | — | no | no | `*` | `*` |',
    '| `user:alice` | `cri-x/*` | FULL | — | — | partial | no | `*` | `*` |',
    '| `user:alice` | `cri-x/secret` | — | — | `team (inline on user:alice)` Statement[1] | partial | no | `*` | `*` |',
  ].join('\n'));
  const json = JSON.parse(run('summary', file, '--json').stdout);
  expect(json.rows.map((r: any) => [r.target, r.instanceId, r.deniedBy.map((d: any) => `${d.policyName} ${d.statementIndex}`)])).toEqual([
    ['acs:cr:*:*:instance/cri-x', null, []],
    ['cri-x/*', 'cri-x', []],
    ['cri-x/secret', 'cri-x', ['team (inline on user:alice) 1']],
  ]);
});

test('explain names the inline policy that decided', () => {
  const file = writeTemplate('explain.json', alice([pull]));
  const result = run('explain', file, '--grantee', 'user:alice', '--action', 'cr:PullRepository',
    '--resource', 'acs:cr:cn-hangzhou:1:repository/cri-x/ns/app');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Decided by policy team (inline on user:alice), Statement[0]:');
});

describe('resources that may change RAM by means not read make diff and invariants fail closed', () => {
  const adminForAlice = { ROSTemplateFormatVersion: '2015-09-01', Resources: { A: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', UserName: 'alice' } } } };
  const policy = { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', Users: ['alice'], PolicyDocument: { Version: '1', Statement: [pull] } } };
  test.each([
    ['a stack group deployed here by stack instances', {
      G: { Type: 'ALIYUN::ROS::StackGroup', Properties: { StackGroupName: 'g', TemplateBody: adminForAlice } },
      I: { Type: 'ALIYUN::ROS::StackInstances', Properties: { StackGroupName: { 'Fn::GetAtt': ['G', 'StackGroupName'] }, AccountIds: [{ Ref: 'ALIYUN::AccountId' }], RegionIds: [{ Ref: 'ALIYUN::Region' }] } },
    }],
    ['an OOS execution', { E: { Type: 'ALIYUN::OOS::Execution', Properties: { TemplateName: 'ACS-RAM-AttachPolicy', Parameters: { UserName: 'alice', PolicyName: 'AdministratorAccess' } } } }],
    ['a custom resource', { C: { Type: 'ALIYUN::ROS::CustomResource', Properties: { ServiceToken: 'acs:fc:cn-hangzhou:123:services/s/functions/attach', Parameters: { UserName: 'alice' } } } }],
    ['a nested stack with an empty TemplateBody and a TemplateURL', {
      S: { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: { ROSTemplateFormatVersion: '2015-09-01', Resources: {} }, TemplateURL: 'oss://b/t.json' } },
    }],
  ])('%s: diff cannot prove no new access (exit 2)', (_, added) => {
    const before = writeTemplate('before.json', { P: policy });
    const after = writeTemplate('after.json', { P: policy, ...added });
    const result = run('diff', before, after);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/for `user:alice` \(allowed by policy `resources of [A-Z]` \([A-Z] is (an ALIYUN::|a nested stack with both)/);
    const invariants = path.join(tmp, 'invariants.yaml');
    fs.writeFileSync(invariants, 'invariants:\n  - never: [cr:DeleteRepository]\n    on: cri-x/ns\n');
    expect([2, 3]).toContain(run('check', after, '--invariants', invariants).code);
    expect(run('check', before, '--invariants', invariants).code).toBe(0);
  });
});

describe('two managed policies of one name in one template', () => {
  const named = (action: string) => ({ Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', Users: [], PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] } } });
  // Attaches whichever "p" RAM holds: A's when A is created first, B's otherwise.
  const attach = { Type: 'ALIYUN::RAM::AttachPolicyToUser', DependsOn: 'A', Properties: { PolicyName: 'p', PolicyType: 'Custom', UserName: 'bob' } };
  const refusal = 'policy name "p" is defined by A and B; RAM policy names are unique per account, so only one of them can be created and which one depends on the order of deployment (give each policy its own name; `cr-grants check` lists every duplicate)';

  test('summary, diff, explain and check --invariants refuse it, naming both (exit 1)', () => {
    const file = writeTemplate('duplicate.json', { A: named('cr:*'), B: named('cr:PullRepository'), Attach: attach });
    const old = writeTemplate('old.json', { B: named('cr:PullRepository'), Attach: attach });
    const invariants = path.join(tmp, 'invariants.yaml');
    fs.writeFileSync(invariants, 'invariants:\n  - never: [cr:DeleteRepository]\n    on: cri-x/ns\n');
    for (const [command, ...argv] of [
      ['summary', file], ['diff', old, file], ['explain', file, '--grantee', 'user:bob', '--action', 'cr:DeleteRepository', '--resource', 'acs:cr:cn-hangzhou:1:repository/cri-x/ns/app'],
      ['check', file, '--invariants', invariants],
    ]) {
      const result = run(command, ...argv);
      expect(result).toEqual({ code: 1, stdout: '', stderr: `cr-grants ${command}: ${file}: ${refusal}\n` });
    }
    expect(run('check', old, '--invariants', invariants).code).toBe(0);
  });

  test('check without invariants reports the duplicate as CRG-E014 and judges the rest', () => {
    const result = run('check', writeTemplate('duplicate.json', { A: named('cr:*'), B: named('cr:PullRepository'), Attach: attach }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[Error] CRG-E014[p@B] policy p: Managed policies A and B are both named "p"');
    expect(result.stdout).toContain('CRG-S001[cr:*]');
  });
});

test('check --invariants: a statement with lowercase element names may break an invariant (not proven, exit 3)', () => {
  const file = writeTemplate('lowercase.json', { P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', Users: ['bob'], PolicyDocument: { Version: '1', Statement: [{ effect: 'Allow', action: 'cr:*', resource: '*' }] } } } });
  const invariants = path.join(tmp, 'invariants.yaml');
  fs.writeFileSync(invariants, 'invariants:\n  - never: [cr:DeleteRepository]\n    on: cri-x/ns\n');
  const result = run('check', file, '--invariants', invariants);
  expect(result.code).toBe(3);
  expect(result.stdout).toContain('user:bob');
});
