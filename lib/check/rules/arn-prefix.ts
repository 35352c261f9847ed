/**
 * CRG-E010: a resource is `*` or an ARN `acs:<service>:<region>:<account>:<resource>`.
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check ("Invalid ARN prefix")
 */
import { parseArn } from '../../model/arn';
import { DOCS, DocumentRule, RuleHit } from '../rule';

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
        if (parseArn(resource)?.service) continue;
        hits.push({
          statementIndex: statement.index,
          target: resource,
          message: `Statement ${statement.index}: "${resource}" is not an Alibaba Cloud resource name.`,
          hint: hintFor(resource),
        });
      }
    }
    return hits;
  },
};

function hintFor(resource: string): string {
  const prefix = resource.split(':')[0];
  if (prefix.toLowerCase() === 'acs' && prefix !== 'acs') return 'Write the prefix in lower case: "acs:".';
  if (prefix === 'arn') return 'Alibaba Cloud resource names start with "acs:", not "arn:".';
  if (prefix === 'acs') return 'An ARN has five parts: acs:<service>:<region>:<account>:<resource>.';
  return `Start with "acs:", e.g. "acs:cr:*:*:${resource}", or use "*".`;
}
