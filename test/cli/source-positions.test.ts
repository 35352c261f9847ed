import { SourcePositions } from '../../lib/cli/source-positions';

const at = (text: string, ...path: (string | number)[]) => SourcePositions.ofJson(text).find(path);
const atYaml = (text: string, ...path: (string | number)[]) => SourcePositions.ofYaml(text).find(path);

describe('SourcePositions', () => {
  test('JSON: an object member at its key, a list item at its start', () => {
    const text = '{\n  "Resources": {\n    "P": {\n      "Statement": [\n        {"Effect": "Allow"},\n        {"Effect": "Deny"}\n      ]\n    }\n  }\n}\n';
    expect(at(text, 'Resources', 'P')).toEqual({ position: { line: 3, column: 5 }, exact: true });
    expect(at(text, 'Resources', 'P', 'Statement', 1)).toEqual({ position: { line: 6, column: 9 }, exact: true });
    expect(at(text)).toEqual({ position: { line: 1, column: 1 }, exact: true });
  });

  test('a path that goes further than the file: the deepest part that exists, not exact', () => {
    const text = '{"Resources": {"P": {"Properties": {"PolicyDocument": {"Fn::Join": ["", []]}}}}}';
    expect(at(text, 'Resources', 'P', 'Properties', 'PolicyDocument', 'Statement', 0)).toEqual({ position: { line: 1, column: 37 }, exact: false });
    expect(at(text, 'Nothing')).toEqual({ position: { line: 1, column: 1 }, exact: false });
    expect(at('[1, 2]', 'a')).toEqual({ position: { line: 1, column: 1 }, exact: false });
  });

  test('a repeated key is its last occurrence, as JSON.parse reads it', () => {
    expect(at('{\n"a": 1,\n"a": 2\n}', 'a')).toEqual({ position: { line: 3, column: 1 }, exact: true });
  });

  test('tabs, CRLF line ends, a byte order mark and long single-line JSON keep their lines', () => {
    expect(at('{\r\n\t"a": {\r\n\t\t"b": [\r\n\t\t\t1\r\n\t\t]\r\n\t}\r\n}', 'a', 'b', 0)).toEqual({ position: { line: 4, column: 4 }, exact: true });
    expect(at('\uFEFF{\n"a": 1}', 'a')).toEqual({ position: { line: 2, column: 1 }, exact: true });
    const long = JSON.stringify({ k: 'v'.repeat(5000), ['x'.repeat(2000)]: { y: 1 } });
    expect(at(long, 'x'.repeat(2000), 'y')?.exact).toBe(true);
  });

  test('YAML: block and flow collections', () => {
    const text = 'Resources:\n  P:\n    Statement:\n      - Effect: Allow\n      - {Effect: Deny}\n';
    expect(atYaml(text, 'Resources', 'P', 'Statement', 1)).toEqual({ position: { line: 5, column: 9 }, exact: true });
  });

  test('JSON with a tab before a top-level value, which YAML alone refuses', () => {
    expect(at('  \n\t""')).toEqual({ position: { line: 2, column: 2 }, exact: true });
    expect(atYaml('  \n\t""')).toBeUndefined();
    expect(at('\n\t{\n\t"a": 1}', 'a')).toEqual({ position: { line: 3, column: 2 }, exact: true });
  });

  test('text the parser cannot read has no positions', () => {
    expect(at('{"a": [}', 'a')).toBeUndefined();
    expect(at('', 'a')).toBeUndefined();
    expect(atYaml('a: [', 'a')).toBeUndefined();
  });
});
