/**
 * The review gate's hostile cases: edits that widen access through a Deny removal, a document
 * behind a parameter, a Condition removal, a group membership and names built with functions.
 * Each must be found as a widening, with a witness the reference evaluation confirms.
 */
import { ChangeKind, compareReadings } from '../../lib/analysis/diff';
import { ExplainEffect, explainTemplate } from '../../lib/analysis/explain';
import { summarizeTemplate } from '../../lib/analysis/summary';
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

describe('template conditions', () => {
  const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
  const CONDITIONS = { No: { 'Fn::Equals': ['a', 'b'] }, Yes: { 'Fn::Not': [{ Condition: 'No' }] } };
  const withCondition = (condition: string | undefined, conditions: object = CONDITIONS) => ({
    Parameters: { Env: { Type: 'String' } },
    Conditions: conditions,
    Resources: {
      P: { ...policy('admin', [ALLOW_ALL]), ...(condition ? { Condition: condition } : {}) },
      A: attach('admin', 'alice'),
    },
  });

  test('dropping a false Condition from a policy is a widening, proven', () => {
    const [change] = compare(withCondition('No'), withCondition(undefined)).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED, principal: 'user:alice', allowedBy: { policyName: 'admin' } });
    expect(change.unproven).toBeUndefined();
    // A condition that holds is no condition at all.
    expect(compare(withCondition('Yes'), withCondition(undefined)).changes).toEqual([]);
  });

  test('a condition that is not fixed guards the resource, keyed by its definition', () => {
    const onParameter = { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } };
    const before = withCondition('Prod', onParameter);
    // Unchanged: the same unknown in both versions.
    expect(compare(before, before).changes).toEqual([]);
    // The condition removed: the policy exists where it may not have.
    const [dropped] = compare(before, withCondition(undefined, onParameter)).changes;
    expect(dropped).toMatchObject({ kind: ChangeKind.WIDENED, principal: 'user:alice' });
    // The condition redefined under the same name: a different unknown.
    const [redefined] = compare(before, withCondition('Prod', { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] } })).changes;
    expect(redefined).toMatchObject({ kind: ChangeKind.WIDENED, principal: 'user:alice' });
    // The attachment stands without the condition, so where it does not hold the name may be a policy defined elsewhere.
    expect(redefined.unproven).toMatch(/^it rests on what the template does not fix: .*template condition Prod (holds|does not hold)/);
    expect(redefined.unproven).not.toMatch(/\uE000/);
    // Given the parameter, the condition is decided.
    expect(compare(before, withCondition(undefined, onParameter), { Env: 'prod' }).changes).toEqual([]);
  });

  test('an attachment, a membership and a nested stack under a false condition do not exist', () => {
    const groupPolicy = {
      Admins: { Type: 'ALIYUN::RAM::AttachPolicyToGroup', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', GroupName: 'admins' } },
      P: policy('team', [ALLOW_INSTANCE]),
      A: attach('team', 'alice'),
    };
    const join = { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'admins', Users: ['alice'] } };
    const nested = {
      Type: 'ALIYUN::ROS::Stack',
      Properties: { TemplateBody: { Resources: { B: attach('AdministratorAccess', 'alice') } } },
    };
    const system = { ...nested.Properties.TemplateBody.Resources.B, Properties: { ...nested.Properties.TemplateBody.Resources.B.Properties, PolicyType: 'System' } };
    nested.Properties.TemplateBody.Resources.B = system;
    for (const added of [join, nested, system]) {
      const before = { Conditions: CONDITIONS, Resources: { ...groupPolicy, X: { ...added, Condition: 'No' } } };
      const after = { Conditions: CONDITIONS, Resources: { ...groupPolicy, X: added } };
      expect(compare(before, before).changes).toEqual([]);
      expect(compare(before, after).changes.map((c) => [c.kind, c.principal])).toEqual([[ChangeKind.WIDENED, 'user:alice']]);
    }
  });

  test('an inline policy\'s owner under a false condition holds nothing', () => {
    const user = (condition?: string) => ({
      Conditions: CONDITIONS,
      Resources: {
        P: policy('team', [ALLOW_INSTANCE]),
        A: attach('team', 'alice'),
        U: {
          Type: 'ALIYUN::RAM::User',
          ...(condition ? { Condition: condition } : {}),
          Properties: { UserName: 'alice', Policies: [{ PolicyName: 'all', PolicyDocument: { Version: '1', Statement: [ALLOW_ALL] } }] },
        },
      },
    });
    expect(compare(user('No'), user()).changes.map((c) => c.kind)).toEqual([ChangeKind.WIDENED]);
  });

  test('Fn::If picks its branch when the condition is fixed, and is an unknown keyed by the condition when not', () => {
    const ifAction = (conditions: object) => ({
      Parameters: { Env: { Type: 'String' } },
      Conditions: conditions,
      Resources: { P: policy('team', [{ ...ALLOW_INSTANCE, Action: { 'Fn::If': ['Wide', 'cr:*', 'cr:Pull*'] } }]), A: attach('team', 'alice') },
    });
    const fixedNarrow = ifAction({ Wide: { 'Fn::Equals': ['a', 'b'] } });
    const fixedWide = ifAction({ Wide: { 'Fn::Equals': ['a', 'a'] } });
    const [picked] = compare(fixedNarrow, fixedWide).changes;
    expect(picked).toMatchObject({ kind: ChangeKind.WIDENED });
    expect(picked.unproven).toBeUndefined();
    expect(picked.request.action).not.toMatch(/^cr:pull/i);
    const open = ifAction({ Wide: { 'Fn::Equals': [{ Ref: 'Env' }, 'x'] } });
    expect(compare(open, open).changes).toEqual([]);
    const [redefined] = compare(open, ifAction({ Wide: { 'Fn::Equals': [{ Ref: 'Env' }, 'y'] } })).changes;
    expect(redefined).toMatchObject({ kind: ChangeKind.WIDENED });
    // Shown as written, without the fingerprint that tells the two unknowns apart.
    expect(redefined.unproven).toBe('it rests on what the template does not fix: Action ${{"Fn::If":["Wide","cr:*","cr:Pull*"]}} covers the request');
  });
});

describe('unknowns are the same only where their definitions are', () => {
  const withResource = (resource: unknown, extra: object = {}) => ({
    Parameters: { Env: { Type: 'String' } },
    ...extra,
    Resources: {
      P: policy('team', [{ Effect: 'Allow', Action: 'cr:*', Resource: resource }]),
      A: attach('team', 'alice'),
    },
  });

  const cases: [string, object, object][] = [
    ['Fn::FindInMap with a changed mapping (keys not fixed)',
      withResource({ 'Fn::FindInMap': ['Scope', { Ref: 'Env' }, 'arn'] }, { Mappings: { Scope: { prod: { arn: 'acs:cr:*:*:repository/cri-1/prod/*' } } } }),
      withResource({ 'Fn::FindInMap': ['Scope', { Ref: 'Env' }, 'arn'] }, { Mappings: { Scope: { prod: { arn: '*' } } } })],
    ['Ref to a non-RAM resource whose properties changed',
      withResource({ 'Fn::Sub': 'acs:cr:*:*:repository/${Repo}/*' }, { Resources: {} }),
      withResource({ 'Fn::Sub': 'acs:cr:*:*:repository/${Repo}/*' })],
    ['Fn::GetAtt of a nested stack output that changed',
      withResource({ 'Fn::GetAtt': ['Child', 'Outputs.Arn'] }),
      withResource({ 'Fn::GetAtt': ['Child', 'Outputs.Arn'] })],
  ];
  // The resources the values refer to, differing between the versions.
  const repo = (name: string) => ({ Type: 'ALIYUN::CR::Repository', Properties: { RepoName: name } });
  const child = (arn: string) => ({ Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: { Resources: {}, Outputs: { Arn: { Value: arn } } } } });
  (cases[1][1] as any).Resources.Repo = repo('cri-1/web');
  (cases[1][2] as any).Resources.Repo = repo('cri-1/prod');
  (cases[2][1] as any).Resources.Child = child('acs:cr:*:*:repository/cri-1/web/*');
  (cases[2][2] as any).Resources.Child = child('*');

  test.each(cases)('%s is a different unknown: cannot prove no new access', (_name, before, after) => {
    expect(compare(before, before).changes).toEqual([]);
    expect(compare(after, after).changes).toEqual([]);
    const [change] = compare(before, after).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED, principal: 'user:alice' });
    expect(change.unproven).toMatch(/^it rests on what the template does not fix: Resource .* covers the request$/);
    expect(change.unproven).not.toMatch(/\uE000/);
  });

  test('Fn::FindInMap with fixed keys reads the mapping', () => {
    const mapped = (arn: string) => withResource({ 'Fn::FindInMap': ['Scope', 'prod', 'arn'] }, { Mappings: { Scope: { prod: { arn } } } });
    const [change] = compare(mapped('acs:cr:*:*:repository/cri-1/prod/*'), mapped('acs:cr:*:*:repository/cri-1/*')).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED });
    expect(change.unproven).toBeUndefined();
    expect(change.request.resource).not.toMatch(/cri-1\/prod\//);
  });

  test('a nested stack parameter fed from a different parent parameter is a different unknown', () => {
    const nested = (from: string) => ({
      Parameters: { Narrow: { Type: 'String' }, Wide: { Type: 'String' } },
      Resources: {
        Child: {
          Type: 'ALIYUN::ROS::Stack',
          Properties: {
            Parameters: { Scope: { Ref: from } },
            TemplateBody: {
              Parameters: { Scope: { Type: 'String' } },
              Resources: { P: policy('team', [{ Effect: 'Allow', Action: 'cr:*', Resource: { Ref: 'Scope' } }]), A: attach('team', 'alice') },
            },
          },
        },
      },
    });
    expect(compare(nested('Narrow'), nested('Narrow')).changes).toEqual([]);
    const [change] = compare(nested('Narrow'), nested('Wide')).changes;
    expect(change).toMatchObject({ kind: ChangeKind.WIDENED, principal: 'user:alice' });
    expect(change.unproven).toBe('it rests on what the template does not fix: Resource ${Wide} covers the request');
    // A value given for the parent's parameter reaches the nested stack.
    expect(compare(nested('Narrow'), nested('Wide'), { Narrow: '*', Wide: '*' }).changes).toEqual([]);
  });

  test('a nested stack\'s own parameter, not passed, is not the parent\'s parameter of that name', () => {
    const nested = (childDefault: string) => ({
      Parameters: { Scope: { Type: 'String' } },
      Resources: {
        Child: {
          Type: 'ALIYUN::ROS::Stack',
          Properties: {
            TemplateBody: {
              Parameters: { Scope: { Type: 'String', Default: childDefault } },
              Resources: { P: policy('team', [{ Effect: 'Allow', Action: 'cr:*', Resource: { Ref: 'Scope' } }]), A: attach('team', 'alice') },
            },
          },
        },
      },
    });
    expect(compare(nested('acs:cr:*:*:repository/cri-1/*'), nested('acs:cr:*:*:repository/cri-1/*')).changes).toEqual([]);
    // Different unknowns both ways: widened, and narrowed too.
    expect(compare(nested('acs:cr:*:*:repository/cri-1/*'), nested('*')).changes.map((c) => c.kind)).toEqual([ChangeKind.WIDENED, ChangeKind.NARROWED]);
  });

  test('a principal named from a changed mapping is a different principal', () => {
    const named = (user: string) => ({
      Parameters: { Env: { Type: 'String' } },
      Mappings: { Users: { prod: { name: user } } },
      Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', { 'Fn::FindInMap': ['Users', { Ref: 'Env' }, 'name'] }) },
    });
    expect(compare(named('bob'), named('bob')).changes).toEqual([]);
    const changes = compare(named('bob'), named('alice')).changes;
    expect(changes.map((c) => [c.kind, c.principal])).toContainEqual([ChangeKind.WIDENED, 'user:${Mappings.Users.${Env}.name}']);
  });
});

describe('Fn::Sub escapes', () => {
  test('${!Name} anywhere is literal text, not a variable', () => {
    const sub = (text: string) => ({
      Parameters: { Ns: { Type: 'String' } },
      Resources: { P: policy('team', [{ Effect: 'Allow', Action: 'cr:*', Resource: { 'Fn::Sub': text } }]), A: attach('team', 'alice') },
    });
    const reading = readPrincipals(sub('acs:cr:*:*:repository/${!Ns}/${Ns}/x'));
    const [held] = reading.principals.get('user:alice')!.policies;
    expect((held.document as any).Statement[0].Resource).toEqual({ parts: ['acs:cr:*:*:repository/${Ns}/', { hole: '${Ns}', ref: 'Ns' }, '/x'] });
    // The escaped text is a literal: a policy on it covers only requests spelling `${Ns}`.
    const [change] = compare(sub('acs:cr:*:*:repository/${!Ns}/${Ns}/x'), sub('acs:cr:*:*:repository/${Ns}/${Ns}/x')).changes;
    expect(change.kind).toBe(ChangeKind.WIDENED);
  });
});

describe('policy language corners', () => {
  const t = (statements: unknown, more: object = {}, extra: object = {}) => ({
    Resources: { P: { ...policy('team', []), Properties: { PolicyName: 'team', PolicyDocument: { Version: '1', Statement: statements }, ...extra } }, A: attach('team', 'alice'), ...more },
  });
  const DENY_DELETE = { Effect: 'Deny', Action: 'cr:Delete*', Resource: '*' };
  const denyPolicy = { D: policy('deny', [DENY_DELETE]), DA: attach('deny', 'alice') };
  const group = {
    G: { Type: 'ALIYUN::RAM::Group', Properties: { GroupName: 'ops' } },
    GD: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'nodelete', Groups: ['ops'], PolicyDocument: { Version: '1', Statement: [DENY_DELETE] } } },
  };
  const alice = (groups?: string[]) => ({ U: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice', ...(groups ? { Groups: groups } : {}) } } });
  const addition = { J: { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'ops', Users: ['alice'] } } };

  const widenings: [string, object, object][] = [
    ['a Deny with NotAction removed', t([ALLOW_INSTANCE, { Effect: 'Deny', NotAction: 'cr:Pull*', Resource: '*' }]), t([ALLOW_INSTANCE])],
    ['a Deny with NotAction excluding more', t([ALLOW_INSTANCE, { Effect: 'Deny', NotAction: 'cr:Pull*', Resource: '*' }]),
      t([ALLOW_INSTANCE, { Effect: 'Deny', NotAction: ['cr:Pull*', 'cr:Push*'], Resource: '*' }])],
    ['an Allow with only NotResource added', t([ALLOW_INSTANCE]), t([ALLOW_INSTANCE, { Effect: 'Allow', Action: '*', NotResource: 'acs:cr:*:*:instance/*' }])],
    ['a Deny that gains NotResource', t([ALLOW_INSTANCE, DENY_DELETE]), t([ALLOW_INSTANCE, { ...DENY_DELETE, NotResource: 'acs:cr:*:*:repository/cri-1/prod/*' }])],
    ['a Deny with ? removed', t([ALLOW_INSTANCE, { ...DENY_DELETE, Action: 'cr:Delete?epository' }]), t([ALLOW_INSTANCE])],
    ['an Allow with ? added', t([ALLOW_INSTANCE]), t([ALLOW_INSTANCE, { Effect: 'Allow', Action: 'ram:?*', Resource: '*' }])],
    ['a Deny written in upper case removed', t([ALLOW_INSTANCE, { ...DENY_DELETE, Action: 'CR:DELETE*' }]), t([ALLOW_INSTANCE])],
    ['a single Statement object widened', t([ALLOW_INSTANCE]), t({ ...ALLOW_INSTANCE, Resource: '*' })],
    ['an Allow whose Effect is "allow" added', t([ALLOW_INSTANCE]), t([ALLOW_INSTANCE, { Effect: 'allow', Action: '*', Resource: '*' }])],
    ['a Deny whose Effect is "DENY" removed', t([ALLOW_INSTANCE, { ...DENY_DELETE, Effect: 'DENY' }]), t([ALLOW_INSTANCE])],
    ['a Deny whose Action has spaces around it removed', t([ALLOW_INSTANCE, { ...DENY_DELETE, Action: ' cr:Delete* ' }]), t([ALLOW_INSTANCE])],
    ['a wider statement beside one of the same Sid', t([{ Sid: 'x', ...ALLOW_INSTANCE }]), t([{ Sid: 'x', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'x', ...ALLOW_INSTANCE }])],
    ['a document without Version widened', t([ALLOW_INSTANCE]), t([{ ...ALLOW_INSTANCE, Resource: '*' }], {}, { PolicyDocument: { Statement: [{ ...ALLOW_INSTANCE, Resource: '*' }] } })],
    ['a user taken out of a group with a Deny (User.Groups)', t([ALLOW_INSTANCE], { ...group, ...alice(['ops']) }), t([ALLOW_INSTANCE], { ...group, ...alice() })],
    ['a user taken out of a group with a Deny (UserToGroupAddition)', t([ALLOW_INSTANCE], { ...group, ...alice(), ...addition }), t([ALLOW_INSTANCE], { ...group, ...alice() })],
    ['a policy with IgnoreExisting, which may keep a policy of that name', t([ALLOW_INSTANCE]), t([{ ...ALLOW_INSTANCE, Action: 'cr:Pull*' }], {}, { IgnoreExisting: true })],
    ['a Deny attached under a name in another case', t([ALLOW_INSTANCE], denyPolicy), t([ALLOW_INSTANCE], { ...denyPolicy, DA: attach('DENY', 'alice') })],
  ];
  test.each(widenings)('%s is a widening', (_name, before, after) => {
    const { changes, undecided } = compare(before, after);
    expect(undecided).toEqual([]);
    expect(changes.filter((c) => c.kind === ChangeKind.WIDENED).map((c) => c.principal)).toContain('user:alice');
  });

  const unchanged: [string, object, object][] = [
    ['an action in another case', t([{ ...ALLOW_INSTANCE, Action: 'cr:Pull*' }]), t([{ ...ALLOW_INSTANCE, Action: 'CR:PULL*' }])],
    ['a single Statement object for a list of one', t([ALLOW_INSTANCE]), t(ALLOW_INSTANCE)],
    ['Action and Resource as lists of one', t([ALLOW_INSTANCE]), t([{ ...ALLOW_INSTANCE, Action: ['cr:*'], Resource: ['acs:cr:*:*:repository/cri-1/*'] }])],
    ['a policy attached twice, then once', t([ALLOW_INSTANCE], { B: attach('team', 'alice') }), t([ALLOW_INSTANCE])],
    ['a Deny attached twice, then once', t([ALLOW_INSTANCE], { ...denyPolicy, DB: attach('deny', 'alice') }), t([ALLOW_INSTANCE], denyPolicy)],
    ['a membership made both ways, then one way', t([ALLOW_INSTANCE], { ...group, ...alice(['ops']), ...addition }), t([ALLOW_INSTANCE], { ...group, ...alice(['ops']) })],
  ];
  test.each(unchanged)('%s is no change', (_name, before, after) => {
    expect(compare(before, after).changes).toEqual([]);
  });

  test('loosely written values are a change only where RAM might read them: unchanged is no change', () => {
    const loose = t([{ Effect: ' allow', Action: ' cr:* ', Resource: '*', NotResource: 'x' }, { Effect: 'DENY', Action: 'cr:Delete*', Resource: '*', NotResource: 'y' }], {}, { IgnoreExisting: true });
    expect(compare(loose, loose).changes).toEqual([]);
  });
});

describe('reports show unknowns without their fingerprints', () => {
  const named = {
    Parameters: { Env: { Type: 'String' } },
    Mappings: { Users: { prod: { name: 'bob' } } },
    Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', { 'Fn::FindInMap': ['Users', { Ref: 'Env' }, 'name'] }) },
  };

  test('explain finds a principal by the label reports show', () => {
    const explanation = explainTemplate(named, 'user:${Mappings.Users.${Env}.name}', 'cr:PullRepository', 'acs:cr:cn-hangzhou:1:repository/cri-1/ns/app');
    expect(explanation.effect).toBe(ExplainEffect.ALLOW);
    expect(JSON.stringify(explanation)).not.toMatch(/\uE000/);
  });

  test('summary shows the principal as written', () => {
    const matrix = summarizeTemplate(named);
    expect(matrix.grantees).toEqual(['user:${Mappings.Users.${Env}.name}']);
    expect(JSON.stringify(matrix)).not.toMatch(/\uE000/);
  });
});

describe('resource case', () => {
  const DENY_UPPER = { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/CRI-1/*' };
  const before = { Resources: { P: policy('team', [ALLOW_INSTANCE, DENY_UPPER]), A: attach('team', 'alice') } };
  const after = { Resources: { P: policy('team', [ALLOW_INSTANCE]), A: attach('team', 'alice') } };

  test('removing a Deny written in another case is a widening if RAM ignores the case of resources, and says so', () => {
    const { changes } = compare(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: ChangeKind.WIDENED,
      ignoringResourceCase: true,
      request: { action: 'cr:DeleteRepository' },
      deniedBy: { policyName: 'team', statementIndex: 1 },
    });
    expect(changes[0].request.resource).toMatch(/repository\/cri-1\//);
  });

  test('the same template compared with itself is no change', () => {
    expect(compare(before, before).changes).toEqual([]);
  });
});

describe('keys RAM does not document', () => {
  const WIDE = { Effect: 'Allow', Action: 'cr:*', Resource: '*' };
  const PULL = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/team/*' };
  const withDocument = (document: unknown) => ({ Resources: { P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'team', PolicyDocument: document } }, A: attach('team', 'alice') } });
  const before = { Resources: { P: policy('team', [PULL]), A: attach('team', 'alice') } };

  test('a statement written with lowercase element names may allow anything: a widening that cannot be proven away', () => {
    const { changes } = compare(before, { Resources: { P: policy('team', [PULL, { effect: 'Allow', action: 'cr:*', resource: '*' }]), A: attach('team', 'alice') } });
    const widened = changes.find((c) => c.kind === ChangeKind.WIDENED);
    expect(widened?.unproven).toBeDefined();
    expect(widened?.allowedBy?.reading).toBe('the statement has the keys "action", "effect", "resource", which RAM does not document '
      + '(only Sid, Effect, Action, NotAction, Resource, NotResource, Condition); read as content that is not known');
  });

  test('a document whose list is under "statement" may allow anything', () => {
    const { changes } = compare(before, withDocument({ Version: '1', statement: [WIDE] }));
    expect(changes.some((c) => c.kind === ChangeKind.WIDENED && c.allowedBy?.reading?.startsWith('the document has the key "statement", which RAM does not document (only Version, Statement)'))).toBe(true);
  });

  test('a Deny with a key RAM does not document may not apply', () => {
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: '*' };
    const denied = (extra: object) => ({ Resources: { P: policy('team', [WIDE, { ...deny, ...extra }]), A: attach('team', 'alice') } });
    expect(compare(denied({}), denied({ Principal: '*' })).changes.some((c) => c.kind === ChangeKind.WIDENED)).toBe(true);
    // The same statement in both versions is the same unknown: no change.
    expect(compare(denied({ Principal: '*' }), denied({ Principal: '*' })).changes).toEqual([]);
  });

  test('a correctly written document reads as before: no guard, no reading note', () => {
    const reading = readPrincipals(withDocument({ Version: '1', Statement: [PULL, { ...WIDE, Sid: 's', Condition: { Bool: { 'acs:MFAPresent': 'true' } } }] }));
    const explained = explainTemplate(withDocument({ Version: '1', Statement: [PULL] }), 'user:alice', 'cr:PullRepository', 'acs:cr:cn-hangzhou:1:repository/cri-1/team/app');
    expect(explained.effect).toBe(ExplainEffect.ALLOW);
    expect(JSON.stringify(reading)).not.toContain('read as written');
    expect(compare(before, withDocument({ Version: '1', Statement: [PULL] })).changes).toEqual([]);
  });
});

test('a principal the new version no longer names may still get anything from a resource that is not read', () => {
  const custom = { Type: 'ALIYUN::ROS::CustomResource', Properties: { ServiceToken: 'acs:fc:cn-hangzhou:1:functions/f' } };
  const denyAll = policy('deny', [{ Effect: 'Deny', Action: '*', Resource: '*' }]);
  const { changes } = compare({ Resources: { P: denyAll, A: attach('deny', 'alice'), X: custom } }, { Resources: { X: custom } });
  const widened = changes.filter((c) => c.kind === ChangeKind.WIDENED);
  expect(widened.map((c) => c.principal)).toEqual(['user:alice']);
  expect(widened[0].unproven).toBe('it rests on what the template does not fix: policy resources of X allows the request');
});
