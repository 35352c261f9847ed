/**
 * The review gate's hostile cases: edits that widen access through a Deny removal, a document
 * behind a parameter, a Condition removal, a group membership and names built with functions.
 * Each must be found as a widening, with a witness the reference evaluation confirms.
 */
import { ChangeKind, compareReadings } from '../../lib/analysis/diff';
import { readPrincipals } from '../../lib/template/principals';

const policy = (name: unknown, statements: unknown[], extra: object = {}) => ({
  Type: 'ALIYUN::RAM::ManagedPolicy',
  Properties: { PolicyName: name, PolicyDocument: { Version: '1', Statement: statements }, ...extra },
});
const attach = (policyName: unknown, user: unknown) => ({
  Type: 'ALIYUN::RAM::AttachPolicyToUser',
  Properties: { PolicyName: policyName, PolicyType: 'Custom', UserName: user },
});
const compare = (before: object, after: object, parameters: { [name: string]: string } = {}) =>
  compareReadings(readPrincipals(before, parameters), readPrincipals(after, parameters));

const ALLOW_INSTANCE = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-1/*' };
const DENY_PROD_DELETE = { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/*/prod/*' };

describe('compareReadings', () => {
  test('removing a Deny is a widening, witnessed by a request the Deny decided', () => {
    const before = { Resources: { P: policy('team', [ALLOW_INSTANCE, DENY_PROD_DELETE]), A: attach('team', 'alice') } };
    const after = { Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', 'alice') } };
    const { changes } = compare(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: ChangeKind.WIDENED,
      principal: 'user:alice',
      request: { action: 'cr:DeleteRepository', resource: 'acs:cr:cn-hangzhou:123456789012:repository/cri-1/prod/app' },
      allowedBy: { policyName: 'team', statementIndex: 0 },
      deniedBy: { policyName: 'team', statementIndex: 1 },
      assuming: [],
    });
    expect(compare(after, before).changes.map((c) => c.kind)).toEqual([ChangeKind.NARROWED]);
  });

  test('a document behind a parameter cannot be proven to add nothing', () => {
    const before = { Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', 'alice') } };
    const after = {
      Parameters: { Doc: { Type: 'Json', Default: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } },
      Resources: { P: { ...policy('team', []), Properties: { PolicyName: 'team', PolicyDocument: { Ref: 'Doc' } } }, A: attach('team', 'alice') },
    };
    const [change] = compare(before, after).changes;
    expect(change.kind).toBe(ChangeKind.WIDENED);
    expect(change.unproven).toBe('it rests on what the template does not fix: document ${Doc} allows the request');
  });

  test('removing a Condition from an Allow is a widening; an unchanged Condition is not a change', () => {
    const conditioned = { ...ALLOW_INSTANCE, Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } };
    const before = { Resources: { P: policy('team', [conditioned]), A: attach('team', 'alice') } };
    const after = { Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', 'alice') } };
    const [change] = compare(before, after).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED, assuming: ['Condition {"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}: false'] });
    expect(change.unproven).toBeUndefined();
    const renamed = { Resources: { Q: policy('team2', [conditioned]), B: attach('team2', 'alice') } };
    expect(compare(before, renamed).changes).toEqual([]);
  });

  test('adding a user to a group that holds a policy is a widening for the user', () => {
    const base = {
      Admins: { Type: 'ALIYUN::RAM::Group', Properties: { GroupName: 'admins' } },
      Attach: { Type: 'ALIYUN::RAM::AttachPolicyToGroup', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', GroupName: 'admins' } },
      P: policy('team', [ALLOW_INSTANCE]),
      A: attach('team', 'alice'),
    };
    const after = { Resources: { ...base, Join: { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'admins', Users: ['alice'] } } } };
    const [change] = compare({ Resources: base }, after).changes;
    expect(change).toMatchObject({
      kind: ChangeKind.WIDENED,
      principal: 'user:alice',
      allowedBy: { policyName: 'AdministratorAccess (system) (through group:admins)' },
    });
  });

  test('a policy and its attachment named with Fn::Sub are followed', () => {
    const name = { 'Fn::Sub': '${ALIYUN::StackName}-team' };
    const before = { Resources: { P: policy(name, [{ ...ALLOW_INSTANCE, Action: 'cr:Pull*' }]), A: attach(name, 'alice') } };
    const after = { Resources: { P: policy(name, [ALLOW_INSTANCE]), A: attach(name, 'alice') } };
    const [change] = compare(before, after).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED, principal: 'user:alice', allowedBy: { policyName: '${ALIYUN::StackName}-team' } });
    expect(change.request.action).not.toMatch(/^cr:pull/i);
  });

  test('a namespace from a parameter: unchanged is no change, and a given value is used', () => {
    const ns = { 'Fn::Join': ['', ['acs:cr:*:*:repository/cri-1/', { Ref: 'Namespace' }, '/*']] };
    const t = (action: string) => ({
      Parameters: { Namespace: { Type: 'String' } },
      Resources: { P: policy('team', [{ Effect: 'Allow', Action: action, Resource: ns }]), A: attach('team', 'alice') },
    });
    expect(compare(t('cr:Pull*'), t('cr:Pull*')).changes).toEqual([]);
    const [change] = compare(t('cr:Pull*'), t('cr:*')).changes;
    expect(change.kind).toBe(ChangeKind.WIDENED);
    expect(change.request.resource).toMatch(/^acs:cr:.*:repository\/cri-1\//);
    const given = compare(t('cr:Pull*'), t('cr:*'), { Namespace: 'web' }).changes[0];
    expect(given.request.resource).toMatch(/repository\/cri-1\/web\//);
    expect(given.unproven).toBeUndefined();
  });

  test('an attachment to a principal named by a parameter may be anyone\'s', () => {
    const before = { Parameters: { Who: { Type: 'String' } }, Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', 'alice') } };
    const after = { ...before, Resources: { ...before.Resources, B: attach('team', { Ref: 'Who' }) } };
    const principals = compare(before, after).changes.map((c) => c.principal);
    expect(principals).toEqual(['user:${Who}']);
  });

  test('renaming policies and logical ids is not a change', () => {
    const before = { Resources: { P: policy('team', [ALLOW_INSTANCE, DENY_PROD_DELETE]), A: attach('team', 'alice') } };
    const after = { Resources: { Q: policy('renamed', [ALLOW_INSTANCE, DENY_PROD_DELETE]), B: attach('renamed', 'alice') } };
    expect(compare(before, after).changes).toEqual([]);
  });
});

describe('values the template reader leaves open', () => {
  const READ_ONLY = { Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', 'alice') } };

  test('PolicyAttachments given whole by a parameter may attach any policy: a widening', () => {
    const after = {
      Parameters: { Attached: { Type: 'Json' } },
      Resources: {
        ...READ_ONLY.Resources,
        Alice: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice', PolicyAttachments: { Ref: 'Attached' } } },
      },
    };
    const [change] = compare(READ_ONLY, after).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED, principal: 'user:alice' });
    expect(change.unproven).toBe('it rests on what the template does not fix: policy ${Attached} (system) allows the request');
  });

  test('a PolicyType only known at deployment may be System: the system policy of that name counts', () => {
    const after = {
      Parameters: { Type: { Type: 'String' } },
      Resources: {
        ...READ_ONLY.Resources,
        // A custom policy of the same name, defined here, must not hide the system one.
        Narrow: policy('AdministratorAccess', [{ Effect: 'Allow', Action: 'cr:GetRepository', Resource: 'acs:cr:*:*:repository/cri-1/*' }]),
        B: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'AdministratorAccess', PolicyType: { Ref: 'Type' }, UserName: 'alice' } },
      },
    };
    expect(readPrincipals(after).principals.get('user:alice')!.policies.map((p) => p.policyName))
      .toEqual(['team', 'AdministratorAccess (system)', 'AdministratorAccess']);
    const [change] = compare(READ_ONLY, after).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED, allowedBy: { policyName: 'AdministratorAccess (system)' } });
  });

  test('text that still carries a ROS CDK token is not known: its marker is a hole', () => {
    const after = { Resources: { P: policy('team', [{ ...ALLOW_INSTANCE, Resource: 'acs:cr:*:*:repository/${Token[TOKEN.12]}/*' }]), A: attach('team', 'alice') } };
    const [change] = compare(READ_ONLY, after).changes;
    expect(change.kind).toBe(ChangeKind.WIDENED);
    expect(change.unproven).toMatch(/Resource acs:cr:\*:\*:repository\/\$\{Token\[TOKEN\.12\]\}\/\* covers the request/);
  });
});
