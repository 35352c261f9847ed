/** Every string over `chars` of length 0 to `max`: the universes the property tests evaluate by brute force. */
export function strings(chars: readonly string[], max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 0; n < max; n++) {
    layer = layer.flatMap((s) => chars.map((c) => s + c));
    out.push(...layer);
  }
  return out;
}
