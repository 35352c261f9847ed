/**
 * CRG-E014: a policy name is 1-128 letters, digits and hyphens, and unique in the account, so
 * two managed policies of one template cannot share it.
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createpolicy
 */
import { FIELD_RULES } from '../../model/field-rules';
import { DOCS, TemplateHit, TemplateRule } from '../rule';

export const policyName: TemplateRule = {
  id: 'CRG-E014',
  name: 'policy-name',
  findingClass: 'Error',
  scope: 'template',
  phase: 'findings',
  accountWide: true,
  catches: 'A managed policy name that RAM refuses (not 1-128 letters, digits, `-`), or the same name on two managed policies of the template.',
  fix: 'Give each policy a unique name of letters, digits and hyphens (or leave `policyName` out for a derived one).',
  docs: DOCS.createPolicy,
  check(t) {
    const hits: TemplateHit[] = [];
    const firstOwner = new Map<string, string>();
    const resources: { [id: string]: any } = t.template?.Resources ?? {};
    for (const [logicalId, resource] of Object.entries<any>(resources)) {
      if (resource?.Type !== 'ALIYUN::RAM::ManagedPolicy') continue;
      const name = resource?.Properties?.PolicyName;
      if (typeof name !== 'string') continue;
      if (!FIELD_RULES.policyName.pattern.test(name)) {
        hits.push({
          policyName: name,
          logicalId,
          target: name,
          message: `Managed policy ${logicalId} is named "${name}"; a policy name ${FIELD_RULES.policyName.rule}.`,
          hint: `Rename it, e.g. "${FIELD_RULES.policyName.example}".`,
          suppressibleFrom: [],
        });
      }
      const owner = firstOwner.get(name);
      if (owner === undefined) {
        firstOwner.set(name, logicalId);
      } else {
        hits.push({
          policyName: name,
          logicalId,
          target: `${name}@${logicalId}`,
          message: `Managed policies ${owner} and ${logicalId} are both named "${name}"; RAM policy names are unique per account, so the second cannot be created.`,
          hint: 'Give one of them another name.',
          suppressibleFrom: [],
        });
      }
    }
    return hits;
  },
};
