/**
 * Suppressions as the checker meets them: written into a resource's Metadata, read back from a
 * template, and applied to findings. What makes a suppression usable is lib/model/suppressions.ts's.
 */
import { compareText } from '../model/principal';
import { Suppression, SUPPRESSIONS_METADATA_KEY, checkSuppressions, readSuppression } from '../model/suppressions';
import { CHECKER_SUPPRESSION_ID } from './registry';
import { Finding, SuppressionRecord } from './rule';

/**
 * The value to store under a resource's `cr-grants:suppressions` Metadata: `existing` (the
 * value already there, if any) plus `added`, validated as a grant's suppressions are (ids of the
 * checker's rules, not Errors, reasons long enough), without duplicates, sorted; so a bad
 * suppression never reaches a template. `where` names the resource in errors.
 */
export function suppressionMetadata(where: string, added: readonly Suppression[], existing?: unknown): Suppression[] {
  const previous = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  return checkSuppressions(where, [...previous, ...added], CHECKER_SUPPRESSION_ID);
}

/** Every suppression entry of every resource, in logical id order. */
export function readSuppressionRecords(template: any, policies: readonly { logicalId: string; policyName: string }[]): SuppressionRecord[] {
  const resources: { [id: string]: any } = template?.Resources ?? {};
  const records: SuppressionRecord[] = [];
  for (const logicalId of Object.keys(resources).sort(compareText)) {
    const value = resources[logicalId]?.Metadata?.[SUPPRESSIONS_METADATA_KEY];
    if (value === undefined) continue;
    const policyName = policies.find((p) => p.logicalId === logicalId)?.policyName;
    const base = { logicalId, ...(policyName === undefined ? {} : { policyName }), used: false };
    if (!Array.isArray(value)) {
      records.push({ ...base, position: 0, problem: 'is not a list of {"id": ..., "reason": ...} objects' });
      continue;
    }
    value.forEach((entry, position) => records.push({ ...base, position, ...readSuppression(entry) }));
  }
  return records;
}

/**
 * Marks `finding` suppressed by the first usable entry among the resources in `from` that names
 * its finding id, else its rule id. Every matching entry counts as used.
 */
export function applySuppressions(finding: Finding, from: readonly string[], records: readonly SuppressionRecord[]): Finding {
  if (finding.findingClass === 'Error' || from.length === 0) return finding;
  const matching = records.filter((r) => r.problem === undefined && from.includes(r.logicalId)
    && (r.id === finding.findingId || r.id === finding.ruleId));
  if (matching.length === 0) return finding;
  for (const record of matching) record.used = true;
  const chosen = matching.find((r) => r.id === finding.findingId) ?? matching[0];
  return { ...finding, suppressedBecause: chosen.reason!.trim() };
}
