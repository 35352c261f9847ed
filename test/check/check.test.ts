import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import * as seed from '../fixtures/seed-policy.json';
import { NamespaceAccess, NamespaceGrant } from '../../lib';
import { DEFAULT_LIMITS } from '../../lib/model/limits';
import { CHECK_RULES } from '../../lib/check/registry';
import { checkPolicyDocument, checkTemplate, checkTemplates, exitCodeFor, Finding } from '../../lib/check/engine';
import { formatFindings, rulesMarkdown } from '../../lib/check/format';
import { suppressionMetadata } from '../../lib/check/suppressions';
import { SUPPRESSIONS_METADATA_KEY } from '../../lib/model/suppressions';
import { newStack, synthTemplate } from '../synth';

const { default: _ignored, ...SEED } = seed as any;
const SEED_GRANT = { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.FULL };
const REASON = 'Namespace owners administer ns.';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'CRG-W001',
  findingClass: 'Warning',
  policyName: 'p',
  findingId: 'CRG-W001',
  message: 'm',
  ...over,
});

function managed(name: string, document: unknown, suppressions?: unknown): any {
  return {
    Type: 'ALIYUN::RAM::ManagedPolicy',
    Properties: { PolicyName: name, PolicyDocument: document },
    ...(suppressions === undefined ? {} : { Metadata: { [SUPPRESSIONS_METADATA_KEY]: suppressions } }),
  };
}

describe('the seed (acceptance)', () => {
  test('its document yields exactly one Security warning, for cr:*, and no Error', () => {
    const findings = checkPolicyDocument(SEED, 'seed');
    expect(findings).toEqual([{
      ruleId: 'CRG-S001',
      findingClass: 'SecurityWarning',
      policyName: 'seed',
      statementIndex: 1,
      findingId: 'CRG-S001[cr:*]',
      message: expect.stringMatching(/cr:\*.*Hint: /),
    }]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('the template NamespaceGrant renders for it gives the same single finding', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', { ...SEED_GRANT, users: ['alice'] });
    const findings = checkTemplate(synthTemplate(stack));
    expect(findings.map((f) => [f.findingClass, f.findingId, f.policyName])).toEqual([
      ['SecurityWarning', 'CRG-S001[cr:*]', grant.policyName],
    ]);
  });

  test('suppressed through the policy\'s Metadata, it passes with its reason shown', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', { ...SEED_GRANT, users: ['alice'] });
    grant.policy.resource!.addMetaData(SUPPRESSIONS_METADATA_KEY, suppressionMetadata('TestStack/Grant', [{ id: 'CRG-S001[cr:*]', reason: REASON }]));
    const findings = checkTemplate(synthTemplate(stack));
    expect(findings).toEqual([expect.objectContaining({ findingId: 'CRG-S001[cr:*]', suppressedBecause: REASON })]);
    expect(exitCodeFor(findings)).toBe(0);
    expect(formatFindings(findings)).toContain(`suppressed: ${REASON}`);
  });
});

describe('least-privilege grants', () => {
  test.each([
    ['PULL with console access', { access: NamespaceAccess.PULL }],
    ['PUSH_PULL without console access', { access: NamespaceAccess.PUSH_PULL, consoleAccess: false }],
    ['PULL in two regions of one account', { access: NamespaceAccess.PULL, regions: ['cn-hangzhou', 'cn-shanghai'], accountId: '1234567890123456' }],
  ])('%s have no findings', (_what, props) => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { ...SEED_GRANT, ...props, users: ['alice'] });
    expect(checkTemplate(synthTemplate(stack))).toEqual([]);
  });
});

describe('checkPolicyDocument', () => {
  test('a least-privilege document has no findings', () => {
    expect(checkPolicyDocument({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' },
        { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: 'acs:cr:*:*:repository/cri-123456/ns/*' },
      ],
    }, 'pull')).toEqual([]);
  });

  test('JSON text is checked like the object', () => {
    expect(checkPolicyDocument(JSON.stringify(SEED), 'seed')).toEqual(checkPolicyDocument(SEED, 'seed'));
  });

  test('a document known only at deployment is not judged, and CRG-S005 says so', () => {
    for (const document of [{ 'Fn::GetAtt': ['Other', 'Document'] }, '${Token[TOKEN.1]}']) {
      expect(checkPolicyDocument(document, 'p').map((f) => [f.findingClass, f.findingId])).toEqual([
        ['SecurityWarning', 'CRG-S005[PolicyDocument]'],
      ]);
    }
  });

  test('an action listed twice is reported once', () => {
    const findings = checkPolicyDocument({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['Pull', 'Pull'], Resource: '*' }] }, 'p');
    expect(findings.map((f) => f.findingId)).toEqual(['CRG-E009[Pull]']);
  });

  test('findings carry rule id, class, policy, statement, granular id and a one-line message with a hint', () => {
    const [f] = checkPolicyDocument({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:List*', Resource: 'acs:cr:*:*:namespace/cri-1/ns' }] }, 'p');
    expect(f).toMatchObject({ ruleId: 'CRG-E011', findingClass: 'Error', policyName: 'p', statementIndex: 0, findingId: 'CRG-E011[acs:cr:*:*:namespace/cri-1/ns]' });
    expect(f.message).toMatch(/^[^\n]+ Hint: [^\n]+$/);
  });
});

describe('checkTemplate', () => {
  test('checks every managed policy and ignores other resources', () => {
    const findings = checkTemplate({
      Resources: {
        Good: managed('good', { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' }] }),
        Bad: managed('bad', { Version: '2', Statement: [{ Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' }] }),
        User: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice' } },
      },
    });
    expect(findings.map((f) => [f.policyName, f.findingId, f.logicalId])).toEqual([['bad', 'CRG-E002[2]', 'Bad']]);
  });

  test('a template without resources has no findings', () => {
    expect(checkTemplate({})).toEqual([]);
    expect(checkTemplate(undefined)).toEqual([]);
  });

  test('a rule id suppresses every finding of the rule on that resource only', () => {
    const wide = { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:*', '*'], Resource: '*' }] };
    const findings = checkTemplate({ Resources: { A: managed('a', wide, [{ id: 'CRG-S001', reason: REASON }]), B: managed('b', wide) } });
    // `*` also allows raising one's own permissions (CRG-S008), which a CRG-S001 suppression does not accept.
    expect(findings.map((f) => [f.policyName, f.findingId, f.suppressedBecause])).toEqual([
      ['a', 'CRG-S008[*]', undefined],
      ['b', 'CRG-S001[*]', undefined],
      ['b', 'CRG-S001[cr:*]', undefined],
      ['b', 'CRG-S008[*]', undefined],
      ['a', 'CRG-S001[*]', REASON],
      ['a', 'CRG-S001[cr:*]', REASON],
    ]);
  });

  test('a finding id suppresses that finding only', () => {
    const wide = { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:*', '*'], Resource: '*' }] };
    const findings = checkTemplate({ Resources: { A: managed('a', wide, [{ id: 'CRG-S001[cr:*]', reason: REASON }]) } });
    expect(findings.map((f) => [f.findingId, f.suppressedBecause])).toEqual([
      ['CRG-S001[*]', undefined],
      ['CRG-S008[*]', undefined],
      ['CRG-S001[cr:*]', REASON],
    ]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('a suppression without a reason is an Error and the finding stays', () => {
    const findings = checkTemplate({ Resources: { A: managed('a', SEED, [{ id: 'CRG-S001' }]) } });
    expect(findings.map((f) => [f.findingClass, f.findingId, f.suppressedBecause])).toEqual([
      ['Error', 'CRG-E015[A#0]', undefined],
      ['SecurityWarning', 'CRG-S001[cr:*]', undefined],
    ]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('Errors are never suppressed', () => {
    const findings = checkTemplate({ Resources: { A: managed('a', { ...SEED, Version: 1 }, [{ id: 'CRG-E002', reason: REASON }]) } });
    const error = findings.find((f) => f.ruleId === 'CRG-E002');
    expect(error?.suppressedBecause).toBeUndefined();
    expect(findings.some((f) => f.ruleId === 'CRG-I002')).toBe(true);
  });

  test('a principal finding can be suppressed from its attachments', () => {
    const pull = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/ns/*' }] };
    const Resources: any = {
      P0: managed('p0', pull),
      P1: managed('p1', pull),
      A0: { Type: 'ALIYUN::RAM::AttachPolicyToGroup', Properties: { PolicyName: 'p0', PolicyType: 'Custom', GroupName: 'devs' } },
      A1: {
        Type: 'ALIYUN::RAM::AttachPolicyToGroup',
        Properties: { PolicyName: 'p1', PolicyType: 'Custom', GroupName: 'devs' },
        Metadata: { [SUPPRESSIONS_METADATA_KEY]: [{ id: 'CRG-E013', reason: REASON }] },
      },
    };
    const limits = { ...DEFAULT_LIMITS, maxCustomPoliciesPerPrincipal: 1 };
    const findings = checkTemplate({ Resources }, limits);
    // CRG-E013 is an Error: it stays, and the suppression is reported as unusable.
    expect(findings.map((f) => [f.findingId, f.principal, f.suppressedBecause])).toEqual([
      ['CRG-E013[group:devs/Custom]', 'group:devs', undefined],
      ['CRG-I002[A1#0]', undefined, undefined],
    ]);
  });
});

describe('checkTemplates', () => {
  test('checks each template and sorts all findings', () => {
    const a = { Resources: { A: managed('a', SEED) } };
    const b = { Resources: { B: managed('b', { ...SEED, Version: '2' }) } };
    expect(checkTemplates([a, b]).map((f) => [f.policyName, f.ruleId])).toEqual([
      ['b', 'CRG-E002'],
      ['a', 'CRG-S001'],
      ['b', 'CRG-S001'],
    ]);
  });
});

describe('exitCodeFor', () => {
  test.each([
    ['nothing', 0, []],
    ['a Suggestion and a Warning', 0, [finding({ findingClass: 'Suggestion' }), finding({})]],
    ['a suppressed Security warning', 0, [finding({ findingClass: 'SecurityWarning', suppressedBecause: REASON })]],
    ['an unsuppressed Security warning', 1, [finding({ findingClass: 'SecurityWarning' })]],
    ['an Error', 1, [finding({ findingClass: 'Error' })]],
    ['an Error marked suppressed', 1, [finding({ findingClass: 'Error', suppressedBecause: REASON })]],
  ])('%s -> %d', (_what, code, findings) => {
    expect(exitCodeFor(findings as Finding[])).toBe(code);
  });
});

describe('formatFindings', () => {
  const findings: Finding[] = [
    finding({ ruleId: 'CRG-I001', findingClass: 'Suggestion', findingId: 'CRG-I001[#2]', statementIndex: 2, policyName: 'b' }),
    finding({ ruleId: 'CRG-S001', findingClass: 'SecurityWarning', findingId: 'CRG-S001[cr:*]', statementIndex: 1, policyName: 'a', suppressedBecause: REASON }),
    finding({ ruleId: 'CRG-E013', findingClass: 'Error', findingId: 'CRG-E013[user:alice/Custom]', policyName: '', principal: 'user:alice', message: 'too\nmany' }),
    finding({ ruleId: 'CRG-E002', findingClass: 'Error', findingId: 'CRG-E002[2]', policyName: 'a' }),
  ];

  test('one line per finding, most serious first, then a count', () => {
    expect(formatFindings(findings).split('\n')).toEqual([
      '[Error] CRG-E013[user:alice/Custom] principal user:alice: too many',
      '[Error] CRG-E002[2] policy a: m',
      `[Security warning, suppressed] CRG-S001[cr:*] policy a, statement 1: m (suppressed: ${REASON})`,
      '[Suggestion] CRG-I001[#2] policy b, statement 2: m',
      '4 findings: 2 errors, 1 security warning, 0 warnings, 1 suggestion; 1 suppressed.',
    ]);
  });

  test('the order of the input does not matter', () => {
    const text = formatFindings(findings);
    expect(formatFindings([...findings].reverse())).toBe(text);
    expect(formatFindings([findings[2], findings[0], findings[3], findings[1]])).toBe(text);
  });

  test('no findings', () => {
    expect(formatFindings([])).toBe('No findings.');
  });
});

describe('suppressionMetadata', () => {
  test('returns sorted, de-duplicated entries with trimmed reasons, merged with what is there', () => {
    const existing = [{ id: 'CRG-W001', reason: 'Token kept for old CI.' }];
    expect(suppressionMetadata('Stack/Policy', [
      { id: 'CRG-S001[cr:*]', reason: `  ${REASON}  ` },
      { id: 'CRG-S001[cr:*]', reason: REASON },
    ], existing)).toEqual([
      { id: 'CRG-S001[cr:*]', reason: REASON },
      { id: 'CRG-W001', reason: 'Token kept for old CI.' },
    ]);
    expect(existing).toHaveLength(1);
  });

  test.each([
    ['a short reason', { id: 'CRG-S001', reason: 'ok' }, 'Stack/Policy: suppressions[0].reason "ok" must say why the finding is accepted, in at least 10 characters'],
    ['an unknown rule', { id: 'CRG-S999', reason: REASON }, 'Stack/Policy: suppressions[0].id "CRG-S999" must name a rule of the policy checker that is not an Error (CRG-S001, '],
    ['an Error', { id: 'CRG-E011', reason: REASON }, 'Stack/Policy: suppressions[0].id "CRG-E011" names an Error, and Errors cannot be suppressed'],
    ['a malformed id', { id: 'S001', reason: REASON }, 'Stack/Policy: suppressions[0].id "S001" must name a rule of the policy checker'],
  ])('refuses %s, naming the resource, the field and the rule', (_what, suppression, message) => {
    expect(() => suppressionMetadata('Stack/Policy', [suppression])).toThrow(message);
  });
});

describe('the rule set', () => {
  test('ids are unique, classes match the id letter, and each rule has a file and a test named after it', () => {
    const ids = CHECK_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const letter = { Error: 'E', SecurityWarning: 'S', Warning: 'W', Suggestion: 'I' };
    for (const rule of CHECK_RULES) {
      expect(rule.id).toMatch(new RegExp(`^CRG-${letter[rule.findingClass]}[0-9]{3}$`));
      expect(rule.docs).toMatch(/^https:\/\/www\.alibabacloud\.com\/help\/en\//);
      expect(existsSync(join(__dirname, '../../lib/check/rules', `${rule.name}.ts`))).toBe(true);
      expect(existsSync(join(__dirname, 'rules', `${rule.name}.test.ts`))).toBe(true);
    }
  });

  test('rules/ holds one file per rule and nothing else, and no rule imports another', () => {
    const dir = join(__dirname, '../../lib/check/rules');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(CHECK_RULES.map((r) => r.name).sort());
    for (const file of files) {
      expect([file, readFileSync(join(dir, file), 'utf8').match(/from '\.\/[^']*'/g)]).toEqual([file, null]);
    }
  });

  test('rulesMarkdown lists every rule, most serious first', () => {
    const rows = rulesMarkdown().split('\n').slice(2).map((row) => row.split(' | ')[0].slice(2));
    expect(rows).toEqual(CHECK_RULES.map((r) => r.id));
    expect(rows[0]).toBe('CRG-E001');
  });
});
