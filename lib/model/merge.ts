/**
 * Statement merging by one stated rule, which never widens access:
 * 0. Allow statements are grouped by their Condition, compared as canonical JSON; the steps
 *    below run within each group, and each result keeps its group's Condition, so statements
 *    under different conditions never share one (C: A x R1 + C: A x R2 = C: A x (R1 + R2));
 * 1. statements that grant the same actions merge into one with the union of their resources
 *    (A x R1 + A x R2 = A x (R1 + R2));
 * 2. then those on the same resources merge into one with the union of their actions;
 * 3. a statement whose every action and resource is covered by another's is dropped;
 * 4. actions, resources and statements are sorted, duplicates removed.
 * Deny and NotAction statements are kept as written (sorted only).
 */
import { canonicalCondition } from './conditions';
import { actionMatches, resourceMatches } from './evaluator';
import { PolicyStatement, asList } from './policy';
import { DESCRIBE_NO_TOKEN, TokenDescriber, compareStableText } from './token';

interface Mergeable {
  readonly actions: string[];
  readonly resources: string[];
}

/** `describe` says what tokens stand for, so that order never depends on token numbers. */
export function mergeStatements(statements: readonly PolicyStatement[], describe: TokenDescriber = DESCRIBE_NO_TOKEN): PolicyStatement[] {
  const sortUnique = (values: readonly string[]) => sortUniqueStable(values, describe);
  const kept: PolicyStatement[] = [];
  const byCondition = new Map<string, { condition: PolicyStatement['Condition']; allows: Mergeable[] }>();
  for (const s of statements) {
    if (s.Effect === 'Allow' && s.Action !== undefined && s.NotAction === undefined) {
      const key = canonicalCondition(s.Condition);
      const group = byCondition.get(key) ?? { condition: s.Condition, allows: [] };
      group.allows.push({ actions: asList(s.Action), resources: asList(s.Resource) });
      byCondition.set(key, group);
    } else {
      kept.push(s);
    }
  }
  const merged: PolicyStatement[] = [];
  for (const { condition, allows } of byCondition.values()) {
    const byActions = groupUnion(allows, (m) => m.actions, (m) => m.resources, (actions, resources) => ({ actions, resources }), sortUnique);
    const byResources = groupUnion(byActions, (m) => m.resources, (m) => m.actions, (resources, actions) => ({ actions, resources }), sortUnique);
    for (const m of dropCovered(byResources)) {
      merged.push({ Effect: 'Allow', Action: m.actions, Resource: m.resources, ...(condition !== undefined ? { Condition: condition } : {}) });
    }
  }
  // Each statement's text once, not once per comparison.
  // Sorted by what tokens stand for, not their numbers, which depend on unrelated parts of the app.
  return [...merged, ...kept].map((statement) => ({ statement, text: JSON.stringify(statement) }))
    .sort((a, b) => compareStableText(a.text, b.text, describe))
    .map((entry) => entry.statement);
}

/** Groups items whose `keyOf` lists are equal and unions their `valuesOf` lists. */
function groupUnion(
  items: readonly Mergeable[],
  keyOf: (m: Mergeable) => string[],
  valuesOf: (m: Mergeable) => string[],
  build: (keyValues: string[], values: string[]) => Mergeable,
  sortUnique: (values: readonly string[]) => string[],
): Mergeable[] {
  const groups = new Map<string, { keyValues: string[]; values: string[] }>();
  // Many items share a key list written in the same order: sort each such list once.
  const sortedKeys = new Map<string, { keyValues: string[]; k: string }>();
  for (const item of items) {
    const raw = keyOf(item);
    const rawKey = raw.join('\n');
    let sorted = sortedKeys.get(rawKey);
    if (sorted === undefined) {
      const keyValues = sortUnique(raw);
      // Actions and resources come from validated grants, none with a line break: the joined list is a key.
      sorted = { keyValues, k: keyValues.join('\n') };
      sortedKeys.set(rawKey, sorted);
    }
    const group = groups.get(sorted.k) ?? { keyValues: sorted.keyValues, values: [] };
    for (const value of valuesOf(item)) group.values.push(value);
    groups.set(sorted.k, group);
  }
  return [...groups.values()].map((g) => build(g.keyValues, sortUnique(g.values)));
}

function dropCovered(items: Mergeable[]): Mergeable[] {
  return items.filter((item, i) => !items.some((other, j) => j !== i && covers(other, item) && !(covers(item, other) && j > i)));
}

/**
 * Whether `outer` allows everything `inner` allows: each pattern of `inner`, read as text, is
 * matched by a pattern of `outer`. With `*` as the only wildcard this implies inclusion.
 */
function covers(outer: Mergeable, inner: Mergeable): boolean {
  return inner.actions.every((a) => outer.actions.some((p) => actionMatches(p, a)))
    && inner.resources.every((r) => outer.resources.some((p) => resourceMatches(p, r)));
}

function sortUniqueStable(values: readonly string[], describe: TokenDescriber): string[] {
  // Without tokens, stable text is the text itself and the native sort's code-unit order is
  // compareText's: the same order, much faster on large plans; lists from one grant are often
  // in order already.
  if (values.some((v) => v.includes('{Token['))) return [...new Set(values)].sort((a, b) => compareStableText(a, b, describe));
  if (values.every((v, i) => i === 0 || values[i - 1] < v)) return [...values];
  return [...new Set(values)].sort();
}
