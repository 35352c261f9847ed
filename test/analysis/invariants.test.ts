import * as fs from 'fs';
import * as path from 'path';
import { InvariantCertainty, checkTemplateInvariants, invariantExitCode } from '../../lib/analysis/invariants';
import { InvariantInput, LocatedInvariant, normalizeInvariant } from '../../lib/model/invariant';

const FIXTURES = path.join(__dirname, '..', '..', 'examples', 'invariants');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

const located = (...inputs: InvariantInput[]): LocatedInvariant[] =>
  inputs.map((input, i) => ({ invariant: normalizeInvariant(input, `test invariants[${i}]`), where: `test invariants[${i}]` }));

const NO_PROD_DELETE = located({ never: ['cr:DeleteNamespace', 'cr:DeleteRepository'], on: 'cri-123456/prod', except: ['group:registry-owners'] });

function policy(name: string, statements: unknown[], attach: { Users?: unknown[]; Groups?: unknown[]; Roles?: unknown[] }) {
  return { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: name, PolicyDocument: { Version: '1', Statement: statements }, ...attach } };
}
const ALLOW_ALL_NAMESPACES = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-123456/*' };
const DENY_PROD_DELETE = { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/cri-123456/prod*' };

describe('invariants on hand-written templates', () => {
  test('a template whose Deny keeps admins from deleting in prod passes', () => {
    expect(checkTemplateInvariants(fixture('guarded.json'), NO_PROD_DELETE)).toEqual([]);
  });

  test('removing the Deny is caught, with a witness and the statement that allows it', () => {
    const violations = checkTemplateInvariants(fixture('deny-removed.json'), NO_PROD_DELETE);
    expect(violations).toEqual([{
      invariantIndex: 0,
      where: 'test invariants[0]',
      invariant: 'never cr:DeleteNamespace, cr:DeleteRepository on cri-123456/prod except group:registry-owners',
      principal: 'group:platform',
      certainty: InvariantCertainty.VIOLATED,
      request: { action: 'cr:DeleteRepository', resource: 'acs:cr:cn-hangzhou:123456789012:repository/cri-123456/prod/app' },
      allowedBy: expect.objectContaining({ policyName: 'registry-admin', statementIndex: 0 }),
      assuming: [],
    }]);
    expect(invariantExitCode(violations)).toBe(2);
  });

  test('a user who joins a group that may delete in prod is caught, by the policy it holds through the group', () => {
    const template = {
      Resources: {
        Release: policy('release-admin', [{ Effect: 'Allow', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:repository/cri-123456/prod/*' }], { Groups: ['release'] }),
        Join: { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'release', Users: ['mallory'] } },
      },
    };
    const violations = checkTemplateInvariants(template, located({ never: ['cr:DeleteRepository'], on: 'cri-123456/prod', except: ['group:release'] }));
    // The group's own members act for the group: the exemption covers them.
    expect(violations).toEqual([]);
    const strict = checkTemplateInvariants(template, located({ never: ['cr:DeleteRepository'], on: 'cri-123456/prod', except: ['user:olivia'] }));
    expect(strict.map((v) => [v.principal, v.certainty, v.allowedBy?.policyName])).toEqual([
      ['group:release', 'VIOLATED', 'release-admin'],
      ['user:mallory', 'VIOLATED', 'release-admin (through group:release)'],
    ]);
  });

  test('leaving the group that carries the Deny is caught', () => {
    const guarded = {
      Resources: {
        Admin: policy('admin', [ALLOW_ALL_NAMESPACES], { Users: ['bob'] }),
        Guard: policy('guard', [DENY_PROD_DELETE], { Groups: ['no-prod-delete'] }),
        Join: { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'no-prod-delete', Users: ['bob'] } },
      },
    };
    expect(checkTemplateInvariants(guarded, NO_PROD_DELETE)).toEqual([]);
    const { Join: _join, ...left } = guarded.Resources;
    expect(checkTemplateInvariants({ Resources: left }, NO_PROD_DELETE).map((v) => [v.principal, v.certainty])).toEqual([['user:bob', 'VIOLATED']]);
  });

  test('an exempt group\'s Deny still binds its members, and a member\'s own policies still count', () => {
    const template = {
      Resources: {
        Own: policy('own', [ALLOW_ALL_NAMESPACES], { Users: ['olivia', 'oscar'] }),
        Owners: policy('owners', [DENY_PROD_DELETE], { Groups: ['registry-owners'] }),
        Join: { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'registry-owners', Users: ['olivia'] } },
      },
    };
    expect(checkTemplateInvariants(template, NO_PROD_DELETE).map((v) => v.principal)).toEqual(['user:oscar']);
  });

  test('a document given at deployment cannot be proven to keep the invariant', () => {
    const violations = checkTemplateInvariants(fixture('unresolved.json'), NO_PROD_DELETE);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ principal: 'role:release-bot', certainty: InvariantCertainty.UNPROVEN, allowedBy: { policyName: 'release' } });
    expect(violations[0].unproven).toMatch(/^it rests on what the template does not fix: document \$\{ReleaseDocument\} allows the request: true/);
    expect(invariantExitCode(violations)).toBe(3);
  });

  test('a namespace from a parameter: unproven without a value, decided with one', () => {
    const template = {
      Parameters: { Namespace: { Type: 'String' } },
      Resources: {
        P: policy('ns-admin', [{ Effect: 'Allow', Action: 'cr:*', Resource: { 'Fn::Sub': 'acs:cr:*:*:repository/cri-123456/${Namespace}/*' } }], { Roles: ['ops'] }),
      },
    };
    expect(checkTemplateInvariants(template, NO_PROD_DELETE).map((v) => v.certainty)).toEqual(['UNPROVEN']);
    expect(checkTemplateInvariants(template, NO_PROD_DELETE, { Namespace: 'dev' })).toEqual([]);
    expect(checkTemplateInvariants(template, NO_PROD_DELETE, { Namespace: 'prod' }).map((v) => v.certainty)).toEqual(['VIOLATED']);
  });

  test('a Deny whose resource is not fixed cannot be counted on', () => {
    const template = {
      Parameters: { Protected: { Type: 'String' } },
      Resources: {
        P: policy('admin', [ALLOW_ALL_NAMESPACES,
          { Effect: 'Deny', Action: 'cr:Delete*', Resource: { 'Fn::Sub': 'acs:cr:*:*:repository/cri-123456/${Protected}*' } }], { Users: ['bob'] }),
      },
    };
    const [violation] = checkTemplateInvariants(template, NO_PROD_DELETE);
    expect(violation.certainty).toBe('UNPROVEN');
    expect(violation.unproven).toContain('Resource acs:cr:*:*:repository/cri-123456/${Protected}* covers the request: false');
  });

  test('a Condition is a property of the request: allowing under it is a violation that names it', () => {
    const template = {
      Resources: {
        P: policy('admin', [{ ...ALLOW_ALL_NAMESPACES, Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } }], { Users: ['bob'] }),
      },
    };
    const [violation] = checkTemplateInvariants(template, NO_PROD_DELETE);
    expect(violation.certainty).toBe('VIOLATED');
    expect(violation.assuming).toEqual(['Condition {"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}: true']);
  });

  test('a principal named at deployment may be the exempt one', () => {
    const template = {
      Parameters: { OwnerGroup: { Type: 'String' } },
      Resources: { P: policy('owners', [ALLOW_ALL_NAMESPACES], { Groups: [{ Ref: 'OwnerGroup' }] }) },
    };
    const [violation] = checkTemplateInvariants(template, NO_PROD_DELETE);
    expect(violation).toMatchObject({ principal: 'group:${OwnerGroup}', certainty: 'UNPROVEN' });
    expect(violation.unproven).toContain('may be group:registry-owners');
    // With no exemption of its kind, whoever it is breaks the invariant.
    const roles = located({ never: ['cr:DeleteNamespace'], on: 'cri-123456/prod', except: ['role:ci'] });
    expect(checkTemplateInvariants(template, roles).map((v) => v.certainty)).toEqual(['VIOLATED']);
  });

  test('a system policy is read from its document: full access on * breaks every namespace invariant', () => {
    const template = {
      Resources: {
        A: { Type: 'ALIYUN::RAM::AttachPolicyToRole', Properties: { PolicyName: 'AliyunContainerRegistryFullAccess', PolicyType: 'System', RoleName: 'admin' } },
        R: { Type: 'ALIYUN::RAM::AttachPolicyToRole', Properties: { PolicyName: 'AliyunContainerRegistryReadOnlyAccess', PolicyType: 'System', RoleName: 'reader' } },
      },
    };
    const violations = checkTemplateInvariants(template, located({ never: ['cr:Push*', 'cr:Delete*'], on: 'cri-123456/*' }));
    expect(violations.map((v) => [v.principal, v.certainty, v.request?.action])).toEqual([['role:admin', 'VIOLATED', 'cr:PushRepository']]);
  });

  test('patterns that meet only outside the action catalogue cannot be proven to break the invariant', () => {
    const template = { Resources: { P: policy('console', [{ Effect: 'Allow', Action: 'cr:ListInstance*', Resource: '*' }], { Users: ['bob'] }) } };
    const [violation] = checkTemplateInvariants(template, located({ never: ['cr:*Namespace'], on: 'cri-123456/prod' }));
    expect(violation).toMatchObject({ certainty: 'UNPROVEN', request: { action: 'cr:listinstancenamespace' } });
    expect(violation.unproven).toMatch(/^the forbidden actions it allows are not Container Registry actions today, such as cr:listinstancenamespace/);
    // Where a real action meets the pattern, it is the witness.
    const listing = { Resources: { P: policy('console', [{ Effect: 'Allow', Action: 'cr:List*', Resource: '*' }], { Users: ['bob'] }) } };
    expect(checkTemplateInvariants(listing, located({ never: ['cr:*Namespace'], on: 'cri-123456/prod' }))[0])
      .toMatchObject({ certainty: 'VIOLATED', request: { action: 'cr:ListNamespace' } });
  });

  test('a question the search cannot decide within its budget is not proven, never passed', () => {
    const [violation] = checkTemplateInvariants(fixture('guarded.json'), NO_PROD_DELETE, {}, { maxStates: 5, maxGuards: 14 });
    expect(violation).toMatchObject({ certainty: 'UNPROVEN', unproven: 'the search could not decide: the search passed 5 automaton states' });
    expect(violation.request).toBeUndefined();
  });

  test('a violation under one reading of ? only is not proven, and says which reading', () => {
    const template = { Resources: { P: policy('q', [{ Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-123456/pro?/*' }], { Users: ['bob'] }) } };
    const [violation] = checkTemplateInvariants(template, NO_PROD_DELETE);
    expect(violation).toMatchObject({ certainty: 'UNPROVEN', questionMark: 'ONE_CHARACTER', request: { resource: 'acs:cr:cn-hangzhou:123456789012:repository/cri-123456/prod/app' } });
    expect(violation.unproven).toBe('it exists only if RAM reads "?" as any one character');
  });

  test('regions and account narrow what is protected', () => {
    const template = {
      Resources: { P: policy('beijing', [{ Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:cn-beijing:*:repository/cri-123456/prod/*' }], { Users: ['bob'] }) },
    };
    const inHangzhou = located({ never: ['cr:PushRepository'], on: 'cri-123456/prod', regions: ['cn-hangzhou'] });
    expect(checkTemplateInvariants(template, inHangzhou)).toEqual([]);
    const inBeijing = located({ never: ['cr:PushRepository'], on: 'cri-123456/prod', regions: ['cn-beijing'], accountId: '42' });
    expect(checkTemplateInvariants(template, inBeijing)[0].request).toEqual({ action: 'cr:PushRepository', resource: 'acs:cr:cn-beijing:42:repository/cri-123456/prod/app' });
  });

  test('every invariant is checked, by invariant then principal', () => {
    const invariants = located(
      { never: ['cr:PushRepository'], on: 'cri-123456/*', except: ['group:platform'] },
      { never: ['cr:DeleteNamespace', 'cr:DeleteRepository'], on: 'cri-123456/prod', except: ['group:registry-owners'] },
    );
    const violations = checkTemplateInvariants(fixture('deny-removed.json'), invariants);
    // The owners may push to prod, and so may their members: the first invariant exempts neither.
    expect(violations.map((v) => [v.invariantIndex, v.principal])).toEqual([
      [0, 'group:registry-owners'],
      [0, 'user:olivia'],
      [1, 'group:platform'],
    ]);
    expect(checkTemplateInvariants(fixture('guarded.json'), invariants).map((v) => v.invariantIndex)).toEqual([0, 0]);
  });
});

describe('resource case', () => {
  test('a Deny in another case does not protect; an Allow in another case breaks the invariant only if RAM ignores case: not proven', () => {
    const deny = { ...DENY_PROD_DELETE, Resource: 'acs:cr:*:*:repository/CRI-123456/prod*' };
    const template = { Resources: { P: policy('team', [ALLOW_ALL_NAMESPACES, deny], { Users: ['alice'] }) } };
    const violations = checkTemplateInvariants(template, NO_PROD_DELETE);
    expect(violations.map((v) => [v.principal, v.certainty])).toEqual([['user:alice', 'VIOLATED']]);
    const upperAllow = { ...ALLOW_ALL_NAMESPACES, Resource: 'acs:cr:*:*:repository/CRI-123456/*' };
    const upper = { Resources: { P: policy('team', [upperAllow], { Users: ['alice'] }) } };
    const [only] = checkTemplateInvariants(upper, NO_PROD_DELETE);
    expect([only.certainty, only.unproven]).toEqual([InvariantCertainty.UNPROVEN, 'only if RAM matches resource names ignoring case']);
    expect(invariantExitCode([only])).toBe(3);
  });
});
