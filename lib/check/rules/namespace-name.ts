/**
 * CRG-W003: the namespace segment of an Enterprise Edition ARN must be a name a namespace can
 * have, or the statement matches nothing.
 * https://www.alibabacloud.com/help/en/acr/user-guide/manage-namespaces
 * Naming rule: lib/model/field-rules.ts (FIELD_RULES.namespace).
 */
import { FIELD_RULES } from '../../model/field-rules';
import { crResourcesOf } from '../document';
import { instanceSegmentOk } from '../patterns';
import { DOCS, DocumentRule, RuleHit } from '../rule';

export const namespaceName: DocumentRule = {
  id: 'CRG-W003',
  name: 'namespace-name',
  findingClass: 'Warning',
  scope: 'document',
  catches: 'A `repository/` or `chart/` ARN whose namespace segment is not a valid namespace name (2-120 lowercase letters, digits, `_`, `-`, `.`), so it matches nothing.',
  fix: 'Use the namespace name exactly as the Container Registry console shows it.',
  docs: DOCS.crNamespaces,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const { statement, resource, split } of crResourcesOf(doc)) {
      if (!split || split.type === 'instance' || split.segments.length < 2) continue;
      // A misplaced instance id is CRG-W002's finding; its second segment is no namespace.
      if (!instanceSegmentOk(split.segments[0])) continue;
      const namespace = split.segments[1];
      if (namespace.includes('*') || FIELD_RULES.namespace.pattern.test(namespace)) continue;
      hits.push({
        statementIndex: statement.index,
        target: resource,
        message: `Statement ${statement.index}: "${resource}" names the namespace "${namespace}", which no namespace can be called; it matches nothing.`,
        hint: `A namespace name ${FIELD_RULES.namespace.rule}, e.g. ${FIELD_RULES.namespace.example}.`,
      });
    }
    return hits;
  },
};
