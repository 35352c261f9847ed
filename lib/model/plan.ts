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
   * Metadata, which ROS updates in place, so they never take part in names or logical ids.
   */
  readonly suppressions?: readonly Suppression[];
}

export interface PlannedAttachment {
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly principal: PrincipalRef;
  /** Attach within this resource group; account-wide when absent. */
  readonly resourceGroupId?: string;
  /** Why a high-risk system policy is attached; recorded in the template's Metadata. */
  readonly highRiskReason?: string;
}

export interface Plan {
  readonly policies: readonly PlannedPolicy[];
  readonly attachments: readonly PlannedAttachment[];
}
