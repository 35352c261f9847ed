/**
 * SourcePositions against a reference: JSON text written here with random white space, which
 * records where each member's key and each list item starts while writing. Every path of the
 * value is found at the recorded line and column, so reading JSON with the YAML parser locates
 * what JSON.parse reads.
 */
import * as fc from 'fast-check';
import { SourcePositions } from '../../lib/cli/source-positions';

type Path = (string | number)[];

/** JSON text of `value`, with `space()` between tokens, and the offset each path starts at. */
function write(value: unknown, space: () => string): { text: string; starts: Map<string, number> } {
  let text = '';
  const starts = new Map<string, number>();
  const visit = (v: unknown, path: Path) => {
    if (Array.isArray(v)) {
      text += '[';
      v.forEach((item, i) => {
        if (i > 0) text += ',';
        text += space();
        starts.set(JSON.stringify([...path, i]), text.length);
        visit(item, [...path, i]);
        text += space();
      });
      text += ']';
    } else if (v !== null && typeof v === 'object') {
      text += '{';
      Object.entries(v).forEach(([key, item], i) => {
        if (i > 0) text += ',';
        text += space();
        starts.set(JSON.stringify([...path, key]), text.length);
        text += `${JSON.stringify(key)}${space()}:${space()}`;
        visit(item, [...path, key]);
        text += space();
      });
      text += '}';
    } else {
      text += JSON.stringify(v);
    }
  };
  text += space();
  starts.set('[]', text.length);
  visit(value, []);
  return { text: text + space(), starts };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

test('every path of a JSON value is found where it was written', () => {
  const spaces = fc.array(fc.constantFrom('', ' ', '\n', '\t', '\r\n', '  \n\t'), { minLength: 1, maxLength: 40 });
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), spaces, (value, pool) => {
    let next = 0;
    const { text, starts } = write(value, () => pool[next++ % pool.length]);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    const positions = SourcePositions.ofJson(text);
    for (const [key, offset] of starts) {
      expect([key, positions.find(JSON.parse(key))]).toEqual([key, { position: lineColumn(text, offset), exact: true }]);
    }
  }), { seed: 42, numRuns: 300 });
});
