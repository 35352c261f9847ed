/**
 * CRG-S006: an attachment that may attach a system policy whose name is only known at deployment:
 * `PolicyType: System` with a `PolicyName` given by a parameter or an intrinsic function (`Ref`,
 * `Fn::Sub`, `Fn::Join`, ...), a `PolicyType` that is not literal (it may be `System`), or a
 * user's, group's or role's `PolicyAttachments` (or its `System` list, or an entry of it) that is
 * not literal. Such a name may be any system policy, `AdministratorAccess` included, and neither
 * CRG-S003 nor a review can see which. A name the template itself fixes (text, `Fn::Join` or
 * `Fn::Sub` of text, a parameter given a value) is the policy it spells, and CRG-S003 and CRG-S007
 * judge it; values are read by the one template reader, lib/template/template.ts. A name built
 * from String parameters whose AllowedValues or AllowedPattern (and Default) let it name none of
 * the system policies those rules require a reason for is no finding (../parameters.ts).
 * Attachments: https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-attachpolicytouser
 * (and -group, -role), https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-user
 * (and -group, -role: `PolicyAttachments`), https://www.alibabacloud.com/help/en/resource-management/developer-reference/api-attachpolicy
 * High-risk system policies: lib/model/system-policies.ts.
 */
import { HIGH_RISK_SYSTEM_POLICIES, REGISTRY_FULL_ACCESS } from '../../model/system-policies';
import { principalOf } from '../../template/template';
import { riskySystemPolicyName } from '../parameters';
import { DOCS, show, TemplateHit, TemplateRule } from '../rule';

const EXAMPLES = Object.keys(HIGH_RISK_SYSTEM_POLICIES).slice(0, 2).join(', ');
/** The system policies CRG-S003 and CRG-S007 require a reason for. */
const NEEDS_A_REASON = [...Object.keys(HIGH_RISK_SYSTEM_POLICIES), REGISTRY_FULL_ACCESS];

export const unresolvedSystemPolicy: TemplateRule = {
  id: 'CRG-S006',
  name: 'unresolved-system-policy',
  findingClass: 'SecurityWarning',
  scope: 'template',
  phase: 'findings',
  catches: 'An attachment of a system policy named through a parameter or an intrinsic function only resolved at deployment (`PolicyType: System` with `PolicyName` `{"Ref": "Name"}`, `Fn::Sub` of a parameter), a `PolicyType` that is not literal, or `PolicyAttachments` (or its `System` list or entries) that are not literal: it may attach any high-risk system policy.',
  fix: 'Name system policies and policy types as literal text or from a parameter whose AllowedValues name no high-risk policy, or suppress with the reason every value the parameter can take is safe.',
  docs: DOCS.policyCheck,
  check(t) {
    const hits = new Map<string, TemplateHit>();
    const anySystemPolicy = `it may attach any system policy (${EXAMPLES}, ...)`;
    for (const attachment of t.access.attachments) {
      const { logicalId } = attachment;
      const principal = principalOf(attachment);
      const hit = (field: string, value: unknown, what: string, why?: string) => {
        const target = `${logicalId}.${field}`;
        // A principal of a kind only known at deployment is read as each kind: one finding.
        if (hits.has(target)) return;
        hits.set(target, {
          policyName: show(value),
          principal,
          logicalId,
          target,
          message: `${logicalId}: ${field} is ${show(value)}, only known at deployment; ${what} to ${principal}, and which one cannot be checked before deployment${why ? ` (${why})` : ''}.`,
          hint: `Write ${field} as literal text, or suppress CRG-S006 on ${logicalId} with the reason every value it can take is safe.`,
          suppressibleFrom: [logicalId],
        });
      };
      if (attachment.typeSource !== undefined) {
        hit('PolicyType', attachment.typeSource, attachment.policyNameKnown ? `it may attach the system policy ${attachment.policyName}` : anySystemPolicy);
      } else if (attachment.policyType === 'System' && !attachment.policyNameKnown) {
        const why = attachment.policyNameParts && riskySystemPolicyName(attachment.policyNameParts, NEEDS_A_REASON, t.access.parameters);
        // A name whose parameters can only name system policies that need no reason is no finding.
        if (attachment.policyNameParts !== undefined && why === undefined) continue;
        hit(attachment.nameSource.field, attachment.nameSource.value, anySystemPolicy, why);
      }
    }
    return [...hits.values()];
  },
};
