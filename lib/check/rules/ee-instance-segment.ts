/**
 * CRG-W002: in Enterprise Edition ARNs the segment after `repository/`, `chart/` or
 * `instance/` is the instance id (`cri-...`). `repository/<namespace>/<repository>` is the
 * Personal Edition form: it never matches an Enterprise Edition resource.
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 * Instance id format: lib/model/field-rules.ts (FIELD_RULES.instanceId).
 */
import { FIELD_RULES } from '../../model/field-rules';
import { crResourcesOf } from '../document';
import { instanceSegmentOk } from '../patterns';
import { DOCS, DocumentRule, RuleHit } from '../rule';

export const eeInstanceSegment: DocumentRule = {
  id: 'CRG-W002',
  name: 'ee-instance-segment',
  findingClass: 'Warning',
  scope: 'document',
  catches: 'A Container Registry ARN whose instance segment is not `cri-...` or a wildcard — e.g. the Personal Edition form `repository/<namespace>/<repository>`, which never matches Enterprise Edition.',
  fix: 'Put the instance id first: `repository/<cri-id>/<namespace>/<repository>`.',
  docs: DOCS.crAuthorization,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const { statement, resource, split } of crResourcesOf(doc)) {
      if (!split || instanceSegmentOk(split.segments[0])) continue;
      const segment = split.segments[0];
      const personal = split.type !== 'instance' && FIELD_RULES.namespace.pattern.test(segment);
      hits.push({
        statementIndex: statement.index,
        target: resource,
        message: personal
          ? `Statement ${statement.index}: "${resource}" has the namespace "${segment}" where Enterprise Edition expects the instance id (the Personal Edition form); it matches no Enterprise Edition resource.`
          : `Statement ${statement.index}: "${resource}" has "${segment}" where the instance id belongs; it matches no Enterprise Edition resource.`,
        hint: personal
          ? `Write ${split.type}/<cri-id>/${split.segments.join('/')} with the instance id from the Container Registry console.`
          : `The instance id ${FIELD_RULES.instanceId.rule}, e.g. ${FIELD_RULES.instanceId.example}; or use "*".`,
      });
    }
    return hits;
  },
};
