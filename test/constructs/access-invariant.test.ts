import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { CrGrantsError, Grantee, NamespaceAccess, RegistryAccess, RegistryAccessStacks, RegistryAccessStacksProps } from '../../lib';
import { newStack, synthTemplate } from '../synth';

const NO_PROD_DELETE = { never: ['cr:DeleteNamespace', 'cr:DeleteRepository'], on: 'cri-123456/prod', except: ['group:registry-owners'] };

/** The synth error, as one message. */
function synthError(stack: ReturnType<typeof newStack>): string {
  try {
    synthTemplate(stack);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis succeeded');
}

describe('RegistryAccess invariants', () => {
  test('a plan that keeps its invariants synthesizes, unchanged by them', () => {
    const withInvariants = newStack();
    new RegistryAccess(withInvariants, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.PUSH_PULL, groups: ['developers'] }],
      invariants: [NO_PROD_DELETE],
    });
    const without = newStack();
    new RegistryAccess(without, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.PUSH_PULL, groups: ['developers'] }],
    });
    expect(synthTemplate(withInvariants)).toEqual(synthTemplate(without));
  });

  test('a plan that breaks one fails synthesis with one line naming the construct, the invariant, the witness and the policy', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: ['platform'] }],
      invariants: [NO_PROD_DELETE],
    });
    const lines = synthError(stack).split('\n').filter((l) => l.includes('invariant'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/TestStack\/Access invariants\[0\]: invariant "never cr:DeleteNamespace, cr:DeleteRepository on cri-123456\/prod except group:registry-owners" is broken: group:platform may be allowed cr:DeleteRepository on acs:cr:cn-hangzhou:123456789012:repository\/cri-123456\/prod\/app by policy TestStack-Access-group-platform-[0-9a-f]+, statement 0 \(narrow or remove what allows it, or add the principal to except\)$/);
  });

  test('the exempt group may, and so may its members through it', () => {
    const stack = newStack();
    const owners = new ram.Group(stack, 'Owners', { groupName: 'registry-owners' });
    new ram.UserToGroupAddition(stack, 'Join', { groupName: 'registry-owners', users: ['olivia'] });
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, grantees: [Grantee.fromPrincipal(owners)] }],
      invariants: [NO_PROD_DELETE],
    });
    expect(() => synthTemplate(stack)).not.toThrow();
  });

  test('the whole stack counts: a user the stack adds to a broad group is named', () => {
    const stack = newStack();
    new ram.UserToGroupAddition(stack, 'Join', { groupName: 'platform', users: ['mallory'] });
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: ['platform'] }],
      invariants: [{ ...NO_PROD_DELETE, except: ['group:registry-owners', 'group:platform'] }],
    });
    // The group is exempt, and so is mallory for what the group holds.
    expect(() => synthTemplate(stack)).not.toThrow();
    const strict = newStack();
    new ram.UserToGroupAddition(strict, 'Join', { groupName: 'platform', users: ['mallory'] });
    new RegistryAccess(strict, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: ['platform'] }],
      invariants: [{ ...NO_PROD_DELETE, except: ['user:olivia'] }],
    });
    const message = synthError(strict);
    expect(message).toContain('is broken: group:platform may be allowed');
    expect(message).toContain('is broken: user:mallory may be allowed');
  });

  test('a grantee named at deployment cannot be proven not to be someone else', () => {
    const stack = newStack();
    const name = new ros.RosParameter(stack, 'Team', { type: ros.RosParameterType.STRING, allowedValues: ['dev', 'registry-owners'] });
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: [name.valueAsString] }],
      invariants: [NO_PROD_DELETE],
    });
    expect(synthError(stack)).toMatch(/invariants\[0\]: invariant "[^"]+" may be broken: group:\$\{Team\} may be allowed cr:DeleteRepository .*cannot prove the invariant holds: the template does not fix the name of group:\$\{Team\}, which may be group:registry-owners/);
  });

  test('invariants are validated at construction, like grants', () => {
    const stack = newStack();
    expect(() => new RegistryAccess(stack, 'Access', { invariants: [{ never: ['cr:Delete*'], on: 'cri-123456/pr*d' }] }))
      .toThrow(new RegExp('^TestStack/Access invariants\\[0\\]: on "cri-123456/pr\\*d" has the namespace "pr\\*d", which must be'));
    expect(() => new RegistryAccess(stack, 'Access2', { invariants: [{ never: ['cr:Delete*'], on: 'cri-123456/prod', except: ['${Token[TOKEN.99]}'] }] }))
      .toThrow(CrGrantsError);
    expect(() => new RegistryAccess(stack, 'Access3', { invariants: 'x' as any })).toThrow(/invariants "x" must be a list of invariants/);
  });

  test('fromFile enforces the file\'s invariants, naming them by file:line:column', () => {
    const stack = newStack();
    const file = path.relative(process.cwd(), path.join(__dirname, '..', '..', 'examples', 'invariants', 'grants.yaml'));
    RegistryAccess.fromFile(stack, 'Grants', file);
    expect(synthError(stack)).toContain(`${file}:12:5: invariant "never cr:DeleteNamespace, cr:DeleteRepository on cri-123456/prod except group:registry-owners" is broken: group:platform may be allowed`);
  });
});

describe('RegistryAccessStacks invariants: every stack of the app, read as one account', () => {
  const PROD_FULL = { instanceId: 'cri-123456', namespace: 'prod', access: NamespaceAccess.FULL, groups: ['platform'] };
  const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'stacks-invariants-'));
  const newApp = () => new ros.App({ stackTraces: false, outdir: tempDir() });
  const stacks = (app: ros.App, props: Partial<RegistryAccessStacksProps> = {}) => new RegistryAccessStacks(app, 'Grants', {
    grants: [PROD_FULL], assignmentFile: path.join(tempDir(), 'a.json'), policyNamePrefix: 'cr', ...props,
  });
  /** The synth error's lines about invariants. */
  const invariantLines = (app: ros.App) => {
    try {
      app.synth();
    } catch (e) {
      return (e as Error).message.split('\n').filter((l) => l.includes('invariant'));
    }
    throw new Error('synthesis succeeded');
  };

  test('fromFile enforces the file\'s invariants, naming them by file:line:column, with a witness', () => {
    const app = newApp();
    const file = path.relative(process.cwd(), path.join(__dirname, '..', '..', 'examples', 'invariants', 'grants.yaml'));
    RegistryAccessStacks.fromFile(app, 'Grants', file, { assignmentFile: path.join(tempDir(), 'a.json') });
    const lines = invariantLines(app);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^\\s*\\[Grants\\] ${file.replace(/[.]/g, '\\.')}:12:5: invariant "never cr:DeleteNamespace, cr:DeleteRepository on cri-123456/prod except group:registry-owners" is broken: `
      + 'group:platform may be allowed cr:DeleteRepository on acs:cr:cn-hangzhou:123456789012:repository/cri-123456/prod/app by policy Grants-001/Grants-001-group-platform-[0-9a-f]+, statement 0 '
      + '\\(narrow or remove what allows it, or add the principal to except\\)$'));
  });

  test('invariants given as props are checked too, named by the construct path; a plan that keeps them is unchanged by them', () => {
    const broken = newApp();
    stacks(broken, { invariants: [NO_PROD_DELETE] });
    const lines = invariantLines(broken);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\s*\[Grants\] Grants invariants\[0\]: invariant "never cr:DeleteNamespace, cr:DeleteRepository on cri-123456\/prod except group:registry-owners" is broken: group:platform may be allowed cr:DeleteRepository on /);

    const kept = newApp();
    stacks(kept, { invariants: [{ ...NO_PROD_DELETE, except: ['group:platform'] }] });
    const without = newApp();
    stacks(without);
    expect(kept.synth().getStackByName('Grants-001').template).toEqual(without.synth().getStackByName('Grants-001').template);
  });

  test('a membership in another stack of the app counts: its users hold what the group holds', () => {
    const app = newApp();
    new ram.UserToGroupAddition(new ros.Stack(app, 'People'), 'Join', { groupName: 'platform', users: ['mallory'] });
    stacks(app, { invariants: [{ ...NO_PROD_DELETE, except: ['group:platform'] }] });
    // The group is exempt, so are its members for what they hold through it.
    expect(() => app.synth()).not.toThrow();

    const strict = newApp();
    new ram.UserToGroupAddition(new ros.Stack(strict, 'People'), 'Join', { groupName: 'platform', users: ['mallory'] });
    stacks(strict, { invariants: [NO_PROD_DELETE] });
    const lines = invariantLines(strict);
    expect(lines.map((l) => l.replace(/^.* is broken: (\S+) may be allowed .*$/, '$1'))).toEqual(['group:platform', 'user:mallory']);
  });

  test('a Deny another stack of the app attaches to a grantee keeps the invariant', () => {
    const app = newApp();
    new ram.ManagedPolicy(new ros.Stack(app, 'Guards'), 'NoProdDelete', {
      policyName: 'no-prod-delete',
      policyDocumentUnchecked: { Version: '1', Statement: [{ Effect: 'Deny', Action: ['cr:Delete*'], Resource: ['acs:cr:*:*:repository/cri-123456/prod', 'acs:cr:*:*:repository/cri-123456/prod/*'] }] },
      groups: ['platform'],
    });
    stacks(app, { invariants: [NO_PROD_DELETE] });
    expect(() => app.synth()).not.toThrow();
  });

  test('grants spread over several stacks are all checked: a grantee in a later stack is named', () => {
    const app = newApp();
    // Room for one grantee's policy and attachment per stack.
    const grants = stacks(app, {
      grants: [PROD_FULL, { instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, users: ['alice'] }],
      maxResourcesPerStack: 2,
      invariants: [{ never: ['cr:PullRepository'], on: 'cri-123456/team-a', except: ['group:platform'] }],
    });
    expect(grants.stacks.map((s) => s.node.id)).toEqual(['Grants-001', 'Grants-002']);
    expect(invariantLines(app)).toEqual([expect.stringMatching(/is broken: user:alice may be allowed cr:PullRepository on .* by policy Grants-00[12]\//)]);
  });

  test('stacks that cannot be read as one account fail synth with one line: nothing can be proven of them', () => {
    const template = stacks(newApp()).stacks[0].node.root as ros.App;
    const policyName = Object.values<any>(template.synth().getStackByName('Grants-001').template.Resources)
      .find((r) => r.Type === 'ALIYUN::RAM::ManagedPolicy').Properties.PolicyName;
    const app = newApp();
    stacks(app, { invariants: [NO_PROD_DELETE] });
    new ram.ManagedPolicy(new ros.Stack(app, 'Other'), 'Same', { policyName, policyDocumentUnchecked: { Version: '1', Statement: [] } });
    const lines = invariantLines(app);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`  [Grants] Grants: invariants cannot be checked: the app's stacks cannot be read as one account: policy name ${JSON.stringify(policyName)} is defined by Grants-001/`)).toBe(true);
    expect(lines[0].endsWith(' and Other/Same; RAM policy names are unique per account, so only one of them can be created and which one depends on the order of deployment '
      + '(give each policy its own name; `cr-grants check` lists every duplicate)')).toBe(true);
  });

  test('invariants are validated at construction, like grants', () => {
    expect(() => stacks(newApp(), { invariants: [{ never: ['cr:Delete*'], on: 'cri-123456/pr*d' }] }))
      .toThrow(new RegExp('^Grants invariants\\[0\\]: on "cri-123456/pr\\*d" has the namespace "pr\\*d", which must be'));
  });
});
