import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import * as fc from 'fast-check';
import { Grantee, NamespaceAccess, NamespaceGrant, RegistryAccessStacks } from '../../lib';
import { GrantSpec, grantOf } from '../../lib/constructs/grant-spec';
import { TokenReader } from '../../lib/constructs/tokens';
import { DEFAULT_LIMITS } from '../../lib/model/limits';
import { planGrants } from '../../lib/model/planner';
import { stackLoad } from '../../lib/model/stacks';
import { PROPERTY_RUNS } from '../model/arbitraries';

const POLICY = 'ALIYUN::RAM::ManagedPolicy';

/** The shape that one policy per grantee set could not plan: each team's namespace to the team and one CI role. */
function teams(count: number, extra: (i: number) => Partial<GrantSpec> = () => ({})): GrantSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    instanceId: 'cri-8f3k2m9q1x7b4n6p', namespace: `team-${i}`, access: NamespaceAccess.PUSH_PULL, groups: [`team-${i}`], roles: ['ci-deployer'], ...extra(i),
  }));
}

function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stacks-')), name);
}

interface Synthesized {
  /** Stack name -> template, as written to the cloud assembly. */
  readonly templates: Map<string, any>;
  /** Stack name -> bytes of the written template. */
  readonly bytes: Map<string, number>;
  readonly messages: string[];
  readonly construct: RegistryAccessStacks;
}

function synth(grants: GrantSpec[], assignmentFile: string, props: object = {}): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacks-out-'));
  try {
    const app = new ros.App({ stackTraces: false, outdir });
    const construct = new RegistryAccessStacks(app, 'CrGrants', { grants, assignmentFile, policyNamePrefix: 'cr', ...props });
    const assembly = app.synth();
    const templates = new Map<string, any>();
    const bytes = new Map<string, number>();
    for (const stack of assembly.stacks) {
      templates.set(stack.stackName, stack.template);
      bytes.set(stack.stackName, fs.statSync(path.join(outdir, stack.templateFile)).size);
    }
    const messages = assembly.stacks.flatMap((s) => s.messages.map((m) => `${m.level}: ${m.entry.data}`));
    return { templates, bytes, messages, construct };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every resource by logical id, with the stack it is in. */
function resources(s: Synthesized): Map<string, { stack: string; text: string; resource: any }> {
  const out = new Map<string, { stack: string; text: string; resource: any }>();
  for (const [stack, template] of s.templates) {
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      expect(out.has(id)).toBe(false);
      out.set(id, { stack, text: JSON.stringify(resource), resource });
    }
  }
  return out;
}

/** The principal a resource belongs to: the grantee an attachment names, or the one a policy's description names. */
function ownerOf(resource: any): string {
  const p = resource.Properties;
  if (resource.Type === POLICY) return /for (\w+:[^\s,]+)/.exec(p.Description)![1];
  if (p.GroupName) return `group:${p.GroupName}`;
  if (p.RoleName) return `role:${p.RoleName}`;
  return `user:${p.UserName}`;
}

function withinLimits(s: Synthesized): void {
  for (const [name, template] of s.templates) {
    expect([name, Object.keys(template.Resources ?? {}).length <= DEFAULT_LIMITS.maxResourcesPerStack]).toEqual([name, true]);
    expect([name, s.bytes.get(name)! <= DEFAULT_LIMITS.maxTemplateBytes]).toEqual([name, true]);
  }
}

describe('RegistryAccessStacks', () => {
  test.each([11, 100, 1000])('the shared CI role shape at %i teams synthesizes into stacks within ROS\'s limits', (count) => {
    const s = synth(teams(count), tempFile('grants.stacks.json'));
    withinLimits(s);
    const all = [...resources(s).values()];
    // Every team and the role get their policies; the role's ten stay together in one stack.
    const roleStacks = new Set(all.filter((r) => ownerOf(r.resource) === 'role:ci-deployer').map((r) => r.stack));
    expect(roleStacks.size).toBe(1);
    const rolePolicies = all.filter((r) => r.resource.Type === POLICY && ownerOf(r.resource) === 'role:ci-deployer');
    expect(rolePolicies.length).toBe(count === 1000 ? 10 : 1);
    expect(all.filter((r) => r.resource.Type === POLICY)).toHaveLength(count + rolePolicies.length);
    expect(s.templates.size).toBe(count === 1000 ? 5 : 1);
  });

  test('creates the assignment file, then synthesizes the same bytes from it without touching it', () => {
    const file = tempFile('grants.stacks.json');
    const first = synth(teams(300), file);
    expect(first.messages).toEqual([expect.stringMatching(new RegExp(`^warning: ${file} was created: 301 grantees placed, 0 resized, 0 moved, 0 removed\\. Commit it`))]);
    const text = fs.readFileSync(file, 'utf8');
    const second = synth([...teams(300)].reverse(), file);
    expect(second.messages).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect([...second.templates.entries()].map(([n, t]) => [n, JSON.stringify(t)])).toEqual([...first.templates.entries()].map(([n, t]) => [n, JSON.stringify(t)]));
  });

  test('a grant added to a principal in a full stack moves that principal only; every other resource stays byte for byte', () => {
    const file = tempFile('grants.stacks.json');
    // 20 resources per stack, principals placed up to 16: sixteen teams (one policy each, attached to the team) per stack.
    const props = { maxResourcesPerStack: 20 };
    const bigGrant = (team: string, regions: number): GrantSpec => ({
      instanceId: 'cri-8f3k2m9q1x7b4n6p', namespace: `${team}-archive`, access: NamespaceAccess.FULL, groups: [team],
      regions: Array.from({ length: regions }, (_, i) => `cn-region-${i}`),
    });
    // As many regions as make a team need exactly three policies, two more than before.
    const policiesOf = (team: string, regions: number) => planGrants([...teams(40).filter((g) => g.groups![0] === team), bigGrant(team, regions)].map((g, i) => grantOf(g, `g${i}`, new TokenReader())),
      { policyNamePrefix: 'cr', limits: DEFAULT_LIMITS, where: 'test' }).policies.filter((p) => p.description.includes(`group:${team}`)).length;
    const big = (team: string) => bigGrant(team, Array.from({ length: 200 }, (_, n) => n + 1).find((n) => policiesOf(team, n) === 3)!);
    synth(teams(40), file, props);
    const inFirst = Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).stacks['001']).map((l) => l.slice('group:'.length));
    expect(inFirst).toHaveLength(16);
    const [a, b, c] = inFirst;
    // One grant each makes a and b need two more policies: stack 1 holds 20 resources, its limit; both stay.
    const full = synth([...teams(40), big(a), big(b)], file, props);
    expect(Object.keys(full.templates.get('CrGrants-001').Resources)).toHaveLength(20);
    expect(stackNumberOf(file, `group:${a}`)).toBe('001');
    // One more grant, to c in the full stack: c moves, alone.
    const after = synth([...teams(40), big(a), big(b), big(c)], file, props);
    withinLimits(after);
    const before = resources(full);
    const now = resources(after);
    for (const [id, r] of before) {
      if (ownerOf(r.resource) === `group:${c}`) continue;
      expect([id, now.get(id)?.stack, now.get(id)?.text]).toEqual([id, r.stack, r.text]);
    }
    const moved = [...now.values()].filter((r) => ownerOf(r.resource) === `group:${c}`);
    const stacks = new Set(moved.map((r) => r.stack));
    expect(stacks.size).toBe(1);
    const [stack] = stacks;
    expect(stack).not.toBe('CrGrants-001');
    // Its policies are renamed with the new stack's number: two stacks never create one name.
    const number = stack.slice('CrGrants-'.length);
    for (const r of moved.filter((x) => x.resource.Type === POLICY)) expect(r.resource.Properties.PolicyName).toMatch(new RegExp(`^cr-${number}-group-`));
    expect(stackNumberOf(file, `group:${c}`)).toBe(number);
    expect(after.messages).toEqual([expect.stringContaining(`was updated: 0 grantees placed, 1 resized, 1 moved (group:${c} to stack ${number}), 0 removed`)]);
  });

  test('editing one team\'s grant changes only that team\'s and the role\'s resources', () => {
    const file = tempFile('grants.stacks.json');
    const before = resources(synth(teams(150), file));
    const after = resources(synth(teams(150, (i) => (i === 7 ? { access: NamespaceAccess.FULL } : {})), file));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id)?.text !== after.get(id)?.text);
    expect(changed.length).toBeGreaterThan(0);
    expect(new Set(changed.map((id) => ownerOf((after.get(id) ?? before.get(id))!.resource)))).toEqual(new Set(['group:team-7', 'role:ci-deployer']));
  });

  test('any one grant added, removed or replaced changes only its grantees\' resources, whichever stacks they are in', () => {
    const grantArb: fc.Arbitrary<GrantSpec> = fc.record({
      namespace: fc.constantFrom('ns', 'app', 'web', 'models'),
      access: fc.constantFrom(NamespaceAccess.PULL, NamespaceAccess.PUSH_PULL, NamespaceAccess.FULL),
      groups: fc.subarray(['dev', 'ops', 'qa', 'sec'], { minLength: 1 }),
      roles: fc.subarray(['ci', 'deploy'], {}),
      regions: fc.option(fc.subarray(['cn-hangzhou', 'cn-shanghai'], { minLength: 1 }), { nil: undefined }),
      admin: fc.boolean(),
    }).map(({ admin, ...g }) => ({
      instanceId: 'cri-8f3k2m9q1x7b4n6p', ...g,
      ...(admin ? { systemPolicies: ['AdministratorAccess'], highRiskReason: 'Break-glass access for incidents' } : {}),
    }));
    const editArb = fc.record({
      grants: fc.array(grantArb, { minLength: 1, maxLength: 10 }),
      at: fc.nat(),
      kind: fc.constantFrom('add', 'remove', 'replace'),
      grant: grantArb,
    });
    const labels = (g: GrantSpec) => [...(g.groups ?? []).map((n) => `group:${n}`), ...(g.roles ?? []).map((n) => `role:${n}`)];
    fc.assert(fc.property(editArb, ({ grants, at, kind, grant }) => {
      const i = at % grants.length;
      const edited = kind === 'add' ? [...grants.slice(0, i), grant, ...grants.slice(i)]
        : kind === 'remove' ? grants.filter((_, j) => j !== i)
          : grants.map((g, j) => (j === i ? grant : g));
      const touched = new Set([...(kind === 'add' ? [] : labels(grants[i])), ...(kind === 'remove' ? [] : labels(grant))]);
      // Stacks of 4 resources: most plans here need several.
      const file = tempFile('grants.stacks.json');
      const before = resources(synth(grants, file, { maxResourcesPerStack: 4 }));
      const after = edited.length > 0 ? resources(synth(edited, file, { maxResourcesPerStack: 4 })) : new Map();
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        const was = before.get(id);
        const is = after.get(id);
        if (was?.stack === is?.stack && was?.text === is?.text) continue;
        expect([id, touched.has(ownerOf((is ?? was)!.resource))]).toEqual([id, true]);
      }
    }), { ...PROPERTY_RUNS, numRuns: 40 });
  });

  test('policy names are unique across all stacks and start with the stack\'s number', () => {
    const s = synth(teams(400), tempFile('grants.stacks.json'));
    const names = [...resources(s).values()].filter((r) => r.resource.Type === POLICY).map((r) => [r.stack, r.resource.Properties.PolicyName]);
    expect(new Set(names.map(([, n]) => n)).size).toBe(names.length);
    for (const [stack, name] of names) expect(name.startsWith(`cr-${stack.slice('CrGrants-'.length)}-`)).toBe(true);
  });

  test('the assignment estimate is never below what a stack synthesizes to', () => {
    const grantArb: fc.Arbitrary<GrantSpec> = fc.record({
      namespace: fc.constantFrom('ns', 'a-longer-namespace-name', 'ml.models'),
      access: fc.constantFrom(NamespaceAccess.PULL, NamespaceAccess.PUSH_PULL, NamespaceAccess.FULL),
      users: fc.subarray(['alice', 'bob-with-a-rather-long-user-name-for-the-test'], { minLength: 1 }),
      roles: fc.subarray(['carol', 'ci'], {}),
      regions: fc.option(fc.subarray(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'], { minLength: 1 }), { nil: undefined }),
      resourceGroupId: fc.option(fc.constant('rg-aek2abcdefghijk'), { nil: undefined }),
      highRisk: fc.boolean(),
      suppressed: fc.boolean(),
    }).map(({ highRisk, suppressed, ...g }) => ({
      instanceId: 'cri-8f3k2m9q1x7b4n6p',
      ...g,
      ...(highRisk ? { systemPolicies: ['AdministratorAccess'], highRiskReason: 'Break-glass access for incidents' } : {}),
      ...(suppressed ? { suppressions: [{ id: 'CRG-S001', reason: 'Owners manage the namespace outright' }] } : {}),
    }));
    fc.assert(fc.property(fc.array(grantArb, { minLength: 1, maxLength: 20 }), (grants) => {
      const file = tempFile('grants.stacks.json');
      const s = synth(grants, file);
      const assignment = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const [number, principals] of Object.entries<any>(assignment.stacks)) {
        const name = `CrGrants-${number}`;
        const estimate = stackLoad(Object.values(principals));
        expect(Object.keys(s.templates.get(name).Resources ?? {}).length).toBe(estimate.resources);
        expect([name, s.bytes.get(name)! <= estimate.bytes]).toEqual([name, true]);
      }
    }), { ...PROPERTY_RUNS, numRuns: 30 });
  });

  test('fromFile keeps the assignment beside the grants file', () => {
    const grants = tempFile('grants.yaml');
    fs.copyFileSync(path.join(__dirname, '..', '..', 'examples', 'grants.yaml'), grants);
    const app = new ros.App({ stackTraces: false, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'stacks-out-')) });
    const access = RegistryAccessStacks.fromFile(app, 'CrGrants', grants);
    expect(access.assignmentFile).toBe(grants.replace(/\.yaml$/, '.stacks.json'));
    const template = app.synth().getStackByName('CrGrants-001').template;
    const names = Object.values<any>(template.Resources).filter((r) => r.Type === POLICY).map((r) => r.Properties.PolicyName);
    expect(names).toContain('cr-platform-001-group-payments-devs-' + names.find((n: string) => n.startsWith('cr-platform-001-group-payments-devs-'))!.slice(-10));
    expect(fs.existsSync(access.assignmentFile)).toBe(true);
  });

  describe('refuses', () => {
    test('a scope inside a stack', () => {
      const app = new ros.App({ stackTraces: false });
      const stack = new ros.Stack(app, 'Mine');
      expect(() => new RegistryAccessStacks(stack, 'Grants', { grants: teams(1), assignmentFile: tempFile('a.json') }))
        .toThrow('Mine/Grants: scope "Mine" is a stack; RegistryAccessStacks creates stacks of its own (create it in the App');
    });

    test('grantees and values that are tokens', () => {
      const app = new ros.App({ stackTraces: false });
      const other = new ros.Stack(app, 'Users');
      const user = new ram.User(other, 'Alice', { userName: 'alice' });
      expect(() => new RegistryAccessStacks(app, 'Grants', {
        assignmentFile: tempFile('a.json'),
        grants: [{ instanceId: 'cri-a1', namespace: 'ns', access: NamespaceAccess.PULL, grantees: [Grantee.fromPrincipal(user)] }],
      })).toThrow(/^Grants grants\[0\]: users "\$\{Token\[[^"]+\]\}" must be plain text in RegistryAccessStacks, which plans its stacks before deployment/);
    });

    test('a constrained parameter: its constraints could change before synth, and stacks are planned before deployment', () => {
      const app = new ros.App({ stackTraces: false });
      const props = { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.NAMESPACE_PATTERN };
      const namespace = new ros.RosParameter(new ros.Stack(app, 'Parameters'), 'Namespace', props);
      expect(() => new RegistryAccessStacks(app, 'Grants', {
        assignmentFile: tempFile('a.json'),
        grants: [{ instanceId: 'cri-a1', namespace: namespace.valueAsString, access: NamespaceAccess.PULL, users: ['alice'] }],
      })).toThrow(/^Grants grants\[0\]: namespace "\$\{Token\[[^"]+\]\}" must be plain text in RegistryAccessStacks, which plans its stacks before deployment/);
    });

    test('a value that resolves at synth is checked as its text, with the literal\'s rule', () => {
      const lazy = (text: string) => ros.Lazy.stringValue({ produce: () => text });
      const spec = (namespace: string) => [{ instanceId: 'cri-a1', namespace, access: NamespaceAccess.PULL, users: ['alice'] }];
      expect(() => synth(spec(lazy('*')), tempFile('a.json')))
        .toThrow(/^CrGrants grants\[0\]: namespace "\*" must be 2-120 lowercase letters/);
      const accepted = synth(spec(lazy('team-a')), tempFile('a.json'));
      const documents = [...accepted.templates.values()].flatMap((t) => Object.values<any>(t.Resources))
        .filter((r) => r.Type === POLICY).map((r) => JSON.stringify(r.Properties.PolicyDocumentUnchecked));
      expect(documents.join()).toContain('repository/cri-a1/team-a/*');
      expect(documents.join()).not.toContain('Token[');
    });

    test('an assignment file that is not an assignment, naming the file', () => {
      const file = tempFile('a.json');
      fs.writeFileSync(file, '{"version": 1, "stacks": {"001": {"alice": {"resources": 1, "bytes": 1}}}}');
      expect(() => synth(teams(1), file)).toThrow(`${file}: stacks.001 "alice" must name a principal as user:<name>, group:<name> or role:<name>`);
      fs.writeFileSync(file, '{ nope');
      expect(() => synth(teams(1), file)).toThrow(new RegExp(`^${file}: stack assignment file ".*" is not JSON`));
    });

    test.each([
      [{ stackNamePrefix: '-x' }, 'CrGrants: stackNamePrefix "-x" must be 1-248 letters, digits or "-", starting with a letter (ROS CDK stack names)'],
      [{ stackNamePrefix: 'cr_grants' }, 'CrGrants: stackNamePrefix "cr_grants" must be 1-248 letters, digits or "-", starting with a letter'],
      [{ assignmentFile: '' }, 'CrGrants: assignmentFile "" must be the path of a JSON file, as text'],
      [{ maxResourcesPerStack: 0 }, 'CrGrants: maxResourcesPerStack 0 must be a whole number of at least 1'],
      [{ policyNamePrefix: 'cr_x' }, 'CrGrants: policyNamePrefix "cr_x" must be a RAM policy name'],
    ])('props %j', (props, message) => {
      expect(() => synth(teams(1), tempFile('a.json'), props)).toThrow(message);
    });
  });
});

function stackNumberOf(file: string, label: string): string | undefined {
  const assignment = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Object.keys(assignment.stacks).find((n) => label in assignment.stacks[n]);
}
