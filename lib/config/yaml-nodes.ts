/** A parsed YAML node as the loader needs it: where it starts, and its value as plain data for messages. */
import { isAlias, isMap, isScalar, isSeq, Pair } from 'yaml';

/** A node of the `yaml` package's document tree (scalar, sequence, mapping, alias) or nothing. */
export type YamlNode = unknown;

/** The source offset where a node starts; 0 for a node without a position (an empty document). */
export function offsetOf(node: YamlNode): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}

/** A node as plain data, for messages; aliases stay visible as `*name`. */
export function plain(node: YamlNode): unknown {
  if (isScalar(node)) return node.value;
  if (isAlias(node)) return `*${node.source}`;
  if (isSeq(node)) return node.items.map(plain);
  if (isMap(node)) {
    return Object.fromEntries((node.items as Pair[]).map((pair) => [String(plain(pair.key)), plain(pair.value)]));
  }
  return node ?? null;
}
