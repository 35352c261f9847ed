/**
 * CRG-E006: every statement has `Resource`: one resource string or a non-empty list of them.
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { readEntries } from '../document';
import { DOCS, DocumentRule, RuleHit, show } from '../rule';

export const resourceElement: DocumentRule = {
  id: 'CRG-E006',
  name: 'resource-element',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A statement without `Resource`, or whose `Resource` is not a string or a non-empty list of strings.',
  fix: 'Add `"Resource"` with the ARNs the statement applies to (`"*"` for every resource).',
  docs: DOCS.syntax,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      const i = statement.index;
      const value = statement.raw.Resource;
      if (value === undefined) {
        hits.push({ statementIndex: i, target: 'Resource', message: `Statement ${i} has no Resource.`, hint: 'Add "Resource": ["acs:..."] (or "*" for actions authorized on no particular resource).' });
        continue;
      }
      const entries = readEntries(value);
      if (!entries.wellFormed || entries.count === 0) {
        hits.push({
          statementIndex: i,
          target: 'Resource',
          message: `Statement ${i}: Resource is ${show(value)}; RAM takes one resource string or a non-empty list of them.`,
          hint: 'Write "Resource": ["acs:...", ...].',
        });
        continue;
      }
      for (const entry of entries.invalid) {
        hits.push({ statementIndex: i, target: show(entry), message: `Statement ${i}: Resource entry ${show(entry)} is not a string.`, hint: 'Write each resource as an "acs:..." string or "*".' });
      }
    }
    return hits;
  },
};
