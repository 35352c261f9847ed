import * as path from 'path';
import { loadGrantsFile, parseGrantsFile } from '../../lib/config/grants-file';
import { NamespaceAccess } from '../../lib/model/access';
import { GrantValidationError } from '../../lib/model/errors';
import { normalizeGrant } from '../../lib/model/grant';
import { GranteeKind } from '../../lib/model/principal';
import { FIELD_RULES } from '../../lib/model/field-rules';
import { CHECKER_SUPPRESSION_ID } from '../../lib/check/registry';

const ROOT = path.join(__dirname, '..', '..');
const user = (name: string) => ({ kind: GranteeKind.USER, name, identity: name });
const group = (name: string) => ({ kind: GranteeKind.GROUP, name, identity: name });
const role = (name: string) => ({ kind: GranteeKind.ROLE, name, identity: name });
const example = (name: string) => path.relative(process.cwd(), path.join(ROOT, 'examples', name));

/** One valid grant; tests change one line of it. Positions are 1-based line:column. */
const BASE = [
  'version: 1', //                  line 1
  'grants:', //                     line 2
  '  - instanceId: cri-123456', //  line 3, key at column 5, value at 17
  '    namespace: team-a', //       line 4, value at 16
  '    access: PULL', //            line 5, value at 13
  '    users: [alice]', //          line 6, list at 12
].join('\n') + '\n';

function withLine(line: number, text: string | null, source = BASE): string {
  const lines = source.split('\n');
  if (text === null) lines.splice(line - 1, 1); else lines[line - 1] = text;
  return lines.join('\n');
}

function refusal(text: string, file = 'grants.yaml'): GrantValidationError {
  try {
    parseGrantsFile(text, file);
  } catch (e) {
    if (e instanceof GrantValidationError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('the examples', () => {
  test('grants.yaml loads, every grant with its position', () => {
    const file = loadGrantsFile(example('grants.yaml'));
    expect(file.policyNamePrefix).toBe('cr-platform');
    expect(file.grants).toHaveLength(8);
    expect(new Set(file.grants.map((g) => g.grant.instanceId)).size).toBe(2);
    expect(new Set(file.grants.map((g) => g.grant.namespace)).size).toBe(5);
    expect(new Set(file.grants.map((g) => g.grant.access))).toEqual(new Set(Object.values(NamespaceAccess)));
    expect(file.grants[0].where).toBe(`${example('grants.yaml')}:17:5`);
    expect(file.grants[1].grant).toEqual({
      instanceId: 'cri-5jx0k2m8q4w7r1t9',
      namespace: 'base-images',
      access: NamespaceAccess.PUSH_PULL,
      principals: [{ kind: GranteeKind.ROLE, name: 'ci-image-builder', identity: 'ci-image-builder' }],
      regions: ['*'],
      accountId: '*',
      consoleAccess: false,
      systemPolicies: [],
      suppressions: [],
    });
    const checkout = file.grants.find((g) => g.grant.namespace === 'checkout')!;
    expect(checkout.grant.regions).toEqual(['cn-shanghai']);
    expect(checkout.grant.accountId).toBe('1234567890123456');
  });

  test('the FULL grants accept the checker\'s cr:* finding, with a reason', () => {
    const file = loadGrantsFile(example('grants.yaml'));
    const full = file.grants.filter((g) => g.grant.access === NamespaceAccess.FULL);
    expect(full.map((g) => [g.grant.namespace, g.grant.suppressions.map((s) => s.id)])).toEqual([
      ['ml-models', ['CRG-S001']],
      ['sandbox', ['CRG-S001']],
    ]);
    expect(file.grants.filter((g) => g.grant.suppressions.length > 0)).toHaveLength(2);
  });

  test('grants.json holds the same grants', () => {
    const yaml = loadGrantsFile(example('grants.yaml'));
    const json = loadGrantsFile(example('grants.json'));
    expect(json.grants.map((g) => g.grant)).toEqual(yaml.grants.map((g) => g.grant));
    expect(json.policyNamePrefix).toBe(yaml.policyNamePrefix);
  });

  test('grants-v2.yaml changes two grants: one widened, one narrowed', () => {
    const v1 = loadGrantsFile(example('grants.yaml')).grants.map((g) => g.grant);
    const v2 = loadGrantsFile(example('grants-v2.yaml')).grants.map((g) => g.grant);
    expect(v2).toHaveLength(v1.length);
    const changed = v1.map((spec, i) => [spec, v2[i]]).filter(([a, b]) => JSON.stringify(a) !== JSON.stringify(b));
    expect(changed).toEqual([
      [expect.objectContaining({ namespace: 'payments', principals: [user('alice'), user('bob')] }),
        expect.objectContaining({ namespace: 'payments', principals: [user('alice')] })],
      [expect.objectContaining({ principals: [group('ml-researchers')], access: NamespaceAccess.PULL }),
        expect.objectContaining({ principals: [group('ml-researchers')], access: NamespaceAccess.PUSH_PULL })],
    ]);
  });
});

describe('a valid file', () => {
  test('gives the model\'s grant, with defaults for the keys it leaves out', () => {
    const file = parseGrantsFile(BASE, 'grants.yaml');
    expect(file).toEqual({
      path: 'grants.yaml',
      grants: [{
        grant: {
          instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, principals: [user('alice')],
          regions: ['*'], accountId: '*', consoleAccess: true, systemPolicies: [], suppressions: [],
        },
        where: 'grants.yaml:3:5',
      }],
    });
  });

  test('accepts every optional field', () => {
    const text = BASE + [
      '    groups: [team-a-devs]',
      '    roles: [ci-deployer]',
      '    regions: [cn-hangzhou, cn-shanghai]',
      '    accountId: "1234567890123456"',
      '    consoleAccess: false',
      '    systemPolicies: [AliyunContainerRegistryReadOnlyAccess, AliyunRAMFullAccess]',
      '    highRiskReason: Identity team rotates RAM users for auditors',
      '    resourceGroupId: rg-acfmzabc123',
    ].join('\n') + '\npolicyNamePrefix: cr-team-a\n';
    const file = parseGrantsFile(text, 'grants.yaml');
    expect(file.policyNamePrefix).toBe('cr-team-a');
    expect(file.grants[0].grant).toEqual({
      instanceId: 'cri-123456',
      namespace: 'team-a',
      access: NamespaceAccess.PULL,
      principals: [group('team-a-devs'), role('ci-deployer'), user('alice')],
      regions: ['cn-hangzhou', 'cn-shanghai'],
      accountId: '1234567890123456',
      consoleAccess: false,
      systemPolicies: ['AliyunContainerRegistryReadOnlyAccess', 'AliyunRAMFullAccess'],
      highRiskReason: 'Identity team rotates RAM users for auditors',
      resourceGroupId: 'rg-acfmzabc123',
      suppressions: [],
    });
  });

  test('reads suppressions as a list of { id, reason }, reasons trimmed and sorted as the model keeps them', () => {
    const text = BASE + [
      '    suppressions:',
      '      - id: CRG-S001',
      '        reason: Team A owns this namespace outright',
      '      - {reason: "  Reviewed with the security team ", id: "CRG-S001[cr:*]"}',
    ].join('\n') + '\n';
    expect(parseGrantsFile(text, 'grants.yaml').grants[0].grant.suppressions).toEqual([
      { id: 'CRG-S001', reason: 'Team A owns this namespace outright' },
      { id: 'CRG-S001[cr:*]', reason: 'Reviewed with the security team' },
    ]);
  });

  test('JSON is read as YAML', () => {
    const text = '{"version": 1, "grants": [{"instanceId": "cri-1", "namespace": "ns", "access": "FULL", "roles": ["r"]}]}';
    expect(parseGrantsFile(text, 'grants.json').grants[0].grant.access).toBe(NamespaceAccess.FULL);
  });

  test('a byte order mark does not shift columns', () => {
    const error = refusal('\uFEFF' + withLine(1, 'version: 2'));
    expect(error.where).toBe('grants.yaml:1:10');
  });
});

describe('a file with several mistakes', () => {
  const SEVERAL = [
    'version: 1', //                                   1
    'grants:', //                                      2
    '  - instanceId: cri-123456', //                   3
    '    namespace: Team_A', //                        4  bad namespace
    '    access: READ', //                             5  bad access
    '    users: [alice, "bob smith", 42]', //          6  bad name, a number
    '  - instanceId: "cri-*"', //                      7  widening instance id
    '    namespace: team-b', //                        8
    '    acess: PULL', //                              9  misspelt key (not also "access is required")
    '    groups: [devs]', //                          10
    '  - instanceId: cri-123456', //                  11
    '    namespace: team-c', //                       12
    '    access: PULL', //                            13
    '    users: alice', //                            14  not a list (not also "must name at least one")
    '    consoleAccess: yes', //                      15
    '    regions: [cn-hangzhou, "*"]', //             16  a wildcard region, from the model
    '    accountId: 1234567890123456', //             17  unquoted
  ].join('\n') + '\n';

  test('are all reported at once, one line each, sorted by position', () => {
    const error = refusal(SEVERAL);
    expect(error.message.split('\n')).toEqual([
      'grants.yaml:4:16: grants[0].namespace "Team_A" must be 2-120 lowercase letters, digits, "_", "-" or ".", starting and ending with a letter or digit (for example "team-a")',
      'grants.yaml:5:13: grants[0].access "READ" must be one of PULL, PUSH_PULL, FULL',
      'grants.yaml:6:20: grants[0].users[1] "bob smith" must be a RAM user name: 1-64 letters, digits, ".", "_" or "-" (for example "alice")',
      'grants.yaml:6:33: grants[0].users[2] 42 must be a string (write it in quotes: "42")',
      'grants.yaml:7:17: grants[1].instanceId "cri-*" must be "cri-" followed by 1-32 lowercase letters or digits (for example "cri-123456")',
      'grants.yaml:9:5: grants[1] "acess" is not a known key (did you mean "access"? allowed keys: instanceId, namespace, access, users, groups, roles, regions, accountId, consoleAccess, systemPolicies, highRiskReason, resourceGroupId, suppressions, sourceIps, sourceVpcs, secureTransport, mfa)',
      'grants.yaml:14:12: grants[2].users "alice" must be a list (write [alice])',
      'grants.yaml:15:20: grants[2].consoleAccess "yes" must be true or false (write true; YAML 1.2 reads "yes" as text)',
      'grants.yaml:16:28: grants[2].regions[1] "*" must be a region id such as "cn-hangzhou" (lowercase words joined by "-"); omit the field for every region (for example "cn-hangzhou")',
      'grants.yaml:17:16: grants[2].accountId 1234567890123456 must be a string (write it in quotes: "1234567890123456")',
    ]);
    expect(error.problems.map((p) => p.where)).toEqual(error.message.split('\n').map((line) => line.split(': ')[0]));
    // The error itself is the first refusal.
    expect([error.where, error.field, error.value]).toEqual(['grants.yaml:4:16', 'grants[0].namespace', '"Team_A"']);
  });

  test('a single mistake is one line, as before', () => {
    const error = refusal(withLine(4, '    namespace: Team_A'));
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.problems).toEqual([error]);
  });

  test('more than 20 are counted after the first 20', () => {
    const grants = Array.from({ length: 25 }, (_, i) => [`  - instanceId: cri-${i}`, `    namespace: NS${i}`, '    access: PULL', '    users: [alice]']);
    const error = refusal(['version: 1', 'grants:', ...grants.flat()].join('\n') + '\n');
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^grants\.yaml:4:16: grants\[0\]\.namespace "NS0" must be/);
    expect(lines[19]).toMatch(/^grants\.yaml:80:16: grants\[19\]\.namespace "NS19" must be/);
    expect(lines[20]).toBe('and 5 more mistakes (fix these and run again to see them)');
    expect(error.problems).toHaveLength(25);
  });

  test('syntax errors are reported alone, the first of each line', () => {
    const error = refusal(withLine(5, '\taccess: PULL', withLine(3, '  - instanceId: [cri-123456')));
    expect(error.problems.length).toBeGreaterThanOrEqual(1);
    const lines = error.problems.map((p) => Number(/:(\d+):\d+$/.exec(p.where)![1]));
    expect(new Set(lines).size).toBe(lines.length);
    expect(error.problems.every((p) => p.field === 'line')).toBe(true);
  });
});

describe('refused files', () => {
  test('an unknown key: which key, the allowed ones and a likely meaning', () => {
    const error = refusal(withLine(5, '    acess: PULL'));
    expect(error.where).toBe('grants.yaml:5:5');
    expect(error.field).toBe('grants[0]');
    expect(error.given).toBe('acess');
    expect(error.rule).toBe('is not a known key');
    expect(error.hint).toBe('did you mean "access"? allowed keys: instanceId, namespace, access, users, groups, '
      + 'roles, regions, accountId, consoleAccess, systemPolicies, highRiskReason, resourceGroupId, suppressions, '
      + 'sourceIps, sourceVpcs, secureTransport, mfa');
  });

  test('grantees cannot be written in a file', () => {
    const error = refusal(withLine(6, '    grantees: [alice]'));
    expect([error.where, error.field, error.given, error.rule]).toEqual(['grants.yaml:6:5', 'grants[0]', 'grantees', 'is not a known key']);
  });

  test('an unknown top-level key', () => {
    const error = refusal(withLine(2, 'grant:', BASE));
    expect(error.message).toMatch(/^grants\.yaml:2:1: grants file "grant" is not a known key \(did you mean "grants"\? allowed keys: \$schema, version, policyNamePrefix, grants, invariants\)$/);
  });

  test('a merge key is an unknown key, not a merge', () => {
    const error = refusal(BASE + '    <<: {access: FULL}\n');
    expect([error.where, error.given, error.rule]).toEqual(['grants.yaml:7:5', '<<', 'is not a known key']);
  });

  test('a duplicate key: where both are', () => {
    const error = refusal(BASE + '    namespace: team-b\n');
    expect(error.where).toBe('grants.yaml:7:5');
    expect(error.field).toBe('grants[0]');
    expect(error.given).toBe('namespace');
    expect(error.rule).toBe('has this key twice');
    expect(error.hint).toBe('first at line 4, column 5; keys must be unique');
  });

  test('a duplicate key in JSON', () => {
    const error = refusal('{"version": 1, "version": 1, "grants": []}', 'grants.json');
    expect(error.message.split('\n')).toEqual([
      'grants.json:1:16: grants file "version" has this key twice (first at line 1, column 2; keys must be unique)',
      'grants.json:1:40: grants [] must list at least one grant',
    ]);
  });

  test('a name listed twice', () => {
    const error = refusal(withLine(6, '    users: [alice, bob, alice]'));
    expect(error.message).toBe('grants.yaml:6:25: grants[0].users[2] "alice" is listed twice (first at line 6, column 13)');
  });

  test.each([
    ['a number for text', 4, '    namespace: 123', 'grants.yaml:4:16', 'grants[0].namespace', 123, 'must be a string', 'write it in quotes: "123"'],
    ['an unquoted account id', 6, '    accountId: 1234567890123456\n    users: [alice]', 'grants.yaml:6:16', 'grants[0].accountId',
      1234567890123456, 'must be a string', 'write it in quotes: "1234567890123456"'],
    ['an empty value', 4, '    namespace:', 'grants.yaml:4:5', 'grants[0].namespace', null, 'must be a string', 'give a value or remove the key'],
    ['yes for a boolean', 6, '    users: [alice]\n    consoleAccess: yes', 'grants.yaml:7:20', 'grants[0].consoleAccess', 'yes',
      'must be true or false', 'write true; YAML 1.2 reads "yes" as text'],
    ['off for a boolean', 6, '    users: [alice]\n    consoleAccess: off', 'grants.yaml:7:20', 'grants[0].consoleAccess', 'off',
      'must be true or false', 'write false; YAML 1.2 reads "off" as text'],
    ['a quoted boolean', 6, '    users: [alice]\n    consoleAccess: "false"', 'grants.yaml:7:20', 'grants[0].consoleAccess', 'false',
      'must be true or false', undefined],
    ['one name instead of a list', 6, '    users: alice', 'grants.yaml:6:12', 'grants[0].users', 'alice', 'must be a list', 'write [alice]'],
    ['a mapping for text', 4, '    namespace: {name: team-a}', 'grants.yaml:4:16', 'grants[0].namespace', { name: 'team-a' }, 'must be a string', undefined],
    ['a list item that is a number', 6, '    users: [alice, 42]', 'grants.yaml:6:20', 'grants[0].users[1]', 42, 'must be a string', 'write it in quotes: "42"'],
    ['an empty region list', 6, '    users: [alice]\n    regions: []', 'grants.yaml:7:14', 'grants[0].regions', [], 'must not be empty',
      'remove the key for every region'],
    ['a quoted version', 1, 'version: "1"', 'grants.yaml:1:10', 'version', '1', 'must be 1', 'write 1 without quotes'],
    ['a later version', 1, 'version: 2', 'grants.yaml:1:10', 'version', 2, 'must be 1', 'this release reads version 1 files'],
  ])('a bad type: %s', (_name, line, text, where, field, value, rule, hint) => {
    const error = refusal(withLine(line as number, text as string));
    expect({ where: error.where, field: error.field, value: error.given, rule: error.rule, hint: error.hint })
      .toEqual({ where, field, value, rule, hint });
  });

  test('a grant that is not a mapping', () => {
    const error = refusal('version: 1\ngrants:\n  - cri-123456/team-a\n');
    expect([error.where, error.field, error.given, error.rule]).toEqual(['grants.yaml:3:5', 'grants[0]', 'cri-123456/team-a', 'must be a mapping of keys to values']);
  });

  test('a bad pattern: the field\'s own position and the rule from FIELD_RULES', () => {
    const error = refusal(withLine(4, '    namespace: Team_A'));
    expect(error.message).toBe('grants.yaml:4:16: grants[0].namespace "Team_A" must be 2-120 lowercase letters, digits, '
      + '"_", "-" or ".", starting and ending with a letter or digit (for example "team-a")');
    expect(error.rule).toBe(FIELD_RULES.namespace.rule);
  });

  test('a bad pattern in a list names the item', () => {
    const error = refusal(withLine(6, '    users: [alice, "bob smith"]'));
    expect([error.where, error.field, error.given, error.rule]).toEqual(['grants.yaml:6:20', 'grants[0].users[1]', 'bob smith', FIELD_RULES.userName.rule]);
  });

  test('a rule between fields, which only the model knows, points at the value it names', () => {
    const risky = refusal(BASE + '    systemPolicies: [AliyunContainerRegistryReadOnlyAccess, AliyunRAMFullAccess]\n');
    expect([risky.where, risky.field, risky.given]).toEqual(['grants.yaml:7:61', 'grants[0].systemPolicies[1]', 'AliyunRAMFullAccess']);
    expect(risky.rule).toMatch(/^is a high-risk system policy .* and needs highRiskReason$/);
    const reason = refusal(BASE + '    highRiskReason: Auditors read every namespace\n');
    expect([reason.where, reason.field, reason.rule]).toEqual(['grants.yaml:7:21', 'grants[0].highRiskReason',
      'is only for grants with a high-risk system policy']);
  });

  test('a wildcard instance id is refused, never escaped', () => {
    const error = refusal(withLine(3, '  - instanceId: "cri-*"'));
    expect([error.where, error.field, error.rule]).toEqual(['grants.yaml:3:17', 'grants[0].instanceId', FIELD_RULES.instanceId.rule]);
  });

  test('a file and a construct refuse a value with the same rule and hint', () => {
    const fromFile = refusal(withLine(3, '  - instanceId: cri-ABC'));
    let fromModel: GrantValidationError | undefined;
    try {
      normalizeGrant({ instanceId: 'cri-ABC', namespace: 'team-a', access: 'PULL', principals: [] }, 'Stack/Grant');
    } catch (e) {
      fromModel = e as GrantValidationError;
    }
    expect(fromModel).toBeInstanceOf(GrantValidationError);
    expect([fromFile.given, fromFile.rule, fromFile.hint]).toEqual([fromModel!.given, fromModel!.rule, fromModel!.hint]);
  });

  describe('suppressions: the offending field\'s position and path', () => {
    const suppression = (...lines: string[]) => BASE + ['    suppressions:', ...lines].join('\n') + '\n';

    test.each([
      ['a short reason', ['      - id: CRG-S001', '        reason: mine'], 'grants.yaml:9:17', 'grants[0].suppressions[0].reason', 'mine',
        FIELD_RULES.suppressionReason.rule],
      ['an Error', ['      - id: CRG-E015', '        reason: Team A owns this namespace outright'], 'grants.yaml:8:13',
        'grants[0].suppressions[0].id', 'CRG-E015', 'names an Error, and Errors cannot be suppressed'],
      ['an unknown rule', ['      - id: CRG-S001', '        reason: Team A owns this namespace outright', '      - id: CRG-S999',
        '        reason: Team A owns this namespace outright'], 'grants.yaml:10:13', 'grants[0].suppressions[1].id', 'CRG-S999',
      CHECKER_SUPPRESSION_ID.rule],
      ['an unknown key', ['      - id: CRG-S001', '        reason: Team A owns this namespace outright', '        by: carol'],
        'grants.yaml:10:9', 'grants[0].suppressions[0]', 'by', 'is not a known key'],
      ['a missing reason', ['      - id: CRG-S001'], 'grants.yaml:8:9', 'grants[0].suppressions[0]', 'reason', 'is required'],
      ['an id only', ['      - CRG-S001'], 'grants.yaml:8:9', 'grants[0].suppressions[0]', 'CRG-S001', 'must be a mapping of keys to values'],
      ['one mapping instead of a list', ['      id: CRG-S001', '      reason: Team A owns this namespace outright'], 'grants.yaml:8:7',
        'grants[0].suppressions', { id: 'CRG-S001', reason: 'Team A owns this namespace outright' }, 'must be a list'],
    ])('%s', (_name, lines, where, field, value, rule) => {
      const error = refusal(suppression(...(lines as string[])));
      expect({ where: error.where, field: error.field, value: error.given, rule: error.rule }).toEqual({ where, field, value, rule });
    });

    test('hints name the allowed keys', () => {
      expect(refusal(suppression('      - id: CRG-S001', '        reson: Team A owns this namespace outright')).hint)
        .toBe('did you mean "reason"? allowed keys: id, reason');
      expect(refusal(suppression('      - id: CRG-S001')).hint).toBe('an entry needs id, reason');
    });

    test('a file and a construct refuse an Error id with the same rule and hint', () => {
      const fromFile = refusal(suppression('      - id: CRG-E015', '        reason: Team A owns this namespace outright'));
      let fromModel: GrantValidationError | undefined;
      try {
        normalizeGrant({ instanceId: 'cri-123456', namespace: 'team-a', access: 'PULL',
          principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }], suppressions: [{ id: 'CRG-E015', reason: 'Team A owns this namespace outright' }] }, 'Stack/Grant');
      } catch (e) {
        fromModel = e as GrantValidationError;
      }
      expect(fromModel).toBeInstanceOf(GrantValidationError);
      expect([fromFile.given, fromFile.rule, fromFile.hint]).toEqual([fromModel!.given, fromModel!.rule, fromModel!.hint]);
    });
  });

  test('ROS tokens are refused in a file', () => {
    const error = refusal(withLine(4, '    namespace: "${Token[TOKEN.12]}"'));
    expect([error.where, error.rule]).toEqual(['grants.yaml:4:16', 'must be plain text']);
  });

  test('an empty grants list', () => {
    const error = refusal('version: 1\ngrants: []\n');
    expect(error.message).toBe('grants.yaml:2:9: grants [] must list at least one grant');
  });

  test('a missing grants list', () => {
    const error = refusal('version: 1\n');
    expect(error.message).toBe('grants.yaml:1:1: grants file "grants" is required (a grants file needs version, grants)');
  });

  test('a missing required grant key points at the grant', () => {
    const error = refusal(withLine(4, null));
    expect(error.message).toBe('grants.yaml:3:5: grants[0] "namespace" is required (a grant needs instanceId, namespace, access)');
  });

  test('an empty file', () => {
    expect(refusal('# nothing yet\n').message).toBe('grants.yaml:1:1: grants file "grants.yaml" is empty '
      + '(start with "version: 1" and a "grants" list)');
  });

  test('a grant without grantees', () => {
    const error = refusal(withLine(6, '    users: []'));
    expect(error.message).toBe('grants.yaml:3:5: grants[0] "cri-123456/team-a" must name at least one user, group or role '
      + '(set users, groups or roles)');
  });

  test.each([
    ['push-pull', 'did you mean "PUSH_PULL"?'],
    ['pull', 'did you mean "PULL"?'],
    ['READ', undefined],
  ])('a bad access level: %s', (level, hint) => {
    const error = refusal(withLine(5, `    access: ${level}`));
    expect([error.where, error.field, error.given, error.rule, error.hint])
      .toEqual(['grants.yaml:5:13', 'grants[0].access', level, 'must be one of PULL, PUSH_PULL, FULL', hint]);
  });

  test('a tab used as indentation', () => {
    const error = refusal(withLine(5, '\taccess: PULL'));
    expect(error.message).toBe('grants.yaml:5:1: line "\\taccess: PULL" is not valid YAML: '
      + 'Tabs are not allowed as indentation (indent with spaces)');
  });

  test('a mis-indented key', () => {
    const error = refusal(withLine(5, '   access: PULL'));
    expect(error.where).toMatch(/^grants\.yaml:5:\d+$/);
    expect(error.field).toBe('line');
    expect(error.rule).toMatch(/^is not valid YAML: /);
  });

  test('broken JSON says JSON', () => {
    const error = refusal('{"version": 1, "grants": [}', 'grants.json');
    expect(error.where).toMatch(/^grants\.json:1:\d+$/);
    expect(error.rule).toMatch(/^is not valid JSON: /);
  });

  test('two documents in one file', () => {
    const error = refusal(BASE + '---\nversion: 1\n');
    expect([error.where, error.hint]).toEqual(['grants.yaml:7:1', 'keep one document per file']);
  });

  test('a YAML 1.1 directive, which would turn yes/no into booleans', () => {
    const error = refusal('%YAML 1.1\n---\n' + BASE);
    expect([error.where, error.given, error.rule]).toEqual(['grants.yaml:1:1', '%YAML 1.1', 'declares a YAML version other than 1.2']);
  });

  test('an alias', () => {
    const text = withLine(6, '    users: &devs [alice]') + '  - instanceId: cri-123456\n    namespace: team-b\n    access: PULL\n    users: *devs\n';
    const error = refusal(text);
    expect([error.where, error.field, error.given, error.rule]).toEqual(['grants.yaml:10:12', 'grants[1].users', '*devs', 'is a YAML alias']);
  });

  test('a missing file', () => {
    expect(() => loadGrantsFile(path.join(ROOT, 'examples', 'no-such-file.yaml'))).toThrow(/no-such-file\.yaml: grants file ".*" does not exist$/);
  });
});
