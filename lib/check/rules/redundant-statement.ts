/**
 * CRG-I001: a statement whose every action and resource is already covered by another statement
 * of the same effect (with no condition, or the same one) changes nothing and only uses up the
 * document's characters (https://www.alibabacloud.com/help/en/ram/product-overview/limits).
 * Coverage is tested with the evaluator's own pattern matching: pattern `a` covers pattern `b`
 * when `a` matches the text of `b`, whose `*` can only be absorbed by a `*` of `a`.
 */
import { matchesPattern } from '../../model/wildcard';
import { StatementView } from '../document';
import { DOCS, DocumentRule, RuleHit } from '../rule';

export const redundantStatement: DocumentRule = {
  id: 'CRG-I001',
  name: 'redundant-statement',
  findingClass: 'Suggestion',
  scope: 'document',
  catches: 'A statement fully covered by another statement with the same effect in the same document (every action and every resource matched, no narrower condition).',
  fix: 'Remove the covered statement.',
  docs: DOCS.policyCheck,
  check(doc) {
    const hits: RuleHit[] = [];
    const candidates = doc.statements.filter(comparable);
    for (const b of candidates) {
      const a = candidates.find((other) => other !== b && covers(other, b) && !(covers(b, other) && b.index < other.index));
      if (!a) continue;
      hits.push({
        statementIndex: b.index,
        target: `#${b.index}`,
        message: `Statement ${b.index} is covered by statement ${a.index}: every action and resource it names is already ${a.raw.Effect === 'Deny' ? 'denied' : 'allowed'} there.`,
        hint: `Remove statement ${b.index}.`,
      });
    }
    return hits;
  },
};

function comparable(s: StatementView): boolean {
  return (s.raw.Effect === 'Allow' || s.raw.Effect === 'Deny')
    && s.actionKey === 'Action' && s.actionsComplete && s.resourcesComplete
    && s.actions.length > 0 && s.resources.length > 0;
}

/** Whether statement `a` applies to everything statement `b` applies to. */
export function covers(a: StatementView, b: StatementView): boolean {
  if (a.raw.Effect !== b.raw.Effect) return false;
  if (a.raw.Condition !== undefined && canonical(a.raw.Condition) !== canonical(b.raw.Condition)) return false;
  return b.actions.every((ba) => a.actions.some((aa) => matchesPattern(aa, ba, true)))
    && b.resources.every((br) => a.resources.some((ar) => matchesPattern(ar, br, false)));
}

/** JSON with object keys sorted, so equal conditions compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as { [key: string]: unknown };
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
