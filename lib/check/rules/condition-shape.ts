/**
 * CRG-E008: `Condition` maps operators to maps of condition keys, and a key is written
 * `<ram-code>:<condition-key>` (for example `acs:SourceIp`).
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check ("Invalid condition key format")
 */
import { isObject, isUnresolvedValue } from '../document';
import { DOCS, DocumentRule, RuleHit, show } from '../rule';

const KEY_FORMAT = /^[A-Za-z0-9-]+:\S+$/;

export const conditionShape: DocumentRule = {
  id: 'CRG-E008',
  name: 'condition-shape',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A `Condition` that is not `{ "Operator": { "service:Key": value } }`, or a condition key not written `<ram-code>:<condition-key>`.',
  fix: 'Write conditions as `{ "IpAddress": { "acs:SourceIp": ["192.0.2.0/24"] } }`.',
  docs: DOCS.syntax,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      const i = statement.index;
      const condition = statement.raw.Condition;
      if (condition === undefined || isUnresolvedValue(condition)) continue;
      if (!isObject(condition)) {
        hits.push({ statementIndex: i, target: 'Condition', message: `Statement ${i}: Condition is ${show(condition)}, not an object.`, hint: 'Write { "Operator": { "service:Key": value } }.' });
        continue;
      }
      for (const operator of Object.keys(condition).sort()) {
        const block = condition[operator];
        if (isUnresolvedValue(block)) continue;
        if (!isObject(block)) {
          hits.push({ statementIndex: i, target: operator, message: `Statement ${i}: Condition operator ${operator} holds ${show(block)}, not an object of condition keys.`, hint: `Write "${operator}": { "service:Key": value }.` });
          continue;
        }
        for (const key of Object.keys(block).sort()) {
          if (!KEY_FORMAT.test(key)) {
            hits.push({ statementIndex: i, target: key, message: `Statement ${i}: condition key "${key}" is not in the form <ram-code>:<condition-key>.`, hint: 'Use a key such as acs:SourceIp, acs:SecureTransport or a service\'s own key.' });
          }
        }
      }
    }
    return hits;
  },
};
