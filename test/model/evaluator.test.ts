import * as fc from 'fast-check';
import {
  actionMatches,
  Decision,
  DecisionEffect,
  evaluate,
  resourceMatches,
} from '../../lib/model/evaluator';
import { matchesPattern } from '../../lib/model/wildcard';
import { NamedPolicy, PolicyDocument, PolicyStatement } from '../../lib/model/policy';

/** The seed's custom policy with `$instanceid` = cri-123456 and `$namespace` = ns. */
const SEED_DOCUMENT: PolicyDocument = {
  Statement: [
    {
      Effect: 'Allow',
      Action: ['cr:ListInstance*', 'cr:GetInstance*', 'cr:ListSignature*'],
      Resource: '*',
    },
    {
      Action: ['cr:*'],
      Effect: 'Allow',
      Resource: ['acs:cr:*:*:repository/cri-123456/ns/*', 'acs:cr:*:*:repository/cri-123456/ns'],
    },
    {
      Action: ['cr:List*'],
      Effect: 'Allow',
      Resource: ['acs:cr:*:*:repository/cri-123456/*', 'acs:cr:*:*:repository/cri-123456/*/*'],
    },
  ],
  Version: '1',
};
const SEED: NamedPolicy[] = [{ policyName: 'seed', document: SEED_DOCUMENT }];
const REPO = (instance: string, namespace: string, repo?: string) =>
  `acs:cr:cn-hangzhou:123:repository/${instance}/${namespace}${repo === undefined ? '' : `/${repo}`}`;

function policy(policyName: string, ...Statement: PolicyStatement[]): NamedPolicy {
  return { policyName, document: { Version: '1', Statement } };
}

/** The decision as plain data, to compare with `toEqual`. */
function summary(d: Decision): [DecisionEffect, string | undefined, number | undefined] {
  return [d.effect, d.policyName, d.statementIndex];
}

describe('matchesPattern', () => {
  test('a lone star matches everything, the empty string included', () => {
    expect(matchesPattern('*', '', false)).toBe(true);
    expect(matchesPattern('*', 'acs:cr:cn-hangzhou:123:repository/a/b', false)).toBe(true);
  });

  test('a star spans "/" and ":"', () => {
    expect(matchesPattern('acs:cr:*', 'acs:cr:cn-hangzhou:123:repository/cri-1/ns/app', false)).toBe(true);
    expect(matchesPattern('a*z', 'a:/:/z', false)).toBe(true);
    expect(matchesPattern('acs:cr:*:*:repository/cri-1/*', 'acs:cr:x:y:z:repository/cri-1/ns', false)).toBe(true);
  });

  test('stars match the empty sequence', () => {
    expect(matchesPattern('ab*', 'ab', false)).toBe(true);
    expect(matchesPattern('*ab', 'ab', false)).toBe(true);
    expect(matchesPattern('a**b', 'ab', false)).toBe(true);
    expect(matchesPattern('a*b*c', 'abc', false)).toBe(true);
  });

  test('anchored prefix and suffix may not overlap', () => {
    expect(matchesPattern('a*a', 'a', false)).toBe(false);
    expect(matchesPattern('a*a', 'aa', false)).toBe(true);
    expect(matchesPattern('ab*ba', 'aba', false)).toBe(false);
    expect(matchesPattern('ab*ba', 'abba', false)).toBe(true);
  });

  test('middle literals must appear in order, between prefix and suffix', () => {
    expect(matchesPattern('*b*a*', 'ab', false)).toBe(false);
    expect(matchesPattern('*a*b*', 'ab', false)).toBe(true);
    expect(matchesPattern('x*abc*y', 'xabcy', false)).toBe(true);
    expect(matchesPattern('x*abc*y', 'xabyc', false)).toBe(false);
    // The middle literal may only use characters left over by the suffix.
    expect(matchesPattern('*ab*b', 'ab', false)).toBe(false);
    // Needs the failure function: a naive leftmost scan that does not back up would miss it.
    expect(matchesPattern('*aab*', 'aaab', false)).toBe(true);
    expect(matchesPattern('*abac*', 'ababac', false)).toBe(true);
    expect(matchesPattern('*abac*', 'ababab', false)).toBe(false);
    expect(matchesPattern('x*abab*c', 'xabababxc', false)).toBe(true);
    expect(matchesPattern('x*abab*c', 'xabaxbabc', false)).toBe(false);
  });

  test('without a star, only the whole value matches', () => {
    expect(matchesPattern('cr:List', 'cr:ListRepository', true)).toBe(false);
    expect(matchesPattern('ns', 'ns2', false)).toBe(false);
    expect(matchesPattern('', '', false)).toBe(true);
    expect(matchesPattern('', 'a', false)).toBe(false);
  });

  test('"?" is an ordinary character', () => {
    expect(matchesPattern('a?c', 'abc', false)).toBe(false);
    expect(matchesPattern('a?c', 'a?c', false)).toBe(true);
    expect(matchesPattern('*?', 'x', true)).toBe(false);
  });

  test('case folding is ASCII only and only when asked', () => {
    expect(matchesPattern('CR:PUSH*', 'cr:pushRepository', true)).toBe(true);
    expect(matchesPattern('CR:PUSH*', 'cr:pushRepository', false)).toBe(false);
    expect(matchesPattern('*[X]*', 'a[x]b', true)).toBe(true);
    // "@" (64) and "[" (91) border the ASCII capitals; "`" (96) and "{" (123) the small letters.
    expect(matchesPattern('@[', '`{', true)).toBe(false);
    // Non-ASCII letters are compared as they are.
    expect(matchesPattern('É', 'é', true)).toBe(false);
  });

  test('long inputs with many stars give the right answer', () => {
    const value = 'a'.repeat(50_000);
    const pattern = '*a'.repeat(2_000) + '*b';
    expect(matchesPattern(pattern, value, false)).toBe(false);
    expect(matchesPattern(pattern, value + 'b', false)).toBe(true);
    expect(matchesPattern(pattern, 'a'.repeat(1_999) + 'b', false)).toBe(false);
    expect(matchesPattern(pattern, 'a'.repeat(2_000) + 'b', false)).toBe(true);
    expect(matchesPattern('*' + 'a'.repeat(1_000) + 'b*', value, true)).toBe(false);
  });
});

describe('actionMatches / resourceMatches', () => {
  test('actions ignore case, in the service code and the action name', () => {
    expect(actionMatches('cr:PushRepository', 'CR:pushrepository')).toBe(true);
    expect(actionMatches('cr:List*', 'cr:listrepository')).toBe(true);
    expect(actionMatches('cr:List*', 'cr:GetRepository')).toBe(false);
    expect(actionMatches('cr:*', 'ecs:DescribeInstances')).toBe(false);
    expect(actionMatches('*', 'ecs:DescribeInstances')).toBe(true);
  });

  test('resources are case-sensitive', () => {
    expect(resourceMatches('acs:cr:*:*:repository/cri-1/ns/*', 'acs:cr:cn-hangzhou:1:repository/cri-1/ns/app')).toBe(true);
    expect(resourceMatches('acs:cr:*:*:repository/cri-1/ns/*', 'acs:cr:cn-hangzhou:1:repository/cri-1/NS/app')).toBe(false);
    expect(resourceMatches('acs:cr:*:*:repository/cri-1/ns/*', 'ACS:CR:cn-hangzhou:1:repository/cri-1/ns/app')).toBe(false);
  });

  test('wildcards in single ARN segments', () => {
    const pattern = 'acs:cr:cn-*:*:repository/cri-1/ns';
    expect(resourceMatches(pattern, 'acs:cr:cn-hangzhou:123:repository/cri-1/ns')).toBe(true);
    expect(resourceMatches(pattern, 'acs:cr:ap-southeast-1:123:repository/cri-1/ns')).toBe(false);
    expect(resourceMatches('acs:cr:*:123:instance/*', 'acs:cr:cn-beijing:123:instance/cri-9')).toBe(true);
    expect(resourceMatches('acs:cr:*:123:instance/*', 'acs:cr:cn-beijing:456:instance/cri-9')).toBe(false);
  });
});

describe('evaluate: the seed policy', () => {
  test('allows pushing to a repository of its namespace, decided by the second statement', () => {
    const d = evaluate(SEED, 'cr:PushRepository', REPO('cri-123456', 'ns', 'app'));
    expect(summary(d)).toEqual([DecisionEffect.ALLOW, 'seed', 1]);
    expect(d.statement).toBe(SEED_DOCUMENT.Statement[1]);
  });

  test('allows acting on the namespace resource itself', () => {
    expect(evaluate(SEED, 'cr:DeleteNamespace', REPO('cri-123456', 'ns')).effect).toBe(DecisionEffect.ALLOW);
  });

  test('does not allow pushing to another namespace, a similar name, or another instance', () => {
    for (const resource of [
      REPO('cri-123456', 'ns2', 'app'),
      REPO('cri-123456', 'nsx'),
      REPO('cri-999', 'ns', 'app'),
      REPO('cri-1234567', 'ns', 'app'),
      REPO('cri-123456', 'NS', 'app'),
      'acs:cr:cn-hangzhou:123:instance/cri-123456',
    ]) {
      const d = evaluate(SEED, 'cr:PushRepository', resource);
      expect([resource, d]).toEqual([resource, { effect: DecisionEffect.IMPLICIT_DENY }]);
    }
  });

  test('allows listing in other namespaces of the same instance, decided by the third statement', () => {
    const d = evaluate(SEED, 'cr:ListRepository', REPO('cri-123456', 'other', 'app'));
    expect(summary(d)).toEqual([DecisionEffect.ALLOW, 'seed', 2]);
    expect(summary(evaluate(SEED, 'cr:ListRepository', REPO('cri-123456', 'other')))).toEqual([
      DecisionEffect.ALLOW,
      'seed',
      2,
    ]);
    // In its own namespace the earlier `cr:*` statement decides.
    expect(evaluate(SEED, 'cr:ListRepository', REPO('cri-123456', 'ns', 'app')).statementIndex).toBe(1);
    // Not in other instances.
    expect(evaluate(SEED, 'cr:ListRepository', REPO('cri-999', 'other', 'app')).effect).toBe(
      DecisionEffect.IMPLICIT_DENY,
    );
  });

  test('allows the console listings on any resource, decided by the first statement', () => {
    const d = evaluate(SEED, 'cr:GetInstanceVpcEndpoint', 'acs:cr:cn-beijing:999:instance/cri-other');
    expect(summary(d)).toEqual([DecisionEffect.ALLOW, 'seed', 0]);
    expect(evaluate(SEED, 'cr:ListSignatureStore', '*').statementIndex).toBe(0);
  });

  test('action names ignore case, resources do not', () => {
    expect(evaluate(SEED, 'CR:pushrepository', REPO('cri-123456', 'ns', 'app')).effect).toBe(DecisionEffect.ALLOW);
    expect(evaluate(SEED, 'cr:PushRepository', REPO('CRI-123456', 'ns', 'app')).effect).toBe(
      DecisionEffect.IMPLICIT_DENY,
    );
  });

  test('nothing outside Container Registry', () => {
    expect(evaluate(SEED, 'ecs:DescribeInstances', '*').effect).toBe(DecisionEffect.IMPLICIT_DENY);
  });
});

describe('evaluate: decisions', () => {
  const allowAll = policy('allow-all', { Effect: 'Allow', Action: '*', Resource: '*' });

  test('no policies, no statements: implicit deny without a statement', () => {
    expect(evaluate([], 'cr:PullRepository', '*')).toEqual({ effect: DecisionEffect.IMPLICIT_DENY });
    expect(evaluate([policy('empty')], 'cr:PullRepository', '*')).toEqual({ effect: DecisionEffect.IMPLICIT_DENY });
  });

  test('an explicit deny overrides an allow, wherever each one is', () => {
    const deny = policy('deny-push', {
      Effect: 'Deny',
      Action: 'cr:Push*',
      Resource: 'acs:cr:*:*:repository/cri-123456/ns/*',
    });
    const resource = REPO('cri-123456', 'ns', 'app');
    expect(summary(evaluate([allowAll, deny], 'cr:PushRepository', resource))).toEqual([
      DecisionEffect.EXPLICIT_DENY,
      'deny-push',
      0,
    ]);
    expect(summary(evaluate([deny, ...SEED], 'cr:PushRepository', resource))).toEqual([
      DecisionEffect.EXPLICIT_DENY,
      'deny-push',
      0,
    ]);
    // The deny covers only what it names.
    expect(evaluate([deny, ...SEED], 'cr:PullRepository', resource).effect).toBe(DecisionEffect.ALLOW);
    expect(evaluate([deny, ...SEED], 'cr:PushRepository', REPO('cri-123456', 'ns')).effect).toBe(
      DecisionEffect.ALLOW,
    );
  });

  test('a deny within the same document overrides an earlier allow', () => {
    const p = policy(
      'mixed',
      { Effect: 'Allow', Action: 'cr:*', Resource: '*' },
      { Effect: 'Deny', Action: 'cr:Delete*', Resource: '*' },
    );
    expect(summary(evaluate([p], 'cr:DeleteRepository', 'x'))).toEqual([DecisionEffect.EXPLICIT_DENY, 'mixed', 1]);
    expect(summary(evaluate([p], 'cr:GetRepository', 'x'))).toEqual([DecisionEffect.ALLOW, 'mixed', 0]);
  });

  test('the first matching deny and the first matching allow decide, by policy then statement order', () => {
    const a = policy(
      'a',
      { Effect: 'Allow', Action: 'ecs:*', Resource: '*' },
      { Effect: 'Allow', Action: 'cr:Get*', Resource: '*' },
    );
    const b = policy(
      'b',
      { Effect: 'Allow', Action: 'cr:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ecs:*', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*' },
    );
    const c = policy('c', { Effect: 'Deny', Action: 'cr:*', Resource: '*' });
    expect(summary(evaluate([a, b], 'cr:GetRepository', 'r'))).toEqual([DecisionEffect.EXPLICIT_DENY, 'b', 2]);
    expect(summary(evaluate([a, b, c], 'cr:GetRepository', 'r'))).toEqual([DecisionEffect.EXPLICIT_DENY, 'b', 2]);
    expect(summary(evaluate([a, c, b], 'cr:GetRepository', 'r'))).toEqual([DecisionEffect.EXPLICIT_DENY, 'c', 0]);
    expect(summary(evaluate([a, b], 'ecs:StartInstance', 'r'))).toEqual([DecisionEffect.EXPLICIT_DENY, 'b', 1]);
    expect(summary(evaluate([b, a], 'ecs:StartInstance', 'r'))).toEqual([DecisionEffect.EXPLICIT_DENY, 'b', 1]);
    const allowOnly = [a, policy('b2', ...b.document.Statement.slice(0, 1))];
    expect(summary(evaluate(allowOnly, 'cr:GetRepository', 'r'))).toEqual([DecisionEffect.ALLOW, 'a', 1]);
    expect(summary(evaluate(allowOnly.slice().reverse(), 'cr:GetRepository', 'r'))).toEqual([
      DecisionEffect.ALLOW,
      'b2',
      0,
    ]);
  });

  test('a single Resource string and a Resource list both work', () => {
    const p = policy(
      'p',
      { Effect: 'Allow', Action: 'cr:GetRepository', Resource: 'acs:cr:*:*:repository/cri-1/a/*' },
      { Effect: 'Allow', Action: ['cr:GetRepository'], Resource: ['x', 'acs:cr:*:*:repository/cri-1/b/*'] },
    );
    expect(evaluate([p], 'cr:GetRepository', REPO('cri-1', 'a', 'r')).statementIndex).toBe(0);
    expect(evaluate([p], 'cr:GetRepository', REPO('cri-1', 'b', 'r')).statementIndex).toBe(1);
    expect(evaluate([p], 'cr:GetRepository', REPO('cri-1', 'c', 'r')).effect).toBe(DecisionEffect.IMPLICIT_DENY);
  });
});

describe('evaluate: NotAction', () => {
  test('an Allow with NotAction allows every action except the listed ones', () => {
    const p = policy('all-but-delete', { Effect: 'Allow', NotAction: ['cr:Delete*', 'ram:*'], Resource: '*' });
    expect(evaluate([p], 'cr:PushRepository', 'r').effect).toBe(DecisionEffect.ALLOW);
    expect(evaluate([p], 'ecs:RunInstances', 'r').effect).toBe(DecisionEffect.ALLOW);
    expect(evaluate([p], 'cr:DeleteRepository', 'r').effect).toBe(DecisionEffect.IMPLICIT_DENY);
    expect(evaluate([p], 'CR:deleteRepository', 'r').effect).toBe(DecisionEffect.IMPLICIT_DENY);
    expect(evaluate([p], 'ram:CreateUser', 'r').effect).toBe(DecisionEffect.IMPLICIT_DENY);
  });

  test('a Deny with NotAction denies every action except the listed ones', () => {
    const p = policy(
      'only-pull',
      { Effect: 'Allow', Action: 'cr:*', Resource: '*' },
      { Effect: 'Deny', NotAction: 'cr:Pull*', Resource: 'acs:cr:*:*:repository/*' },
    );
    expect(summary(evaluate([p], 'cr:PushRepository', REPO('cri-1', 'ns', 'a')))).toEqual([
      DecisionEffect.EXPLICIT_DENY,
      'only-pull',
      1,
    ]);
    expect(summary(evaluate([p], 'cr:PullRepository', REPO('cri-1', 'ns', 'a')))).toEqual([
      DecisionEffect.ALLOW,
      'only-pull',
      0,
    ]);
    // The deny is limited to its resources.
    expect(evaluate([p], 'cr:PushRepository', 'acs:cr:*:*:instance/cri-1').effect).toBe(DecisionEffect.ALLOW);
  });
});

describe('evaluate: what cannot be decided statically', () => {
  const condition = { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } };

  test('an Allow with a Condition counts as allowing', () => {
    const p = policy('cond-allow', { Effect: 'Allow', Action: 'cr:*', Resource: '*', Condition: condition });
    expect(summary(evaluate([p], 'cr:PushRepository', 'r'))).toEqual([DecisionEffect.ALLOW, 'cond-allow', 0]);
    // Action and Resource still have to match.
    expect(evaluate([p], 'ecs:RunInstances', 'r').effect).toBe(DecisionEffect.IMPLICIT_DENY);
  });

  test('a Deny with a Condition never counts as denying', () => {
    const p = policy(
      'cond-deny',
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: condition },
      { Effect: 'Allow', Action: 'cr:*', Resource: '*' },
    );
    expect(summary(evaluate([p], 'cr:PushRepository', 'r'))).toEqual([DecisionEffect.ALLOW, 'cond-deny', 1]);
    // Even an empty Condition is not trusted in a Deny.
    const q = policy('empty-cond', { Effect: 'Deny', Action: '*', Resource: '*', Condition: {} }, {
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
    });
    expect(evaluate([q], 'cr:PushRepository', 'r').effect).toBe(DecisionEffect.ALLOW);
  });

  test('entries that are not strings may match in an Allow, never in a Deny', () => {
    const token = { 'Fn::Join': ['', ['acs:cr:*:*:repository/', { Ref: 'Instance' }, '/ns/*']] };
    const allow = { Effect: 'Allow', Action: 'cr:Pull*', Resource: [token] } as unknown as PolicyStatement;
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: [token] } as unknown as PolicyStatement;
    expect(evaluate([policy('p', allow)], 'cr:PullRepository', 'anything').effect).toBe(DecisionEffect.ALLOW);
    expect(evaluate([policy('p', allow)], 'cr:PushRepository', 'anything').effect).toBe(DecisionEffect.IMPLICIT_DENY);
    expect(evaluate([policy('p', deny, allow)], 'cr:PullRepository', 'anything').statementIndex).toBe(1);

    const unknownAction = { Effect: 'Allow', Action: token, Resource: 'r' } as unknown as PolicyStatement;
    expect(evaluate([policy('p', unknownAction)], 'ecs:Anything', 'r').effect).toBe(DecisionEffect.ALLOW);
    expect(evaluate([policy('p', unknownAction)], 'ecs:Anything', 'other').effect).toBe(DecisionEffect.IMPLICIT_DENY);
  });

  test('a NotAction entry that is not a string excludes nothing from an Allow and everything from a Deny', () => {
    const token = { Ref: 'Excluded' };
    const allow = { Effect: 'Allow', NotAction: ['cr:Delete*', token], Resource: '*' } as unknown as PolicyStatement;
    const deny = { Effect: 'Deny', NotAction: [token], Resource: '*' } as unknown as PolicyStatement;
    expect(evaluate([policy('p', allow)], 'cr:PushRepository', 'r').effect).toBe(DecisionEffect.ALLOW);
    expect(evaluate([policy('p', allow)], 'cr:DeleteRepository', 'r').effect).toBe(DecisionEffect.IMPLICIT_DENY);
    expect(evaluate([policy('p', deny, allow)], 'cr:PushRepository', 'r').effect).toBe(DecisionEffect.ALLOW);
  });
});

describe('evaluate: malformed statements match nothing', () => {
  const allow: PolicyStatement = { Effect: 'Allow', Action: '*', Resource: '*' };

  test.each([
    ['neither Action nor NotAction', { Effect: 'Deny', Resource: '*' }],
    ['both Action and NotAction', { Effect: 'Deny', Action: '*', NotAction: 'x:y', Resource: '*' }],
    ['no Resource', { Effect: 'Deny', Action: '*' }],
    ['an Effect in the wrong case', { Effect: 'deny', Action: '*', Resource: '*' }],
  ])('a Deny with %s does not deny', (_name, statement) => {
    const d = evaluate([policy('p', statement as unknown as PolicyStatement, allow)], 'cr:PushRepository', 'r');
    expect(summary(d)).toEqual([DecisionEffect.ALLOW, 'p', 1]);
  });

  test.each([
    ['neither Action nor NotAction', { Effect: 'Allow', Resource: '*' }],
    ['both Action and NotAction', { Effect: 'Allow', Action: '*', NotAction: 'x:y', Resource: '*' }],
    ['no Resource', { Effect: 'Allow', Action: '*' }],
    ['an Effect in the wrong case', { Effect: 'ALLOW', Action: '*', Resource: '*' }],
  ])('an Allow with %s does not allow', (_name, statement) => {
    const d = evaluate([policy('p', statement as unknown as PolicyStatement)], 'cr:PushRepository', 'r');
    expect(d).toEqual({ effect: DecisionEffect.IMPLICIT_DENY });
  });
});

describe('properties', () => {
  const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));

  test('every string matches itself, with and without case folding', () => {
    fc.assert(
      fc.property(anyString, fc.boolean(), (s, ci) => matchesPattern(s, s, ci)),
      { seed: 42, numRuns: 500 },
    );
  });

  test('"*" matches anything', () => {
    fc.assert(
      fc.property(anyString, fc.boolean(), (s, ci) => matchesPattern('*', s, ci)),
      { seed: 42, numRuns: 500 },
    );
  });

  test('a pattern without "*" matches only itself, up to ASCII case when folding', () => {
    const literal = fc.string().map((s) => s.replace(/\*/g, '-'));
    // Values: unrelated strings, and case variants of the pattern so that matches happen too.
    const pair = literal.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.oneof(
          fc.string(),
          fc.mixedCase(fc.constant(p)),
          fc.constant(p + 'x'),
          fc.constant(p.slice(0, -1)),
        ),
      ),
    );
    fc.assert(
      fc.property(pair, fc.boolean(), ([p, v], ci) => {
        const expected = ci ? asciiLower(p) === asciiLower(v) : p === v;
        return matchesPattern(p, v, ci) === expected;
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  test('agrees with a regular-expression reference on a small alphabet', () => {
    const unit = fc.constantFrom('a', 'A', 'b', '*', '/', ':', '?', '.');
    const pattern = fc.string({ unit, maxLength: 10 });
    const value = fc.string({ unit: fc.constantFrom('a', 'A', 'b', '/', ':', '?', '.', '*'), maxLength: 14 });
    const reference = (p: string, v: string, ci: boolean) => {
      const source = p
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
        .join('[\\s\\S]*');
      return new RegExp(`^${source}$`, ci ? 'i' : '').test(v);
    };
    fc.assert(
      fc.property(pattern, value, fc.boolean(), (p, v, ci) => matchesPattern(p, v, ci) === reference(p, v, ci)),
      { seed: 42, numRuns: 500 },
    );
  });

  test('a Deny of everything decides, whatever else is attached', () => {
    const denyAll = policy('deny-all', { Effect: 'Deny', Action: '*', Resource: '*' });
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), (action, resource, first) => {
        const d = evaluate(first ? [denyAll, ...SEED] : [...SEED, denyAll], action, resource);
        return d.effect === DecisionEffect.EXPLICIT_DENY && d.policyName === 'deny-all' && d.statementIndex === 0;
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
