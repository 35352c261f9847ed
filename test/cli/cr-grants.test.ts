import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from './run-cli';
import { checkPolicyDocument, checkTemplate, exitCodeFor } from '../../lib/check/engine';
import { formatFindings } from '../../lib/check/format';
import { loadTemplate } from '../../lib/cli/input';
import * as grantsFile from '../../lib/config/grants-file';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'templates');
const example = (name: string) => path.join(EXAMPLES, name);
const fixture = (name: string) => path.join(FIXTURES, name);

/** An error is one line on stderr and nothing on stdout. */
function expectOneLineError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTemp(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

const exampleFiles = fs.existsSync(EXAMPLES)
  ? fs.readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()
  : [];
const haveExamples = ['grants.yaml', 'grants-v2.yaml', 'grants.json'].every((f) => exampleFiles.includes(f));
const withExamples = haveExamples ? describe : describe.skip;

withExamples('the examples', () => {
  test.each(exampleFiles)('summary %s prints a table and exits 0', (name) => {
    const result = run('summary', example(name));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^### Container Registry access\n\n\| Grantee \| Namespace \| Level \|/);
  });

  test.each(exampleFiles)('check %s prints the checker\'s findings and exit code', (name) => {
    // Grants files are synthesized first; templates are read as they are.
    const findings = checkTemplate(loadTemplate(example(name)));
    const result = run('check', example(name));
    expect(result.stdout).toBe(formatFindings(findings) + '\n');
    expect(result.code).toBe(exitCodeFor(findings));
  });

  test('check grants.yaml passes: the file suppresses its two FULL grants\' cr:* findings', () => {
    const result = run('check', example('grants.yaml'));
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^(\[[^\]]+\] \S+ policy [\w-]+).*$/, '$1'))).toEqual([
      '[Security warning, suppressed] CRG-S001[cr:*] policy cr-platform-group-platform-admins-0ba3bd06fb',
      '[Security warning, suppressed] CRG-S001[cr:*] policy cr-platform-user-carol-0095378e08',
      '2 findings: 0 errors, 2 security warnings, 0 warnings, 0 suggestions; 2 suppressed.',
    ]);
  });

  test('summary --json of grants.yaml: each grantee at the level its grant names', () => {
    const result = run('summary', example('grants.yaml'), '--json');
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout).rows.map((r: any) => `${r.grantee} ${r.target} ${r.level} ${r.regions} ${r.accountId}`);
    expect(rows).toEqual([
      'group:all-developers cri-5jx0k2m8q4w7r1t9/base-images PULL * *',
      'group:checkout-devs cri-5jx0k2m8q4w7r1t9/checkout PUSH_PULL cn-shanghai 1234567890123456',
      'group:ml-researchers cri-8hz3n6p1v5c0y2ld/ml-models PULL * *',
      'group:payments-devs cri-5jx0k2m8q4w7r1t9/payments PULL * *',
      'group:platform-admins cri-8hz3n6p1v5c0y2ld/sandbox FULL * *',
      'role:ack-node-pull cri-5jx0k2m8q4w7r1t9/base-images PULL * *',
      'role:ci-image-builder cri-5jx0k2m8q4w7r1t9/base-images PUSH_PULL * *',
      'user:alice cri-5jx0k2m8q4w7r1t9/payments PUSH_PULL * *',
      'user:bob cri-5jx0k2m8q4w7r1t9/payments PUSH_PULL * *',
      'user:carol cri-8hz3n6p1v5c0y2ld/ml-models FULL * *',
    ]);
  });

  test('grants.yaml and grants.json grant the same: diff exits 0', () => {
    const result = run('diff', example('grants.yaml'), example('grants.json'));
    expect(result).toEqual({ code: 0, stdout: '### Container Registry access changes\n\nNo access change.\n', stderr: '' });
  });

  test('grants.yaml -> grants-v2.yaml: exactly one widening and one narrowing, exit 2', () => {
    const result = run('diff', example('grants.yaml'), example('grants-v2.yaml'), '--json');
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout);
    expect(json.widened).toBe(true);
    expect(json.changes.map((c: any) => [c.kind, c.principal, c.action, c.resource])).toEqual([
      ['WIDENED', 'group:ml-researchers', 'cr:PushRepository', 'acs:cr:cn-hangzhou:123456789012:repository/cri-8hz3n6p1v5c0y2ld/ml-models/app'],
      ['NARROWED', 'user:bob', 'cr:PullRepository', 'acs:cr:cn-hangzhou:123456789012:repository/cri-5jx0k2m8q4w7r1t9/payments/app'],
    ]);
  });

  test('the same diff as Markdown marks the widening', () => {
    const result = run('diff', example('grants.yaml'), example('grants-v2.yaml'));
    expect(result.code).toBe(2);
    const lines = result.stdout.split('\n');
    expect(lines[2]).toBe('1 widened, 1 narrowed.');
    expect(lines.filter((l) => l.startsWith('- **widened**'))).toEqual([
      '- **widened**: now allowed: `cr:PushRepository` on `acs:cr:cn-hangzhou:123456789012:repository/cri-8hz3n6p1v5c0y2ld/ml-models/app` for `group:ml-researchers` (allowed by statement 0 of policy `cr-platform-group-ml-researchers-ec47258fc4`; no statement allowed it before)',
    ]);
    expect(lines.filter((l) => l.startsWith('- narrowed'))).toHaveLength(1);
  });

  test('explain: alice may push to payments, the payments group may not', () => {
    const repo = 'acs:cr:cn-hangzhou:1234567890123456:repository/cri-5jx0k2m8q4w7r1t9/payments/api';
    const alice = run('explain', example('grants.yaml'), '--grantee', 'user:alice', '--action', 'cr:PushRepository', '--resource', repo);
    expect(alice.code).toBe(0);
    expect(alice.stdout).toMatch(/^ALLOW: user:alice cr:PushRepository on .*\nDecided by policy cr-platform-\S+, Statement\[\d+\]:\n\{\n {2}"Effect": "Allow",/);
    expect(alice.stdout).toContain('"cr:PushRepository"');
    const devs = run('explain', example('grants.yaml'), '--grantee=group:payments-devs', '--action=cr:PushRepository', `--resource=${repo}`);
    expect(devs.code).toBe(2);
    expect(devs.stdout).toMatch(/^DENY \(implicit\): group:payments-devs cr:PushRepository on /);
  });

  test('explain: the checkout grant does not reach another region', () => {
    const repo = (region: string) => `acs:cr:${region}:1234567890123456:repository/cri-5jx0k2m8q4w7r1t9/checkout/web`;
    const args = (region: string) => ['explain', example('grants.yaml'), '--grantee', 'group:checkout-devs', '--action', 'cr:PullRepository', '--resource', repo(region)];
    expect(run(...args('cn-shanghai')).code).toBe(0);
    expect(run(...args('cn-hangzhou')).code).toBe(2);
  });
});

describe('hand-written templates', () => {
  test('summary reads a template this library did not write', () => {
    const result = run('summary', fixture('hand-written.json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| `role:ci-runner` | `cri-abc123/*` | PULL | — | — | no | yes | `*` | `*` |');
    expect(result.stdout).toContain('| `user:erin` | `cri-abc123/web` | PUSH_PULL | — | — | no | yes | `cn-hangzhou` | `*` |');
    // Its Deny shows where it decides.
    expect(result.stdout).toContain('| `user:erin` | `cri-abc123/web/prod-*` | PULL | — | `web-team-push` Statement[2] | no | yes | `cn-hangzhou` | `*` |');
  });

  test('diff of JSON against YAML exits 2 for a widening', () => {
    const result = run('diff', fixture('hand-written.json'), fixture('hand-written-v2.yaml'));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('2 widened, 1 narrowed.');
  });

  test('diff exits 3 when access only narrows', () => {
    const template = JSON.parse(fs.readFileSync(fixture('hand-written.json'), 'utf8'));
    delete template.Resources.AuditorsReadOnly;
    const narrower = writeTemp('narrower.json', JSON.stringify(template));
    const result = run('diff', fixture('hand-written.json'), narrower);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('0 widened, 1 narrowed.');
    expect(result.stdout).toContain('- narrowed: no longer allowed: `cr:PullRepository` on `acs:cr:cn-hangzhou:123456789012:repository/cri-123456/team/app` for `group:auditors`');
  });

  test('explain prints the Deny that decided', () => {
    const result = run('explain', fixture('hand-written.json'), '--grantee', 'user:dave', '--action', 'cr:PushRepository',
      '--resource', 'acs:cr:cn-hangzhou:1:repository/cri-abc123/web/prod-api');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('DENY (explicit): user:dave cr:PushRepository');
    expect(result.stdout).toContain('"Resource": "acs:cr:*:*:repository/cri-abc123/web/prod-*"');
  });

  test('check reads a template', () => {
    const template = JSON.parse(fs.readFileSync(fixture('hand-written.json'), 'utf8'));
    const findings = checkTemplate(template);
    const result = run('check', fixture('hand-written.json'));
    expect(result.stdout).toBe(formatFindings(findings) + '\n');
    expect(result.code).toBe(exitCodeFor(findings));
  });

  test('check reads a bare policy document, named after the file', () => {
    const file = path.join(ROOT, 'test', 'fixtures', 'seed-policy.json');
    const findings = checkPolicyDocument(JSON.parse(fs.readFileSync(file, 'utf8')), 'seed-policy');
    const result = run('check', file);
    expect(result.stdout).toBe(formatFindings(findings) + '\n');
    expect(result.code).toBe(exitCodeFor(findings));
  });
});

describe('check --parameters', () => {
  const template = (action: string) => JSON.stringify({
    Parameters: { Namespace: { Type: 'String' } },
    Resources: {
      Policy: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: {
          PolicyName: 'team',
          PolicyDocument: {
            Version: '1',
            Statement: [{ Effect: 'Allow', Action: action, Resource: { 'Fn::Sub': 'acs:cr:*:*:repository/cri-123456/${Namespace}/*' } }],
          },
          Users: ['alice'],
        },
      },
    },
  });

  test('a parameter without a value may be anything; with one it is checked as the text given', () => {
    const pull = writeTemp('parameters-pull.json', template('cr:PullRepository'));
    const open = run('check', pull);
    expect(open.code).toBe(1);
    expect(open.stdout).toMatch(/^\[Security warning\] CRG-S005\[Resource\] policy team, statement 0: Statement 0: Resource acs:cr:\*:\*:repository\/cri-123456\/\$\{Namespace\}\/\* is only known at deployment/);
    expect(run('check', pull, '--parameters', 'Namespace=team-a')).toEqual({ code: 0, stdout: 'No findings.\n', stderr: '' });
    const wide = run('check', writeTemp('parameters-delete.json', template('cr:DeleteRepository')), '--parameters=Namespace=*');
    expect(wide.code).toBe(1);
    expect(wide.stdout).toContain('CRG-S004[cr:DeleteRepository on acs:cr:*:*:repository/cri-123456/*/*]');
    expectOneLineError(run('check', pull, '--parameters', 'Namespace'), /^cr-grants check: --parameters "Namespace" is not Name=value \(for example --parameters Namespace=web\)$/m);
  });
});

describe('--parameters of Type Json and CommaDelimitedList', () => {
  const typedTemplate = () => writeTemp('parameters-typed.json', JSON.stringify({
    Parameters: { Doc: { Type: 'Json' }, Readers: { Type: 'CommaDelimitedList' } },
    Resources: {
      Policy: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'team', PolicyDocument: { Ref: 'Doc' }, Users: { Ref: 'Readers' } } },
    },
  }));
  let file: string;
  beforeAll(() => { file = typedTemplate(); });
  const doc = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/web/*' }] });
  const request = (action = 'cr:PullRepository') => ['--action', action, '--resource', 'acs:cr:cn-hangzhou:1:repository/cri-1/web/app'];

  test('are read as ROS reads them: the JSON the text spells, the items between the commas', () => {
    const given = ['--parameters', `Doc=${doc}`, '--parameters', 'Readers=alice,bob'];
    for (const user of ['alice', 'bob']) {
      expect(run('explain', file, '--grantee', `user:${user}`, ...request(), ...given).stdout.split('\n')[0])
        .toBe(`ALLOW: user:${user} cr:PullRepository on acs:cr:cn-hangzhou:1:repository/cri-1/web/app`);
    }
    expect(run('explain', file, '--grantee', 'user:alice', ...request('cr:PushRepository'), ...given).code).toBe(2);
    // The same document given both ways is no change; without values, the document may be anything.
    expect(run('diff', file, file, ...given).code).toBe(0);
  });

  test('summary takes them too: each reader gets its row', () => {
    const given = run('summary', file, '--json', '--parameters', `Doc=${doc}`, '--parameters', 'Readers=alice,bob');
    expect(JSON.parse(given.stdout).rows.map((r: any) => [r.grantee, r.target, r.level])).toEqual([
      ['user:alice', 'cri-1/web', 'PULL'], ['user:bob', 'cri-1/web', 'PULL'],
    ]);
  });

  test('a value its Type cannot take is refused in one line, naming the parameter', () => {
    expectOneLineError(run('diff', file, file, '--parameters', 'Doc={"Statement":'),
      /^cr-grants diff: .*parameters-typed\.json: the template: the value "\{\\"Statement\\":" given for parameter Doc is not JSON, which its Type Json requires \(give JSON text, for example Doc='\{"key": "value"\}'\)$/m);
    expectOneLineError(run('diff', file, file, '--parameters', 'Readers=alice, bob'),
      /^cr-grants diff: .*: the value "alice, bob" given for parameter Readers \(Type CommaDelimitedList\) has spaces around an item, which ROS may keep or drop \(give the items without spaces: a,b,c\)$/m);
  });
});

describe('help', () => {
  test.each([[[]], [['check']], [['summary']], [['diff']], [['explain']]])('%j --help prints usage and exits 0', (command) => {
    const result = run(...command, '--help');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^Usage: cr-grants ${command[0] ?? '<command>'}`));
    expect(run(...command, '-h').stdout).toBe(result.stdout);
  });

  test('each command documents its exit codes', () => {
    expect(run('diff', '--help').stdout).toContain('0 no access change; 2 some access widened; 3 access only narrowed');
    expect(run('explain', '--help').stdout).toContain('0 allowed; 2 denied');
  });

  test('no command prints usage to stderr and exits 1', () => {
    const result = run();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Usage: cr-grants <command>/);
  });
});

describe('errors: one line naming the file, what is wrong and a hint; exit 1', () => {
  test('a file that does not exist', () => {
    expectOneLineError(run('summary', 'nope.json'), /^cr-grants summary: nope\.json: does not exist \(check the path\)$/m);
  });

  test('JSON syntax, with line and column', () => {
    expectOneLineError(run('summary', fixture('invalid.json')),
      /^cr-grants summary: \S+invalid\.json:5:5: is not valid JSON: .+ \(look for a missing comma, quote or bracket just before this point\)$/m);
  });

  test('YAML syntax, with line and column', () => {
    expectOneLineError(run('diff', fixture('hand-written.json'), fixture('invalid.yaml')),
      /^cr-grants diff: \S+invalid\.yaml:5:\d+: is not valid YAML: .+ \(check the indentation and quoting on this line\)$/m);
  });

  test('neither a template nor a grants file', () => {
    expectOneLineError(run('summary', fixture('not-a-template.json')),
      /^cr-grants summary: \S+not-a-template\.json:1:1: is not a ROS template or a grants file \(a ROS template has top-level "Resources"/m);
  });

  test('a policy document where a template is needed', () => {
    expectOneLineError(run('summary', path.join(ROOT, 'test', 'fixtures', 'seed-policy.json')),
      /seed-policy\.json:1:1: is not a ROS template or a grants file/);
  });

  test('an extension that is neither JSON nor YAML', () => {
    expectOneLineError(run('summary', path.join(ROOT, 'package.lock')), /package\.lock: has the extension "\.lock" \(give a \.json, \.yaml or \.yml file\)/);
  });

  test('a grants file with a bad grant: check and summary report its line and column', () => {
    const file = writeTemp('bad-grants.yaml', [
      'version: 1',
      'grants:',
      '  - instanceId: cri-123456',
      '    namespace: "team-*"',
      '    access: PULL',
      '    users: [alice]',
      '',
    ].join('\n'));
    for (const command of ['check', 'summary']) {
      expectOneLineError(run(command, file), new RegExp(`^cr-grants ${command}: \\S*bad-grants\\.yaml:4:16: .*namespace "team-\\*"`));
    }
  });

  test('a grants file with three mistakes: every command reports all three, one line each, in file order', () => {
    const file = writeTemp('three-mistakes.yaml', [
      'version: 1',
      'grants:',
      '  - instanceId: cri-123456',
      '    namespace: "team-*"',
      '    access: PULL',
      '    users: [alice]',
      '  - instanceId: cri-123456',
      '    namespace: team-b',
      '    access: READ',
      '    users: [bob, "carol smith"]',
      '',
    ].join('\n'));
    for (const command of ['check', 'summary']) {
      const result = run(command, file);
      expect([result.code, result.stdout]).toEqual([1, '']);
      expect(result.stderr.trimEnd().split('\n').map((line) => line.replace(file, 'FILE'))).toEqual([
        `cr-grants ${command}: FILE:4:16: grants[0].namespace "team-*" must be 2-120 lowercase letters, digits, "_", "-" or ".", starting and ending with a letter or digit (for example "team-a")`,
        `cr-grants ${command}: FILE:9:13: grants[1].access "READ" must be one of PULL, PUSH_PULL, FULL`,
        `cr-grants ${command}: FILE:10:18: grants[1].users[1] "carol smith" must be a RAM user name: 1-64 letters, digits, ".", "_" or "-" (for example "alice")`,
      ]);
    }
  });

  test.each(['summary', 'diff', 'explain'])('%s of a template whose Resources is not an object names the file', (command) => {
    const file = writeTemp('resources-list.json', '{"Resources": []}');
    const args = command === 'diff' ? [file, file] : command === 'explain'
      ? [file, '--grantee', 'user:a', '--action', 'cr:PullRepository', '--resource', '*'] : [file];
    expectOneLineError(run(command, ...args),
      new RegExp(`^cr-grants ${command}: \\S*resources-list\\.json: the template's Resources is not an object \\(a ROS template has an object of resources under Resources\\)\n`));
  });

  test('explain with an unknown grantee names the file and lists the grantees', () => {
    expectOneLineError(
      run('explain', fixture('hand-written.json'), '--grantee', 'user:zed', '--action', 'cr:PullRepository', '--resource', '*'),
      /^cr-grants explain: \S+hand-written\.json: user:zed has no policy attached in this template \(grantees: group:auditors, role:ci-runner, user:dave, user:erin\)$/m,
    );
  });

  test.each([
    [['summary'], /^cr-grants summary: expects FILE, got none \(see "cr-grants summary --help"\)$/m],
    [['diff', 'a.json'], /^cr-grants diff: expects OLD NEW, got a\.json/m],
    [['summary', 'a.json', '--jsn'], /^cr-grants summary: unknown option --jsn \(see "cr-grants summary --help"\)$/m],
    [['summary', 'a.json', '--json=yes'], /--json takes no value/],
    [['explain', 'a.json', '--grantee', 'user:alice'], /^cr-grants explain: needs --action, --resource/m],
    [['explain', 'a.json', '--grantee', 'alice', '--action', 'cr:PullRepository', '--resource', '*'], /--grantee "alice" is not kind:name \(write user:alice/],
    [['explain', 'a.json', '--grantee', 'user:a', '--grantee', 'user:b'], /--grantee is given twice/],
    [['explane', 'a.json'], /^cr-grants: unknown command "explane" \(commands: check, summary, diff, explain\)$/m],
  ])('%j', (argv, pattern) => {
    expectOneLineError(run(...(argv as string[])), pattern as RegExp);
  });
});

test('the script runs as a program and exits with the command\'s code', () => {
  const ts = require.resolve('ts-node/dist/bin.js');
  const result = spawnSync(process.execPath,
    [ts, '--transpile-only', '--prefer-ts-exts', path.join(ROOT, 'bin', 'cr-grants.ts'),
      'diff', fixture('hand-written.json'), fixture('hand-written-v2.yaml')],
    { cwd: ROOT, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(2);
  expect(result.stdout).toContain('2 widened, 1 narrowed.');
}, 60_000);

test('check loads a grants file once', () => {
  const load = jest.spyOn(grantsFile, 'parseGrantsFile');
  try {
    expect(run('check', example('grants.yaml')).code).toBe(0);
    expect(load.mock.calls.map(([, file]) => file)).toEqual([example('grants.yaml')]);
  } finally {
    load.mockRestore();
  }
});

describe('reading inputs', () => {
  test('a grants file is read once, by every review command', () => {
    const file = writeTemp('read-once.yaml', fs.readFileSync(example('grants.yaml'), 'utf8'));
    for (const command of ['check', 'summary']) {
      const reads = jest.spyOn(fs, 'readFileSync');
      const opens = jest.spyOn(fs, 'openSync');
      try {
        const result = run(command, file);
        expect(result.stderr).toBe('');
        expect(opens.mock.calls.filter(([p]) => p === file)).toHaveLength(1);
        // Read through the descriptor opened above, never again by name.
        expect(reads.mock.calls.filter(([p]) => p === file)).toHaveLength(0);
      } finally {
        reads.mockRestore();
        opens.mockRestore();
      }
    }
  });

  test('a file over the size limit is refused on one line, before it is read', () => {
    const file = writeTemp('big.json', '{"Resources": {}}');
    const { readInputText, MAX_INPUT_BYTES } = jest.requireActual('../../lib/cli/input');
    expect(MAX_INPUT_BYTES).toBe(16 * 1024 * 1024);
    expect(() => readInputText(file, 8)).toThrow(
      `${file}: is 17 bytes, over the limit of 8 bytes on a review input (review the templates of its stacks one by one, or split the grants across several files)`);
    const huge = path.join(tmp, 'huge.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, MAX_INPUT_BYTES + 1);
    const reads = jest.spyOn(fs, 'readFileSync');
    try {
      expectOneLineError(run('summary', huge), new RegExp(`^cr-grants summary: ${huge.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: is ${MAX_INPUT_BYTES + 1} bytes, over the limit of ${MAX_INPUT_BYTES} bytes on a review input \\(`));
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });
});
