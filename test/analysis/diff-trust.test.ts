/**
 * `diff` reads each role's trust policy (`AssumeRolePolicyDocument`): a caller the new version
 * trusts and the old one does not may now assume the role, and gets all of its access.
 */
import { ChangeKind, DIFF_EXIT, compareReadings, diffExitCode, diffTemplates } from '../../lib/analysis/diff';
import { PrincipalStar, QuestionMark } from '../../lib/model/wildcard';
import { readPrincipals } from '../../lib/template/principals';
import { StackSet } from '../../lib/template/stack-set';
import { ROOT_111, ROOT_222, doc, onlyWidening, refuses, roleResource, template, trustChanges, trusts } from './trust-fixtures';


describe('widenings', () => {
  test('an account added to Principal.RAM: its root may now assume the role', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: [ROOT_111] })), template(trusts({ RAM: [ROOT_111, ROOT_222] }))));
    expect(change.request).toEqual({ action: 'sts:AssumeRole', resource: `RAM:${ROOT_222}` });
    expect(change.allowedBy.statementIndex).toBe(0);
    expect(change.unproven).toBeUndefined();
  });

  test('Principal "*" trusts every caller', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: [ROOT_111] })), template(trusts('*'))));
    expect(change.request.resource).toMatch(/^(RAM|Service|Federated):/);
    expect(change.request.resource).not.toBe(`RAM:${ROOT_111}`);
  });

  test('Principal.RAM "*" trusts every account', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: [ROOT_111] })), template(trusts({ RAM: '*' }))));
    expect(change.request.resource).toMatch(/^RAM:/);
  });

  test('a RAM user widened to its account root: every identity of the account may assume the role', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: 'acs:ram::111111111111:user/ci' })), template(trusts({ RAM: ROOT_111 }))));
    expect(change.request.resource).toBe(`RAM:${ROOT_111}`);
  });

  test('a service added', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ Service: 'ecs.aliyuncs.com' })),
      template(trusts({ Service: ['ecs.aliyuncs.com', 'fc.aliyuncs.com'] }))));
    expect(change.request.resource).toBe('Service:fc.aliyuncs.com');
  });

  test('a Condition dropped', () => {
    const condition = { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } };
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 }, { Condition: condition })), template(trusts({ RAM: ROOT_111 }))));
    expect(change.request.resource).toBe(`RAM:${ROOT_111}`);
    expect(change.condition).toContain('no longer applies');
  });

  test('a Deny removed', () => {
    const change = onlyWidening(diffTemplates(
      template(trusts({ RAM: 'acs:ram::111111111111:*' }), refuses({ RAM: 'acs:ram::111111111111:user/intern' })),
      template(trusts({ RAM: 'acs:ram::111111111111:*' }))));
    expect(change.request.resource).toBe('RAM:acs:ram::111111111111:user/intern');
    expect(change.deniedBy?.statementIndex).toBe(1);
  });

  test('the document from a parameter with no value given: cannot prove no new access', () => {
    const old = template(trusts({ RAM: ROOT_111 }));
    const now = { Parameters: { Trust: { Type: 'Json' } }, Resources: { Deploy: roleResource({ Ref: 'Trust' }) } };
    const change = onlyWidening(diffTemplates(old, now));
    expect(change.unproven).toContain('Trust');
    // The same parameter in both versions is the same unknown: no change.
    expect(diffExitCode(diffTemplates(now, now))).toBe(DIFF_EXIT.UNCHANGED);
  });

  test('a Principal entry, a Principal and an Effect from parameters: cannot prove no new access', () => {
    const old = template(trusts({ RAM: ROOT_111 }));
    const parameters = { Parameters: { Account: { Type: 'String' }, Who: { Type: 'Json' }, Effect: { Type: 'String' } } };
    const entry = { ...parameters, ...template(trusts({ RAM: { 'Fn::Sub': 'acs:ram::${Account}:root' } })) };
    expect(onlyWidening(diffTemplates(old, entry)).unproven).toContain('Account');
    expect(onlyWidening(diffTemplates(old, { ...parameters, ...template(trusts({ Ref: 'Who' })) })).unproven).toContain('Who');
    const effect = { ...parameters, ...template(trusts({ RAM: ROOT_111 }), { Effect: { Ref: 'Effect' }, Action: 'sts:AssumeRole', Principal: { RAM: ROOT_222 } }) };
    expect(onlyWidening(diffTemplates(old, effect)).unproven).toContain('Effect');
    // A parameter given a value is checked as that value.
    expect(diffExitCode(diffTemplates(old, entry, { Account: '111111111111' }))).toBe(DIFF_EXIT.UNCHANGED);
  });

  test('a Principal key RAM does not document, or a Principal that is not a map, may name anyone', () => {
    const old = template(trusts({ RAM: ROOT_111 }));
    expect(onlyWidening(diffTemplates(old, template(trusts({ RAM: ROOT_111, Account: '222222222222' })))).unproven).toContain('"Account"');
    expect(onlyWidening(diffTemplates(old, template(trusts(ROOT_222)))).unproven).toContain('does not document');
  });

  test('a role in a nested stack', () => {
    const nested = (...statements: unknown[]) => ({
      Resources: { Child: { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: template(...statements) } } },
    });
    const change = onlyWidening(diffTemplates(nested(trusts({ RAM: ROOT_111 })), nested(trusts({ RAM: [ROOT_111, ROOT_222] }))));
    expect(change.request.resource).toBe(`RAM:${ROOT_222}`);
  });

  test('a role in one stack of a cloud assembly', () => {
    const set = (...statements: unknown[]) => new StackSet([
      { name: 'Platform', template: template(...statements), file: 'Platform.template.json' },
      { name: 'Other', template: { Resources: {} }, file: 'Other.template.json' },
    ], 'cdk.out');
    const change = onlyWidening(diffTemplates(set(trusts({ RAM: ROOT_111 })), set(trusts({ RAM: [ROOT_111, ROOT_222] }))));
    expect(change.request.resource).toBe(`RAM:${ROOT_222}`);
  });

  test('an unread resource in the new version may change any role\'s trust', () => {
    const now = { Resources: { ...template(trusts({ RAM: ROOT_111 })).Resources, Custom: { Type: 'ALIYUN::ROS::CustomResource', Properties: {} } } };
    const change = trustChanges(diffTemplates(template(trusts({ RAM: ROOT_111 })), now), ChangeKind.WIDENED);
    expect(change).toHaveLength(1);
    expect(change[0].unproven).toBeDefined();
  });

  test('IgnoreExisting: a role that exists already keeps a trust policy that is not known', () => {
    const old = template(trusts({ RAM: ROOT_111 }));
    const now = { Resources: { Deploy: roleResource(doc(trusts({ RAM: ROOT_111 })), { IgnoreExisting: true }) } };
    expect(onlyWidening(diffTemplates(old, now)).unproven).toContain('IgnoreExisting');
  });

  test('a role only the new version defines: who may assume it is reported, as for any caller newly trusted', () => {
    const change = onlyWidening(diffTemplates({ Resources: {} }, template(trusts({ Service: 'ecs.aliyuncs.com' }))));
    expect(change.request.resource).toBe('Service:ecs.aliyuncs.com');
  });

  test('a widening under a Condition is still one, and names the caller type in front', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 })),
      template(trusts({ RAM: ROOT_111 }), trusts({ Federated: 'acs:ram::111111111111:saml-provider/idp' }, { Condition: { Bool: { 'acs:MFAPresent': 'true' } } }))));
    expect(change.request.resource).toBe('Federated:acs:ram::111111111111:saml-provider/idp');
    expect(change.assuming).toEqual(['Condition {"Bool":{"acs:MFAPresent":"true"}}: true']);
  });
});

describe('no widening', () => {
  test('an unchanged trust policy, or one written otherwise, is no change', () => {
    const t = template(trusts({ RAM: [ROOT_111, ROOT_222] }));
    expect(diffTemplates(t, t).changes).toEqual([]);
    expect(diffExitCode(diffTemplates(t, template(trusts({ RAM: [ROOT_222, ROOT_111] }))))).toBe(DIFF_EXIT.UNCHANGED);
    // An account id alone is its root, or no one: never more than the root.
    expect(diffExitCode(diffTemplates(template(trusts({ RAM: ROOT_111 })), template(trusts({ RAM: '111111111111' }))))).toBe(DIFF_EXIT.NARROWED);
    expect(diffExitCode(diffTemplates(template(trusts({ RAM: '111111111111' })), template(trusts({ RAM: '111111111111' }))))).toBe(DIFF_EXIT.UNCHANGED);
  });

  test('an account id alone changed to its root: a widening should RAM read the id as naming no one', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: '111111111111' })), template(trusts({ RAM: ROOT_111 }))));
    expect(change.request.resource).toMatch(/^RAM:acs:ram::111111111111:/);
    expect(change.assuming).toContain("Principal RAM 111111111111, an account id alone, is read as that account's root: false");
  });

  test('an account removed is a narrowing (exit 3)', () => {
    const c = diffTemplates(template(trusts({ RAM: [ROOT_111, ROOT_222] })), template(trusts({ RAM: ROOT_111 })));
    expect(diffExitCode(c)).toBe(DIFF_EXIT.NARROWED);
    expect(trustChanges(c, ChangeKind.NARROWED).map((x) => x.request.resource)).toEqual([`RAM:${ROOT_222}`]);
  });

  test('an account root narrowed to one user, a Condition added, a Deny added: narrowings only', () => {
    const old = template(trusts({ RAM: ROOT_111 }));
    for (const now of [
      template(trusts({ RAM: 'acs:ram::111111111111:user/ci' })),
      template(trusts({ RAM: ROOT_111 }, { Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } })),
      template(trusts({ RAM: ROOT_111 }), refuses({ RAM: 'acs:ram::111111111111:user/intern' })),
    ]) {
      expect(diffExitCode(diffTemplates(old, now))).toBe(DIFF_EXIT.NARROWED);
    }
  });

  test('a Condition narrowed is not a widening', () => {
    const under = (cidr: string) => template(trusts({ RAM: ROOT_111 }, { Condition: { IpAddress: { 'acs:SourceIp': cidr } } }));
    expect(diffExitCode(diffTemplates(under('10.0.0.0/8'), under('10.1.0.0/16')))).toBe(DIFF_EXIT.NARROWED);
  });

  test('a role removed: its callers no longer assume it (exit 3)', () => {
    const c = diffTemplates(template(trusts({ Service: 'ecs.aliyuncs.com' })), { Resources: {} });
    expect(diffExitCode(c)).toBe(DIFF_EXIT.NARROWED);
  });
});

describe('what is read, and what is not', () => {
  test('a statement key RAM does not document for a trust statement: read as written, and as trusting anyone', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 })), template(trusts({ RAM: ROOT_111 }, { Sid: 'ci' }))));
    expect(change.unproven).toContain('trusts the caller');
    expect(change.allowedBy.reading).toContain('"Sid"');
  });

  test('a statement without Action or Principal trusts no one (RAM refuses it)', () => {
    const old = template(trusts({ RAM: ROOT_111 }));
    expect(diffExitCode(diffTemplates(old, template(trusts({ RAM: ROOT_111 }), { Effect: 'Allow', Principal: { RAM: ROOT_222 } }))))
      .toBe(DIFF_EXIT.UNCHANGED);
    expect(diffExitCode(diffTemplates(old, template(trusts({ RAM: ROOT_111 }), { Effect: 'Allow', Action: 'sts:AssumeRole' }))))
      .toBe(DIFF_EXIT.UNCHANGED);
  });

  test('a role the template only attaches policies to has no trust policy in it: nothing to compare', () => {
    const attach = { Resources: { A: { Type: 'ALIYUN::RAM::AttachPolicyToRole', Properties: { PolicyName: 'AliyunContainerRegistryReadOnlyAccess', PolicyType: 'System', RoleName: 'deploy' } } } };
    expect(diffTemplates(attach, attach).changes).toEqual([]);
  });

  test('a trust policy written with uppercase names is also compared as RAM would if it ignored case, its caller type kept', () => {
    const c = diffTemplates(template(trusts({ RAM: 'acs:ram::111111111111:user/CI' }), refuses({ RAM: 'acs:ram::111111111111:user/ci' })),
      template(trusts({ RAM: 'acs:ram::111111111111:user/CI' })));
    const [change] = trustChanges(c, ChangeKind.WIDENED);
    expect(change.ignoringResourceCase).toBe(true);
    expect(change.request.resource).toMatch(/^RAM:acs:ram::111111111111:user\/ci$/);
  });
});

test('a caller never reads as a Container Registry ARN, whose shape the search keeps to: its type comes first', () => {
  // Read as `acs:cr:...` with four more colons, no real CR request could match it, and the widening would be lost.
  const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 })), template(trusts({ RAM: ROOT_111 }), trusts({ Federated: 'acs:cr:a:b:c:d' }))));
  expect(change.request.resource).toBe('Federated:acs:cr:a:b:c:d');
});

describe('`*` inside a Principal entry, which RAM does not document: decided under both readings', () => {
  const ROLES = 'acs:ram::111111111111:role/*';
  const ADMIN = 'acs:ram::111111111111:role/admin';

  test('`role/*` to `role/admin`: a widening if RAM reads `*` as itself (admin was not trusted), and says so', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROLES })), template(trusts({ RAM: ADMIN }))));
    expect(change.request).toEqual({ action: 'sts:AssumeRole', resource: `RAM:${ADMIN}` });
    expect(change.principalStar).toBe(PrincipalStar.LITERAL);
    expect(change.questionMark).toBeUndefined();
    expect(change.unproven).toBeUndefined();
  });

  test('its narrowing counterpart: `role/admin` dropped beside `role/*` is a narrowing under the literal reading only (exit 3)', () => {
    const c = diffTemplates(template(trusts({ RAM: [ROLES, ADMIN] })), template(trusts({ RAM: ROLES })));
    expect(diffExitCode(c)).toBe(DIFF_EXIT.NARROWED);
    const [narrowed] = trustChanges(c, ChangeKind.NARROWED);
    expect(narrowed).toMatchObject({ principalStar: PrincipalStar.LITERAL, request: { resource: `RAM:${ADMIN}` } });
    // And added beside it, a widening under the literal reading only.
    expect(onlyWidening(diffTemplates(template(trusts({ RAM: ROLES })), template(trusts({ RAM: [ROLES, ADMIN] })))).principalStar)
      .toBe(PrincipalStar.LITERAL);
  });

  test('`role/admin` to `role/*`: a widening under the wildcard reading, and under the literal one too (a caller spelt `role/*`)', () => {
    const c = diffTemplates(template(trusts({ RAM: ADMIN })), template(trusts({ RAM: ROLES })));
    const change = onlyWidening(c);
    expect(change.principalStar).toBeUndefined();
    expect(change.request.resource).toMatch(/^RAM:acs:ram::111111111111:role\/.+/);
    // Under the literal reading `role/admin` is no longer trusted: a narrowing there only.
    const [narrowed] = trustChanges(c, ChangeKind.NARROWED);
    expect(narrowed).toMatchObject({ principalStar: PrincipalStar.LITERAL, request: { resource: `RAM:${ADMIN}` } });
  });

  test('a Deny on `role/*` removed while the account stays trusted: a widening under both readings', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 }), refuses({ RAM: ROLES })), template(trusts({ RAM: ROOT_111 }))));
    expect(change.principalStar).toBeUndefined();
  });

  test('a Deny on `role/*` added: under the literal reading it refuses only the caller spelt so, and the rest stays trusted', () => {
    const c = diffTemplates(template(trusts({ RAM: ROOT_111 })), template(trusts({ RAM: ROOT_111 }), refuses({ RAM: ROLES })));
    expect(diffExitCode(c)).toBe(DIFF_EXIT.NARROWED);
    expect(trustChanges(c, ChangeKind.NARROWED)[0].principalStar).toBeUndefined();
  });

  test('a `*` in the account of a root entry: under the literal reading the account spelt `*`, whose identities it still covers', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: 'acs:ram::*:root' })), template(trusts({ RAM: ROOT_222 }))));
    expect(change.principalStar).toBe(PrincipalStar.LITERAL);
    expect(change.request.resource).toBe(`RAM:${ROOT_222}`);
    // Identities of the account spelt `*` stay trusted when the entry is unchanged: the readings agree on no change.
    const t = template(trusts({ RAM: 'acs:ram::*:root' }));
    expect(diffTemplates(t, t).changes).toEqual([]);
  });

  test('Service `*.aliyuncs.com` to `ecs.aliyuncs.com`: a widening under the literal reading only', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ Service: '*.aliyuncs.com' })), template(trusts({ Service: 'ecs.aliyuncs.com' }))));
    expect(change).toMatchObject({ principalStar: PrincipalStar.LITERAL, request: { resource: 'Service:ecs.aliyuncs.com' } });
  });

  test('"only under" is not said when the other reading could not be decided', () => {
    // Under the wildcard reading three Conditions bear on role/admin: past a budget of two, undecided.
    const refusal = (entry: string, vpc: string) => ({ ...refuses({ RAM: `acs:ram::111111111111:role/${entry}` }), Condition: { StringEquals: { 'acs:SourceVpc': vpc } } });
    const version = (ram: string) => readPrincipals(template(trusts({ RAM: ram }), refusal('ad*', 'vpc-1'), refusal('adm*', 'vpc-2'), refusal('admi*', 'vpc-3')), {});
    const compare = (maxGuards: number) => trustChanges(compareReadings(version(ROLES), version(ADMIN), { maxStates: 200_000, maxGuards }), ChangeKind.WIDENED);
    expect(compare(14).map((c) => c.principalStar)).toEqual([PrincipalStar.LITERAL]);
    const [change] = compare(2);
    expect(change.request.resource).toBe(`RAM:${ADMIN}`);
    expect(change.principalStar).toBeUndefined();
  });

  test('a change needing one reading of `*` and one of `?` names both', () => {
    // `role/*` covers admin unless `*` is itself; `role/?dmin` unless `?` is itself.
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: [ROLES, 'acs:ram::111111111111:role/?dmin'] })), template(trusts({ RAM: ADMIN }))));
    expect(change).toMatchObject({ principalStar: PrincipalStar.LITERAL, questionMark: QuestionMark.LITERAL, request: { resource: `RAM:${ADMIN}` } });
    // With `?` alone before, the change needs the literal `?` only; with `?*` before, it needs neither reading alone.
    const question = onlyWidening(diffTemplates(template(trusts({ RAM: 'acs:ram::111111111111:role/?dmin' })), template(trusts({ RAM: ADMIN }))));
    expect([question.principalStar, question.questionMark]).toEqual([undefined, QuestionMark.LITERAL]);
    const both = onlyWidening(diffTemplates(template(trusts({ RAM: 'acs:ram::111111111111:role/?*' })), template(trusts({ RAM: ADMIN }))));
    expect([both.principalStar, both.questionMark]).toEqual([undefined, undefined]);
  });
});

describe('an entry that is exactly `*`: every caller if RAM reads `*` as a wildcard, the caller spelt `*` if not', () => {
  test('`"Principal": "*"`, `"RAM": "*"` and `"Service": ["*"]` narrowed to one caller: a widening only if RAM reads `*` as itself', () => {
    for (const everyone of ['*', { RAM: '*' }, { RAM: ['*'] }]) {
      const c = diffTemplates(template(trusts(everyone)), template(trusts({ RAM: ROOT_111 })));
      const change = onlyWidening(c);
      expect(change.principalStar).toBe(PrincipalStar.LITERAL);
      expect(change.request.resource).toMatch(/^RAM:acs:ram::111111111111:/);
      // Under the wildcard reading it narrows.
      expect(trustChanges(c, ChangeKind.NARROWED).length).toBeGreaterThan(0);
    }
    const services = diffTemplates(template(trusts({ Service: ['*'] })), template(trusts({ Service: 'ecs.aliyuncs.com' })));
    expect(onlyWidening(services).principalStar).toBe(PrincipalStar.LITERAL);
  });

  test('one caller widened to `"RAM": "*"` or `"Principal": "*"`: a widening under both readings', () => {
    for (const everyone of ['*', { RAM: '*' }]) {
      const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 })), template(trusts(everyone))));
      expect(change.principalStar).toBeUndefined();
    }
  });

  test('`"RAM": "*"` written as `"Principal": "*"`: the same RAM callers, the other types added', () => {
    const c = diffTemplates(template(trusts({ RAM: '*' })), template(trusts('*')));
    expect(trustChanges(c, ChangeKind.WIDENED).map((x) => x.request.resource.split(':')[0])).not.toContain('RAM');
  });
});

describe('spaces around a Principal entry: read as written, and trimmed behind an unknown', () => {
  test('an account root written with a space, then without: a widening if RAM reads the entry as written (it named no account)', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: ` ${ROOT_111}` })), template(trusts({ RAM: ROOT_111 }))));
    expect(change.request.resource).toMatch(/^RAM:acs:ram::111111111111:/);
    expect(change.assuming).toContain(`Principal RAM " ${ROOT_111}" read as "${ROOT_111}" names the caller: false`);
  });

  test('a Deny with a space is a Deny of the trimmed caller too, should RAM trim it: removing it is a widening of that caller', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 }), refuses({ RAM: ' acs:ram::111111111111:user/intern' })),
      template(trusts({ RAM: ROOT_111 }))));
    expect(change.request.resource).toBe('RAM:acs:ram::111111111111:user/intern');
    expect(change.assuming).toContain('Principal RAM " acs:ram::111111111111:user/intern" read as "acs:ram::111111111111:user/intern" names the caller: true');
  });

  test('a space added around an unchanged entry: nothing new is trusted', () => {
    expect(diffExitCode(diffTemplates(template(trusts({ RAM: ROOT_111 })), template(trusts({ RAM: `${ROOT_111} ` }))))).not.toBe(DIFF_EXIT.WIDENED);
  });
});
