/**
 * Reads a ROS template back into the model: its custom policies and who they are attached
 * to. Works on any template (ours, hand-written, other tools'), so review tools judge what a
 * template grants, not what a grants file meant.
 *
 * Besides managed policies and attachment resources, a RAM user, group or role may carry
 * its own `Policies` (custom policies created for and attached to it) and
 * `PolicyAttachments` (`System` / `Custom` lists of existing policy names):
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-user
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-group
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-role
 */
import { PlannedAttachment, PolicyType } from '../model/plan';
import { NamedPolicy, PolicyDocument } from '../model/policy';
import { GranteeKind, PrincipalRef, principalLabel } from '../model/principal';

export interface TemplatePolicy extends NamedPolicy {
  /** The managed policy's logical id, or that of the user, group or role an inline policy is on. */
  readonly logicalId: string;
}

export interface TemplateAttachment extends PlannedAttachment {
  readonly logicalId: string;
}

export interface TemplateAccess {
  readonly policies: readonly TemplatePolicy[];
  readonly attachments: readonly TemplateAttachment[];
}

const ATTACH_TYPES: { readonly [type: string]: { kind: GranteeKind; nameKey: string } } = {
  'ALIYUN::RAM::AttachPolicyToUser': { kind: GranteeKind.USER, nameKey: 'UserName' },
  'ALIYUN::RAM::AttachPolicyToGroup': { kind: GranteeKind.GROUP, nameKey: 'GroupName' },
  'ALIYUN::RAM::AttachPolicyToRole': { kind: GranteeKind.ROLE, nameKey: 'RoleName' },
};

const RESOURCE_MANAGER_KINDS: { readonly [type: string]: GranteeKind } = {
  IMSUser: GranteeKind.USER,
  IMSGroup: GranteeKind.GROUP,
  ServiceRole: GranteeKind.ROLE,
};

/** What each RAM identity resource calls its name property. */
const IDENTITY_NAME_KEYS: { readonly [type: string]: string } = {
  'ALIYUN::RAM::User': 'UserName',
  'ALIYUN::RAM::Group': 'GroupName',
  'ALIYUN::RAM::Role': 'RoleName',
};

const IDENTITY_KINDS: { readonly [type: string]: GranteeKind } = {
  'ALIYUN::RAM::User': GranteeKind.USER,
  'ALIYUN::RAM::Group': GranteeKind.GROUP,
  'ALIYUN::RAM::Role': GranteeKind.ROLE,
};

/**
 * The name an inline policy is known by in reviews: its own name and the principal it is on,
 * e.g. `pull-web (inline on user:alice)`. A managed policy name cannot contain spaces or
 * parentheses, and the principal tells two principals' same-named inline policies apart.
 */
export function inlinePolicyName(ownName: string, principalLabelText: string): string {
  return `${ownName} (inline on ${principalLabelText})`;
}

export function readTemplate(template: any): TemplateAccess {
  const resources: { [id: string]: any } = template?.Resources ?? {};
  const policies: TemplatePolicy[] = [];
  const attachments: TemplateAttachment[] = [];
  const text = (value: unknown) => resolveText(value, resources);

  for (const [logicalId, resource] of Object.entries<any>(resources)) {
    const props = resource?.Properties ?? {};
    if (resource?.Type === 'ALIYUN::RAM::ManagedPolicy') {
      const policyName = text(props.PolicyName) ?? logicalId;
      const document = (props.PolicyDocumentUnchecked ?? props.PolicyDocument) as PolicyDocument;
      policies.push({ logicalId, policyName, document });
      // A managed policy may also attach itself through its Users / Groups / Roles lists.
      for (const [key, kind] of [['Users', GranteeKind.USER], ['Groups', GranteeKind.GROUP], ['Roles', GranteeKind.ROLE]] as const) {
        for (const name of Array.isArray(props[key]) ? props[key] : []) {
          attachments.push(attachment(logicalId, policyName, 'Custom', principal(kind, text(name) ?? JSON.stringify(name))));
        }
      }
      continue;
    }
    if (IDENTITY_KINDS[resource?.Type] !== undefined) {
      const rawName = props[IDENTITY_NAME_KEYS[resource.Type]];
      const who = principal(IDENTITY_KINDS[resource.Type], text(rawName) ?? JSON.stringify(rawName));
      const inline = readInlinePolicies(logicalId, props.Policies, who, text);
      policies.push(...inline.policies);
      attachments.push(...inline.attachments, ...readPolicyAttachments(logicalId, props.PolicyAttachments, who, text));
      continue;
    }
    const attach = ATTACH_TYPES[resource?.Type];
    const rmKind = resource?.Type === 'ALIYUN::ResourceManager::PolicyAttachment'
      ? RESOURCE_MANAGER_KINDS[props.PrincipalType] : undefined;
    if (!attach && rmKind === undefined) continue;
    const kind = attach ? attach.kind : rmKind!;
    const rawName = attach ? props[attach.nameKey] : props.PrincipalName;
    const name = attach ? text(rawName) : resourceManagerName(rawName, text);
    const policyType: PolicyType = props.PolicyType === 'System' ? 'System' : 'Custom';
    attachments.push({
      ...attachment(logicalId, text(props.PolicyName) ?? JSON.stringify(props.PolicyName), policyType,
        principal(kind, name ?? JSON.stringify(rawName))),
      ...(rmKind !== undefined && typeof props.ResourceGroupId === 'string' ? { resourceGroupId: props.ResourceGroupId } : {}),
    });
  }
  return { policies, attachments };
}

/**
 * The RAM name in a Resource Manager PrincipalName (`alice@<alias>.onaliyun.com`,
 * `devs@group.<alias>.onaliyun.com`, `ci@role.<alias>.onaliyunservice.com`): the text before the
 * `@`, whether the value is text or an `Fn::Join` whose first part holds it, as the account id
 * is often joined in. https://help.aliyun.com/zh/resource-management/api-attachpolicy
 */
function resourceManagerName(value: unknown, text: (value: unknown) => string | undefined): string | undefined {
  const join = (value as any)?.['Fn::Join'];
  const first = Array.isArray(join) && join[0] === '' && Array.isArray(join[1]) ? text(join[1][0]) : text(value);
  const at = first?.indexOf('@') ?? -1;
  return at > 0 ? first!.slice(0, at) : undefined;
}

/** A principal's `Policies`: each a custom policy of its own, attached to it. */
function readInlinePolicies(logicalId: string, entries: unknown, who: PrincipalRef, text: (value: unknown) => string | undefined) {
  const policies: TemplatePolicy[] = [];
  const attachments: TemplateAttachment[] = [];
  (Array.isArray(entries) ? entries : []).forEach((entry: any, index: number) => {
    const own = text(entry?.PolicyName) ?? `Policies[${index}]`;
    const policyName = inlinePolicyName(own, principalLabel(who));
    policies.push({ logicalId, policyName, document: entry?.PolicyDocument as PolicyDocument });
    attachments.push(attachment(logicalId, policyName, 'Custom', who));
  });
  return { policies, attachments };
}

/** A principal's `PolicyAttachments`: `System` and `Custom` lists of policy names. */
function readPolicyAttachments(logicalId: string, value: unknown, who: PrincipalRef, text: (value: unknown) => string | undefined) {
  const attachments: TemplateAttachment[] = [];
  for (const policyType of ['System', 'Custom'] as const) {
    const names = (value as any)?.[policyType];
    for (const name of Array.isArray(names) ? names : []) {
      attachments.push(attachment(logicalId, text(name) ?? JSON.stringify(name), policyType, who));
    }
  }
  return attachments;
}

/** The custom policies attached to a principal (`user:alice`), in template order. */
export function customPoliciesOf(access: TemplateAccess, label: string): TemplatePolicy[] {
  const names = new Set(access.attachments
    .filter((a) => a.policyType === 'Custom' && principalLabel(a.principal) === label)
    .map((a) => a.policyName));
  return access.policies.filter((p) => names.has(p.policyName));
}

/** Every principal that has an attachment, as `kind:name` labels, sorted. */
export function principalsOf(access: TemplateAccess): string[] {
  return [...new Set(access.attachments.map((a) => principalLabel(a.principal)))].sort();
}

function attachment(logicalId: string, policyName: string, policyType: PolicyType, p: PrincipalRef): TemplateAttachment {
  return { logicalId, policyName, policyType, principal: p };
}

function principal(kind: GranteeKind, name: string): PrincipalRef {
  return { kind, name, identity: name };
}

/**
 * A property's text: a string as is, or a `Fn::GetAtt` of (or `Ref` to) another resource's name
 * property (`PolicyName`, `UserName`, ...) followed to that resource when it names itself as text.
 * A managed policy whose name is not text is known by its logical id, as `readTemplate` names
 * it, so an attachment that refers to it still finds it.
 */
function resolveText(value: unknown, resources: { [id: string]: any }): string | undefined {
  if (typeof value === 'string') return value;
  const getAtt = (value as any)?.['Fn::GetAtt'];
  const ref = (value as any)?.Ref;
  let id: unknown;
  let attribute: unknown;
  if (Array.isArray(getAtt) && getAtt.length === 2) {
    [id, attribute] = getAtt;
  } else if (typeof ref === 'string') {
    id = ref;
    attribute = NAME_KEYS[resources[ref]?.Type];
  }
  if (typeof id !== 'string' || typeof attribute !== 'string') return undefined;
  const target = resources[id];
  const own = target?.Properties?.[attribute];
  if (typeof own === 'string') return own;
  if (target?.Type === 'ALIYUN::RAM::ManagedPolicy' && attribute === 'PolicyName') return id;
  const nameKey = IDENTITY_NAME_KEYS[target?.Type];
  if (nameKey === attribute && typeof target?.Properties?.[nameKey] === 'string') return target.Properties[nameKey];
  return undefined;
}

/** The name property a `Ref` to each resource type returns. */
const NAME_KEYS: { readonly [type: string]: string } = {
  ...IDENTITY_NAME_KEYS,
  'ALIYUN::RAM::ManagedPolicy': 'PolicyName',
};
