/**
 * CRG-S002: `Allow` with `NotAction` grants every action of every service except the ones
 * listed, including services added later. https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 * (NotAction with Allow is a shorthand for subtracting from `*`).
 */
import { isAllow } from '../document';
import { DOCS, DocumentRule, listText, RuleHit } from '../rule';

export const allowNotAction: DocumentRule = {
  id: 'CRG-S002',
  name: 'allow-not-action',
  findingClass: 'SecurityWarning',
  scope: 'document',
  catches: 'An `Allow` with `NotAction`: everything except the listed actions, in every service, is allowed.',
  fix: 'List the allowed actions in `Action` instead.',
  docs: DOCS.syntax,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      if (!isAllow(statement) || statement.actionKey !== 'NotAction') continue;
      const except = statement.actions.length > 0 ? listText(statement.actions) : 'the listed actions';
      hits.push({
        statementIndex: statement.index,
        target: 'NotAction',
        message: `Statement ${statement.index} allows every action of every service except ${except}.`,
        hint: 'Name the allowed actions in Action; use a Deny statement to carve out exceptions.',
      });
    }
    return hits;
  },
};
