import * as fc from 'fast-check';
import { DEFAULT_LIMITS, Limits } from '../../lib/model/limits';
import {
  Footprint, StackAssignment, TEMPLATE_BASE_BYTES, assignStacks, checkStackAssignment, prettyBytes, stackAssignmentText,
} from '../../lib/model/stacks';
import { PROPERTY_RUNS } from './arbitraries';

/** Ten resources per stack and no byte limit to speak of: small numbers, same rules. */
const LIMITS: Limits = { ...DEFAULT_LIMITS, maxResourcesPerStack: 10, maxTemplateBytes: TEMPLATE_BASE_BYTES + 1000 };
const OPTIONS = { limits: LIMITS, where: 'App/Grants' };
const f = (resources: number, bytes = resources * 10): Footprint => ({ resources, bytes });
const footprints = (entries: [string, Footprint][]) => new Map(entries);

function stackOf(assignment: StackAssignment): Map<string, number> {
  const out = new Map<string, number>();
  for (const [n, principals] of Object.entries(assignment.stacks)) for (const label of Object.keys(principals)) out.set(label, Number(n));
  return out;
}

describe('assignStacks', () => {
  test('places new principals in label order, each stack filled to 80 % of its limits', () => {
    const assignment = assignStacks(footprints([['group:c', f(4)], ['group:a', f(4)], ['group:b', f(4)], ['group:d', f(2)]]), undefined, OPTIONS);
    // 8 of 10 resources: a and b fill stack 1, c and d go to stack 2.
    expect(assignment.stacks).toEqual({
      '001': { 'group:a': f(4), 'group:b': f(4) },
      '002': { 'group:c': f(4), 'group:d': f(2) },
    });
  });

  test('a principal that grows in a full stack moves to a later stack; no other principal moves', () => {
    const start = assignStacks(footprints([['group:a', f(4)], ['group:b', f(4)], ['group:c', f(4)], ['group:d', f(2)]]), undefined, OPTIONS);
    // Stack 2 holds c (4) and d (2); c grows to 6, d grows by 1: 9 fits the hard limit of 10.
    const grown = assignStacks(footprints([['group:a', f(4)], ['group:b', f(4)], ['group:c', f(6)], ['group:d', f(3)]]), start, OPTIONS);
    expect(stackOf(grown)).toEqual(stackOf(start));
    // Now d grows past the stack's limit: d moves, c stays.
    const full = assignStacks(footprints([['group:a', f(4)], ['group:b', f(4)], ['group:c', f(6)], ['group:d', f(5)]]), grown, OPTIONS);
    expect(stackOf(full)).toEqual(new Map([['group:a', 1], ['group:b', 1], ['group:c', 2], ['group:d', 3]]));
  });

  test('a principal that leaves a stack goes only to a later one, though an earlier one has room', () => {
    const start: StackAssignment = { stacks: { '001': { 'group:a': f(1) }, '002': { 'group:b': f(4), 'group:c': f(5) } } };
    // b grows from 4 to 6 resources: stack 2 would hold 11 of 10. Stack 1 has room (1 + 6 <= 8), yet b goes to stack 3.
    const next = assignStacks(footprints([['group:a', f(1)], ['group:b', f(6)], ['group:c', f(5)]]), start, OPTIONS);
    expect(stackOf(next)).toEqual(new Map([['group:a', 1], ['group:b', 3], ['group:c', 2]]));
  });

  test('principals no longer granted leave; their stacks stay, even empty', () => {
    const start = assignStacks(footprints([['group:a', f(5)], ['group:b', f(5)]]), undefined, OPTIONS);
    const next = assignStacks(footprints([['group:b', f(5)]]), start, OPTIONS);
    expect(next.stacks).toEqual({ '001': {}, '002': { 'group:b': f(5) } });
    // A newcomer fills the empty stack.
    expect(stackOf(assignStacks(footprints([['group:b', f(5)], ['group:z', f(3)]]), next, OPTIONS)).get('group:z')).toBe(1);
  });

  test('a principal larger than a stack, or more stacks than ROS allows, is refused', () => {
    expect(() => assignStacks(footprints([['role:ci', f(11)]]), undefined, OPTIONS))
      .toThrow('App/Grants: grants "role:ci" needs 11 resources, 110 bytes, more than one ROS stack holds (10 resources, 1000 bytes)');
    expect(() => assignStacks(footprints([['group:a', f(8)], ['group:b', f(8)]]), undefined, { ...OPTIONS, limits: { ...LIMITS, maxStacksPerAccount: 1 } }))
      .toThrow('App/Grants: grants "2 stacks" is more than ROS\'s 1 stacks per account');
  });

  test('a stack over its limits though none of its principals grew (a hand-edited file) is refused', () => {
    const edited: StackAssignment = { stacks: { '001': { 'group:a': f(6), 'group:b': f(6) } } };
    expect(() => assignStacks(footprints([['group:a', f(6)], ['group:b', f(6)]]), edited, OPTIONS))
      .toThrow(/^App\/Grants: stack "001" holds more than ROS allows \(12 resources, 120 bytes, limits 10 resources, 1000 bytes\) though none of its principals grew/);
  });

  const footprintsArb = fc.dictionary(fc.constantFrom(...'abcdefghijklmnop'.split('').map((c) => `group:${c}`)),
    fc.record({ resources: fc.integer({ min: 1, max: 10 }), bytes: fc.integer({ min: 1, max: 1000 }) }), { minKeys: 0, maxKeys: 16 });

  test('every principal in one stack, every stack within limits; the same input in any order gives the same assignment', () => {
    fc.assert(fc.property(fc.array(footprintsArb, { minLength: 1, maxLength: 5 }), (generations) => {
      let previous: StackAssignment | undefined;
      for (const generation of generations) {
        const entries = Object.entries(generation);
        const next = assignStacks(new Map(entries), previous, OPTIONS);
        expect(assignStacks(new Map([...entries].reverse()), previous, OPTIONS)).toEqual(next);
        expect([...stackOf(next).keys()].sort()).toEqual(Object.keys(generation).sort());
        for (const principals of Object.values(next.stacks)) {
          const load = Object.values(principals).reduce((sum, p) => ({ resources: sum.resources + p.resources, bytes: sum.bytes + p.bytes }), f(0, 0));
          expect(load.resources).toBeLessThanOrEqual(LIMITS.maxResourcesPerStack);
          expect(load.bytes).toBeLessThanOrEqual(LIMITS.maxTemplateBytes - TEMPLATE_BASE_BYTES);
        }
        // Planning again from its own result changes nothing.
        expect(assignStacks(new Map(entries), next, OPTIONS)).toEqual(next);
        previous = next;
      }
    }), PROPERTY_RUNS);
  });

  test('only principals that grew ever change stacks, and only to a later one', () => {
    fc.assert(fc.property(footprintsArb, footprintsArb, (first, second) => {
      const start = assignStacks(new Map(Object.entries(first)), undefined, OPTIONS);
      const next = assignStacks(new Map(Object.entries(second)), start, OPTIONS);
      const before = stackOf(start);
      for (const [label, stack] of stackOf(next)) {
        const was = before.get(label);
        if (was === undefined || was === stack) continue;
        const grew = second[label].resources > first[label].resources || second[label].bytes > first[label].bytes;
        expect([label, grew, stack > was]).toEqual([label, true, true]);
      }
    }), PROPERTY_RUNS);
  });
});

describe('prettyBytes', () => {
  test('counts what JSON.stringify(value, undefined, 2) writes, each line after the first indented further', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.nat(12), (value, indent) => {
      const text = JSON.stringify(value, undefined, 2);
      const lines = (text.match(/\n/g) ?? []).length;
      expect(prettyBytes(value, indent)).toBe(Buffer.byteLength(text, 'utf8') + lines * indent);
    }), { ...PROPERTY_RUNS, numRuns: 1000 });
  });
});

describe('the assignment file', () => {
  test('its text is canonical and reads back as written', () => {
    const assignment: StackAssignment = { stacks: { '002': {}, '001': { 'role:ci': f(3), 'group:a': f(2) } } };
    const text = stackAssignmentText(assignment);
    expect(text).toBe([
      '{', '  "version": 1,', '  "stacks": {', '    "001": {',
      '      "group:a": { "resources": 2, "bytes": 20 },', '      "role:ci": { "resources": 3, "bytes": 30 }',
      '    },', '    "002": {}', '  }', '}', ''].join('\n'));
    expect(stackAssignmentText(checkStackAssignment(JSON.parse(text), 'f.json'))).toBe(text);
  });

  test.each([
    [[], 'f.json: stack assignment [] must be an object with "version": 1 and "stacks"'],
    [{ version: 2, stacks: {} }, 'f.json: stack assignment 2 must be an object with "version": 1 and "stacks"'],
    [{ version: 1, stacks: { 1: {} } }, 'f.json: stacks "1" must be numbered with three digits: 001, 002, ...'],
    [{ version: 1, stacks: { '000': {} } }, 'f.json: stacks "000" must be numbered with three digits'],
    [{ version: 1, stacks: { '001': { alice: f(1) } } }, 'f.json: stacks.001 "alice" must name a principal as user:<name>, group:<name> or role:<name>'],
    [{ version: 1, stacks: { '001': { 'user:alice': { resources: -1, bytes: 2 } } } }, 'f.json: stacks.001.user:alice {"resources":-1,"bytes":2} must be'],
    [{ version: 1, stacks: { '001': { 'user:alice': f(1) }, '002': { 'user:alice': f(1) } } }, 'f.json: stacks.002 "user:alice" is also in stack 001; a principal is in one stack only'],
  ])('%j is refused', (value, message) => {
    expect(() => checkStackAssignment(value, 'f.json')).toThrow(message);
  });
});
