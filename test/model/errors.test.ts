import fc from 'fast-check';
import { CrGrantsError, GrantValidationError, MAX_LISTED_PROBLEMS, MAX_SHOWN_VALUE, showValue } from '../../lib/model/errors';

const SEED = { seed: 14, numRuns: 300 };

describe('showValue', () => {
  test.each<[string, unknown, string]>([
    ['text', 'team-a', '"team-a"'],
    ['a number', 123, '123'],
    ['a number JSON cannot write', NaN, 'NaN'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a bigint', BigInt(12), '12n'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a function', function named() { return 1; }, '<function named>'],
    ['a list and an object', [1, { a: 'b' }], '[1,{"a":"b"}]'],
    ['an instance of a class, by its fields', new (class Grantee { public readonly kind = 'USER'; })(), 'Grantee {"kind":"USER"}'],
    ['a cycle', (() => { const o: { [k: string]: unknown } = { a: 1 }; o.self = o; return o; })(), '{"a":1,"self":<cycle>}'],
    ['a construct, by its path (its tree is a cycle)', (() => {
      const node: { [k: string]: unknown } = { path: 'Stack/Alice' };
      const user = new (class User { public readonly node = node; })();
      node.host = user;
      return user;
    })(), '<User construct at Stack/Alice>'],
    ['a proxy that throws on every read', new Proxy({}, {
      ownKeys() { throw new Error('no'); }, getPrototypeOf() { throw new Error('no'); }, get() { throw new Error('no'); },
    }), '<a value that cannot be shown>'],
    ['a getter that throws', Object.defineProperty({}, 'x', { enumerable: true, get() { throw new Error('no'); } }), '<a value that cannot be shown>'],
  ])('%s', (_case, value, shown) => {
    expect(showValue(value)).toBe(shown);
  });

  test('long text shows its start and its length', () => {
    const shown = showValue('x'.repeat(100_000));
    expect(shown).toBe(`"${'x'.repeat(MAX_SHOWN_VALUE)}…" (100000 characters)`);
  });

  test('a large or deep value is cut at the limit, reading no more of it', () => {
    let reads = 0;
    const big = new Proxy(Array.from({ length: 100_000 }, (_, i) => i), {
      get(target, key) { if (typeof key === 'string' && /^\d+$/.test(key)) reads++; return (target as any)[key]; },
    });
    const shown = showValue(big);
    expect(shown.length).toBe(MAX_SHOWN_VALUE + 1);
    expect(shown.endsWith('…')).toBe(true);
    expect(reads).toBeLessThan(MAX_SHOWN_VALUE);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(showValue(deep)).toBe(`${'['.repeat(9)}…${']'.repeat(9)}`);
  });

  test('never throws and stays bounded, whatever the value', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), (value) => {
      const shown = showValue(value);
      expect(typeof shown).toBe('string');
      expect(shown.length).toBeLessThanOrEqual(MAX_SHOWN_VALUE + 40);
    }), SEED);
  });

  test('shows JSON data as JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
      const json = JSON.stringify(value);
      fc.pre(json.length <= MAX_SHOWN_VALUE && typeof value !== 'string' && !json.includes('-0'));
      expect(showValue(value)).toBe(json);
    }), SEED);
  });
});

describe('CrGrantsError', () => {
  const error = new GrantValidationError('Stack/Grant', 'namespace', 'a/b', 'must not hold "/"', 'write one namespace');

  test('is an Error, with its fields and a one-line message', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CrGrantsError);
    expect(error.message).toBe('Stack/Grant: namespace "a/b" must not hold "/" (write one namespace)');
    expect(String(error)).toBe(`CrGrantsError: ${error.message}`);
    expect(error.stack).toContain('errors.test.ts');
    expect([error.where, error.field, error.value, error.rule, error.hint])
      .toEqual(['Stack/Grant', 'namespace', '"a/b"', 'must not hold "/"', 'write one namespace']);
    expect(error.problems).toEqual([error]);
    expect(() => { throw error; }).toThrow(CrGrantsError);
  });

  test('several refusals: one line each, the first at most 20, then how many more', () => {
    const problems = Array.from({ length: 23 }, (_, i) => new GrantValidationError(`f.yaml:${i + 1}:1`, 'x', i, 'is wrong'));
    const together = GrantValidationError.together(problems);
    const lines = together.message.split('\n');
    expect(lines).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(lines[0]).toBe('f.yaml:1:1: x 0 is wrong');
    expect(lines[19]).toBe('f.yaml:20:1: x 19 is wrong');
    expect(lines[20]).toBe('and 3 more mistakes (fix these and run again to see them)');
    expect(together.problems).toHaveLength(23);
    expect([together.where, together.field, together.value]).toEqual(['f.yaml:1:1', 'x', '0']);
    expect(GrantValidationError.together(problems.slice(0, 1))).toBe(problems[0]);
  });
});
