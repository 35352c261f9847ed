/**
 * CRG-S003: a system policy that hands out full control or the power to grant permissions
 * (lib/model/system-policies.ts) attached without a recorded reason. The library refuses such a
 * grant unless it says why, and writes the reason into the attachment's Metadata; this rule holds
 * any template — hand-written ones and other tools' included — to the same standard, so a
 * reviewer always finds the reason next to the attachment.
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check
 */
import { MIN_REASON_LENGTH } from '../../model/suppressions';
import { HIGH_RISK_REASON_METADATA, highRiskReasonOf } from '../../model/system-policies';
import { principalOf } from '../../template/template';
import { DOCS, TemplateHit, TemplateRule } from '../rule';

export const highRiskSystemPolicy: TemplateRule = {
  id: 'CRG-S003',
  name: 'high-risk-system-policy',
  findingClass: 'SecurityWarning',
  scope: 'template',
  phase: 'findings',
  catches: `A high-risk system policy (\`AdministratorAccess\`, \`AliyunRAMFullAccess\`, ...) attached without a reason of at least ${MIN_REASON_LENGTH} characters in the attachment's \`${HIGH_RISK_REASON_METADATA}\` Metadata.`,
  fix: `Attach a narrower policy, or record why the grantee needs it (\`highRiskReason\` of a grant writes the Metadata).`,
  docs: DOCS.policyCheck,
  check(t) {
    const resources: { [id: string]: any } = t.template?.Resources ?? {};
    const hits: TemplateHit[] = [];
    for (const attachment of t.access.attachments) {
      if (attachment.policyType !== 'System') continue;
      const risk = highRiskReasonOf(attachment.policyName);
      if (risk === undefined) continue;
      const recorded = resources[attachment.logicalId]?.Metadata?.[HIGH_RISK_REASON_METADATA];
      if (typeof recorded === 'string' && recorded.trim().length >= MIN_REASON_LENGTH) continue;
      const label = principalOf(attachment);
      const why = recorded === undefined
        ? `without a reason in its Metadata "${HIGH_RISK_REASON_METADATA}"`
        : `with the reason ${JSON.stringify(recorded)} in its Metadata "${HIGH_RISK_REASON_METADATA}", which is not text of at least ${MIN_REASON_LENGTH} characters`;
      hits.push({
        policyName: attachment.policyName,
        principal: label,
        logicalId: attachment.logicalId,
        target: attachment.policyName,
        message: `${attachment.logicalId} attaches the system policy ${attachment.policyName} (${risk}) to ${label} ${why}.`,
        hint: `Attach a narrower policy, or say why ${label} needs it: \`highRiskReason\` on the grant, or "${HIGH_RISK_REASON_METADATA}" in the attachment's Metadata, at least ${MIN_REASON_LENGTH} characters.`,
        suppressibleFrom: [attachment.logicalId],
      });
    }
    return hits;
  },
};
