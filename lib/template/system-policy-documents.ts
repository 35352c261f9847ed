/**
 * The documents of the system policies that matter for Container Registry, so reviews can
 * evaluate a system-policy attachment like any custom policy. A system policy not listed here
 * is reported as "not evaluated" instead of being guessed.
 *
 * Sources: https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 * (AliyunContainerRegistryFullAccess, AliyunContainerRegistryReadOnlyAccess) and
 * https://www.alibabacloud.com/help/en/ram/user-guide/system-policies (AdministratorAccess).
 */
import { POLICY_VERSION, PolicyDocument } from '../model/policy';

const allow = (actions: string[]): PolicyDocument => ({
  Version: POLICY_VERSION,
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

export const KNOWN_SYSTEM_POLICIES: { readonly [name: string]: PolicyDocument } = {
  AdministratorAccess: allow(['*']),
  AliyunContainerRegistryFullAccess: allow(['cr:*']),
  AliyunContainerRegistryReadOnlyAccess: allow(['cr:Get*', 'cr:List*', 'cr:Pull*']),
};

/** A system policy's document, or undefined when it is not known here. */
export function systemPolicyDocument(name: string): PolicyDocument | undefined {
  return Object.prototype.hasOwnProperty.call(KNOWN_SYSTEM_POLICIES, name) ? KNOWN_SYSTEM_POLICIES[name] : undefined;
}
