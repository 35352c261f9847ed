/**
 * `check` and `diff` as reports for CI: SARIF 2.1.0 valid against the official schema, the JSON
 * report valid against schema/report.schema.json, and every result located at the line of what
 * it is about in the files under review.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { diffTemplates } from '../../lib/analysis/diff';
import { checkTemplate } from '../../lib/check/engine';
import { loadGrantsFile } from '../../lib/config/grants-file';
import { readInput, templateOf } from '../../lib/cli/input';
import { locatorFor } from '../../lib/cli/locate';
import { checkReport, diffReport, invariantResults } from '../../lib/cli/report';
import { InvariantCertainty, InvariantViolation } from '../../lib/analysis/invariants';
import { formatReportJson } from '../../lib/cli/report-json';
import { artifactUri, formatReportSarif } from '../../lib/cli/sarif';
import { run } from './run-cli';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The official SARIF 2.1.0 schema (draft-04), as @microsoft/jest-sarif ships it. Its `language`
 * pattern is not a valid Unicode regular expression, so patterns are compiled without the `u` flag.
 */
const SARIF_SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const sarifAjv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(sarifAjv);
const validSarif = sarifAjv.compile(SARIF_SCHEMA);

const REPORT_SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
const reportAjv = new Ajv2020({ allErrors: true, strict: true });
addFormats(reportAjv);
const validReport = reportAjv.compile(REPORT_SCHEMA);

function expectValid(validate: typeof validSarif, value: unknown): void {
  const ok = validate(value);
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** Runs a command from the repository root, as CI does, so files are given relative to it. */
function inRoot<T>(f: () => T): T {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return f();
  } finally {
    process.chdir(cwd);
  }
}

const CHECKED = [
  'examples/grants.yaml', 'examples/grants.json', 'examples/hand-written.template.json',
  'examples/review/team.template.json', 'examples/review/team-document-parameter.template.json',
  'test/fixtures/templates/hand-written.json', 'test/fixtures/templates/hand-written-v2.yaml',
  'examples/assembly/widened',
];
const DIFFED: [string, string][] = [
  ['examples/grants.yaml', 'examples/grants-v2.yaml'],
  ['examples/grants-v2.yaml', 'examples/grants.yaml'],
  ['examples/review/team.template.json', 'examples/review/team-deny-removed.template.json'],
  ['examples/review/team.template.json', 'examples/review/team-document-parameter.template.json'],
  ['test/fixtures/templates/hand-written.json', 'test/fixtures/templates/hand-written-v2.yaml'],
  ['examples/assembly/v1', 'examples/assembly/widened'],
  ['examples/assembly/widened', 'examples/assembly/v1'],
  ['examples/review/deploy-role.template.json', 'examples/review/deploy-role-trust-widened.template.json'],
  ['examples/review/deploy-role-trust-widened.template.json', 'examples/review/deploy-role.template.json'],
];
const INVARIANT_RUNS: string[][] = [
  ['check', 'examples/invariants/deny-removed.json', '--invariants', 'examples/invariants/invariants.yaml'],
  ['check', 'examples/invariants/unresolved.json', '--invariants', 'examples/invariants/invariants.yaml'],
  ['check', 'examples/invariants/grants.yaml'],
];
const RUNS: string[][] = [...CHECKED.map((f) => ['check', f]), ...DIFFED.map(([a, b]) => ['diff', a, b]), ...INVARIANT_RUNS];

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-report-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('SARIF 2.1.0', () => {
  test('the validator refuses what the schema refuses', () => {
    // Without this, a validator that accepts everything would pass every test below.
    expect(validSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] })).toBe(true);
    expect(validSarif({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
    expect(validSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'severe' }] }] })).toBe(false);
  });

  test.each(RUNS)('%s %s %s validates against the schema', (...argv) => {
    const result = inRoot(() => run(...argv, '--format', 'sarif'));
    expect(result.stderr).toBe('');
    expectValid(validSarif, JSON.parse(result.stdout));
  });

  test.each(RUNS)('%s %s %s: the same exit code as without --format, and the same bytes twice', (...argv) => {
    const plain = inRoot(() => run(...argv));
    const first = inRoot(() => run(...argv, '--format', 'sarif'));
    const second = inRoot(() => run(...argv, '--format', 'sarif'));
    expect(first.code).toBe(plain.code);
    expect(second.stdout).toBe(first.stdout);
  });

  test('levels follow the classes; a suppressed finding carries its reason as an in-source suppression', () => {
    const log = JSON.parse(inRoot(() => run('check', 'examples/grants.yaml', '--format', 'sarif')).stdout);
    const [result] = log.runs[0].results;
    expect(result.ruleId).toBe('CRG-S001');
    expect(result.level).toBe('error');
    expect(result.suppressions).toEqual([{ kind: 'inSource', justification: expect.stringMatching(/model registry|sandbox/) }]);
    const rule = log.runs[0].tool.driver.rules[result.ruleIndex];
    expect(rule.id).toBe('CRG-S001');
    expect(rule.properties['security-severity']).toBe('7.0');
    expect(log.runs[0].invocations[0].exitCode).toBe(0);
  });

  test('check: every result has a suppressions list (empty when unsuppressed), every rule is declared; diff: no suppressions', () => {
    const check = JSON.parse(inRoot(() => run('check', 'examples/hand-written.template.json', '--format', 'sarif')).stdout).runs[0];
    expect(check.results.map((r: any) => r.suppressions)).toEqual([[], [], []]);
    expect(check.tool.driver.rules.map((r: any) => r.id)).toEqual(expect.arrayContaining(['CRG-E001', 'CRG-S001', 'CRG-W001', 'CRG-I001', 'CRG-INV']));
    for (const r of check.results) expect(check.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const diff = JSON.parse(inRoot(() => run('diff', 'examples/grants.yaml', 'examples/grants-v2.yaml', '--format', 'sarif')).stdout).runs[0];
    expect(diff.results.every((r: any) => r.suppressions === undefined)).toBe(true);
    expect(diff.tool.driver.rules.map((r: any) => r.id)).toEqual(['CRG-D001', 'CRG-D002', 'CRG-D003']);
  });

  test('diff: a widening is a warning to approve, a narrowing a note, in NEW and OLD respectively', () => {
    const log = JSON.parse(inRoot(() => run('diff', 'examples/grants.yaml', 'examples/grants-v2.yaml', '--format', 'sarif')).stdout);
    const results = log.runs[0].results.map((r: any) => [r.ruleId, r.level, r.properties.gate, r.locations[0].physicalLocation.artifactLocation.uri]);
    expect(log.runs[0].results.map((r: any) => log.runs[0].tool.driver.rules[r.ruleIndex].id)).toEqual(['CRG-D001', 'CRG-D003']);
    expect(results).toEqual([
      ['CRG-D001', 'warning', 'approve', 'examples/grants-v2.yaml'],
      ['CRG-D003', 'note', 'none', 'examples/grants.yaml'],
    ]);
    expect(log.runs[0].automationDetails.id).toBe('cr-grants/diff/');
  });

  test('fingerprints do not depend on lines: a comment added above a finding keeps its fingerprint', () => {
    const moved = path.join(tmp, 'grants-moved.yaml');
    fs.writeFileSync(moved, `# a comment\n# and another\n${fs.readFileSync(path.join(ROOT, 'examples', 'grants.yaml'), 'utf8')}`);
    const original = path.join(tmp, 'grants.yaml');
    fs.copyFileSync(path.join(ROOT, 'examples', 'grants.yaml'), original);
    const of = (file: string) => JSON.parse(run('check', file, '--format', 'sarif').stdout).runs[0].results
      .map((r: any) => [r.partialFingerprints['crGrantsResult/v1'], r.locations[0].physicalLocation.region.startLine]);
    const [before, after] = [of(original), of(moved)];
    expect(after.map((r: any) => r[0])).toEqual(before.map((r: any) => r[0]));
    expect(after.map((r: any) => r[1])).toEqual(before.map((r: any) => r[1] + 2));
  });

  test('file URIs: relative paths as posix references, absolute ones as file: URIs, special characters escaped', () => {
    expect(artifactUri('examples/grants.yaml')).toBe('examples/grants.yaml');
    expect(artifactUri('./a b/c#d.json')).toBe('a%20b/c%23d.json');
    expect(artifactUri('/tmp/x y.yaml')).toBe('file:///tmp/x%20y.yaml');
  });
});

describe('the JSON report', () => {
  test('the schema refuses what it should', () => {
    const good = JSON.parse(inRoot(() => run('check', 'examples/hand-written.template.json', '--format', 'json')).stdout);
    expect(validReport(good)).toBe(true);
    expect(validReport({ ...good, version: 2 })).toBe(false);
    expect(validReport({ ...good, results: [{ ...good.results[0], gate: 'maybe' }] })).toBe(false);
    expect(validReport({ ...good, extra: 1 })).toBe(false);
    const trust = JSON.parse(inRoot(() => run('diff', 'examples/review/deploy-role.template.json',
      'examples/review/deploy-role-trust-widened.template.json', '--format', 'json')).stdout);
    expect(validReport(trust)).toBe(true);
    expect(validReport({ ...trust, results: [{ ...trust.results[0], trust: { role: 'role:deploy' } }] })).toBe(false);
    expect(validReport({ ...trust, results: [{ ...trust.results[0], trust: { role: 'role:deploy', caller: 'acs:ram::1:root' } }] })).toBe(false);
  });

  test.each(RUNS)('%s %s %s validates against schema/report.schema.json', (...argv) => {
    const result = inRoot(() => run(...argv, '--format', 'json'));
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expectValid(validReport, report);
    expect(report.exitCode).toBe(result.code);
  });

  test('invariant violations validate too, and fail the check', () => {
    const file = 'examples/hand-written.template.json';
    const input = inRoot(() => readInput(file));
    const template = inRoot(() => templateOf(input));
    const locator = inRoot(() => locatorFor(input, template));
    const violation: InvariantViolation = {
      invariantIndex: 0,
      where: 'invariants.yaml:3:5',
      invariant: 'never cr:PushRepository on cri-5jx0k2m8q4w7r1t9/* except role:ci-deployer',
      principal: 'user:ci',
      certainty: InvariantCertainty.VIOLATED,
      request: { action: 'cr:PushRepository', resource: 'acs:cr:cn-hangzhou:1:repository/cri-5jx0k2m8q4w7r1t9/web/app' },
      allowedBy: { policyName: 'ci-push', statementIndex: 0 },
      assuming: [],
    };
    const results = invariantResults([violation], locator);
    const report = checkReport(file, [], locator, results);
    expect(report.exitCode).toBe(1);
    const json = JSON.parse(formatReportJson(report));
    expectValid(validReport, json);
    expect(json.results[0]).toMatchObject({
      ruleId: 'CRG-INV', resultClass: 'InvariantViolation', gate: 'fail',
      locations: [{ file, line: 12, exact: true }], relatedLocations: [{ file: 'invariants.yaml', line: 3 }],
    });
    const sarif = JSON.parse(formatReportSarif(report, '0.0.0'));
    expectValid(validSarif, sarif);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'CRG-INV', level: 'error', relatedLocations: [{ id: 1 }] });
  });
});

describe('locations', () => {
  const lineOf = (file: string, line: number) => fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')[line - 1];
  const locations = (...argv: string[]) => JSON.parse(inRoot(() => run(...argv, '--format', 'json')).stdout).results
    .map((r: any) => ({ id: r.id, at: r.locations.map((l: any) => [l.line, l.exact, lineOf(l.file, l.line).trim()]) }));

  test('a template: the statement of a managed policy, of an inline policy, and the attachment resource', () => {
    expect(locations('check', 'examples/hand-written.template.json')).toEqual([
      // Statement 0 of CiPushPolicy, written over several lines: its opening brace.
      { id: expect.stringMatching(/^CRG-S004\[cr:PushRepository/), at: [[12, true, '{']] },
      { id: expect.stringMatching(/^CRG-S004\[cr:Delete\*/), at: [[50, true, '{ "Effect": "Allow", "Action": "cr:Delete*", "Resource": "acs:cr:*:*:repository/*" }']] },
      { id: 'CRG-S003[AdministratorAccess]', at: [[57, true, '"PlatformAdmins": {']] },
    ]);
  });

  test('a YAML template: statements are list items', () => {
    const json = JSON.parse(inRoot(() => run('diff', 'test/fixtures/templates/hand-written.json',
      'test/fixtures/templates/hand-written-v2.yaml', '--format', 'json')).stdout);
    const inYaml = json.results.flatMap((r: any) => [...r.locations, ...r.relatedLocations]).filter((l: any) => l.file.endsWith('.yaml'));
    expect(inYaml.length).toBeGreaterThan(0);
    for (const l of inYaml) expect([l.exact, lineOf(l.file, l.line).trim()]).toEqual([true, expect.stringMatching(/^- Effect: Allow$/)]);
  });

  test('a grants file: the grant a synthesized policy comes from', () => {
    const grants = loadGrantsFile(path.join(ROOT, 'examples', 'grants.yaml')).grants;
    const grantAt = (line: number) => grants.find((g) => g.where.endsWith(`:${line}:5`))!.grant;
    const found = locations('check', 'examples/grants.yaml');
    expect(found).toHaveLength(2);
    const located = found.map(({ at }: any) => {
      expect(at).toHaveLength(1);
      const grant = grantAt(at[0][0]);
      return [grant.namespace, grant.principals.map((p) => p.name)];
    }).sort();
    expect(located).toEqual([['ml-models', ['carol']], ['sandbox', ['platform-admins']]]);
  });

  test('a diff of grants files: the widening at the grant in NEW, the narrowing at the grant in OLD', () => {
    const json = JSON.parse(inRoot(() => run('diff', 'examples/grants.yaml', 'examples/grants-v2.yaml', '--format', 'json')).stdout);
    const [widening, narrowing] = json.results;
    const v2 = loadGrantsFile(path.join(ROOT, 'examples', 'grants-v2.yaml')).grants;
    const v1 = loadGrantsFile(path.join(ROOT, 'examples', 'grants.yaml')).grants;
    const at = (grants: typeof v1, l: any) => grants.find((g) => g.where.endsWith(`:${l.line}:${l.column}`))!.grant;
    expect(at(v2, widening.locations[0]).principals.map((p) => p.name)).toEqual(['ml-researchers']);
    expect(at(v2, widening.locations[0]).access).toBe('PUSH_PULL');
    expect(at(v1, narrowing.locations[0]).principals.map((p) => p.name).sort()).toEqual(['alice', 'bob']);
  });

  test('a removed Deny: the Allow in NEW, the Deny it undid in OLD as a related location', () => {
    const json = JSON.parse(inRoot(() => run('diff', 'examples/review/team.template.json',
      'examples/review/team-deny-removed.template.json', '--format', 'json')).stdout);
    const [change] = json.results;
    expect(lineOf(change.locations[0].file, change.locations[0].line)).toMatch(/\{/);
    expect(lineOf(change.relatedLocations[0].file, change.relatedLocations[0].line)).toMatch(/^\s*\{ "Effect": "Deny"/);
  });

  test('a trust change: the statement of the role\'s AssumeRolePolicyDocument, with the role and the caller', () => {
    const [old, now] = ['examples/review/deploy-role.template.json', 'examples/review/deploy-role-trust-widened.template.json'];
    const json = JSON.parse(inRoot(() => run('diff', old, now, '--format', 'json')).stdout);
    expect(json.results.map((r: any) => [r.ruleId, r.trust, r.locations])).toEqual([[
      'CRG-D001', { role: 'role:deploy', caller: 'RAM:acs:ram::222222222222:root' }, [{ file: now, line: 11, column: 13, exact: true }],
    ]]);
    expect(lineOf(now, 11)).toContain('"Principal": { "RAM": ["acs:ram::123456789012:user/ci", "acs:ram::222222222222:root"] }');
    const back = JSON.parse(inRoot(() => run('diff', now, old, '--format', 'sarif')).stdout).runs[0];
    expect(back.results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine])).toEqual([['CRG-D003', 'note', 11]]);
    expect(back.results[0].message.text).toBe('No longer trusted: RAM:acs:ram::222222222222:root may assume role:deploy (sts:AssumeRole) '
      + '(was allowed by statement 0 of the trust policy of role:deploy; no statement trusts it now).');
  });

  test('a trust change under one reading of `*` inside a Principal entry only: every format names the reading', () => {
    const role = (ram: string) => JSON.stringify({ Resources: { Deploy: { Type: 'ALIYUN::RAM::Role', Properties: { RoleName: 'deploy',
      AssumeRolePolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [ram] } }] } } } } }, undefined, 2);
    const [old, now] = [path.join(tmp, 'star-old.json'), path.join(tmp, 'star-new.json')];
    fs.writeFileSync(old, role('acs:ram::111111111111:role/*'));
    fs.writeFileSync(now, role('acs:ram::111111111111:role/admin'));
    const note = 'only if RAM reads * inside a Principal entry as an ordinary character';
    const markdown = run('diff', old, now);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain('`RAM:acs:ram::111111111111:role/admin` may assume `role:deploy`');
    expect(markdown.stdout).toContain('only if RAM reads `*` inside a Principal entry as an ordinary character');
    const plain = JSON.parse(run('diff', old, now, '--json').stdout);
    expect(plain.changes.map((c: any) => [c.kind, c.resource, c.principalStar])).toEqual([
      ['WIDENED', 'RAM:acs:ram::111111111111:role/admin', 'LITERAL'], ['NARROWED', 'RAM:acs:ram::111111111111:role/app', undefined]]);
    const report = JSON.parse(run('diff', old, now, '--format', 'json').stdout);
    expectValid(validReport, report);
    expect(report.results[0].message).toContain(note);
    const sarif = JSON.parse(run('diff', old, now, '--format', 'sarif').stdout);
    expectValid(validSarif, sarif);
    expect(sarif.runs[0].results[0].message.text).toContain(note);
    // A change under both readings says nothing of them.
    expect(JSON.parse(run('diff', now, old, '--format', 'json').stdout).results[0].message).not.toContain('Principal entry');
  });

  test('a policy document: its statement', () => {
    const file = path.join(tmp, 'policy.json');
    fs.writeFileSync(file, '{\n  "Version": "1",\n  "Statement": [\n    { "Effect": "Allow", "Action": "cr:*", "Resource": "*" }\n  ]\n}\n');
    const json = JSON.parse(run('check', file, '--format', 'json').stdout);
    expect(json.results.length).toBeGreaterThan(0);
    for (const r of json.results) {
      if (r.subject.statementIndex === 0) expect(r.locations[0]).toEqual({ file, line: 4, column: 5, exact: true });
    }
  });

  test('a finding about what the template cannot show points at the file\'s first line, marked not exact', () => {
    const file = path.join(tmp, 'unreadable.json');
    fs.writeFileSync(file, '{ "Resources": [] }\n');
    const json = JSON.parse(run('check', file, '--format', 'json').stdout);
    expect(json.results.map((r: any) => r.locations)).toEqual([[{ file, line: 1, column: 1, exact: false }]]);
  });

  test('the report is the checker\'s and the diff\'s: one result per finding and change, in a fixed order', () => {
    const input = inRoot(() => readInput('examples/hand-written.template.json'));
    const template = inRoot(() => templateOf(input));
    const findings = checkTemplate(template);
    const report = (list: typeof findings) => inRoot(() => checkReport(input.path, list, locatorFor(input, template)));
    expect(report([...findings].reverse())).toEqual(report(findings));
    expect(report(findings).results.map((r) => r.id).sort()).toEqual(findings.map((f) => f.findingId).sort());
    const [a, b] = ['examples/grants.yaml', 'examples/grants-v2.yaml'].map((f) => inRoot(() => readInput(f)));
    const [ta, tb] = [a, b].map((i) => inRoot(() => templateOf(i)));
    const diff = diffTemplates(ta, tb);
    const diffed = inRoot(() => diffReport({ old: a.path, new: b.path }, diff, { old: locatorFor(a, ta), new: locatorFor(b, tb) }));
    expect(diffed.results).toHaveLength(diff.changes.length + diff.undecided.length);
  });
});

describe('--format', () => {
  test.each([
    [['check', 'examples/grants.yaml', '--format', 'xml'], /--format "xml" is not one of text, markdown, json, sarif/],
    [['diff', 'examples/grants.yaml', 'examples/grants.yaml', '--format', 'text'], /--format "text" is not one of markdown, json, sarif/],
    [['diff', 'examples/grants.yaml', 'examples/grants.yaml', '--format', 'json', '--json'], /--json and --format cannot be given together/],
    [['check', 'examples/grants.yaml', '--format'], /--format needs a value/],
  ])('%j is refused in one line', (argv, message) => {
    const result = inRoot(() => run(...argv));
    expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(message) });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a file that cannot be read prints nothing on standard output, in every format', () => {
    for (const format of ['json', 'sarif', 'markdown']) {
      const result = run('check', path.join(tmp, 'missing.json'), '--format', format);
      expect([result.code, result.stdout]).toEqual([1, '']);
    }
  });

  test('markdown: the check as a section with each finding at its file and line', () => {
    const result = inRoot(() => run('check', 'examples/hand-written.template.json', '--format', 'markdown'));
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['### Container Registry policy check', '', '3 findings: 0 errors, 3 security warnings, 0 warnings, 0 suggestions; 0 suppressed.']);
    expect(lines.filter((l) => l.startsWith('- **Security warning** `CRG-S00')).map((l) => /at `([^`]+)`/.exec(l)![1])).toEqual([
      'examples/hand-written.template.json:12', 'examples/hand-written.template.json:50', 'examples/hand-written.template.json:57',
    ]);
  });
});

describe('grants file locations narrow to the grants in the statement', () => {
  test('two grants in one policy: a finding on the cr:* statement points at the FULL grant only', () => {
    const file = path.join(tmp, 'two-grants.yaml');
    fs.writeFileSync(file, [
      'version: 1',
      'grants:',
      '  - instanceId: cri-123456',
      '    namespace: reads',
      '    access: PULL',
      '    users: [dana]',
      '  - instanceId: cri-123456',
      '    namespace: owned',
      '    access: FULL',
      '    users: [dana]',
      '',
    ].join('\n'));
    const json = JSON.parse(run('check', file, '--format', 'json').stdout);
    const full = json.results.filter((r: any) => r.ruleId === 'CRG-S001');
    expect(full).toHaveLength(1);
    expect(full[0].locations).toEqual([{ file, line: 7, column: 5, exact: true }]);
  });
});

describe('invariant violations', () => {
  test('a broken invariant is a CRG-INV result that fails, at the allowing statement, with the invariant as a related location', () => {
    const result = inRoot(() => run('check', 'examples/invariants/deny-removed.json', '--invariants', 'examples/invariants/invariants.yaml', '--format', 'json'));
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.exitCode).toBe(2);
    const violations = report.results.filter((r: any) => r.ruleId === 'CRG-INV');
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      expect([v.resultClass, v.gate]).toEqual(['InvariantViolation', 'fail']);
      expect(v.locations[0].file).toBe('examples/invariants/deny-removed.json');
      expect(v.locations[0].exact).toBe(true);
      expect(v.relatedLocations[0]).toMatchObject({ file: 'examples/invariants/invariants.yaml', exact: true });
    }
  });

  test('an invariant that cannot be proven exits 3 in every format, and still fails the report', () => {
    for (const format of ['text', 'markdown', 'json', 'sarif']) {
      const result = inRoot(() => run('check', 'examples/invariants/unresolved.json', '--invariants', 'examples/invariants/invariants.yaml', '--format', format));
      expect([format, result.code]).toEqual([format, 3]);
    }
    const report = JSON.parse(inRoot(() => run('check', 'examples/invariants/unresolved.json', '--invariants', 'examples/invariants/invariants.yaml', '--format', 'json')).stdout);
    expect(report.results.some((r: any) => r.ruleId === 'CRG-INV' && r.gate === 'fail' && /cannot be ruled out/.test(r.message))).toBe(true);
  });
});

describe('a cloud assembly: results in the template file of each stack', () => {
  const lineOf = (file: string, line: number) => fs.readFileSync(path.isAbsolute(file) ? file : path.join(ROOT, file), 'utf8').split('\n')[line - 1];

  test('diff: the widening at its statement in the stack that now holds it, in every format', () => {
    const json = JSON.parse(inRoot(() => run('diff', 'examples/assembly/v1', 'examples/assembly/widened', '--format', 'json')).stdout);
    expect(json.results.map((r: any) => r.locations)).toEqual([[
      { file: 'examples/assembly/widened/Platform.template.json', line: 118, column: 13, exact: true },
    ]]);
    // Statement 1 of the policy: the cr:* statement that widened.
    expect(lineOf('examples/assembly/widened/Platform.template.json', 118).trim()).toBe('{');
    expect(lineOf('examples/assembly/widened/Platform.template.json', 121).trim()).toBe('"cr:*"');
    const sarif = JSON.parse(inRoot(() => run('diff', 'examples/assembly/v1', 'examples/assembly/widened', '--format', 'sarif')).stdout);
    expect(sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation)).toEqual([
      { artifactLocation: { uri: 'examples/assembly/widened/Platform.template.json' }, region: { startLine: 118, startColumn: 13 } },
    ]);
    // Narrowed the other way round: where the access was, in the old version's file.
    const back = JSON.parse(inRoot(() => run('diff', 'examples/assembly/widened', 'examples/assembly/v1', '--format', 'json')).stdout);
    expect(back.results.map((r: any) => r.locations[0].file)).toEqual(['examples/assembly/widened/Platform.template.json']);
  });

  test('check: a finding at its statement; markdown names the template file and line', () => {
    const json = JSON.parse(inRoot(() => run('check', 'examples/assembly/widened', '--format', 'json')).stdout);
    expect(json.results.map((r: any) => [r.id, r.locations])).toEqual([
      ['CRG-S001[cr:*]', [{ file: 'examples/assembly/widened/Platform.template.json', line: 118, column: 13, exact: true }]],
    ]);
    const markdown = inRoot(() => run('check', 'examples/assembly/widened', '--format', 'markdown')).stdout;
    expect(markdown).toContain('at `examples/assembly/widened/Platform.template.json:118`');
    expect(markdown).not.toContain('at `examples/assembly/widened:1`');
  });

  /**
   * An assembly written by hand, one statement per line: stack A with a policy, a nested stack
   * (TemplateBody an object) holding a policy with cr:*, and one whose TemplateBody is JSON text;
   * stack B with a policy of A's name and an inline cr:* policy on a user; bob gets 6 custom
   * policies in each stack.
   */
  function handWrittenAssembly(): string {
    const dir = path.join(tmp, 'hand-written-assembly');
    fs.mkdirSync(dir, { recursive: true });
    const statement = (action: string) => `{ "Effect": "Allow", "Action": "${action}", "Resource": "acs:cr:*:*:repository/cri-123456/ns/*" }`;
    const managed = (id: string, name: string, action: string, users: string[] = []) => [
      `    "${id}": {`,
      '      "Type": "ALIYUN::RAM::ManagedPolicy",',
      `      "Properties": { "PolicyName": "${name}", "Users": ${JSON.stringify(users)},`,
      `        "PolicyDocument": { "Version": "1", "Statement": [`,
      `          ${statement(action)}`,
      '        ] } }',
      '    },',
    ];
    const bobs = (stack: string) => [1, 2, 3, 4, 5, 6].flatMap((i) => managed(`Bob${i}`, `${stack}-bob-${i}`, 'cr:PullRepository', ['bob']));
    const wide = JSON.stringify({ Resources: { Wide: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'wide', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*' }] } } } } });
    const a = [
      '{',
      '  "ROSTemplateFormatVersion": "2015-09-01",',
      '  "Resources": {',
      ...managed('Shared', 'shared', 'cr:PullRepository'),
      ...bobs('a'),
      '    "Inner": {',
      '      "Type": "ALIYUN::ROS::Stack",',
      '      "Properties": { "TemplateBody": { "ROSTemplateFormatVersion": "2015-09-01", "Resources": {',
      ...managed('Owner', 'owner', 'cr:*'),
      '        "End": { "Type": "ALIYUN::RAM::Group", "Properties": { "GroupName": "end" } }',
      '      } } }',
      '    },',
      '    "Text": {',
      '      "Type": "ALIYUN::ROS::Stack",',
      `      "Properties": { "TemplateBody": ${JSON.stringify(wide)} }`,
      '    }',
      '  }',
      '}',
    ];
    const b = [
      '{',
      '  "ROSTemplateFormatVersion": "2015-09-01",',
      '  "Resources": {',
      ...managed('Shared', 'shared', 'cr:PullRepository'),
      ...bobs('b'),
      '    "Carol": {',
      '      "Type": "ALIYUN::RAM::User",',
      '      "Properties": { "UserName": "carol", "Policies": [',
      `        { "PolicyName": "own", "PolicyDocument": { "Version": "1", "Statement": [`,
      `          ${statement('cr:*')}`,
      '        ] } }',
      '      ] }',
      '    }',
      '  }',
      '}',
    ];
    fs.writeFileSync(path.join(dir, 'A.template.json'), `${a.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'B.template.json'), `${b.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      version: '7.0.0',
      artifacts: {
        A: { type: 'aliyun:ros:stack', properties: { templateFile: 'A.template.json' } },
        B: { type: 'aliyun:ros:stack', properties: { templateFile: 'B.template.json' } },
      },
    }));
    return dir;
  }

  test('check: nested stacks, inline policies, duplicates across stacks and a principal\'s policies in both files', () => {
    const dir = handWrittenAssembly();
    const [a, b] = ['A', 'B'].map((s) => path.join(dir, `${s}.template.json`));
    const result = run('check', dir, '--format', 'json');
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expectValid(validReport, json);
    const at = (id: string) => json.results.find((r: any) => r.id === id)?.locations
      .map((l: any) => [path.basename(l.file), l.exact, lineOf(l.file, l.line).trim()]);
    // A nested stack's policy: its statement inside the nested stack's TemplateBody, in the parent's file.
    expect(at('CRG-S001[cr:*]')).toBeDefined();
    const wide = json.results.filter((r: any) => r.ruleId === 'CRG-S001').map((r: any) => [r.subject.policyName, r.locations
      .map((l: any) => [path.basename(l.file), l.exact, lineOf(l.file, l.line).trim()])]);
    expect(wide).toEqual(expect.arrayContaining([
      ['A/Inner/owner', [['A.template.json', true, '{ "Effect": "Allow", "Action": "cr:*", "Resource": "acs:cr:*:*:repository/cri-123456/ns/*" }']]],
      // A TemplateBody given as JSON text has no lines of its own: the nested stack's body, not exact.
      ['A/Text/wide', [['A.template.json', false, expect.stringMatching(/^"Properties": \{ "TemplateBody": "/)]]],
      ['B/own (inline on user:carol)', [['B.template.json', true, '{ "Effect": "Allow", "Action": "cr:*", "Resource": "acs:cr:*:*:repository/cri-123456/ns/*" }']]],
    ]));
    expect(wide).toHaveLength(3);
    // The duplicate name: at the second policy's resource, in B's file.
    expect(at('CRG-E014[shared@B/Shared]')).toEqual([['B.template.json', true, '"Shared": {']]);
    // Twelve custom policies for bob, six in each file: the first ten places, file by file.
    const bob = json.results.find((r: any) => r.ruleId === 'CRG-E013');
    expect(bob.subject.principal).toBe('user:bob');
    expect(bob.locations.map((l: any) => [l.file, l.exact, lineOf(l.file, l.line).trim()])).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((i) => [a, true, `"Bob${i}": {`]),
      ...[1, 2, 3, 4].map((i) => [b, true, `"Bob${i}": {`]),
    ]);
    // SARIF: every artifact is a template file of the assembly.
    const sarif = JSON.parse(run('check', dir, '--format', 'sarif').stdout);
    expectValid(validSarif, sarif);
    const uris = new Set(sarif.runs[0].results.flatMap((r: any) => r.locations.map((l: any) => l.physicalLocation.artifactLocation.uri)));
    expect([...uris].sort()).toEqual([artifactUri(a), artifactUri(b)]);
  });

  test('a result that names no stack points at the manifest, not at the directory', () => {
    const dir = handWrittenAssembly();
    const input = readInput(dir);
    const locator = locatorFor(input, templateOf(input));
    expect(locator.locate({ principal: 'user:nobody' })).toEqual([{ file: path.join(dir, 'manifest.json'), line: 1, column: 1, exact: false }]);
    expect(locator.locate({ policyName: 'B/missing' })).toEqual([{ file: path.join(dir, 'B.template.json'), line: 1, column: 1, exact: false }]);
  });
});
