/**
 * Turns validated grants into a plan.
 */
import { Grant, grantStatements, grantTarget } from './grant';
import { Plan, PlannedAttachment } from './plan';
import { POLICY_VERSION } from './policy';

/** One grant, one policy: the document keeps the console procedure's statement order. */
export function planSingleGrant(grant: Grant, policyName: string, description?: string): Plan {
  const policy = {
    policyName,
    description: description ?? describeGrant(grant),
    document: { Version: POLICY_VERSION, Statement: grantStatements(grant) },
  };
  return { policies: [policy], attachments: attachmentsFor(grant, [policyName]) };
}

/** Custom policies and the grant's system policies, attached to each of its principals. */
export function attachmentsFor(grant: Grant, customPolicyNames: readonly string[]): PlannedAttachment[] {
  const attachments: PlannedAttachment[] = [];
  for (const principal of grant.principals) {
    for (const policyName of customPolicyNames) {
      attachments.push({ policyName, policyType: 'Custom', principal, resourceGroupId: grant.resourceGroupId });
    }
    for (const policyName of grant.systemPolicies) {
      attachments.push({
        policyName,
        policyType: 'System',
        principal,
        resourceGroupId: grant.resourceGroupId,
        highRiskReason: grant.highRiskReason,
      });
    }
  }
  return attachments;
}

/** The default description: level, target and scope, in words. */
export function describeGrant(grant: Grant): string {
  const regions = grant.regions.includes('*') ? 'all regions' : grant.regions.join(', ');
  const account = grant.accountId === '*' ? 'any account' : `account ${grant.accountId}`;
  const console = grant.consoleAccess ? 'with console listing' : 'without console listing';
  return `Container Registry ${grant.access} access to ${grantTarget(grant)} (${regions}, ${account}, ${console})`;
}
