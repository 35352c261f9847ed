/**
 * The decision core against brute force: random pairs of statement sets over a tiny alphabet,
 * with Deny, NotAction, wildcards in every position, `?` (under both readings), upper and lower
 * case actions and guards shared between the sets. The oracle evaluates every request of the
 * finite universe the patterns induce (every string up to one character longer than the longest
 * pattern, over the patterns' characters plus a look-alike) under every choice of guards.
 */
import * as fc from 'fast-check';
import { findRequest } from '../../lib/analysis/decide';
import { AccessStatement, Assumptions, covers, evaluateRequest, guardsHold } from '../../lib/analysis/statements';
import { QUESTION_MARK_READINGS, QuestionMark } from '../../lib/model/wildcard';
import { strings } from './universe';

const ACTION_CHARS = ['a', 'A', 'b', '?', '*', ':'];
const RESOURCE_CHARS = ['a', 'b', '/', '?', '*'];
const GUARDS = ['c1', 'c2'];

const pattern = (chars: string[]) => fc.array(fc.constantFrom(...chars), { minLength: 0, maxLength: 3 }).map((cs) => cs.join(''));

const statementArb: fc.Arbitrary<AccessStatement> = fc.record({
  effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
  actions: fc.array(pattern(ACTION_CHARS), { minLength: 1, maxLength: 2 }),
  notAction: fc.constant(false),
  resources: fc.array(pattern(RESOURCE_CHARS), { minLength: 1, maxLength: 2 }),
  guards: fc.subarray(GUARDS, { maxLength: 2 }),
  origin: fc.constant({ policyName: 'p' }),
});
const withNotAction = fc.tuple(statementArb, fc.integer({ min: 0, max: 5 }))
  .map(([s, n]) => (n === 0 ? { ...s, notAction: true } : s));
const sideArb = fc.array(withNotAction, { minLength: 0, maxLength: 4 });

// Real actions are `service:Name`: one `:` (the search keeps to that shape).
const SMALL_ACTIONS = strings(['a', 'A', 'b', '?', 'x', ':'], 4).filter((a) => a.split(':').length === 2);
const SMALL_RESOURCES = strings(['a', 'b', '/', '?', 'x'], 4);
const ASSIGNMENTS: Assumptions[] = [{}, { c1: true }, { c2: true }, { c1: true, c2: true }];

/** Whether some request of the universe, under some guards, is allowed by NEW and not by OLD. */
function bruteForce(newSide: AccessStatement[], oldSide: AccessStatement[], questionMark: QuestionMark,
  { actions: ACTIONS, resources: RESOURCES } = { actions: SMALL_ACTIONS, resources: SMALL_RESOURCES }): boolean {
  // Which actions and resources each statement covers, computed once per statement.
  const table = (side: AccessStatement[]) => side.map((s) => ({
    s,
    actions: ACTIONS.map((action) => covers({ ...s, resources: ['*'] }, { action, resource: '' }, questionMark)),
    resources: RESOURCES.map((resource) => covers({ ...s, actions: ['*'], notAction: false }, { action: '', resource }, questionMark)),
  }));
  const allowed = (rows: ReturnType<typeof table>, a: number, r: number, assumptions: Assumptions) => {
    const applying = rows.filter((row) => row.actions[a] && row.resources[r] && guardsHold(row.s, assumptions));
    return applying.some((row) => row.s.effect === 'Allow') && !applying.some((row) => row.s.effect === 'Deny');
  };
  const newRows = table(newSide);
  const oldRows = table(oldSide);
  for (let a = 0; a < ACTIONS.length; a++) {
    for (let r = 0; r < RESOURCES.length; r++) {
      for (const assumptions of ASSIGNMENTS) {
        if (allowed(newRows, a, r, assumptions) && !allowed(oldRows, a, r, assumptions)) return true;
      }
    }
  }
  return false;
}

describe('findRequest against brute force', () => {
  test.each(QUESTION_MARK_READINGS)('widening found exactly when one exists (? read as %s)', (questionMark) => {
    fc.assert(fc.property(sideArb, sideArb, (newSide, oldSide) => {
      const answer = findRequest({ sides: [newSide, oldSide], wanted: ([n, o]) => n && !o, questionMark });
      expect(answer.kind).not.toBe('undecided');
      if (answer.kind === 'found') {
        // The witness is confirmed by the reference evaluation.
        expect(evaluateRequest(newSide, answer.request, answer.assumptions, questionMark).allowed).toBe(true);
        expect(evaluateRequest(oldSide, answer.request, answer.assumptions, questionMark).allowed).toBe(false);
      } else {
        expect(bruteForce(newSide, oldSide, questionMark)).toBe(false);
      }
    }), { seed: 11, numRuns: 700 });
  });
});

/**
 * Many statements of one side, effect and guards (one class), with several stars per resource
 * pattern: the search keeps one remainder per class and drops those a star-led remainder of the
 * class takes in, which these sides exercise heavily.
 */
describe('findRequest against brute force, classes of many starred patterns', () => {
  const starred = fc.array(fc.constantFrom('a', 'b', '/', '*', '*'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
  const classStatement: fc.Arbitrary<AccessStatement> = fc.record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
    actions: fc.subarray(['s:a', 's:*', '*'], { minLength: 1 }),
    notAction: fc.constant(false),
    resources: fc.array(starred, { minLength: 1, maxLength: 3 }),
    guards: fc.subarray(['c1'], { maxLength: 1 }),
    origin: fc.constant({ policyName: 'p' }),
  });
  const side = fc.array(classStatement, { minLength: 0, maxLength: 7 });
  const universe = { actions: ['s:a', 's:b', 't:a'], resources: strings(['a', 'b', '/', 'x'], 6) };

  test('widening found exactly when one exists', () => {
    fc.assert(fc.property(side, side, (newSide, oldSide) => {
      const answer = findRequest({ sides: [newSide, oldSide], wanted: ([n, o]) => n && !o, questionMark: QuestionMark.LITERAL });
      expect(answer.kind).not.toBe('undecided');
      if (answer.kind === 'found') {
        expect(evaluateRequest(newSide, answer.request, answer.assumptions, QuestionMark.LITERAL).allowed).toBe(true);
        expect(evaluateRequest(oldSide, answer.request, answer.assumptions, QuestionMark.LITERAL).allowed).toBe(false);
      } else {
        expect(bruteForce(newSide, oldSide, QuestionMark.LITERAL, universe)).toBe(false);
      }
    }), { seed: 27, numRuns: 400 });
  });
});
