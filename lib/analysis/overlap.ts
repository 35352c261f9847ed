/**
 * Which statements can bear on the same request: a cheap, necessary test on their patterns, so
 * that a search can leave out statements that cannot touch what it is asked about.
 */
import { foldText } from '../model/wildcard';
import { literalPrefix } from './coverage';
import { AccessStatement } from './statements';

/**
 * Whether two statements may cover one request: a necessary test on their patterns. Two patterns
 * match a text in common only if the literal text before the first wildcard of one begins that
 * of the other, and the text after the last wildcard of one ends the other's (actions compared
 * ignoring case; `?` counted as a wildcard, so the test holds under both of its readings). A
 * NotAction statement covers actions its patterns do not name, so it meets any action.
 */
export function mayMeet(a: AccessStatement, b: AccessStatement): boolean {
  const some = (ps: readonly string[], qs: readonly string[], meet: (p: string, q: string) => boolean) =>
    ps.some((p) => qs.some((q) => meet(p, q)));
  const folded = (ps: readonly string[]) => ps.map(foldText);
  return some(a.resources, b.resources, resourcesMayMeet)
    && (a.notAction || b.notAction || some(folded(a.actions), folded(b.actions), endsAgree));
}

/**
 * Resource patterns: the search reads only requests of real shape, in which a Container Registry
 * ARN has exactly four `:` (see decide.ts). Two patterns that begin `acs:cr:` and have four `:`
 * each can then only meet segment by segment (their stars cannot take a `:`), so each segment's
 * ends must agree; other patterns are compared whole.
 */
function resourcesMayMeet(p: string, q: string): boolean {
  const segments = (pattern: string) => {
    const parts = pattern.split(':');
    return pattern.startsWith('acs:cr:') && parts.length === 5 ? parts : undefined;
  };
  const [ps, qs] = [segments(p), segments(q)];
  if (ps === undefined || qs === undefined) return endsAgree(p, q);
  return ps.every((segment, i) => endsAgree(segment, qs[i]));
}

/** Whether the literal texts at both ends of two patterns agree, as they must for a text both match. */
function endsAgree(p: string, q: string): boolean {
  const [pStart, qStart, pEnd, qEnd] = [literalPrefix(p), literalPrefix(q), literalSuffix(p), literalSuffix(q)];
  return (pStart.startsWith(qStart) || qStart.startsWith(pStart)) && (pEnd.endsWith(qEnd) || qEnd.endsWith(pEnd));
}

/** The text of a pattern after its last `*` or `?`. */
function literalSuffix(pattern: string): string {
  return pattern.slice(Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?')) + 1);
}
