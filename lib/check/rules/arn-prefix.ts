/**
 * CRG-E010: a resource is `*` or an ARN `acs:<service>:<region>:<account>:<resource>`.
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check ("Invalid ARN prefix")
 */
import { DOCS, DocumentRule, RuleHit } from './rule';

export const arnPrefix: DocumentRule = {
  id: 'CRG-E010',
  name: 'arn-prefix',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A `Resource` entry that is neither `*` nor `acs:<service>:<region>:<account>:<resource>`.',
  fix: 'Write ARNs as `acs:cr:<region>:<account>:repository/<cri-id>/<namespace>` (`*` for any region or account).',
  docs: DOCS.policyCheck,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      for (const resource of statement.resources) {
        if (resource === '*') continue;
        const parts = resource.split(':');
        if (parts[0] === 'acs' && parts.length >= 5 && parts[1] !== '') continue;
        hits.push({
          statementIndex: statement.index,
          target: resource,
          message: `Statement ${statement.index}: "${resource}" is not an Alibaba Cloud resource name.`,
          hint: hintFor(resource, parts),
        });
      }
    }
    return hits;
  },
};

function hintFor(resource: string, parts: readonly string[]): string {
  if (parts[0].toLowerCase() === 'acs' && parts[0] !== 'acs') return 'Write the prefix in lower case: "acs:".';
  if (parts[0] === 'arn') return 'Alibaba Cloud resource names start with "acs:", not "arn:".';
  if (parts[0] === 'acs') return 'An ARN has five parts: acs:<service>:<region>:<account>:<resource>.';
  return `Start with "acs:", e.g. "acs:cr:*:*:${resource}", or use "*".`;
}
