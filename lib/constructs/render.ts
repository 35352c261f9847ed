/**
 * Plan -> ROS resources, one to one. Nothing here decides access.
 *
 * Resource types:
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-managedpolicy
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-attachpolicytouser (and ToGroup, ToRole)
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-resourcemanager-policyattachment
 */
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { GrantValidationError } from '../model/errors';
import { deriveLogicalId } from '../model/names';
import { PlannedAttachment, PlannedPolicy } from '../model/plan';
import { GranteeKind, PrincipalRef, principalLabel } from '../model/principal';
import { SUPPRESSIONS_METADATA_KEY } from '../model/suppressions';
import { HIGH_RISK_REASON_METADATA } from '../model/system-policies';
import { TokenDescriber, stableText } from '../model/token';

// The key lives in lib/model, where the checker reads it too; exported here for existing importers.
export { HIGH_RISK_REASON_METADATA };

/**
 * What the constructs of one stack have rendered, by policy name and by attachment, with the
 * path of the construct that rendered it. RAM policy names are unique per account, and RAM
 * refuses to attach a policy to a principal twice (`EntityAlreadyExists.User.Policy`:
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-attachpolicytouser),
 * so a second one is refused here, naming both constructs, instead of failing at deployment or
 * as a bare duplicate logical id. Kept on the stack itself, as a child that renders nothing, so
 * the record lives and dies with the stack.
 */
class RenderedInStack extends ros.Construct {
  /** The stack's record, made on first use. */
  public static of(scope: ros.IConstruct): RenderedInStack {
    const stack = ros.Stack.of(scope);
    return (stack.node.tryFindChild(RenderedInStack.ID) as RenderedInStack | undefined) ?? new RenderedInStack(stack, RenderedInStack.ID);
  }

  private static readonly ID = 'ros-cdk-cr-grants.Rendered';

  private readonly owners = new Map<string, string>();

  /** Records `what` for `scope`, or throws when another construct of the stack rendered it. */
  public claim(scope: ros.IConstruct, what: string, refuse: (owner: string) => GrantValidationError): void {
    const owner = this.owners.get(what);
    if (owner !== undefined && owner !== scope.node.path) throw refuse(owner);
    this.owners.set(what, scope.node.path);
  }
}

function claim(scope: ros.Construct, what: string, refuse: (owner: string) => GrantValidationError): void {
  RenderedInStack.of(scope).claim(scope, what, refuse);
}

/**
 * A managed policy whose logical id changes with its name or description: ROS cannot
 * update either in place, so a change becomes a new resource instead of a failed update.
 * Suppressions go to the resource's Metadata, which ROS updates in place.
 */
export function renderPolicy(scope: ros.Construct, policy: PlannedPolicy, describe: TokenDescriber): ram.ManagedPolicy {
  const { id, props, plainDocument } = policyResource(scope, policy, describe);
  const managed = new ram.ManagedPolicy(scope, id, props);
  finishPolicy(managed.resource as ros.RosResource, policy, plainDocument);
  return managed;
}

/**
 * `renderPolicy` as the resource alone (no ROS CDK L2 wrapper around it: half the constructs for
 * large plans), attached account-wide to `attachedTo` through its own Users, Groups or Roles list.
 * Those lists are not updatable either, so the principal is part of the logical id; one resource
 * instead of two.
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-managedpolicy
 */
export function renderAttachedPolicy(
  scope: ros.Construct, policy: PlannedPolicy, describe: TokenDescriber, attachedTo?: PrincipalRef,
): ram.RosManagedPolicy {
  const { id, props, plainDocument } = policyResource(scope, policy, describe, attachedTo);
  const resource = new ram.RosManagedPolicy(scope, id, {
    ...props,
    ...(attachedTo ? { [INLINE_LIST[attachedTo.kind]]: [attachedTo.name] } : {}),
  }, true);
  finishPolicy(resource, policy, plainDocument);
  return resource;
}

/** The logical id and properties of a policy, its name claimed in the stack. */
function policyResource(scope: ros.Construct, policy: PlannedPolicy, describe: TokenDescriber, attachedTo?: PrincipalRef) {
  const attachedKey = attachedTo ? `\nattached to ${stableText(principalLabel(attachedTo), describe)}` : '';
  const id = deriveLogicalId('CrPolicy', policy.policyName, `${policy.policyName}\n${stableText(policy.description, describe)}${attachedKey}`);
  claim(scope, `policy\n${policy.policyName}`, (owner) => new GrantValidationError(scope.node.path, 'policyName', policy.policyName,
    `is also the name of a policy of ${owner}, and RAM policy names are unique per account`,
    'give the constructs different policyName or policyNamePrefix values'));
  // The typed `policyDocument` would turn `"Resource": "*"` into a list and drop NotAction;
  // the unchecked document is written exactly as planned.
  const document = policy.document as any;
  // A property override is resolved once at synth, a typed property several times (references,
  // the resource, the template), which is most of synth time for large plans. Same template
  // text; only a document without tokens, whose references ROS CDK must see, takes that path.
  const plainDocument = JSON.stringify(document).includes('{Token[') ? undefined : document;
  const props = {
    policyName: policy.policyName,
    description: policy.description,
    policyDocumentUnchecked: plainDocument ? undefined : document,
  };
  return { id, props, plainDocument };
}

function finishPolicy(resource: ros.RosResource, policy: PlannedPolicy, plainDocument: unknown): void {
  if (plainDocument !== undefined) resource.addPropertyOverride('PolicyDocumentUnchecked', plainDocument);
  if (policy.suppressions && policy.suppressions.length > 0) {
    // Where `PolicyCheck.suppress` writes too, in the same format, so both merge. The plan's
    // suppressions were validated with their grants, and are sorted and unique.
    resource.addMetaData(SUPPRESSIONS_METADATA_KEY, [...policy.suppressions]);
  }
}

/**
 * One attachment. A custom policy is named through `Fn::GetAtt [policy, PolicyName]`, so ROS
 * creates the policy before attaching it and detaches it before deleting it.
 */
export function renderAttachment(
  scope: ros.Construct,
  attachment: PlannedAttachment,
  customPolicy?: { readonly attrPolicyName: string | ros.IResolvable },
): ros.RosResource {
  const { principal, policyType } = attachment;
  const policyName = customPolicy ? customPolicy.attrPolicyName : attachment.policyName;
  // Every property of an attachment is immutable, so all of them go into its id.
  const key = [attachment.policyName, policyType, principalLabel(principal), attachment.resourceGroupId ?? ''].join('\n');
  const id = deriveLogicalId(`CrAttach${KIND_WORD[principal.kind]}`, principal.identity, key);
  claim(scope, `attachment\n${key}`, (owner) => duplicateAttachment(scope, attachment, owner));
  const resource = attachment.resourceGroupId
    ? renderResourceGroupAttachment(scope, id, attachment, policyName)
    : renderAccountAttachment(scope, id, attachment, policyName);
  if (attachment.highRiskReasons && attachment.highRiskReasons.length > 0) {
    resource.addMetaData(HIGH_RISK_REASON_METADATA, attachment.highRiskReasons.join('\n'));
  }
  return resource;
}

function duplicateAttachment(scope: ros.Construct, attachment: PlannedAttachment, owner: string): GrantValidationError {
  const system = attachment.policyType === 'System';
  const where = attachment.resourceGroupId ? ` in resource group ${attachment.resourceGroupId}` : '';
  return new GrantValidationError(scope.node.path, system ? 'systemPolicies' : 'policyName', attachment.policyName,
    `is attached to ${principalLabel(attachment.principal)}${where} by ${owner} too, and RAM attaches a policy to a user, group or role only once`,
    system
      ? 'list the system policy in one of the two only, or plan both grants in one RegistryAccess, which attaches it once'
      : 'give the constructs different policy names');
}

/** The ManagedPolicy property that attaches it to principals of each kind. */
const INLINE_LIST: { readonly [kind in GranteeKind]: 'users' | 'groups' | 'roles' } = {
  [GranteeKind.USER]: 'users',
  [GranteeKind.GROUP]: 'groups',
  [GranteeKind.ROLE]: 'roles',
};

const KIND_WORD: { readonly [kind in GranteeKind]: string } = {
  [GranteeKind.USER]: 'User',
  [GranteeKind.GROUP]: 'Group',
  [GranteeKind.ROLE]: 'Role',
};

function renderAccountAttachment(
  scope: ros.Construct,
  id: string,
  attachment: PlannedAttachment,
  policyName: string | ros.IResolvable,
): ros.RosResource {
  const { principal, policyType } = attachment;
  switch (principal.kind) {
    case GranteeKind.USER:
      return new ram.RosAttachPolicyToUser(scope, id, { policyName, policyType, userName: principal.name }, true);
    case GranteeKind.GROUP:
      return new ram.RosAttachPolicyToGroup(scope, id, { policyName, policyType, groupName: principal.name }, true);
    case GranteeKind.ROLE:
      return new ram.RosAttachPolicyToRole(scope, id, { policyName, policyType, roleName: principal.name }, true);
  }
}

/** Resource Manager's principal types for RAM identities. */
const RESOURCE_MANAGER_PRINCIPAL: { readonly [kind in GranteeKind]: string } = {
  [GranteeKind.USER]: 'IMSUser',
  [GranteeKind.GROUP]: 'IMSGroup',
  [GranteeKind.ROLE]: 'ServiceRole',
};

/**
 * How Resource Manager names a RAM identity: `<user>@<alias>.onaliyun.com`,
 * `<group>@group.<alias>.onaliyun.com`, `<role>@role.<alias>.onaliyunservice.com`, where the alias
 * of the account's default domain is its account id unless the account changed it:
 * https://help.aliyun.com/zh/resource-management/api-attachpolicy (PrincipalName),
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-setdefaultdomain
 */
function resourceManagerPrincipalName(kind: GranteeKind, name: string): string {
  const alias = ros.RosPseudo.accountId;
  switch (kind) {
    case GranteeKind.USER: return `${name}@${alias}.onaliyun.com`;
    case GranteeKind.GROUP: return `${name}@group.${alias}.onaliyun.com`;
    case GranteeKind.ROLE: return `${name}@role.${alias}.onaliyunservice.com`;
  }
}

function renderResourceGroupAttachment(
  scope: ros.Construct,
  id: string,
  attachment: PlannedAttachment,
  policyName: string | ros.IResolvable,
): ros.RosResource {
  // No ROS CDK package models this type; a plain RosResource renders it as ROS expects.
  return new ros.RosResource(scope, id, {
    type: 'ALIYUN::ResourceManager::PolicyAttachment',
    properties: {
      PolicyName: policyName,
      PolicyType: attachment.policyType,
      PrincipalName: resourceManagerPrincipalName(attachment.principal.kind, attachment.principal.name),
      PrincipalType: RESOURCE_MANAGER_PRINCIPAL[attachment.principal.kind],
      ResourceGroupId: attachment.resourceGroupId,
    },
  });
}
