/**
 * Where a value sits in a JSON or YAML file, by its path (`Resources.Team.Properties...`), so
 * reports can point at the line of a resource or a statement.
 *
 * JSON files are read with the same YAML 1.2 parser as YAML ones: JSON is YAML 1.2 flow syntax,
 * and the parser (already a bundled dependency) keeps every node's source range. A repeated key
 * resolves to its last occurrence, as `JSON.parse` reads it.
 */
import { isMap, isPair, isSeq, LineCounter, parseDocument } from 'yaml';

/** A 1-based line and column in a file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A path into parsed data: object keys and list positions. */
export type DataPath = readonly (string | number)[];

/** Positions in one file's text. */
export class SourcePositions {
  /** Positions in JSON text; a text the parser cannot read has none (every lookup is undefined). */
  public static ofJson(text: string): SourcePositions {
    // YAML refuses tabs as indentation where JSON takes them as white space. Valid JSON has no
    // tab inside a string (it must be escaped), so each becomes a space: offsets stay the same.
    return SourcePositions.ofYaml(text.replace(/\t/g, ' '));
  }

  /** Positions in YAML text; a text the parser cannot read has none (every lookup is undefined). */
  public static ofYaml(text: string): SourcePositions {
    const source = text.replace(/^\uFEFF/, '');
    const lines = new LineCounter();
    const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, merge: false });
    return new SourcePositions(doc.errors.length === 0 ? doc.contents : undefined, lines);
  }

  private constructor(private readonly root: unknown, private readonly lines: LineCounter) {}

  /**
   * The position of the value at `path` (of its key, for an object member), or of the deepest
   * part of the path that exists, with `exact` false then; undefined for a file without positions.
   */
  public find(path: DataPath): { readonly position: SourcePosition; readonly exact: boolean } | undefined {
    if (this.root === undefined || this.root === null) return undefined;
    let node: unknown = this.root;
    let at = this.offsetOf(node);
    for (let depth = 0; depth < path.length; depth++) {
      const step = path[depth];
      const next = this.child(node, step);
      if (next === undefined) return { position: this.position(at), exact: false };
      node = next.node;
      at = next.offset;
    }
    return { position: this.position(at), exact: true };
  }

  private child(node: unknown, step: string | number): { node: unknown; offset: number } | undefined {
    if (isMap(node)) {
      const pairs = node.items.filter((pair) => isPair(pair) && keyText(pair.key) === String(step));
      const pair = pairs[pairs.length - 1];
      return pair === undefined ? undefined : { node: pair.value, offset: this.offsetOf(pair.key) };
    }
    if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      return item === undefined ? undefined : { node: item, offset: this.offsetOf(item) };
    }
    return undefined;
  }

  private offsetOf(node: unknown): number {
    const range = (node as { range?: readonly number[] } | null)?.range;
    return range ? range[0] : 0;
  }

  private position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

function keyText(key: unknown): string | undefined {
  const value = (key as { value?: unknown } | null)?.value;
  return value === undefined || value === null ? undefined : String(value);
}
