/**
 * Suppressions as the checker meets them: written into a resource's Metadata, read back from a
 * template, and applied to findings. A finding is accepted only by an entry with an id and a
 * reason; Errors are never suppressed, since RAM or ROS refuses what they report.
 */
import { compareText } from '../model/principal';
import { Suppression, uniqueSuppressions } from '../model/suppressions';
import { ruleOfSuppressionId, suppressibleRuleIds } from './registry';
import { Finding, SuppressionRecord } from './rules/rule';
import { MIN_REASON_LENGTH, readSuppression, SUPPRESSIONS_METADATA_KEY } from './rules/suppression-reason';

export { MIN_REASON_LENGTH, SUPPRESSIONS_METADATA_KEY } from './rules/suppression-reason';

/**
 * The value to store under a resource's `cr-grants:suppressions` Metadata: `existing` (the
 * value already there, if any) plus `suppressions`, without duplicates, sorted. Throws for an
 * unknown id, an Error rule (errors cannot be suppressed) or a reason shorter than
 * {@link MIN_REASON_LENGTH} characters, so a bad suppression never reaches a template.
 */
export function suppressionMetadata(suppressions: readonly Suppression[], existing?: unknown): Suppression[] {
  const previous = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  const accepted: Suppression[] = [];
  for (const entry of [...previous, ...suppressions]) {
    const { id, reason, problem } = readSuppression(entry);
    if (problem !== undefined || id === undefined || reason === undefined) {
      throw new Error(`Suppression ${JSON.stringify(entry)} ${problem}. Hint: write { id: 'CRG-S001', reason: '...' } with a reason of at least ${MIN_REASON_LENGTH} characters.`);
    }
    const rule = ruleOfSuppressionId(id);
    if (!rule) {
      throw new Error(`Suppression id "${id}" names no checker rule. Hint: use one of ${suppressibleRuleIds().join(', ')}.`);
    }
    if (rule.findingClass === 'Error') {
      throw new Error(`Suppression id "${id}" names an Error (${rule.name}); errors cannot be suppressed. Hint: ${rule.fix}`);
    }
    accepted.push({ id, reason });
  }
  return uniqueSuppressions(accepted);
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
