/**
 * CRG-E003: a policy has only `Version` and `Statement`; a statement only `Effect`, `Action` or
 * `NotAction`, `Resource` and `Condition`. Element names are case-sensitive. `Principal` exists
 * only in trust policies of roles, never in a policy attached to a user, group or role.
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { DOCS, DocumentRule, RuleHit } from '../rule';

const DOCUMENT_ELEMENTS = ['Version', 'Statement'];
// NotResource has its own rule (CRG-E007), so it is not reported twice.
const STATEMENT_ELEMENTS = ['Effect', 'Action', 'NotAction', 'Resource', 'Condition', 'NotResource'];

export const unknownElement: DocumentRule = {
  id: 'CRG-E003',
  name: 'unknown-element',
  findingClass: 'Error',
  scope: 'document',
  catches: 'An element RAM does not know: anything but `Version` / `Statement` in a document, or `Effect` / `Action` / `NotAction` / `Resource` / `Condition` in a statement (names are case-sensitive; `Sid` and `Principal` do not exist here).',
  fix: 'Remove the element, or correct the spelling and case of its name.',
  docs: DOCS.syntax,
  check(doc) {
    if (!doc.document) return [];
    const hits: RuleHit[] = [];
    for (const key of Object.keys(doc.document).sort()) {
      if (!DOCUMENT_ELEMENTS.includes(key)) {
        hits.push({ target: key, message: `The document has an unknown element "${key}".`, hint: hintFor(key, DOCUMENT_ELEMENTS) });
      }
    }
    for (const statement of doc.statements) {
      for (const key of Object.keys(statement.raw).sort()) {
        if (!STATEMENT_ELEMENTS.includes(key)) {
          hits.push({
            statementIndex: statement.index,
            target: key,
            message: `Statement ${statement.index} has an unknown element "${key}".`,
            hint: hintFor(key, STATEMENT_ELEMENTS.filter((k) => k !== 'NotResource')),
          });
        }
      }
    }
    return hits;
  },
};

function hintFor(key: string, known: readonly string[]): string {
  const sameWord = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (sameWord) return `Element names are case-sensitive: write "${sameWord}".`;
  if (key === 'Principal') return 'Principal belongs only in a RAM role\'s trust policy; remove it from this policy.';
  return `Remove it; the known elements are ${known.join(', ')}.`;
}
