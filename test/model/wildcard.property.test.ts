/**
 * Pattern inclusion against brute force: `patternIncludes(outer, inner)` holds exactly when no
 * text of the finite universe the two patterns induce (every string up to two characters longer
 * than the longer pattern, over their characters plus a look-alike) is matched by `inner` and
 * not by `outer`, under both readings of `?` and with or without case folding.
 */
import * as fc from 'fast-check';
import { QUESTION_MARK_READINGS, QuestionMark, codesMatch, compilePattern, matchesPattern, patternIncludes, wildcardMatches } from '../../lib/model/wildcard';
import { strings } from '../analysis/universe';

const pattern = fc.array(fc.constantFrom('a', 'A', 'b', '?', '*', '*'), { minLength: 0, maxLength: 4 }).map((cs) => cs.join(''));
const UNIVERSE = strings(['a', 'A', 'b', '?', 'x'], 6);

test.each(QUESTION_MARK_READINGS)('patternIncludes decides inclusion exactly (? read as %s)', (questionMark) => {
  fc.assert(fc.property(pattern, pattern, fc.boolean(), (outer, inner, foldCase) => {
    const counterexample = UNIVERSE.find((text) => wildcardMatches(inner, text, foldCase, questionMark)
      && !wildcardMatches(outer, text, foldCase, questionMark));
    expect(patternIncludes(outer, inner, foldCase, questionMark)).toBe(counterexample === undefined);
  }), { seed: 5, numRuns: 1500 });
});

test('the one-pass matcher (`*` the only wildcard) answers as the automaton reading `?` as itself', () => {
  const text = fc.array(fc.constantFrom('a', 'A', 'b', '?', 'x'), { maxLength: 7 }).map((cs) => cs.join(''));
  const long = fc.array(fc.constantFrom('a', 'A', 'b', '?', '*', '*'), { maxLength: 8 }).map((cs) => cs.join(''));
  fc.assert(fc.property(long, text, fc.boolean(), (pattern, value, foldCase) => {
    expect(matchesPattern(pattern, value, foldCase)).toBe(codesMatch(compilePattern(pattern, foldCase, QuestionMark.LITERAL), value, foldCase));
  }), { seed: 9, numRuns: 5000 });
});
