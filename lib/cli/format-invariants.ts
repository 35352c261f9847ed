/** Invariant violations as text for people: one line each, then a count. */
import { InvariantCertainty, InvariantViolation, describeViolation } from '../analysis/invariants';

const LABELS: { readonly [c in InvariantCertainty]: string } = {
  [InvariantCertainty.VIOLATED]: 'Invariant broken',
  [InvariantCertainty.UNPROVEN]: 'Invariant not proven',
};

/** `checked` is how many invariants were checked; violations come in the order the check gives them. */
export function formatInvariants(violations: readonly InvariantViolation[], checked: number): string {
  const lines = violations.map((v) => `[${LABELS[v.certainty]}] ${v.where} ${v.invariant}: ${describeViolation(v)}`);
  const broken = new Set(violations.filter((v) => v.certainty === InvariantCertainty.VIOLATED).map((v) => v.invariantIndex));
  const open = new Set(violations.filter((v) => !broken.has(v.invariantIndex)).map((v) => v.invariantIndex));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(violations.length === 0 ? `${plural(checked, 'invariant')} checked: all hold.`
    : `${plural(checked, 'invariant')} checked: ${broken.size} broken, ${open.size} not proven to hold.`);
  return lines.join('\n');
}
