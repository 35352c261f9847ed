/**
 * CRG-E001: the input must be a policy document object with a non-empty `Statement` list of
 * statement objects. https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { isObject, isUnresolvedValue } from '../document';
import { DOCS, DocumentRule, RuleHit, show } from '../rule';

export const documentShape: DocumentRule = {
  id: 'CRG-E001',
  name: 'document-shape',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A document that is not a JSON object, or whose `Statement` is missing, not a list, empty, or holds something other than statement objects.',
  fix: 'Write `{"Version": "1", "Statement": [{...}, ...]}` with at least one statement object.',
  docs: DOCS.syntax,
  check(doc) {
    // A document only known at deployment is CRG-S005's.
    if (doc.unresolved) return [];
    if (!doc.document) {
      return [{ target: 'document', message: `The policy document ${doc.problem}.`, hint: 'RAM stores a JSON object: {"Version": "1", "Statement": [...]}.' }];
    }
    const list = doc.document.Statement;
    if (list === undefined) {
      return [{ target: 'Statement', message: 'The document has no Statement element.', hint: 'Add "Statement": [ ... ] with at least one statement.' }];
    }
    if (isUnresolvedValue(list)) return [];
    if (!Array.isArray(list)) {
      return [{ target: 'Statement', message: `Statement is ${show(list)}, not a list.`, hint: 'Wrap the statement in a list: "Statement": [ {...} ].' }];
    }
    if (list.length === 0) {
      return [{ target: 'Statement', message: 'Statement is an empty list: the policy grants and denies nothing.', hint: 'Add at least one statement, or drop the policy.' }];
    }
    const hits: RuleHit[] = [];
    list.forEach((entry, index) => {
      if (!isObject(entry)) {
        hits.push({
          statementIndex: index,
          target: `#${index}`,
          message: `Statement ${index} is ${show(entry)}, not a statement object.`,
          hint: 'Each statement is an object with Effect, Action (or NotAction) and Resource.',
        });
      }
    });
    return hits;
  },
};
