/**
 * CRG-E009: an action is written `<ram-code>:<action-name>`, or is `*`; `*` may stand for any
 * run of characters. https://www.alibabacloud.com/help/en/ram/permission-policy-check
 * ("Invalid action format") and https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { DOCS, DocumentRule, RuleHit } from '../rule';

const ACTION_FORMAT = /^(?:\*|[A-Za-z0-9*-]+:[A-Za-z0-9*]+)$/;

export const actionFormat: DocumentRule = {
  id: 'CRG-E009',
  name: 'action-format',
  findingClass: 'Error',
  scope: 'document',
  catches: 'An `Action` / `NotAction` entry that is not `*` or `service:Action` (letters, digits and `*`).',
  fix: 'Write actions as `cr:PullRepository`, `cr:List*` or `cr:*`.',
  docs: DOCS.policyCheck,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      for (const action of statement.actions) {
        if (ACTION_FORMAT.test(action)) continue;
        hits.push({
          statementIndex: statement.index,
          target: action,
          message: `Statement ${statement.index}: "${action}" is not an action of the form service:Action.`,
          hint: hintFor(action),
        });
      }
    }
    return hits;
  },
};

function hintFor(action: string): string {
  if (!action.includes(':')) return `Prefix the service code, e.g. "cr:${action}".`;
  if (/\s/.test(action)) return 'Remove the white space.';
  if (action.includes('?')) return '"?" is not a wildcard in actions; use "*".';
  return 'Use the service code, one colon, and the action name (letters, digits, "*").';
}
