/**
 * The stacks of a cloud assembly (`cdk.out`), to be read as one account: RAM users, groups,
 * roles and policy names are account-wide, so a principal named in two stacks is one principal
 * and a policy attached in one stack to a principal of another applies to it. ./template.ts
 * reads a StackSet wherever it reads a template; lib/cli reads one from a manifest.
 */

/** One stack of the assembly: its artifact id and its parsed template. */
export interface AssemblyStack {
  /** The artifact id in the manifest (what `ros-cdk list` shows); no `/`, unique in the assembly. */
  readonly name: string;
  readonly template: unknown;
  /** Where the template was read from, for messages. */
  readonly file: string;
}

export class StackSet {
  /** The stacks, sorted by name, so the manifest's order never shows in a review. */
  public readonly stacks: readonly AssemblyStack[];

  constructor(stacks: readonly AssemblyStack[], public readonly source: string) {
    this.stacks = [...stacks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

export function isStackSet(value: unknown): value is StackSet {
  return value instanceof StackSet;
}
