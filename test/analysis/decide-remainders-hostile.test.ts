/**
 * Hostile cases for the resource search by classes and remainders (decide.ts): what it keeps of
 * each pattern, what it drops, and the states it merges must neither change an answer nor make a
 * question the search used to answer run out of time or memory.
 */
import * as fc from 'fast-check';
import { compareReadings, diffExitCode, DIFF_EXIT } from '../../lib/analysis/diff';
import { findRequest } from '../../lib/analysis/decide';
import { AccessStatement, Assumptions, evaluateRequest } from '../../lib/analysis/statements';
import { QUESTION_MARK_READINGS, QuestionMark } from '../../lib/model/wildcard';
import { readPrincipals } from '../../lib/template/principals';
import { strings } from './universe';

const statement = (effect: 'Allow' | 'Deny', actions: string[], resources: string[], guards: string[] = []): AccessStatement =>
  ({ effect, actions, notAction: false, resources, guards, origin: { policyName: 'p' } });

const widening = ([n, o]: readonly boolean[]) => n && !o;

describe('patterns with many stars', () => {
  // Tens of thousands of characters, half of them stars: under the 65,536 characters the search reads.
  const starry = (unit: string, count: number) => `acs:cr:*:*:repository/${unit.repeat(count)}`;

  test('a widening beside a long starry pattern is found at once', () => {
    const long = statement('Allow', ['cr:*'], [starry('a*', 15_000)]);
    const started = process.hrtime.bigint();
    const answer = findRequest({
      sides: [[long, statement('Allow', ['cr:*'], ['acs:cr:*:*:repository/b'])], [long]], wanted: widening, questionMark: QuestionMark.LITERAL,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(answer.kind === 'found' && answer.request.resource.endsWith(':repository/b')).toBe(true);
    // The search reads 27 characters; building what it reads of the pattern must not cost more than the pattern's length.
    expect(ms).toBeLessThan(1000);
  });

  test('diff of a policy whose only pattern needs more `:` than a real ARN has is answered at once', () => {
    const policy = (action: string) => ({
      Resources: {
        P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'team', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: starry('*:', 10_000) }] } } },
        A: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'team', PolicyType: 'Custom', UserName: 'alice' } },
      },
    });
    const started = process.hrtime.bigint();
    const comparison = compareReadings(readPrincipals(policy('cr:Pull*'), {}), readPrincipals(policy('cr:*'), {}));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // No request of real shape matches the pattern: the edit changes nothing.
    expect(diffExitCode(comparison)).toBe(DIFF_EXIT.UNCHANGED);
    expect(ms).toBeLessThan(1000);
  });
});

describe('many long patterns', () => {
  test('300 patterns of 60,000 characters that no real ARN matches are answered, not a crash', () => {
    // 18 million remainders if each were built: past what one Map holds (2^24 entries).
    const long = 'a'.repeat(60_000);
    const statements = Array.from({ length: 300 }, (_, i) => statement('Allow', ['cr:*'], [`acs:cr:*:*:repository/${long}:${i}`]));
    const answer = findRequest({ sides: [statements, []], wanted: widening, questionMark: QuestionMark.LITERAL });
    // The answer is "none" (each needs a fifth `:`); "undecided" is read as a widening, never as none.
    expect(['none', 'undecided']).toContain(answer.kind);
  });
});

/**
 * Against brute force where the remainders' pruning and merging bear: resources of real
 * Container Registry shape (`:` counted, so remainders are pruned by what the shape can still
 * read), three sides as diff asks (the third for what changed statements cover), classes of one
 * side and effect told apart only by guards shared across sides, NotAction (statements alive
 * after different actions reaching the same remainders) and `?` under both readings.
 */
describe('findRequest against brute force, shaped resources and shared guards', () => {
  const GUARDS = ['g1', 'g2'];
  const part = (parts: string[]) => fc.array(fc.constantFrom(...parts), { minLength: 0, maxLength: 4 }).map((cs) => cs.join(''));
  const statementArb: fc.Arbitrary<AccessStatement> = fc.record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    actions: fc.array(part(['s:', 'S:', '*', 'a', 'A', '?']), { minLength: 1, maxLength: 2 }),
    notAction: fc.constantFrom(false, false, false, false, true),
    resources: fc.array(part(['acs:cr:', 'acs:cr:', '*', '*', ':', '*:*:', 'a', 'b', '/', '?']), { minLength: 1, maxLength: 3 }),
    guards: fc.subarray(GUARDS, { maxLength: 2 }),
    origin: fc.constant({ policyName: 'p' }),
  });
  const side = fc.array(statementArb, { minLength: 0, maxLength: 4 });

  const ACTIONS = ['s:a', 's:A', 's:b', 's:', 'S:aa', 't:a', 's:?', 's:x'];
  const segments = ['', 'a'];
  const RESOURCES = [
    ...segments.flatMap((region) => segments.flatMap((account) =>
      strings(['a', 'b', '/', '?'], 3).map((path) => `acs:cr:${region}:${account}:${path}`))),
    ...strings(['a', 'b', ':', '?'], 3),
    'acs:c', 'acs:cr', 'acs:ca:a:a:a',
  ];
  const ASSIGNMENTS: Assumptions[] = [{}, { g1: true }, { g2: true }, { g1: true, g2: true }];

  /** Whether a request of the universe under some guards gives a wanted outcome. */
  function bruteForce(sides: AccessStatement[][], wanted: (allowed: readonly boolean[]) => boolean, questionMark: QuestionMark): boolean {
    const rows = sides.map((list) => list.map((s) => ({
      s,
      actions: ACTIONS.map((action) => evaluateRequest([{ ...s, effect: 'Allow', guards: [], resources: ['*'] }], { action, resource: '' }, {}, questionMark).allowed),
      resources: RESOURCES.map((resource) => evaluateRequest([{ ...s, effect: 'Allow', guards: [], actions: ['*'], notAction: false }], { action: 's:a', resource }, {}, questionMark).allowed),
    })));
    for (let a = 0; a < ACTIONS.length; a++) {
      for (let r = 0; r < RESOURCES.length; r++) {
        for (const assumptions of ASSIGNMENTS) {
          const allowed = rows.map((list) => {
            const applying = list.filter((row) => row.actions[a] && row.resources[r] && row.s.guards.every((g) => assumptions[g]));
            return applying.some((row) => row.s.effect === 'Allow') && !applying.some((row) => row.s.effect === 'Deny');
          });
          if (wanted(allowed)) return true;
        }
      }
    }
    return false;
  }

  const check = (sides: AccessStatement[][], wanted: (allowed: readonly boolean[]) => boolean) => {
    for (const questionMark of QUESTION_MARK_READINGS) {
      const answer = findRequest({ sides, wanted, questionMark });
      expect(answer.kind).not.toBe('undecided');
      if (answer.kind === 'found') {
        expect(wanted(sides.map((list) => evaluateRequest(list, answer.request, answer.assumptions, questionMark).allowed))).toBe(true);
      } else {
        expect(bruteForce(sides, wanted, questionMark)).toBe(false);
      }
    }
  };

  test('diff: NEW allows, OLD does not, and a changed statement covers it', () => {
    fc.assert(fc.property(side, side, side, (now, old, changed) => {
      check([now, old, changed.map((s) => ({ ...s, effect: 'Allow' as const, guards: [] }))], ([n, o, t]) => n && !o && t);
    }), { seed: 1207, numRuns: 100 });
  });

  test('invariants: allowed and forbidden', () => {
    fc.assert(fc.property(side, side, (statements, forbidden) => {
      check([statements, forbidden.map((s) => ({ ...s, effect: 'Allow' as const, guards: [] }))], ([a, f]) => a && f);
    }), { seed: 1208, numRuns: 100 });
  });
});
