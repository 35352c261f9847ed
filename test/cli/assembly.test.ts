/**
 * `cr-grants` on cloud assemblies: every stack of a `cdk.out`, read through its manifest, as one
 * account. Assemblies are written by a real synth (`new App({ outdir })`), in-process.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { ASSEMBLY_LIMITS, loadAssembly } from '../../lib/cli/input';
import { Review, ReviewTemplate } from '../../lib/cli/review';
import { run } from './run-cli';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'assembly');
const [V1, MOVED, WIDENED] = ['v1', 'moved', 'widened'].map((v) => path.join(EXAMPLES, v));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-assembly-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Synthesizes an app into a fresh folder, as `ros-cdk synth` does, and returns the folder. */
function synth(name: string, build: (app: ros.App) => void, context: { [key: string]: string } = {}): string {
  const outdir = path.join(tmp, name);
  const app = new ros.App({ outdir, stackTraces: false, context });
  build(app);
  app.synth();
  return outdir;
}

const document = (action: string, namespace: string) => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: [action], Resource: [`acs:cr:*:*:repository/cri-123456/${namespace}/*`] }],
});
const policy = (scope: ros.Construct, id: string, name: string, action: string, namespace: string, users: string[] = []) =>
  new ram.ManagedPolicy(scope, id, { policyName: name, policyDocumentUnchecked: document(action, namespace), ...(users.length ? { users } : {}) });

/** One line on standard error, nothing on standard output, exit 1. */
function expectRefusal(result: ReturnType<typeof run>, line: string): void {
  expect(result).toEqual({ code: 1, stdout: '', stderr: `${line}\n` });
}

describe('diff across stacks', () => {
  test('policies that only move from one stack to another are no change: exit 0', () => {
    const result = run('diff', V1, MOVED);
    expect(result.stdout).toContain('No access change.');
    expect(result.code).toBe(0);
  });

  test('a grant moved into another stack and widened there: exit 2, naming the stack it now comes from', () => {
    const result = run('diff', V1, WIDENED);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/- \*\*widened\*\*: now allowed: .* for `user:alice` \(allowed by statement \d+ of policy `Platform\/Platform-AlicePush-[0-9a-f]{10}`; no statement allowed it before\)/);
    const json = JSON.parse(run('diff', V1, WIDENED, '--json').stdout);
    expect(json.changes.map((c: any) => [c.kind, c.principal, c.allowedBy.policyName.split('/')[0]])).toEqual([['WIDENED', 'user:alice', 'Platform']]);
  });

  test('a widening moved into another stack, synthesized here: exit 2; the same move without it: exit 0', () => {
    const build = (where: 'A' | 'B', action: string) => (app: ros.App) => {
      const a = new ros.Stack(app, 'A');
      new ram.User(a, 'Bob', { userName: 'bob' });
      const b = new ros.Stack(app, 'B');
      policy(where === 'A' ? a : b, 'Grant', `bob-${where}`, action, 'web', ['bob']);
    };
    const before = synth('move-before', build('A', 'cr:PullRepository'));
    expect(run('diff', before, synth('move-same', build('B', 'cr:PullRepository'))).code).toBe(0);
    const widened = run('diff', before, synth('move-wider', build('B', 'cr:*')));
    expect(widened.code).toBe(2);
    expect(widened.stdout).toContain('for `user:bob` (allowed by statement 0 of policy `B/bob-B`; no statement allowed it before)');
  });

  test('an assembly and a template compare either way round', () => {
    // One template holding both stacks' resources grants what the assembly grants.
    const resources = Object.assign({}, ...['Platform', 'Checkout'].map((s) =>
      JSON.parse(fs.readFileSync(path.join(V1, `${s}.template.json`), 'utf8')).Resources));
    const whole = path.join(tmp, 'whole.json');
    fs.writeFileSync(whole, JSON.stringify({ ROSTemplateFormatVersion: '2015-09-01', Resources: resources }));
    expect(run('diff', whole, V1).code).toBe(0);
    expect(run('diff', V1, whole).code).toBe(0);
    // Platform's template alone lacks what Checkout grants.
    const platform = path.join(V1, 'Platform.template.json');
    expect(run('diff', platform, V1).code).toBe(2);
    expect(run('diff', V1, platform).code).toBe(3);
  });
});

describe('one account', () => {
  test('a policy attached in one stack to a user created in another applies, and explain names its stack', () => {
    const result = run('explain', V1, '--grantee', 'user:alice', '--action', 'cr:PushRepository',
      '--resource', 'acs:cr:cn-hangzhou:1:repository/cri-5jx0k2m8q4w7r1t9/checkout/app');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ALLOW: .*\nDecided by policy Checkout\/Checkout-AlicePush-[0-9a-f]{10}, Statement\[\d\]:/);
  });

  test('a group\'s policy from one stack reaches its member added in another', () => {
    const summary = run('summary', V1, '--json');
    const rows = JSON.parse(summary.stdout).rows.map((r: any) => `${r.grantee} ${r.target} ${r.level}`);
    // alice is in `developers` (Platform); Checkout grants the group PULL on checkout.
    expect(rows).toEqual(expect.arrayContaining(['user:alice cri-5jx0k2m8q4w7r1t9/web PULL', 'group:developers cri-5jx0k2m8q4w7r1t9/checkout PULL']));
  });

  test('a NestedStack is read inside its parent once, not again from its own artifact', () => {
    for (const context of [{}, { 'ros-cdk:enableStackNameDuplicates': 'true' }] as { [key: string]: string }[]) {
      const outdir = synth(`nested-${Object.keys(context).length}`, (app) => {
        const parent = new ros.Stack(app, 'Parent');
        const inner = new ros.NestedStack(parent, 'Inner');
        policy(inner, 'Push', 'push-web', 'cr:PushRepository', 'web', ['carol']);
      }, context);
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      // ROS CDK writes the nested stack as an artifact of its own as well.
      expect(Object.values<any>(manifest.artifacts).filter((a) => a.type === 'aliyun:ros:stack')).toHaveLength(2);
      const result = run('explain', outdir, '--grantee', 'user:carol', '--action', 'cr:PushRepository',
        '--resource', 'acs:cr:cn-hangzhou:1:repository/cri-123456/web/app');
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Decided by policy Parent/Inner/push-web, Statement[0]');
    }
  });

  test('a nested stack whose TemplateBody is JSON text is read once too', () => {
    const outdir = synth('nested-text', (app) => {
      policy(new ros.NestedStack(new ros.Stack(app, 'Parent'), 'Inner'), 'Push', 'push-web', 'cr:PushRepository', 'web', ['carol']);
    });
    const parentFile = path.join(outdir, 'Parent.template.json');
    const parent = JSON.parse(fs.readFileSync(parentFile, 'utf8'));
    parent.Resources.Inner.Properties.TemplateBody = JSON.stringify(parent.Resources.Inner.Properties.TemplateBody);
    fs.writeFileSync(parentFile, JSON.stringify(parent));
    expect(run('summary', outdir)).toMatchObject({ code: 0, stderr: '' });
  });

  test('a stack without resources is an empty stack', () => {
    const outdir = synth('empty', (app) => {
      new ros.Stack(app, 'Empty');
      policy(new ros.Stack(app, 'Full'), 'P', 'p', 'cr:PullRepository', 'web', ['dan']);
    });
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'Empty.template.json'), 'utf8')).Resources).toBeUndefined();
    expect(run('summary', outdir).stdout).toContain('| `user:dan` | `cri-123456/web` | PULL |');
  });

  test('the manifest\'s order of artifacts does not change a byte of any output', () => {
    const copy = path.join(tmp, 'reordered');
    fs.cpSync(V1, copy, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(V1, 'manifest.json'), 'utf8'));
    manifest.artifacts = Object.fromEntries(Object.entries(manifest.artifacts).reverse());
    fs.writeFileSync(path.join(copy, 'manifest.json'), JSON.stringify(manifest));
    for (const args of [['summary'], ['check'], ['summary', '--json']]) {
      expect(run(args[0], copy, ...args.slice(1))).toEqual(run(args[0], V1, ...args.slice(1)));
    }
    expect(run('diff', copy, WIDENED)).toEqual(run('diff', V1, WIDENED));
  });

  test('a manifest.json path reads as its directory', () => {
    expect(run('summary', path.join(V1, 'manifest.json'))).toEqual(run('summary', V1));
  });

  test('Review reads an assembly as cr-grants does', () => {
    const diff = Review.diff(ReviewTemplate.fromFile(V1), ReviewTemplate.fromFile(WIDENED));
    expect(diff.widened).toBe(true);
    expect(diff.changes[0].allowedBy.policyName).toMatch(/^Platform\//);
    expect(Review.check(ReviewTemplate.fromFile(WIDENED)).findings.map((f) => [f.ruleId, f.policyName.split('/')[0]])).toEqual([['CRG-S001', 'Platform']]);
    expect(Review.summary(ReviewTemplate.fromFile(V1)).grantees).toEqual(['group:developers', 'user:alice']);
  });
});

describe('policy names and quotas are the account\'s', () => {
  const twice = () => synth('twice', (app) => {
    policy(new ros.Stack(app, 'A'), 'P', 'shared', 'cr:PullRepository', 'a', ['erin']);
    policy(new ros.Stack(app, 'B'), 'P', 'shared', 'cr:PullRepository', 'b');
  });

  test('check reports one policy name in two stacks as CRG-E014 and goes on', () => {
    const result = run('check', twice());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[Error] CRG-E014[shared@B/P] policy shared: Managed policies A/P and B/P are both named "shared"; RAM policy names are unique per account, so the second cannot be created.');
  });

  test('summary, diff and explain refuse it: which document the name holds depends on the order of deployment', () => {
    const outdir = twice();
    expectRefusal(run('summary', outdir), `cr-grants summary: ${outdir}: policy name "shared" is defined by A/P and B/P; RAM policy names are unique per account, so only one of them can be created and which one depends on the order of deployment (give each policy its own name; \`cr-grants check\` lists every duplicate)`);
    expect(run('diff', V1, outdir).code).toBe(1);
  });

  test('policies per principal count over every stack', () => {
    const outdir = synth('quota', (app) => {
      for (const [stack, count] of [['A', 6], ['B', 5]] as const) {
        const scope = new ros.Stack(app, stack);
        for (let i = 0; i < count; i++) policy(scope, `P${i}`, `${stack.toLowerCase()}-${i}`, 'cr:PullRepository', `n${i}`, ['frank']);
      }
    });
    const result = run('check', outdir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`[Error] CRG-E013[user:frank/Custom] principal user:frank: user:frank gets 11 custom policies from the 2 stacks of ${outdir} (A/a-0, A/a-1, A/a-2 and 8 more)`);
    // Each stack alone is within the quota.
    for (const stack of ['A', 'B']) expect(run('check', path.join(outdir, `${stack}.template.json`)).stdout).not.toContain('CRG-E013');
  });

  test('check judges a nested stack too, and its policy names count in the account', () => {
    const outdir = synth('nested-check', (app) => {
      const parent = new ros.Stack(app, 'Parent');
      policy(new ros.NestedStack(parent, 'Inner'), 'Wide', 'wide', 'cr:*', '*', ['gina']);
      policy(new ros.Stack(app, 'Other'), 'Wide', 'wide', 'cr:PullRepository', 'web');
    });
    const result = run('check', outdir);
    expect(result.stdout).toContain('[Error] CRG-E014[wide@Parent/Inner/Wide] policy wide: Managed policies Other/Wide and Parent/Inner/Wide are both named "wide"');
    expect(result.stdout).toMatch(/\] CRG-S001\[cr:\*\] policy Parent\/Inner\/wide, statement 0: /);
  });

  test('findings of one stack name it: Stack/policy', () => {
    expect(run('check', WIDENED).stdout).toMatch(/^\[Security warning\] CRG-S001\[cr:\*\] policy Platform\/Platform-AlicePush-[0-9a-f]{10}, statement 1: /);
  });
});

describe('an assembly that cannot be read: one line naming the file, the field, the value and the rule', () => {
  /** A copy of v1 with `change` applied to its manifest (or files). */
  function broken(name: string, change: (dir: string, manifest: any) => unknown): string {
    const dir = path.join(tmp, name);
    fs.cpSync(V1, dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const written = change(dir, manifest);
    if (written !== false) fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
    return dir;
  }

  test('a directory without a manifest', () => {
    expectRefusal(run('summary', tmp), `cr-grants summary: ${tmp}: is a directory without manifest.json (give the cdk.out directory that "ros-cdk synth" writes, or its manifest.json)`);
  });

  test('a manifest that is not JSON', () => {
    const dir = broken('not-json', (d) => { fs.writeFileSync(path.join(d, 'manifest.json'), '{\n  "artifacts": ,\n}'); return false; });
    const result = run('check', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^cr-grants check: ${dir}/manifest.json:\\d+:\\d+: is not valid JSON: [^\\n]*\\n$`));
  });

  test('artifacts that are not an object', () => {
    const dir = broken('no-artifacts', (_d, m) => { m.artifacts = []; });
    expectRefusal(run('summary', dir), `cr-grants summary: ${dir}/manifest.json: artifacts [] is not an object of artifacts by id (give the cdk.out directory that "ros-cdk synth" writes, or its manifest.json)`);
  });

  test('a templateFile outside the assembly', () => {
    const dir = broken('escape', (_d, m) => { m.artifacts.Platform.properties.templateFile = '../v1/Platform.template.json'; });
    expectRefusal(run('summary', dir), `cr-grants summary: ${dir}/manifest.json: artifacts.Platform.properties.templateFile "../v1/Platform.template.json" is not the name of a file in the assembly directory (give the cdk.out directory that "ros-cdk synth" writes, or its manifest.json)`);
  });

  test('a missing template', () => {
    const dir = broken('missing', (d) => { fs.rmSync(path.join(d, 'Checkout.template.json')); return false; });
    expectRefusal(run('diff', V1, dir), `cr-grants diff: ${dir}/Checkout.template.json: does not exist (${dir}/manifest.json names it in artifacts.Checkout.properties.templateFile) (synthesize again: the assembly is incomplete)`);
  });

  test('a template that is not a ROS template', () => {
    const dir = broken('not-template', (d) => { fs.writeFileSync(path.join(d, 'Checkout.template.json'), '{"grants": []}'); return false; });
    expectRefusal(run('summary', dir), `cr-grants summary: ${dir}/Checkout.template.json:1:1: is not a ROS template (${dir}/manifest.json names it in artifacts.Checkout.properties.templateFile) (a ROS template has top-level "Resources" or "ROSTemplateFormatVersion")`);
  });

  test('a template over the size bound is not read', () => {
    const dir = broken('big', (d) => { fs.truncateSync(path.join(d, 'Checkout.template.json'), 16 * 1024 * 1024 + 1); return false; });
    expectRefusal(run('summary', dir), `cr-grants summary: ${dir}/Checkout.template.json: is 16777217 bytes, more than the 16777216 a template may have here (review the stacks in parts)`);
  });

  test('more stacks, or more template bytes in all, than the bounds allow', () => {
    expect(() => loadAssembly(V1, { ...ASSEMBLY_LIMITS, stacks: 1 }))
      .toThrow(`${V1}/manifest.json: artifacts "5 artifacts" hold more than 1 stacks (review the stacks in parts)`);
    const platformBytes = fs.statSync(path.join(V1, 'Platform.template.json')).size;
    expect(() => loadAssembly(V1, { ...ASSEMBLY_LIMITS, totalTemplateBytes: platformBytes }))
      .toThrow(`${V1}: holds templates of more than ${platformBytes} bytes in all (review the stacks in parts)`);
    expect(loadAssembly(V1).stacks.map((s) => s.name)).toEqual(['Checkout', 'Platform']);
  });

  test('an assembly without stacks', () => {
    const dir = broken('no-stacks', (_d, m) => { delete m.artifacts.Platform; delete m.artifacts.Checkout; });
    expectRefusal(run('summary', dir), `cr-grants summary: ${dir}/manifest.json: artifacts "types cdk:asset-manifest, cdk:tree" hold no "aliyun:ros:stack" artifact (give the cdk.out directory that "ros-cdk synth" writes, or its manifest.json)`);
  });

  test('a nested cloud assembly (a Stage)', () => {
    const dir = broken('stage', (_d, m) => { m.artifacts.Prod = { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod' } }; });
    expectRefusal(run('summary', dir), `cr-grants summary: ${dir}/manifest.json: artifacts.Prod.type "cdk:cloud-assembly" is a nested cloud assembly (a Stage), which "ros-cdk deploy" does not deploy from here (review its directory on its own: ${dir}/assembly-Prod)`);
  });

  test('an artifact id that could not name a stack', () => {
    const dir = broken('bad-id', (_d, m) => { m.artifacts['a/b'] = m.artifacts.Checkout; delete m.artifacts.Checkout; });
    expectRefusal(run('summary', dir), `cr-grants summary: ${dir}/manifest.json: artifact id "a/b" is not 1-255 letters, digits, ".", "_" or "-" starting with a letter or digit (synthesize the app again with ROS CDK)`);
  });
});
