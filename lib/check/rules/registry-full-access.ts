/**
 * CRG-S007: the system policy `AliyunContainerRegistryFullAccess` attached. It is `cr:*` on `*`:
 * every action on every instance, namespace, repository and image of the account, deletes and
 * instance settings included — what namespace grants exist to avoid. Container Registry names it
 * as one of its two system policies, next to the read-only one:
 * https://www.alibabacloud.com/help/en/acr/user-guide/grant-ram-user-system-policy
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 * Like the high-risk system policies (CRG-S003) it passes with a reason recorded in the
 * attachment's `cr-grants:high-risk-reason` Metadata, and can be suppressed on the attachment.
 */
import { MIN_REASON_LENGTH } from '../../model/suppressions';
import { HIGH_RISK_REASON_METADATA, REGISTRY_FULL_ACCESS } from '../../model/system-policies';
import { principalOf } from '../../template/template';
import { DOCS, TemplateHit, TemplateRule } from '../rule';

export const registryFullAccess: TemplateRule = {
  id: 'CRG-S007',
  name: 'registry-full-access',
  findingClass: 'SecurityWarning',
  scope: 'template',
  phase: 'findings',
  catches: `The system policy \`${REGISTRY_FULL_ACCESS}\` attached: \`cr:*\` on \`*\`, every action on every instance and namespace of the account, without a reason of at least ${MIN_REASON_LENGTH} characters in the attachment's \`${HIGH_RISK_REASON_METADATA}\` Metadata.`,
  fix: 'Grant per namespace (`NamespaceGrant`, `RegistryAccess`), or record or suppress with the reason the grantee administers every registry of the account.',
  docs: DOCS.crSystemPolicies,
  check(t) {
    const resources: { [id: string]: any } = t.template?.Resources ?? {};
    const hits: TemplateHit[] = [];
    for (const attachment of t.access.attachments) {
      // RAM compares policy names without regard to case.
      if (attachment.policyType !== 'System' || attachment.policyName.toLowerCase() !== REGISTRY_FULL_ACCESS.toLowerCase()) continue;
      const recorded = resources[attachment.logicalId]?.Metadata?.[HIGH_RISK_REASON_METADATA];
      if (typeof recorded === 'string' && recorded.trim().length >= MIN_REASON_LENGTH) continue;
      const label = principalOf(attachment);
      hits.push({
        policyName: attachment.policyName,
        principal: label,
        logicalId: attachment.logicalId,
        target: attachment.policyName,
        message: `${attachment.logicalId} attaches the system policy ${attachment.policyName} (cr:* on *: every action on every instance, namespace and repository of the account, deletes included) to ${label}.`,
        hint: `Grant ${label} the namespaces it needs (NamespaceGrant or RegistryAccess), or say why it administers every registry: "${HIGH_RISK_REASON_METADATA}" in the attachment's Metadata, or suppress CRG-S007 on ${attachment.logicalId}, with a reason of at least ${MIN_REASON_LENGTH} characters.`,
        suppressibleFrom: [attachment.logicalId],
      });
    }
    return hits;
  },
};
