/**
 * Hostile templates for `cr-grants diff`: each NEW version gives user alice (or someone) a
 * request OLD does not, so the safe answer is exit 2 (or 1, refusing the input). Exit 0 or 3
 * hides a widening.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliResult, runDiff } from './run-cli';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-hostile-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `cr-grants diff` of two versions, written to this suite's directory. */
function diff(before: unknown, after: unknown, extension = 'json'): CliResult {
  return runDiff(tmp, before, after, extension);
}

const template = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown =>
  ({ ROSTemplateFormatVersion: '2015-09-01', ...extra, Resources: resources });
const policy = (name: string, statements: unknown[], users: string[] = ['alice']): Record<string, unknown> =>
  ({ Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: name, PolicyDocument: { Version: '1', Statement: statements }, Users: users } });
const PULL = { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: ['acs:cr:*:*:repository/cri-123456/team/*'] };

const WIDE = { Effect: 'Allow', Action: 'cr:*', Resource: '*' };
const OLD = template({ P: policy('p', [PULL]) });
const safe = (code: number) => expect([1, 2]).toContain(code);

describe('template reader', () => {
  // ROS: "If you specify PolicyDocumentUnchecked, PolicyDocument is ignored" (aliyun-ram-managedpolicy).
  test('PolicyDocument and PolicyDocumentUnchecked both given: Unchecked, the one ROS uses, is read', () => {
    const p = policy('p', [PULL]) as any;
    p.Properties.PolicyDocumentUnchecked = { Version: '1', Statement: [WIDE] };
    p.Properties.PolicyDocument = { Version: '1', Statement: [PULL] };
    const r = diff(OLD, template({ P: p }));
    safe(r.code);
  });

  test('unknown ROS function in Action fails closed', () => {
    const s = { Effect: 'Allow', Action: { 'Fn::Select': ['0', ['cr:*']] }, Resource: '*' };
    safe(diff(OLD, template({ P: policy('p', [PULL, s]) })).code);
  });

  test('Fn::Replace in Resource fails closed', () => {
    const s = { Effect: 'Allow', Action: 'cr:*', Resource: { 'Fn::Replace': [{ team: '*' }, 'acs:cr:*:*:repository/cri-123456/team/*'] } };
    safe(diff(OLD, template({ P: policy('p', [PULL, s]) })).code);
  });

  test('Fn::GetJsonValue statement fails closed', () => {
    const s = { 'Fn::GetJsonValue': ['s', '{"s":{"Effect":"Allow","Action":"cr:*","Resource":"*"}}'] };
    safe(diff(OLD, template({ P: policy('p', [PULL, s]) })).code);
  });

  test('Fn::If with an unfixed condition picking the Effect', () => {
    const s = { Effect: { 'Fn::If': ['C', 'Allow', 'Deny'] }, Action: 'cr:*', Resource: '*' };
    const t = template({ P: policy('p', [PULL, s]) }, { Parameters: { X: { Type: 'String' } }, Conditions: { C: { 'Fn::Equals': [{ Ref: 'X' }, 'a'] } } });
    safe(diff(OLD, t).code);
  });

  test('Fn::If on a fixed condition picking a wide statement', () => {
    const s = { 'Fn::If': ['C', WIDE, { Ref: 'ALIYUN::NoValue' }] };
    const t = template({ P: policy('p', [PULL, s]) }, { Conditions: { C: { 'Fn::Equals': ['a', 'a'] } } });
    safe(diff(OLD, t).code);
  });

  test('resource Condition that is true keeps the attachment', () => {
    const a = { Type: 'ALIYUN::RAM::AttachPolicyToUser', Condition: 'C', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', UserName: 'alice' } };
    const t = template({ P: policy('p', [PULL]), A: a }, { Conditions: { C: { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] } } });
    safe(diff(OLD, t).code);
  });

  test('Fn::Equals comparing a number and a string', () => {
    const a = { Type: 'ALIYUN::RAM::AttachPolicyToUser', Condition: 'C', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', UserName: 'alice' } };
    // ROS compares values as it reads them; "1" and 1 may well be equal there.
    const t = template({ P: policy('p', [PULL]), A: a }, { Conditions: { C: { 'Fn::Equals': ['1', 1] } } });
    safe(diff(OLD, t).code);
  });

  test('ResourceManager PolicyAttachment of a system policy', () => {
    const a = { Type: 'ALIYUN::ResourceManager::PolicyAttachment', Properties: { PolicyName: 'AliyunContainerRegistryFullAccess', PolicyType: 'System', PrincipalName: 'alice@example.onaliyun.com', PrincipalType: 'IMSUser', ResourceGroupId: 'rg-1' } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), A: a })).code);
  });

  test('ResourceManager PrincipalName with @ only in a later part', () => {
    const a = { Type: 'ALIYUN::ResourceManager::PolicyAttachment', Properties: { PolicyName: 'AliyunContainerRegistryFullAccess', PolicyType: 'System', PrincipalName: { 'Fn::Join': ['', [{ Ref: 'Who' }, '@example.onaliyun.com']] }, PrincipalType: 'IMSUser', ResourceGroupId: 'rg-1' } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), A: a }, { Parameters: { Who: { Type: 'String' } } })).code);
  });

  test('Role with inline Policies', () => {
    const role = { Type: 'ALIYUN::RAM::Role', Properties: { RoleName: 'ci', AssumeRolePolicyDocument: {}, Policies: [{ PolicyName: 'x', PolicyDocument: { Version: '1', Statement: [WIDE] } }] } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), R: role })).code);
  });

  test('Group PolicyAttachments Custom and user Groups', () => {
    const g = { Type: 'ALIYUN::RAM::Group', Properties: { GroupName: 'g', PolicyAttachments: { System: ['AliyunContainerRegistryFullAccess'] } } };
    const u = { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice', Groups: ['g'] } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), G: g, U: u })).code);
  });

  test('nested stack TemplateBody as JSON string', () => {
    const body = JSON.stringify(template({ P: policy('q', [WIDE]) }));
    const s = { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: body } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), S: s })).code);
  });

  test('nested stack TemplateBody as YAML string', () => {
    const body = `ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  P:\n    Type: ALIYUN::RAM::AttachPolicyToUser\n    Properties: {PolicyName: AdministratorAccess, PolicyType: System, UserName: alice}\n`;
    const s = { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: body } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), S: s })).code);
  });

  test('nested stack TemplateURL', () => {
    const s = { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateURL: 'oss://b/t.json' } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), S: s })).code);
  });

  test('nested stack TemplateBody given as a Fn::Sub string', () => {
    const s = { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: { 'Fn::Sub': JSON.stringify(template({ P: policy('q', [WIDE]) })) } } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), S: s })).code);
  });

  test('Statement as a single object', () => {
    const p = policy('p', []) as any;
    p.Properties.PolicyDocument = { Version: '1', Statement: WIDE };
    safe(diff(OLD, template({ P: p })).code);
  });

  test('Action with spaces around', () => {
    safe(diff(OLD, template({ P: policy('p', [PULL, { ...WIDE, Action: ' cr:* ' }]) })).code);
  });

  test('Effect "ALLOW" upper case', () => {
    safe(diff(OLD, template({ P: policy('p', [PULL, { ...WIDE, Effect: 'ALLOW' }]) })).code);
  });

  test('Deny with Effect " Deny" removed is seen', () => {
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: '*' };
    safe(diff(template({ P: policy('p', [WIDE, deny]) }), template({ P: policy('p', [WIDE, { ...deny, Effect: 'deny ' }]) })).code);
  });

  test('Ref to ALIYUN::AccountId in Resource', () => {
    safe(diff(OLD, template({ P: policy('p', [PULL, { ...WIDE, Resource: { 'Fn::Sub': 'acs:cr:*:${ALIYUN::AccountId}:*' } }]) })).code);
  });

  test('managed policy attached through Users given as Fn::Split', () => {
    const p = policy('q', [WIDE], []) as any;
    p.Properties.Users = { 'Fn::Split': [',', 'alice,bob'] };
    safe(diff(OLD, template({ P: policy('p', [PULL]), Q: p })).code);
  });

  test('IgnoreExisting true on the narrow policy', () => {
    const p = policy('p', [PULL]) as any;
    p.Properties.IgnoreExisting = true;
    safe(diff(OLD, template({ P: p })).code);
  });

  test('Metadata and DependsOn do not hide an attachment', () => {
    const a = { Type: 'ALIYUN::RAM::AttachPolicyToUser', DependsOn: 'P', Metadata: { x: 1 }, Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', UserName: 'alice' } };
    safe(diff(OLD, template({ P: policy('p', [PULL]), A: a })).code);
  });
});

describe('memberships and Denies', () => {
  const allowAll = policy('all', [WIDE]);
  const groupDeny = { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'deny', Groups: ['restricted'], PolicyDocument: { Version: '1', Statement: [{ Effect: 'Deny', Action: 'cr:Delete*', Resource: '*' }] } } };
  const member = { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'restricted', Users: ['alice'] } };

  test('leaving a group whose Deny bound the user is a widening', () => {
    const r = diff(template({ A: allowAll, D: groupDeny, M: member }), template({ A: allowAll, D: groupDeny }));
    expect(r.code).toBe(2);
  });

  test('a membership that exists only under an unfixed resource Condition', () => {
    const cond = { ...member, Condition: 'C' };
    const t = (m: unknown) => template({ A: allowAll, D: groupDeny, M: m }, { Parameters: { X: { Type: 'String' } }, Conditions: { C: { 'Fn::Equals': [{ Ref: 'X' }, 'a'] } } });
    expect(diff(t(member), t(cond)).code).toBe(2);
  });
});
