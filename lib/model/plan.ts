/**
 * A plan: the policies and attachments that a set of grants needs. Constructs render it
 * one to one; nothing about access is decided after this point.
 */
import { PolicyDocument } from './policy';
import { PrincipalRef } from './principal';
import { Suppression } from './suppressions';

export type PolicyType = 'Custom' | 'System';

export interface PlannedPolicy {
  readonly policyName: string;
  readonly description: string;
  readonly document: PolicyDocument;
  /**
   * Accepted checker findings, from the grants in the policy; recorded in the template's
   * Metadata. Which findings are accepted decides which grants may share a policy (see
   * `planGrants`); the reasons never take part in names or logical ids, since ROS updates
   * Metadata in place.
   */
  readonly suppressions?: readonly Suppression[];
}

export interface PlannedAttachment {
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly principal: PrincipalRef;
  /** Attach within this resource group; account-wide when absent. */
  readonly resourceGroupId?: string;
  /**
   * Why a high-risk system policy is attached: every distinct reason of the grants that attach
   * it, sorted. Recorded in the template's Metadata.
   */
  readonly highRiskReasons?: readonly string[];
}

export interface Plan {
  readonly policies: readonly PlannedPolicy[];
  readonly attachments: readonly PlannedAttachment[];
}

/**
 * One principal's share of a plan: the custom policies attached to it alone and every
 * attachment to it. Shares never overlap, so each can be placed in a stack of its own choosing.
 */
export interface PrincipalPlan extends Plan {
  readonly principal: PrincipalRef;
}
