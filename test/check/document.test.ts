import { isUnresolvedValue, readDocument, readEntries } from '../../lib/check/document';
import { instanceSegmentOk, isBroadResource, isServiceWide, literalPrefix } from '../../lib/check/patterns';
import { listText } from '../../lib/check/rule';
import { DEFAULT_LIMITS } from '../../lib/model/limits';

describe('what the rules share', () => {
  test('values known only at deployment', () => {
    expect(isUnresolvedValue({ Ref: 'X' })).toBe(true);
    expect(isUnresolvedValue({ 'Fn::Join': ['', []] })).toBe(true);
    expect(isUnresolvedValue('acs:cr:${Token[TOKEN.12]}:*:*')).toBe(true);
    expect(isUnresolvedValue({ Ref: 'X', Other: 1 })).toBe(false);
    expect(isUnresolvedValue('acs:cr:*:*:*')).toBe(false);
    expect(isUnresolvedValue(['x'])).toBe(false);
  });

  test('readEntries splits strings, unresolved values and invalid entries', () => {
    expect(readEntries('a')).toEqual({ strings: ['a'], unresolved: 0, invalid: [], wellFormed: true, count: 1 });
    expect(readEntries(['a', { Ref: 'X' }, 3])).toEqual({ strings: ['a'], unresolved: 1, invalid: [3], wellFormed: true, count: 3 });
    expect(readEntries({ Ref: 'X' })).toMatchObject({ unresolved: 1, wellFormed: true });
    expect(readEntries({ a: 1 })).toMatchObject({ wellFormed: false, invalid: [{ a: 1 }] });
  });

  test('readDocument reads statements with their positions', () => {
    const doc = readDocument({
      Version: '1',
      Statement: ['x', { Effect: 'Allow', Action: ['cr:List*', { Ref: 'A' }], Resource: '*' }, { Effect: 'Deny', Action: 'a', NotAction: 'b', Resource: '*' }],
    }, 'p', DEFAULT_LIMITS);
    expect(doc.statements.map((s) => [s.index, s.actionKey, s.actions, s.actionsComplete, s.resourcesComplete])).toEqual([
      [1, 'Action', ['cr:List*'], false, true],
      [2, undefined, [], false, true],
    ]);
    expect(readDocument('[', 'p', DEFAULT_LIMITS).problem).toMatch(/not valid JSON/);
    expect(readDocument(3, 'p', DEFAULT_LIMITS).problem).toBe('is a number, not a JSON object');
  });

  test('text helpers', () => {
    expect(literalPrefix('cri-*x')).toBe('cri-');
    expect(literalPrefix('abc')).toBe('abc');
    expect(listText(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });

  test('patterns: whole services, broad resources, instance segments', () => {
    expect(['*', 'cr:*', 'cr:**', 'c*'].every(isServiceWide)).toBe(true);
    expect(['cr:List*', 'cr:PullRepository', 'cr:*Repository'].some(isServiceWide)).toBe(false);
    expect(['*', 'acs:cr:*:*:repository/cri-1/*', 'acs:cr:*:*:*'].every(isBroadResource)).toBe(true);
    expect(['acs:cr:*:*:repository/cri-1/ns', 'acs:cr:cn-hangzhou:1:instance/cri-1'].some(isBroadResource)).toBe(false);
    expect(['cri-1', '*', 'cr*', 'cri-*', 'cri-ab*'].every(instanceSegmentOk)).toBe(true);
    expect(['ns', 'cri-', 'cri_1', 'x*', ''].some(instanceSegmentOk)).toBe(false);
  });
});
