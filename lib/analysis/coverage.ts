/**
 * A sufficient test that a statement is shown by statements already on display (the summary's
 * rows), by pattern inclusion alone: each of its action and resource pairs lies in one shown
 * statement that applies whenever it does, under both readings of `?`. It lets the summary skip
 * the exact search for everything a row already shows; what it cannot confirm is left to the search.
 *
 * The shown statements of one principal run to thousands of resource patterns, and so do its own
 * statements, so the test is indexed rather than pairwise: a pattern can only include another
 * when the text before its first wildcard begins the other's (see {@link literalPrefix}), so each
 * resource is compared only with the shown patterns whose prefix begins it. Inclusion results are
 * kept per index, since the same pairs recur from statement to statement.
 */
import { QUESTION_MARK_READINGS, patternIncludes } from '../model/wildcard';
import { AccessStatement } from './statements';

/** A shown resource pattern and the statement it belongs to. */
interface ShownResource {
  readonly statement: AccessStatement;
  readonly pattern: string;
}

/**
 * The text of a pattern before its first `*` or `?`. Under the reading of `?` as one character,
 * a pattern that includes another starts with exactly this text, and the other's own prefix
 * starts with it (they cannot differ where the included one reads a literal or a wildcard reads
 * more than the literal allows); coverage asks for both readings, so this is a sound filter.
 */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  const end = Math.min(star < 0 ? pattern.length : star, question < 0 ? pattern.length : question);
  return pattern.slice(0, end);
}

export class CoverageIndex {
  /** Shown resource patterns by their literal prefix. */
  private readonly byPrefix = new Map<string, ShownResource[]>();
  /** The same, by the pattern itself. */
  private readonly byPattern = new Map<string, ShownResource[]>();
  /** Whether `outer` includes `inner` under both readings of `?`, by `case\nouter\ninner`. */
  private readonly inclusions = new Map<string, boolean>();

  constructor(shown: readonly AccessStatement[] = []) {
    shown.forEach((s) => this.add(s));
  }

  /** Puts one more statement on display. A NotAction statement shows nothing here: its actions are a complement. */
  public add(statement: AccessStatement): void {
    if (statement.notAction) return;
    for (const pattern of new Set(statement.resources)) {
      const prefix = literalPrefix(pattern);
      const shown = { statement, pattern };
      for (const [index, key] of [[this.byPrefix, prefix], [this.byPattern, pattern]] as const) {
        const list = index.get(key) ?? [];
        list.push(shown);
        index.set(key, list);
      }
    }
  }

  /** Whether every action and resource pair of `statement` lies in one shown statement whose guards it carries too. */
  public covers(statement: AccessStatement): boolean {
    if (statement.notAction) return false;
    return statement.resources.every((resource) => {
      let open = statement.actions;
      for (const shown of this.candidates(resource)) {
        if (!shown.statement.guards.every((g) => statement.guards.includes(g)) || !this.includes(shown.pattern, resource, false)) continue;
        open = open.filter((action) => !shown.statement.actions.some((o) => this.includes(o, action, true)));
        if (open.length === 0) return true;
      }
      return false;
    });
  }

  /** The shown resources that may include `resource`: the same pattern first, then by prefix, longest first. */
  private *candidates(resource: string): Generator<ShownResource> {
    const own = literalPrefix(resource);
    yield* this.byPattern.get(resource) ?? [];
    for (let length = own.length; length >= 0; length--) {
      for (const candidate of this.byPrefix.get(own.slice(0, length)) ?? []) {
        if (candidate.pattern !== resource) yield candidate;
      }
    }
  }

  private includes(outer: string, inner: string, foldCase: boolean): boolean {
    if (outer === inner) return true;
    const key = `${foldCase ? 'a' : 'r'}\n${outer}\n${inner}`;
    let result = this.inclusions.get(key);
    if (result === undefined) {
      result = QUESTION_MARK_READINGS.every((q) => patternIncludes(outer, inner, foldCase, q));
      this.inclusions.set(key, result);
    }
    return result;
  }
}
