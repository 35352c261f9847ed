/**
 * Quotas that shape plans and checks, in one place so they can be cited and overridden.
 *
 * RAM: https://www.alibabacloud.com/help/en/ram/product-overview/limits (custom policies per
 * user, group or role and per account can be raised through a quota application)
 * ROS: https://www.alibabacloud.com/help/en/ros/product-overview/limits (doc-detail/28854: 300
 * resources per stack, 512 KB per template file, 200 stacks per account, nesting 5 levels deep)
 */
export interface Limits {
  /** RAM: characters per policy document. */
  readonly maxDocumentCharacters: number;
  /** Characters kept free below `maxDocumentCharacters` when packing, for RAM's own normalisation. */
  readonly documentMargin: number;
  /** RAM: custom policies attached to one user, group or role. */
  readonly maxCustomPoliciesPerPrincipal: number;
  /** RAM: system policies attached to one user, group or role. */
  readonly maxSystemPoliciesPerPrincipal: number;
  /** RAM: custom policies in one Alibaba Cloud account, counting only the ones a plan creates. */
  readonly maxCustomPoliciesPerAccount: number;
  /** RAM: characters in a policy name. */
  readonly maxPolicyNameLength: number;
  /** RAM: characters in a policy description. */
  readonly maxDescriptionLength: number;
  /** ROS: resources in one stack. */
  readonly maxResourcesPerStack: number;
  /** ROS: bytes of one template. */
  readonly maxTemplateBytes: number;
  /** ROS: stacks in one Alibaba Cloud account. */
  readonly maxStacksPerAccount: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDocumentCharacters: 6144,
  documentMargin: 144,
  maxCustomPoliciesPerPrincipal: 10,
  maxSystemPoliciesPerPrincipal: 20,
  maxCustomPoliciesPerAccount: 1500,
  maxPolicyNameLength: 128,
  maxDescriptionLength: 1024,
  maxResourcesPerStack: 300,
  maxTemplateBytes: 512 * 1024,
  maxStacksPerAccount: 200,
};

/** The document size the planner packs to. */
export function packingBudget(limits: Limits): number {
  return limits.maxDocumentCharacters - limits.documentMargin;
}
