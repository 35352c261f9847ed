/**
 * CRG-S006: an attachment that may attach a system policy whose name is only known at deployment:
 * `PolicyType: System` with a `PolicyName` given by a parameter or an intrinsic function (`Ref`,
 * `Fn::Sub`, `Fn::Join`, ...), a `PolicyType` that is not literal (it may be `System`), or a
 * user's, group's or role's `PolicyAttachments` (or its `System` list, or an entry of it) that is
 * not literal. Such a name may be any system policy, `AdministratorAccess` included, and neither
 * CRG-S003 nor a review can see which.
 * Attachments: https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-attachpolicytouser
 * (and -group, -role), https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-user
 * (and -group, -role: `PolicyAttachments`), https://www.alibabacloud.com/help/en/resource-management/developer-reference/api-attachpolicy
 * High-risk system policies: lib/model/system-policies.ts.
 */
import { principalLabel } from '../../model/principal';
import { HIGH_RISK_SYSTEM_POLICIES } from '../../model/system-policies';
import { isObject, isUnresolvedValue } from '../document';
import { DOCS, show, TemplateHit, TemplateRule } from '../rule';

/** Resources whose `PolicyType` and `PolicyName` attach one policy. */
const ATTACHMENT_TYPES = [
  'ALIYUN::RAM::AttachPolicyToUser', 'ALIYUN::RAM::AttachPolicyToGroup', 'ALIYUN::RAM::AttachPolicyToRole',
  'ALIYUN::ResourceManager::PolicyAttachment',
];

/** Resources whose `PolicyAttachments` attach `System` and `Custom` lists of policies. */
const IDENTITY_TYPES = ['ALIYUN::RAM::User', 'ALIYUN::RAM::Group', 'ALIYUN::RAM::Role'];

const EXAMPLES = Object.keys(HIGH_RISK_SYSTEM_POLICIES).slice(0, 2).join(', ');

export const unresolvedSystemPolicy: TemplateRule = {
  id: 'CRG-S006',
  name: 'unresolved-system-policy',
  findingClass: 'SecurityWarning',
  scope: 'template',
  phase: 'findings',
  catches: 'An attachment of a system policy named through a parameter or intrinsic function (`PolicyType: System` with `PolicyName` `Ref` / `Fn::Sub` / `Fn::Join`), a `PolicyType` that is not literal, or `PolicyAttachments` (or its `System` list or entries) that are not literal: it may attach any high-risk system policy.',
  fix: 'Name system policies and policy types as literal text, or suppress with the reason every value the parameter can take is safe.',
  docs: DOCS.policyCheck,
  check(t) {
    const resources: { [id: string]: any } = t.template?.Resources ?? {};
    const hits: TemplateHit[] = [];
    const labelOf = (logicalId: string) => {
      const attachment = t.access.attachments.find((a) => a.logicalId === logicalId);
      return attachment === undefined ? undefined : principalLabel(attachment.principal);
    };
    const hit = (logicalId: string, field: string, value: unknown, what: string): TemplateHit => {
      const principal = labelOf(logicalId);
      return {
        policyName: show(value),
        ...(principal === undefined ? {} : { principal }),
        logicalId,
        target: `${logicalId}.${field}`,
        message: `${logicalId}: ${field} is ${show(value)}, only known at deployment; ${what}${principal === undefined ? '' : ` to ${principal}`}, and which one cannot be checked before deployment.`,
        hint: `Write ${field} as literal text, or suppress CRG-S006 on ${logicalId} with the reason every value it can take is safe.`,
        suppressibleFrom: [logicalId],
      };
    };
    const anySystemPolicy = `it may attach any system policy (${EXAMPLES}, ...)`;
    for (const [logicalId, resource] of Object.entries<any>(resources)) {
      const props = isObject(resource?.Properties) ? resource.Properties : {};
      if (ATTACHMENT_TYPES.includes(resource?.Type)) {
        const { PolicyType: type, PolicyName: name } = props;
        if (isUnresolvedValue(type)) {
          const named = typeof name === 'string' && !isUnresolvedValue(name) ? `it may attach the system policy ${name}` : anySystemPolicy;
          hits.push(hit(logicalId, 'PolicyType', type, named));
        } else if (type === 'System' && isUnresolvedValue(name)) {
          hits.push(hit(logicalId, 'PolicyName', name, anySystemPolicy));
        }
        continue;
      }
      if (!IDENTITY_TYPES.includes(resource?.Type) || props.PolicyAttachments === undefined) continue;
      const attachments = props.PolicyAttachments;
      if (!isObject(attachments) || isUnresolvedValue(attachments)) {
        if (isUnresolvedValue(attachments)) hits.push(hit(logicalId, 'PolicyAttachments', attachments, anySystemPolicy));
        continue;
      }
      const system = attachments.System;
      if (system === undefined) continue;
      if (!Array.isArray(system)) {
        if (isUnresolvedValue(system)) hits.push(hit(logicalId, 'PolicyAttachments.System', system, anySystemPolicy));
        continue;
      }
      system.forEach((entry, index) => {
        if (isUnresolvedValue(entry)) hits.push(hit(logicalId, `PolicyAttachments.System[${index}]`, entry, anySystemPolicy));
      });
    }
    return hits;
  },
};
