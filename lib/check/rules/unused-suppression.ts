/**
 * CRG-I002: a suppression that matches no finding is stale; left in place it would silently
 * hide a later finding with the same id. Errors cannot be suppressed at all: RAM or ROS refuses
 * what they report, whatever the reason.
 */
import { namesAnError } from '../../model/suppressions';
import { DOCS, TemplateHit, TemplateRule } from '../rule';

export const unusedSuppression: TemplateRule = {
  id: 'CRG-I002',
  name: 'unused-suppression',
  findingClass: 'Suggestion',
  scope: 'template',
  phase: 'suppressions',
  catches: 'A suppression that matches no finding of its resource (stale, misspelled, or naming an Error, which cannot be suppressed).',
  fix: 'Remove the suppression, or correct its id.',
  docs: DOCS.policyCheck,
  check(t) {
    const hits: TemplateHit[] = [];
    for (const record of t.suppressions) {
      if (record.problem !== undefined || record.used || record.id === undefined) continue;
      const error = namesAnError(record.id);
      hits.push({
        policyName: record.policyName ?? '',
        logicalId: record.logicalId,
        target: `${record.logicalId}#${record.position}`,
        message: error
          ? `Suppression ${record.position} of ${record.logicalId} names ${record.id}, an Error; errors cannot be suppressed.`
          : `Suppression ${record.position} of ${record.logicalId} (${record.id}) matches no finding.`,
        hint: error ? 'Fix what the error reports and remove the suppression.' : 'Remove it, or correct the id.',
        suppressibleFrom: [],
      });
    }
    return hits;
  },
};
