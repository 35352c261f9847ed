/**
 * CRG-E004: `Effect` is exactly `Allow` or `Deny` (values are case-sensitive).
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { isUnresolvedValue } from '../document';
import { DOCS, DocumentRule, RuleHit, show } from '../rule';

export const effect: DocumentRule = {
  id: 'CRG-E004',
  name: 'effect',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A statement without `Effect`, or with a value other than exactly `Allow` or `Deny`.',
  fix: 'Set `"Effect": "Allow"` or `"Effect": "Deny"`, spelled exactly so.',
  docs: DOCS.syntax,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      const value = statement.raw.Effect;
      if (value === 'Allow' || value === 'Deny' || isUnresolvedValue(value)) continue;
      if (value === undefined) {
        hits.push({ statementIndex: statement.index, target: 'Effect', message: `Statement ${statement.index} has no Effect.`, hint: 'Add "Effect": "Allow" or "Effect": "Deny".' });
        continue;
      }
      const word = typeof value === 'string' ? ['Allow', 'Deny'].find((w) => w.toLowerCase() === value.toLowerCase()) : undefined;
      hits.push({
        statementIndex: statement.index,
        target: show(value),
        message: `Statement ${statement.index} has Effect ${JSON.stringify(value)}.`,
        hint: word ? `Effect values are case-sensitive: write "${word}".` : 'Use "Allow" or "Deny".',
      });
    }
    return hits;
  },
};
