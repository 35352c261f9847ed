import * as fc from 'fast-check';
import { MAX_PATTERN_LENGTH, ValuePart, allowedPatternOf, findValueOutsideRule } from '../../lib/model/parameter-values';
import { FieldRule, FIELD_RULES } from '../../lib/model/field-rules';

const rule = (pattern: RegExp): FieldRule => ({ field: 'test', pattern, rule: 'must be test text', example: 'ab' });
const RULE = rule(/^[ab][ab-]{0,2}$/);
const parameter = (pattern: string, extra: Partial<ValuePart> = {}): ValuePart => ({ kind: 'parameter', pattern, ...extra } as ValuePart);

describe('findValueOutsideRule', () => {
  test('a pattern inside the rule passes; one reaching outside gives an example', () => {
    expect(findValueOutsideRule([parameter('^[ab]{1,3}(?!\\n)$')], RULE)).toBeUndefined();
    expect(findValueOutsideRule([parameter('^[ab*]{1,3}(?!\\n)$')], RULE)).toEqual({ example: '*' });
    expect(findValueOutsideRule([parameter('^[ab]{1,4}(?!\\n)$')], RULE)).toEqual({ example: 'aaaa' });
  });

  test('a match anywhere counts: an unanchored side admits any text there', () => {
    expect(findValueOutsideRule([parameter('^[ab]{1,3}')], RULE)).toEqual({ example: 'a*' });
    expect(findValueOutsideRule([parameter('[ab]{1,3}(?!\\n)$')], RULE)).toEqual({ example: '*a' });
  });

  test('$ alone admits a final newline; (?!\\n)$ does not', () => {
    expect(findValueOutsideRule([parameter('^[ab]{1,3}$')], RULE)).toEqual({ example: 'a\n' });
    expect(findValueOutsideRule([parameter('^[ab]{1,3}(?!\\n)$')], RULE)).toBeUndefined();
  });

  test('. is read as Python reads it: anything but a newline, \\r included', () => {
    const outside = findValueOutsideRule([parameter('^a.(?!\\n)$')], rule(/^a[^\r]$/));
    expect(outside).toEqual({ example: 'a\r' });
  });

  test('text beside a parameter is part of the value', () => {
    expect(findValueOutsideRule([{ kind: 'text', text: 'a-' }, parameter('^[ab](?!\\n)$')], RULE)).toBeUndefined();
    expect(findValueOutsideRule([{ kind: 'text', text: 'a-' }, parameter('^[ab]{1,2}(?!\\n)$')], RULE)).toEqual({ example: 'a-aa' });
  });

  test('AllowedValues and the Default are values the parameter may take', () => {
    expect(findValueOutsideRule([{ kind: 'parameter', values: ['ab', 'b-a'] }], RULE)).toBeUndefined();
    expect(findValueOutsideRule([{ kind: 'parameter', values: ['ab', '*'] }], RULE)).toEqual({ example: '*' });
    expect(findValueOutsideRule([{ kind: 'parameter', values: ['ab'], default: 'abab' }], RULE)).toEqual({ example: 'abab' });
    expect(findValueOutsideRule([parameter('^a(?!\\n)$', { default: '-' })], RULE)).toEqual({ example: '-' });
  });

  test.each([
    ['no constraint', { kind: 'parameter' }, 'it has no AllowedPattern or AllowedValues'],
    ['\\d', parameter('^\\d+$'), 'its AllowedPattern has an escape that Python reads wider ("\\\\d"), which is not read'],
    ['\\b', parameter('^a\\b$'), 'its AllowedPattern has an assertion ("\\\\b"), which is not read'],
    ['a lookbehind', parameter('^(?<=a)b$'), 'its AllowedPattern has an assertion ("(?<=a)")'],
    ['^ inside a group', parameter('(^a)$'), 'its AllowedPattern has ^ or $ inside it ("^"), which is not read'],
    ['a backreference', parameter('^(a)\\1$'), 'its AllowedPattern has a backreference ("\\\\1"), which is not read'],
    ['a Unicode property', parameter('^\\p{L}$'), 'its AllowedPattern has a Unicode property escape ("\\\\p{L}"), which is not read'],
    ['Python-only syntax', parameter('^(?P<name>a)$'), 'its AllowedPattern cannot be read'],
    ['a pattern too long to read', parameter(`^${'a'.repeat(MAX_PATTERN_LENGTH)}$`), `its AllowedPattern is longer than ${MAX_PATTERN_LENGTH} characters`],
  ])('a pattern that cannot be read is refused, never guessed: %s', (_case, part, reason) => {
    const outside = findValueOutsideRule([part as ValuePart], RULE);
    expect(outside).toBeDefined();
    expect((outside as { unreadable: string }).unreadable).toContain(reason);
  });

  test('the exported form of each rule admits exactly the rule\'s values', () => {
    for (const fieldRule of [FIELD_RULES.instanceId, FIELD_RULES.namespace, FIELD_RULES.region, FIELD_RULES.accountId, FIELD_RULES.userName,
      FIELD_RULES.groupName, FIELD_RULES.roleName, FIELD_RULES.resourceGroupId, FIELD_RULES.policyName]) {
      expect(findValueOutsideRule([parameter(allowedPatternOf(fieldRule))], fieldRule)).toBeUndefined();
      // Without the strict end, a final newline would pass.
      const plain = findValueOutsideRule([parameter(fieldRule.pattern.source)], fieldRule) as { example: string };
      expect(plain.example).toMatch(/\n$/);
      expect(fieldRule.pattern.test(plain.example.slice(0, -1))).toBe(true);
    }
  });
});

/**
 * Against a brute-force oracle: every text up to four characters over an alphabet with the rule's
 * characters, a wildcard and a newline, matched as the module reads AllowedPattern (a match
 * anywhere; `$` also before a final newline).
 */
describe('findValueOutsideRule agrees with brute force', () => {
  const ALPHABET = ['a', 'b', '-', '*', '\n'];
  const TEXTS = (() => {
    const all = [''];
    for (let length = 1, layer = ['']; length <= 4; length++) {
      layer = layer.flatMap((t) => ALPHABET.map((c) => t + c));
      all.push(...layer);
    }
    return all;
  })();
  const RULES_UNDER_TEST = [RULE, rule(/^[ab*]{1,3}$/), rule(/^a[ab-]*$/)];

  const atom = fc.constantFrom('a', 'b', '-', '\\*', '[ab]', '[a-]', '[^a]', '.', '(?:a|b-)');
  const piece = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{0,2}', '{2}')).map(([a, q]) => a + q);
  const body = fc.array(piece, { minLength: 0, maxLength: 3 }).map((pieces) => pieces.join(''));
  const pattern = fc.tuple(fc.constantFrom('', '^'), body, fc.constantFrom('', '$', '(?!\\n)$'), fc.option(body, { nil: undefined }))
    .map(([start, first, end, second]) => (second === undefined ? `${start}${first}${end}` : `${start}${first}${end}|${second}`));
  const prefix = fc.constantFrom('', 'a', 'a-');

  /** The oracle: JavaScript's own matcher on the pattern, with Python's `$` and `.` written out. */
  function admits(source: string, text: string): boolean {
    const python = source.replace(/\(\?!\\n\)\$|\$|\./g, (m) => (m === '$' ? '(?=\\n?$)' : m === '.' ? '[^\\n]' : m));
    return new RegExp(python, 'u').test(text);
  }

  test('no value outside is missed, and every example given is one', () => {
    fc.assert(fc.property(pattern, prefix, fc.constantFrom(...RULES_UNDER_TEST), (source, before, fieldRule) => {
      const parts: ValuePart[] = before === '' ? [parameter(source)] : [{ kind: 'text', text: before }, parameter(source)];
      const outside = findValueOutsideRule(parts, fieldRule);
      const deployable = (text: string) => text.startsWith(before) && admits(source, text.slice(before.length));
      if (outside === undefined) {
        expect(TEXTS.filter((t) => deployable(t) && !fieldRule.pattern.test(t))).toEqual([]);
      } else {
        expect('example' in outside).toBe(true);
        const example = (outside as { example: string }).example;
        expect(deployable(example)).toBe(true);
        expect(fieldRule.pattern.test(example)).toBe(false);
      }
    }), { seed: 20261201, numRuns: 300 });
  });
});
