/**
 * The stacks of a cloud assembly read as one account: principals are account-wide, a policy
 * name resolves across stacks, each stack's unknowns stay its own, and splitting one template's
 * resources over stacks never changes what anyone may do.
 */
import * as fc from 'fast-check';
import { compareReadings } from '../../lib/analysis/diff';
import { statementsOfPrincipal } from '../../lib/analysis/read-statements';
import { TemplateShapeError, readPrincipals } from '../../lib/template/principals';
import { StackSet } from '../../lib/template/stack-set';
import { readStackSet, readTemplate } from '../../lib/template/template';

const pull = (namespace: string) => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: `acs:cr:*:*:repository/cri-x/${namespace}/*` }],
});
const stackSet = (stacks: { [name: string]: object }) =>
  new StackSet(Object.entries(stacks).map(([name, resources]) => ({ name, template: { Resources: resources }, file: `${name}.template.json` })), 'cdk.out');

describe('one account', () => {
  const set = stackSet({
    Identity: {
      Alice: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice' } },
      Web: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'web-pull', PolicyDocument: pull('web') } },
      Devs: { Type: 'ALIYUN::RAM::Group', Properties: { GroupName: 'devs' } },
    },
    Team: {
      Attach: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'web-pull', PolicyType: 'Custom', UserName: 'alice' } },
      Member: { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: 'devs', Users: ['alice'] } },
      Api: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'api-pull', PolicyDocument: pull('api'), Groups: ['devs'] } },
    },
  });

  test('a policy attached in one stack to a principal of another is held, named after the stack that defines it', () => {
    const reading = readPrincipals(set);
    expect([...reading.principals.keys()]).toEqual(['group:devs', 'user:alice']);
    expect(reading.principals.get('user:alice')!.policies.map((p) => [p.policyName, p.document])).toEqual([
      ['Identity/web-pull', pull('web')],
      ['Team/api-pull (through group:devs)', pull('api')],
    ]);
  });

  test('places name the stack', () => {
    const { contents } = readStackSet(set);
    expect(contents.attachments.map((a) => `${a.stack}${a.logicalId} ${a.policyName}`)).toEqual([
      'Team/Attach Identity/web-pull',
      'Team/Api Team/api-pull',
    ]);
  });

  test('the stacks are read in name order, whatever order they are given in', () => {
    const reversed = new StackSet([...set.stacks].reverse(), 'cdk.out');
    expect(JSON.stringify(readTemplate(reversed))).toBe(JSON.stringify(readTemplate(set)));
  });

  test('a policy in a nested stack is named by the stack path', () => {
    const nested = stackSet({
      Outer: {
        Inner: {
          Type: 'ALIYUN::ROS::Stack',
          Properties: { TemplateBody: { Resources: { P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: pull('x'), Users: ['bob'] } } } } },
        },
      },
    });
    expect(readPrincipals(nested).principals.get('user:bob')!.policies.map((p) => p.policyName)).toEqual(['Outer/Inner/p']);
  });

  test('a policy defined outside the assembly stays unknown', () => {
    const outside = stackSet({ A: { At: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'elsewhere', PolicyType: 'Custom', UserName: 'u' } } } });
    expect(readPrincipals(outside).principals.get('user:u')!.policies[0]).toMatchObject({ policyName: 'elsewhere', unknown: expect.any(String) });
  });
});

describe('each stack\'s unknowns are its own', () => {
  const parameters = { Parameters: { UserName: { Type: 'String' } } };
  const denyAll = { Version: '1', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
  const allowAll = { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const attaching = (name: string, document: object) => ({
    ...parameters,
    Resources: { P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: name, PolicyDocument: document, Users: [{ Ref: 'UserName' }] } } },
  });
  const set = new StackSet([
    { name: 'A', template: attaching('deny', denyAll), file: 'A.template.json' },
    { name: 'B', template: attaching('allow', allowAll), file: 'B.template.json' },
  ], 'cdk.out');

  test('two stacks\' parameters of one name are two principals, so one stack\'s Deny cannot hide the other\'s Allow', () => {
    const reading = readPrincipals(set);
    expect([...reading.principals.keys()]).toEqual(['user:${A/UserName}', 'user:${B/UserName}']);
    // Each may be the other, and only may: A's Deny reaches B's user behind that unknown, which can be false.
    expect(reading.principals.get('user:${B/UserName}')!.policies.map((p) => [p.policyName, p.guards])).toEqual([
      ['A/deny', ['user:${B/UserName} is user:${A/UserName}']],
      ['B/allow', []],
    ]);
  });

  test('holes in documents are qualified by their stack, literal text is not', () => {
    const holed = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: { 'Fn::Sub': 'acs:cr:*:*:repository/cri-x/${Ns}/*' } }] };
    const one = new StackSet([{ name: 'A', template: { Parameters: { Ns: { Type: 'String' } }, Resources: { P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: holed, Users: ['u'] } } } }, file: 'A' }], 'x');
    const held = readPrincipals(one).principals.get('user:u')!.policies[0];
    expect((held.document as any).Statement[0].Resource).toEqual({ parts: ['acs:cr:*:*:repository/cri-x/', { hole: '${A/Ns}', ref: 'Ns' }, '/*'] });
    expect((held.document as any).Statement[0].Action).toBe('cr:PullRepository');
  });
});

describe('what has no single reading', () => {
  test('one policy name defined in two stacks is refused, naming both', () => {
    const twice = stackSet({
      A: { P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'shared', PolicyDocument: pull('a'), Users: ['u'] } } },
      B: { Q: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'shared', PolicyDocument: pull('b') } } },
    });
    expect(readStackSet(twice).duplicates).toEqual([{ policyName: 'shared', places: ['A/P', 'B/Q'] }]);
    expect(() => readPrincipals(twice)).toThrow(TemplateShapeError);
    expect(() => readPrincipals(twice)).toThrow('policy name "shared" is defined by A/P and B/Q; RAM policy names are unique per account');
  });

  test('a stack whose Resources is not an object is refused, naming its file', () => {
    const broken = new StackSet([{ name: 'A', template: { Resources: [] }, file: 'cdk.out/A.template.json' }], 'cdk.out');
    expect(readStackSet(broken).unreadable).toEqual([{ stack: 'A', file: 'cdk.out/A.template.json', problem: 'Resources is not an object' }]);
    expect(() => readPrincipals(broken)).toThrow('stack A (cdk.out/A.template.json): Resources is not an object');
  });
});

describe('splitting a template over stacks never changes access (property, against the single template)', () => {
  const USERS = ['alice', 'bob'];
  const GROUPS = ['devs', 'ops'];
  const STATEMENTS = [
    { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-x/web/*' },
    { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-x/*' },
    { Effect: 'Deny', Action: 'cr:Delete*', Resource: '*' },
    { Effect: 'Allow', Action: 'cr:PushRepository', Resource: 'acs:cr:*:*:repository/cri-x/api/*' },
  ];
  const principal = fc.oneof(
    fc.constantFrom(...USERS).map((name) => ({ type: 'User', key: 'UserName', name })),
    fc.constantFrom(...GROUPS).map((name) => ({ type: 'Group', key: 'GroupName', name })),
  );
  const resource = fc.oneof(
    fc.record({ kind: fc.constant('policy' as const), statements: fc.subarray(STATEMENTS, { minLength: 1 }), holders: fc.array(principal, { maxLength: 2 }) }),
    fc.record({ kind: fc.constant('attach' as const), policy: fc.nat(3), principal }),
    fc.record({ kind: fc.constant('member' as const), user: fc.constantFrom(...USERS), group: fc.constantFrom(...GROUPS) }),
    fc.record({ kind: fc.constant('system' as const), principal }),
  );
  const account = fc.array(fc.record({ resource, stack: fc.constantFrom('A', 'B', 'C') }), { minLength: 1, maxLength: 8 });

  const toResource = (r: any, i: number): object => {
    switch (r.kind) {
      case 'policy': {
        const lists: { [key: string]: string[] } = {};
        for (const h of r.holders) lists[`${h.type}s`] = [...lists[`${h.type}s`] ?? [], h.name];
        return { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: `p${i}`, PolicyDocument: { Version: '1', Statement: r.statements }, ...lists } };
      }
      case 'attach':
        return { Type: `ALIYUN::RAM::AttachPolicyTo${r.principal.type}`, Properties: { PolicyName: `p${r.policy}`, PolicyType: 'Custom', [r.principal.key]: r.principal.name } };
      case 'member':
        return { Type: 'ALIYUN::RAM::UserToGroupAddition', Properties: { GroupName: r.group, Users: [r.user] } };
      default:
        return { Type: `ALIYUN::RAM::AttachPolicyTo${r.principal.type}`, Properties: { PolicyName: 'AliyunContainerRegistryReadOnlyAccess', PolicyType: 'System', [r.principal.key]: r.principal.name } };
    }
  };

  test('same principals, same documents held, and no access change either way', () => {
    fc.assert(fc.property(account, (items) => {
      const single: { [id: string]: object } = {};
      const byStack: { [stack: string]: { [id: string]: object } } = {};
      items.forEach(({ resource: r, stack }, i) => {
        single[`R${i}`] = toResource(r, i);
        byStack[stack] = { ...byStack[stack], [`R${i}`]: toResource(r, i) };
      });
      const one = readPrincipals({ Resources: single });
      const many = readPrincipals(stackSet(byStack));
      expect([...many.principals.keys()]).toEqual([...one.principals.keys()]);
      const held = (reading: typeof one, label: string) => reading.principals.get(label)!.policies
        .map((p) => JSON.stringify([p.document ?? null, p.unknown === undefined, p.guards])).sort();
      for (const label of one.principals.keys()) {
        expect(held(many, label)).toEqual(held(one, label));
        expect(statementsOfPrincipal(many.principals.get(label)!).statements.length)
          .toBe(statementsOfPrincipal(one.principals.get(label)!).statements.length);
      }
      expect(compareReadings(one, many)).toEqual({ changes: [], undecided: [] });
    }), { seed: 13, numRuns: 150 });
  });
});

describe('each stack\'s template conditions are its own', () => {
  // Both stacks define IsProd alike, but on their own Env parameter: one unknown per stack.
  const stack = (effect: string, name: string) => ({
    Parameters: { Env: { Type: 'String' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: {
      Policy: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Condition: 'IsProd',
        Properties: {
          PolicyName: `${name}-policy`,
          PolicyDocument: { Version: '1', Statement: [{ Effect: effect, Action: 'cr:PullRepository', Resource: '*' }] },
          Users: ['alice'],
        },
      },
    },
  });
  const set = (a: string, b: string) => new StackSet([
    { name: 'A', template: stack(a, 'a'), file: 'A.template.json' },
    { name: 'B', template: stack(b, 'b'), file: 'B.template.json' },
  ], 'cdk.out');

  test('swapping an Allow and a Deny between stacks can widen (A not prod, B prod), so it is not "no change"', () => {
    const comparison = compareReadings(readPrincipals(set('Allow', 'Deny')), readPrincipals(set('Deny', 'Allow')));
    expect(comparison.changes.length + comparison.undecided.length).toBeGreaterThan(0);
  });

  test('the same assembly compared with itself is unchanged', () => {
    expect(compareReadings(readPrincipals(set('Allow', 'Deny')), readPrincipals(set('Allow', 'Deny')))).toEqual({ changes: [], undecided: [] });
  });
});
