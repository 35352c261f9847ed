/**
 * CRG-E007: RAM's policy language has no `NotResource` (a statement has Effect, Action or
 * NotAction, Resource and Condition). https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { DOCS, DocumentRule, RuleHit } from '../rule';

export const notResource: DocumentRule = {
  id: 'CRG-E007',
  name: 'not-resource',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A statement with `NotResource`, which RAM does not have.',
  fix: 'List the resources in `Resource`, or exclude resources with a separate `Deny` statement.',
  docs: DOCS.syntax,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      if (statement.raw.NotResource === undefined) continue;
      hits.push({
        statementIndex: statement.index,
        target: 'NotResource',
        message: `Statement ${statement.index} uses NotResource, which RAM does not support.`,
        hint: 'Name the resources in Resource, or add a Deny statement for the ones to exclude.',
      });
    }
    return hits;
  },
};
