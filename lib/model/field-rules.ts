/**
 * What each input field must look like. One table, used by validation and printed in the README.
 *
 * Sources:
 * - CR EE instance ids and namespace names:
 *   https://www.alibabacloud.com/help/en/acr/user-guide/manage-namespaces
 * - RAM names: CreateUser / CreateGroup / CreateRole / CreatePolicy,
 *   https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createuser
 *   https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-creategroup
 *   https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createrole
 *   https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createpolicy
 * - Region ids: https://www.alibabacloud.com/help/en/cloud-migration-guide-for-beginners/latest/regions-and-zones
 * - Resource group ids: https://www.alibabacloud.com/help/en/resource-management/resource-group/
 * - VPC ids (`vpc-` and lowercase letters and digits, e.g. `vpc-bp1717bgs34gj****`), the values of
 *   `acs:SourceVpc`: https://www.alibabacloud.com/help/en/kms/key-management-service/security-and-compliance/condition-key
 *
 * Every pattern is anchored. Those of values that go into ARNs or names exclude `*`, `?`, `/`,
 * `:` and white space, so no accepted value can widen or split an ARN.
 */
import { SUPPRESSION_ID_RULE, SUPPRESSION_REASON_RULE } from './suppressions';

export interface FieldRule {
  readonly field: string;
  readonly pattern: RegExp;
  /** The rule in words, as error messages and the README state it. */
  readonly rule: string;
  readonly example: string;
  /** Prose that never reaches an ARN or a name, so text beside a token needs no check. */
  readonly prose?: boolean;
  /**
   * The ROS pseudo parameter that stands for a value of this field: ROS fills it with the stack's
   * own region or account id. https://www.alibabacloud.com/help/en/ros/user-guide/pseudo-parameters
   */
  readonly pseudoParameter?: string;
}

function rule(field: string, pattern: RegExp, text: string, example: string, prose?: 'prose'): FieldRule {
  return prose ? { field, pattern, rule: text, example, prose: true } : { field, pattern, rule: text, example };
}

export const FIELD_RULES = {
  instanceId: rule('instanceId', /^cri-[a-z0-9]{1,32}$/,
    'must be "cri-" followed by 1-32 lowercase letters or digits', 'cri-123456'),
  namespace: rule('namespace', /^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])$/,
    'must be 2-120 lowercase letters, digits, "_", "-" or ".", starting and ending with a letter or digit', 'team-a'),
  region: {
    ...rule('regions', /^[a-z]{2,}(?:-[a-z0-9]+){1,4}$/,
      'must be a region id such as "cn-hangzhou" (lowercase words joined by "-"); omit the field for every region', 'cn-hangzhou'),
    pseudoParameter: 'ALIYUN::Region',
  },
  accountId: {
    ...rule('accountId', /^[0-9]{1,20}$/,
      'must be the numeric Alibaba Cloud account id; omit the field for every account', '1234567890123456'),
    pseudoParameter: 'ALIYUN::AccountId',
  },
  userName: rule('users', /^[A-Za-z0-9._-]{1,64}$/,
    'must be a RAM user name: 1-64 letters, digits, ".", "_" or "-"', 'alice'),
  groupName: rule('groups', /^[A-Za-z0-9-]{1,64}$/,
    'must be a RAM group name: 1-64 letters, digits or "-"', 'developers'),
  roleName: rule('roles', /^[A-Za-z0-9.-]{1,64}$/,
    'must be a RAM role name: 1-64 letters, digits, "." or "-"', 'ci-deployer'),
  policyName: rule('policyName', /^[A-Za-z0-9-]{1,128}$/,
    'must be a RAM policy name: 1-128 letters, digits or "-"', 'cr-team-a-pull'),
  description: rule('description', /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]{0,1024}$/,
    'must be at most 1,024 characters without control characters', 'Pull from team-a', 'prose'),
  systemPolicy: rule('systemPolicies', /^[A-Za-z0-9-]{1,128}$/,
    'must be a system policy name: 1-128 letters, digits or "-"', 'AliyunContainerRegistryReadOnlyAccess'),
  resourceGroupId: rule('resourceGroupId', /^rg-[a-z0-9]{1,64}$/,
    'must be "rg-" followed by lowercase letters or digits', 'rg-acfmzabc123'),
  sourceIp: rule('sourceIps', /^[0-9a-f.:]{2,45}(?:\/[0-9]{1,3})?$/,
    'must be a public IPv4 or IPv6 address, or a CIDR block of one, in canonical form', '203.0.113.0/24'),
  sourceVpc: rule('sourceVpcs', /^vpc-[a-z0-9]{1,64}$/,
    'must be a VPC id: "vpc-" followed by 1-64 lowercase letters or digits', 'vpc-bp1abc2def3ghi4jk'),
  highRiskReason: rule('highRiskReason', /^[\s\S]{10,1024}$/,
    'must explain the need in 10-1,024 characters', 'Break-glass admin for incident response', 'prose'),
  // Errors (CRG-E...) are left out: RAM or ROS refuses what they report, whatever the reason.
  suppressionId: SUPPRESSION_ID_RULE,
  suppressionReason: SUPPRESSION_REASON_RULE,
} as const;

export type FieldRuleName = keyof typeof FIELD_RULES;
