/**
 * CRG-E015: a suppression must name what it suppresses and say why, in at least 10 characters,
 * so a reviewer reading the template learns why a finding is accepted. Such a finding is itself
 * never suppressible.
 */
import { MIN_REASON_LENGTH, SUPPRESSIONS_METADATA_KEY } from '../../model/suppressions';
import { DOCS, TemplateHit, TemplateRule } from '../rule';

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
