/**
 * Accepted policy checker findings, as grants carry them into the plan. The checker itself
 * (lib/check) owns the rules; the model only knows the shape of a suppression.
 */
import { compareText } from './principal';

/** The fewest characters (after trimming) a suppression reason may have. */
export const MIN_REASON_LENGTH = 10;

/** One accepted finding: a rule id (`CRG-S001`) or a finding id (`CRG-S001[cr:*]`), and why. */
export interface Suppression {
  readonly id: string;
  readonly reason: string;
}

/**
 * Suppressions with trimmed reasons, without duplicates, sorted by id then reason, so the
 * same suppressions in any order or repetition give the same template.
 */
export function uniqueSuppressions(suppressions: readonly Suppression[]): Suppression[] {
  const byKey = new Map<string, Suppression>();
  for (const { id, reason } of suppressions) {
    const trimmed = reason.trim();
    byKey.set(`${id}\n${trimmed}`, { id, reason: trimmed });
  }
  return [...byKey.values()].sort((a, b) => compareText(a.id, b.id) || compareText(a.reason, b.reason));
}
