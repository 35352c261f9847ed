/**
 * The coverage index that lets the summary skip searches: whenever it says a statement is
 * covered, every request the statement covers is covered by one shown statement whose guards it
 * carries, under both readings of `?` (checked by brute force over every string the patterns
 * induce); and it answers exactly as the plain pairwise definition does, so indexing by prefix
 * loses no cover. Patterns share prefixes often and differ by `*` and `?` in every position, so
 * every bucket of the index, the same-pattern lookup and covers split over several shown
 * statements are reached. The necessary test that keeps unrelated statements out of the
 * summary's searches is checked the same way.
 */
import * as fc from 'fast-check';
import { mayMeet } from '../../lib/analysis/overlap';
import { CoverageIndex, literalPrefix } from '../../lib/analysis/coverage';
import { AccessStatement, covers } from '../../lib/analysis/statements';
import { QUESTION_MARK_READINGS, patternIncludes } from '../../lib/model/wildcard';
import { strings } from './universe';

const ACTION_CHARS = ['a', 'A', 'b', '?', '*', ':'];
const RESOURCE_CHARS = ['a', 'b', '/', '?', '*'];
const GUARDS = ['c1', 'c2'];

const pattern = (chars: string[]) => fc.array(fc.constantFrom(...chars), { minLength: 0, maxLength: 3 }).map((cs) => cs.join(''));

const statementArb = (notActionOften: boolean): fc.Arbitrary<AccessStatement> => fc.record({
  effect: fc.constant<'Allow'>('Allow'),
  actions: fc.array(pattern(ACTION_CHARS), { minLength: 1, maxLength: 3 }),
  notAction: fc.integer({ min: 0, max: notActionOften ? 3 : 9 }).map((n) => n === 0),
  resources: fc.array(pattern(RESOURCE_CHARS), { minLength: 1, maxLength: 3 }),
  guards: fc.subarray(GUARDS, { maxLength: 2 }),
  origin: fc.constant({ policyName: 'p' }),
});

/** Every string up to one character longer than the longest pattern, over the patterns' characters and a look-alike. */
const ACTIONS = strings(['a', 'A', 'b', '?', 'x', ':'], 4);
const RESOURCES = strings(['a', 'b', '/', '?', 'x'], 4);

/** The definition the index implements, pair by pair. */
function pairwise(statement: AccessStatement, shown: readonly AccessStatement[]): boolean {
  if (statement.notAction) return false;
  const inside = (outer: readonly string[], inner: string, foldCase: boolean) => outer.some((o) => o === inner
    || QUESTION_MARK_READINGS.every((q) => patternIncludes(o, inner, foldCase, q)));
  return statement.actions.every((action) => statement.resources.every((resource) => shown.some((t) =>
    !t.notAction && t.guards.every((g) => statement.guards.includes(g))
    && inside(t.actions, action, true) && inside(t.resources, resource, false))));
}

test('the literal prefix of a pattern that includes another begins the other\'s', () => {
  fc.assert(fc.property(pattern(RESOURCE_CHARS), pattern(RESOURCE_CHARS), (outer, inner) => {
    if (QUESTION_MARK_READINGS.every((q) => patternIncludes(outer, inner, false, q))) {
      expect(literalPrefix(inner).startsWith(literalPrefix(outer))).toBe(true);
    }
  }), { seed: 41, numRuns: 5000 });
});

test('covers answers as the pairwise definition, and only what the shown statements cover', () => {
  fc.assert(fc.property(fc.array(statementArb(false), { maxLength: 6 }), fc.array(statementArb(true), { minLength: 1, maxLength: 4 }),
    (shown, statements) => {
      const index = new CoverageIndex(shown.slice(0, 3));
      shown.slice(3).forEach((s) => index.add(s));
      for (const statement of statements) {
        const covered = index.covers(statement);
        expect(covered).toBe(pairwise(statement, shown));
        if (!covered) continue;
        for (const questionMark of QUESTION_MARK_READINGS) {
          const applying = shown.filter((t) => t.guards.every((g) => statement.guards.includes(g)));
          const actionsOf = (s: AccessStatement) => ACTIONS.map((action) => covers({ ...s, resources: ['*'] }, { action, resource: '' }, questionMark));
          const resourcesOf = (s: AccessStatement) => RESOURCES.map((resource) => covers({ ...s, actions: ['*'], notAction: false }, { action: '', resource }, questionMark));
          const [ownActions, ownResources] = [actionsOf(statement), resourcesOf(statement)];
          const tables = applying.map((t) => ({ actions: actionsOf(t), resources: resourcesOf(t) }));
          ACTIONS.forEach((action, a) => {
            if (!ownActions[a]) return;
            const holders = tables.filter((t) => t.actions[a]);
            RESOURCES.forEach((resource, r) => {
              if (ownResources[r] && !holders.some((t) => t.resources[r])) {
                throw new Error(`${action} on ${resource} (? ${questionMark}) is covered by no shown statement`);
              }
            });
          });
        }
      }
    }), { seed: 43, numRuns: 400 });
});

test('statements that cover one request are never taken apart by mayMeet', () => {
  const universe = { actions: ACTIONS, resources: RESOURCES };
  fc.assert(fc.property(statementArb(true), statementArb(true), (a, b) => {
    if (mayMeet(a, b)) return;
    for (const questionMark of QUESTION_MARK_READINGS) {
      // A statement covers a product of actions and resources: both cover a request when their actions and their resources meet.
      const action = universe.actions.find((x) => [a, b].every((s) => covers({ ...s, resources: ['*'] }, { action: x, resource: '' }, questionMark)));
      const resource = universe.resources.find((r) => [a, b].every((s) => covers({ ...s, actions: ['*'], notAction: false }, { action: '', resource: r }, questionMark)));
      if (action !== undefined && resource !== undefined) throw new Error(`${action} on ${resource} (? ${questionMark}) is covered by both`);
    }
  }), { seed: 47, numRuns: 300 });
});

test('Container Registry ARN patterns are taken apart only where no request of real shape meets both', () => {
  const segment = (chars: string[], max: number) => fc.array(fc.constantFrom(...chars), { maxLength: max }).map((cs) => cs.join(''));
  const arn = fc.tuple(segment(['a', 'b', '*', '?'], 2), segment(['a', '*'], 1), segment(['a', '/', '*', '?'], 3))
    .map(([region, account, path]) => `acs:cr:${region}:${account}:${path}`);
  const resource = fc.oneof({ weight: 4, arbitrary: arn }, { weight: 1, arbitrary: fc.constantFrom('*', 'acs:cr:*', 'acs:*:a', '*:a/*', 'acs:cr:a:*') });
  const statement = resource.chain((r1) => resource.map((r2) => ({
    effect: 'Allow' as const, actions: ['cr:*'], notAction: false, resources: [r1, r2], guards: [], origin: { policyName: 'p' },
  })));
  // Requests of real shape: `acs:cr:<region>:<account>:<path>`, no `:` inside the three.
  const requests = strings(['a', 'b', 'x', '?'], 2).flatMap((region) => strings(['a', 'x'], 1)
    .flatMap((account) => strings(['a', '/', 'x', '?'], 4).map((path) => `acs:cr:${region}:${account}:${path}`)));
  fc.assert(fc.property(statement, statement, (a, b) => {
    if (mayMeet(a, b)) return;
    for (const questionMark of QUESTION_MARK_READINGS) {
      for (const resource of requests) {
        const request = { action: 'cr:PullRepository', resource };
        if (covers(a, request, questionMark) && covers(b, request, questionMark)) {
          throw new Error(`${resource} (? ${questionMark}) is covered by both`);
        }
      }
    }
  }), { seed: 59, numRuns: 1000 });
});
