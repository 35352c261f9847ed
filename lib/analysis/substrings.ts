/**
 * Which of a fixed set of texts occur inside another text, in one pass over it: an Aho–Corasick
 * automaton (a trie of the texts with failure links). The summary uses it to find, for each
 * namespace it probes, the few statements whose resource patterns can match there, among
 * thousands. Small and specific enough to write here rather than bundle a package for it.
 */
export class SubstringFinder {
  /** Trie moves by character code; node 0 is the root. */
  private readonly moves: Map<number, number>[] = [new Map()];
  /** The longest proper suffix of a node's text that is also a trie node. */
  private readonly failure: number[] = [0];
  /** Ids of the texts that end at a node, its failure chain's included. */
  private readonly ends: number[][] = [[]];

  /** `texts[i]` is reported as `i`; empty texts occur in every text. */
  constructor(texts: readonly string[]) {
    texts.forEach((text, id) => {
      let node = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        let next = this.moves[node].get(code);
        if (next === undefined) {
          next = this.moves.length;
          this.moves.push(new Map());
          this.failure.push(0);
          this.ends.push([]);
          this.moves[node].set(code, next);
        }
        node = next;
      }
      this.ends[node].push(id);
    });
    // Breadth first, so a node's failure target is complete before its children need it.
    const queue: number[] = [...this.moves[0].values()];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, child] of this.moves[node]) {
        queue.push(child);
        let fallback = this.failure[node];
        while (fallback !== 0 && !this.moves[fallback].has(code)) fallback = this.failure[fallback];
        const target = this.moves[fallback].get(code);
        this.failure[child] = target !== undefined && target !== child ? target : 0;
        this.ends[child] = [...this.ends[child], ...this.ends[this.failure[child]]];
      }
    }
  }

  /** Calls `found` with the id of every text that occurs in `text` (an id may come more than once). */
  public occurrencesIn(text: string, found: (id: number) => void): void {
    this.ends[0].forEach(found);
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.moves[node].get(code);
      while (next === undefined && node !== 0) {
        node = this.failure[node];
        next = this.moves[node].get(code);
      }
      node = next ?? 0;
      this.ends[node].forEach(found);
    }
  }
}
