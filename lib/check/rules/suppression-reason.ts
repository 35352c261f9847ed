/**
 * CRG-E015: a suppression must name what it suppresses and say why, in at least 10 characters,
 * so a reviewer reading the template learns why a finding is accepted. Such a finding is itself
 * never suppressible.
 */
import { MIN_REASON_LENGTH } from '../../model/suppressions';
import { DOCS, isObject, TemplateHit, TemplateRule } from './rule';

export { MIN_REASON_LENGTH };

/** The Metadata key of a resource that holds its suppressions. */
export const SUPPRESSIONS_METADATA_KEY = 'cr-grants:suppressions';

/** A rule id (`CRG-S001`) or a granular finding id (`CRG-S001[cr:*]`). */
const ID_FORMAT = /^CRG-[A-Z][0-9]{3}(?:\[.+\])?$/;

/** Reads one suppression entry; `problem` says why it cannot be used. */
export function readSuppression(entry: unknown): { id?: string; reason?: string; problem?: string } {
  if (!isObject(entry)) return { problem: 'is not an object {"id": ..., "reason": ...}' };
  const id = typeof entry.id === 'string' ? entry.id : undefined;
  const reason = typeof entry.reason === 'string' ? entry.reason : undefined;
  if (id === undefined) return { reason, problem: 'has no "id" (a rule id such as CRG-S001, or a finding id such as CRG-S001[cr:*])' };
  if (!ID_FORMAT.test(id)) return { id, reason, problem: `has the id "${id}", which is neither a rule id (CRG-S001) nor a finding id (CRG-S001[cr:*])` };
  if (reason === undefined) return { id, problem: 'has no "reason"' };
  if (reason.trim().length < MIN_REASON_LENGTH) {
    return { id, reason, problem: `has the reason ${JSON.stringify(reason)}, shorter than ${MIN_REASON_LENGTH} characters` };
  }
  return { id, reason };
}

export const suppressionReason: TemplateRule = {
  id: 'CRG-E015',
  name: 'suppression-reason',
  findingClass: 'Error',
  scope: 'template',
  phase: 'suppressions',
  catches: `A suppression in a resource's \`${SUPPRESSIONS_METADATA_KEY}\` Metadata without an id or without a reason of at least ${MIN_REASON_LENGTH} characters; it suppresses nothing.`,
  fix: 'Give each suppression `{"id": "CRG-S001", "reason": "why the finding is accepted"}`.',
  docs: DOCS.policyCheck,
  check(t) {
    const hits: TemplateHit[] = [];
    for (const record of t.suppressions) {
      if (record.problem === undefined) continue;
      hits.push({
        policyName: record.policyName ?? '',
        logicalId: record.logicalId,
        target: `${record.logicalId}#${record.position}`,
        message: `Suppression ${record.position} of ${record.logicalId} ${record.problem}; it suppresses nothing.`,
        hint: `Write {"id": "CRG-S001", "reason": "..."} with a reason of at least ${MIN_REASON_LENGTH} characters.`,
        suppressibleFrom: [],
      });
    }
    return hits;
  },
};
