/**
 * System policies that hand out full control of the account or the ability to grant
 * permissions. The RAM console flags such policies when they are attached
 * (https://www.alibabacloud.com/help/en/acr/user-guide/attach-a-custom-policy-to-a-ram-user);
 * Alibaba's security guidance names admin (`*` on `*`) and RAM write access as high risk:
 * https://help.aliyun.com/en/ram/avoid-granting-admin-permissions-to-too-many-ram-identities
 * https://help.aliyun.com/en/ram/avoid-granting-high-risk-ram-permissions-to-too-many-ram-identities
 */
export const HIGH_RISK_SYSTEM_POLICIES: { readonly [name: string]: string } = {
  AdministratorAccess: 'every action on every resource of the account',
  AliyunRAMFullAccess: 'ram:*, so it can create identities and grant itself anything',
  AliyunSTSAssumeRoleAccess: 'sts:AssumeRole on every role, so it acts as any role that trusts the account',
  AliyunResourceManagerFullAccess: 'resourcemanager:*, including attaching policies within resource groups',
  AliyunCloudSSOFullAccess: 'cloudsso:*, including the access configurations that grant permissions',
};

/**
 * Container Registry's full-access system policy, `cr:*` on `*`: not high-risk for the account,
 * but every registry of it, so it too is attached only with a reason (CRG-S007).
 * https://www.alibabacloud.com/help/en/acr/user-guide/grant-ram-user-system-policy
 */
export const REGISTRY_FULL_ACCESS = 'AliyunContainerRegistryFullAccess';

/**
 * Metadata key under which an attachment records why a high-risk system policy is needed: one
 * line per distinct reason, sorted, when several grants attach the same policy. The constructs
 * write it and the checker reads it, so it lives here, below both.
 */
export const HIGH_RISK_REASON_METADATA = 'cr-grants:high-risk-reason';

/** RAM policy names are compared without regard to case, so a case variant is not a way around this list. */
export function highRiskReasonOf(policyName: string): string | undefined {
  const match = Object.keys(HIGH_RISK_SYSTEM_POLICIES).find((name) => name.toLowerCase() === policyName.toLowerCase());
  return match === undefined ? undefined : HIGH_RISK_SYSTEM_POLICIES[match];
}
