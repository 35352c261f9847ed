/**
 * The checker's reading of a Resource built from parameters against a brute-force oracle: every
 * combination of the values the parameters allow (AllowedValues and Default) is written out, and
 * the entry is bounded exactly when each combination puts a valid value in every segment a
 * parameter fills. When it is bounded, every combination has the shape the rules judged: the same
 * segments, and the same wildcard verdicts as the stand-in.
 */
import * as fc from 'fast-check';
import { readResourceEntry } from '../../lib/check/parameters';
import { isBroadResource } from '../../lib/check/patterns';
import { spansNamespaces } from '../../lib/check/rules/wildcard-write';
import { parseArn } from '../../lib/model/arn';
import { FIELD_RULES, FieldRule } from '../../lib/model/field-rules';
import { Hole, PartialText } from '../../lib/template/values';

type Piece = string | { readonly parameter: string };
/** One segment of the ARN and the rule a parameter in it must keep to (undefined: none applies). */
interface Segment { readonly pieces: readonly Piece[]; readonly rule?: FieldRule }

const VALUES = ['team-a', 'ns', 'cri-abc1', 'cn-hangzhou', '123', '*', 'a/b', 'x:y', '', 'cri-', 'Team', 'ns?', 'a', 'b1'];
/** Values that pass several rules, so that bounded entries are common too. */
const GOOD = ['team-a', 'cri-abc1', 'b1'];
const PARAMETERS = ['P', 'Q'];

const piece = (literals: string[]): fc.Arbitrary<Piece[]> => fc.oneof(
  { arbitrary: fc.constantFrom(...literals).map((l) => [l]), weight: 4 },
  fc.constantFrom(...PARAMETERS).map((p) => [{ parameter: p }]),
  fc.tuple(fc.constantFrom('cri-', 'team-', 'x'), fc.constantFrom(...PARAMETERS)).map(([l, p]) => [l, { parameter: p }]),
  fc.tuple(fc.constantFrom(...PARAMETERS), fc.constantFrom('-x', '1')).map(([p, l]) => [{ parameter: p }, l]),
);

const arn: fc.Arbitrary<Segment[]> = fc.tuple(
  piece(['*', 'cn-hangzhou']),
  piece(['*', '123']),
  fc.constantFrom('repository', 'instance', 'chart'),
  piece(['cri-1', '*', 'cri-*']),
  piece(['team', '*']),
  fc.constantFrom([], ['*'], ['app']),
).map(([region, account, type, instance, namespace, tail]) => [
  { pieces: ['acs'] }, { pieces: ['cr'] },
  { pieces: region, rule: FIELD_RULES.region },
  { pieces: account, rule: FIELD_RULES.accountId },
  { pieces: [type] },
  { pieces: instance, rule: FIELD_RULES.instanceId },
  ...(type === 'instance' ? [] : [{ pieces: namespace, rule: FIELD_RULES.namespace }]),
  ...tail.map((t) => ({ pieces: [t] })),
]);

const declaration = fc.oneof(
  fc.record({ values: fc.uniqueArray(fc.constantFrom(...GOOD), { minLength: 1, maxLength: 2 }), default: fc.constant(undefined) }),
  fc.record({
    values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }),
    default: fc.option(fc.constantFrom(...VALUES), { nil: undefined }),
  }),
);

function entryOf(segments: readonly Segment[]): PartialText {
  const parts: (string | Hole)[] = [];
  segments.forEach((segment, i) => {
    if (i > 0) parts.push(i <= 4 ? ':' : '/');
    for (const p of segment.pieces) parts.push(typeof p === 'string' ? p : { hole: `\${${p.parameter}}`, ref: p.parameter });
  });
  return { parts };
}

/** Every assignment of allowed values to the parameters. */
function assignments(declared: { [name: string]: { values: string[]; default?: string } }): { [name: string]: string }[] {
  let out: { [name: string]: string }[] = [{}];
  for (const [name, d] of Object.entries(declared)) {
    const values = [...new Set([...d.values, ...(d.default === undefined ? [] : [d.default])])];
    out = out.flatMap((a) => values.map((v) => ({ ...a, [name]: v })));
  }
  return out;
}

const write = (segment: Segment, values: { [name: string]: string }) =>
  segment.pieces.map((p) => (typeof p === 'string' ? p : values[p.parameter])).join('');

test('a Resource built from parameters is bounded exactly when every allowed value keeps every segment inside its rule', () => {
  fc.assert(fc.property(arn, declaration, declaration, (segments, p, q) => {
    const declared = { P: p, Q: q };
    const declarations = Object.fromEntries(Object.entries(declared).map(([name, d]) => [name, {
      Type: 'String', AllowedValues: d.values, ...(d.default === undefined ? {} : { Default: d.default }),
    }]));
    const reading = readResourceEntry(entryOf(segments), declarations);
    const hasParameter = (s: Segment) => s.pieces.some((x) => typeof x !== 'string');
    const combinations = assignments(declared);
    // A parameter where no rule applies is never bounded; elsewhere, every value must pass the rule.
    const expected = segments.filter(hasParameter).every((s) => s.rule !== undefined
      && combinations.every((values) => s.rule!.pattern.test(write(s, values))));
    expect('standIn' in reading).toBe(expected);
    if (!('standIn' in reading)) return;
    for (const values of combinations) {
      const concrete = segments.map((s, i) => (i === 0 ? '' : i <= 4 ? ':' : '/') + write(s, values)).join('');
      const parsed = parseArn(concrete)!;
      expect([parsed.region, parsed.accountId, parsed.resource.split('/').length])
        .toEqual([write(segments[2], values), write(segments[3], values), segments.length - 4]);
      expect(spansNamespaces(concrete)).toBe(spansNamespaces(reading.standIn));
      expect(isBroadResource(concrete)).toBe(isBroadResource(reading.standIn));
    }
  }), { seed: 23, numRuns: 1500 });
});
