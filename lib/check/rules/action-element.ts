/**
 * CRG-E005: a statement has exactly one of `Action` and `NotAction`, holding one action string
 * or a non-empty list of them. https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { readEntries } from '../document';
import { DOCS, DocumentRule, RuleHit, show } from '../rule';

export const actionElement: DocumentRule = {
  id: 'CRG-E005',
  name: 'action-element',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A statement with neither or both of `Action` and `NotAction`, or whose value is not a string or a non-empty list of strings.',
  fix: 'Keep exactly one of `Action` / `NotAction`, with `"service:Action"` strings.',
  docs: DOCS.syntax,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      const i = statement.index;
      const hasAction = statement.raw.Action !== undefined;
      const hasNotAction = statement.raw.NotAction !== undefined;
      if (hasAction && hasNotAction) {
        hits.push({ statementIndex: i, target: 'Action+NotAction', message: `Statement ${i} has both Action and NotAction.`, hint: 'Keep one of them; split the statement in two if both are meant.' });
        continue;
      }
      if (!statement.actionKey) {
        hits.push({ statementIndex: i, target: 'Action', message: `Statement ${i} has neither Action nor NotAction.`, hint: 'Add "Action": ["service:Action", ...].' });
        continue;
      }
      const key = statement.actionKey;
      const entries = readEntries(statement.raw[key]);
      if (!entries.wellFormed || entries.count === 0) {
        hits.push({
          statementIndex: i,
          target: key,
          message: `Statement ${i}: ${key} is ${show(statement.raw[key])}; RAM takes one action string or a non-empty list of them.`,
          hint: `Write "${key}": ["service:Action", ...].`,
        });
        continue;
      }
      for (const entry of entries.invalid) {
        hits.push({ statementIndex: i, target: show(entry), message: `Statement ${i}: ${key} entry ${show(entry)} is not a string.`, hint: 'Write each action as a "service:Action" string.' });
      }
    }
    return hits;
  },
};
