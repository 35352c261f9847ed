import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from './run-cli';

const F = path.relative(process.cwd(), path.join(__dirname, '..', '..', 'examples', 'invariants'));
const at = (name: string) => path.join(F, name);
const INVARIANTS = at('invariants.yaml');

describe('cr-grants check --invariants', () => {
  test('a template that keeps every invariant: the findings decide the exit code', () => {
    const result = run('check', at('guarded.json'), '--invariants', INVARIANTS);
    expect(result.stdout).toMatch(/\n2 invariants checked: all hold\.\n$/);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
  });

  test('a removed Deny breaks an invariant: 2, with the witness and the statement', () => {
    const result = run('check', at('deny-removed.json'), '--invariants', INVARIANTS);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`[Invariant broken] ${INVARIANTS}:2:5 never cr:DeleteNamespace, cr:DeleteRepository on cri-123456/prod except group:registry-owners: `
      + 'group:platform may be allowed cr:DeleteRepository on acs:cr:cn-hangzhou:123456789012:repository/cri-123456/prod/app by policy registry-admin, statement 0\n'
      + '2 invariants checked: 1 broken, 0 not proven to hold.\n');
  });

  test('a document given at deployment: 3, not proven', () => {
    const result = run('check', at('unresolved.json'), '--invariants', INVARIANTS);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('[Invariant not proven]');
    expect(result.stdout).toContain('2 invariants checked: 0 broken, 2 not proven to hold.');
  });

  test('a grants file\'s own invariants are checked, with witnesses, not refused at its synthesis', () => {
    const result = run('check', at('grants.yaml'));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`[Invariant broken] ${at('grants.yaml')}:12:5 never cr:DeleteNamespace, cr:DeleteRepository on cri-123456/prod except group:registry-owners: group:platform may be allowed`);
    // Its invariants and a file's add up.
    expect(run('check', at('grants.yaml'), '--invariants', INVARIANTS).stdout).toContain('3 invariants checked: 2 broken, 0 not proven to hold.');
  });

  test('parameters decide what the template leaves open', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inv-'));
    const template = path.join(dir, 'ns.json');
    fs.writeFileSync(template, JSON.stringify({
      Parameters: { Namespace: { Type: 'String' } },
      Resources: {
        P: {
          Type: 'ALIYUN::RAM::ManagedPolicy',
          Properties: {
            PolicyName: 'ns-admin', Roles: ['ops'],
            PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:DeleteRepository', Resource: { 'Fn::Sub': 'acs:cr:*:*:repository/cri-123456/${Namespace}/*' } }] },
          },
        },
      },
    }));
    try {
      expect(run('check', template, '--invariants', INVARIANTS).code).toBe(3);
      expect(run('check', template, '--invariants', INVARIANTS, '--parameters', 'Namespace=dev').code).toBe(0);
      expect(run('check', template, '--invariants', INVARIANTS, '--parameters', 'Namespace=prod').code).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bad invariants file is refused at file:line:column, with nothing on standard output', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inv-'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'invariants:\n  - never: [cr:DeleteNamspace]\n    on: cri-123456/prod\n');
    try {
      const result = run('check', at('guarded.json'), '--invariants', bad);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `cr-grants check: ${bad}:2:13: invariants[0].never[0] "cr:DeleteNamspace" matches no Container Registry action (check the spelling; for example "cr:DeleteNamespace")\n`,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a policy document has no principals to break an invariant', () => {
    const result = run('check', path.join('test', 'fixtures', 'seed-policy.json'), '--invariants', INVARIANTS);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cr-grants check: --invariants needs a template or grants file/);
  });
});
