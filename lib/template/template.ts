/**
 * Reads a ROS template: the policies it defines, every way it attaches a policy to a RAM user,
 * group or role, and every way a user joins a group. This is the one reader of templates: the
 * analysis builds each principal's holdings from it (./principals.ts), and the checker judges its
 * policies and attachments. Values are resolved by ./values.ts, as far as the template fixes them.
 *
 * - `ALIYUN::RAM::ManagedPolicy` (its `Users` / `Groups` / `Roles` attach it),
 *   `ALIYUN::RAM::AttachPolicyToUser|Group|Role`, `ALIYUN::ResourceManager::PolicyAttachment`;
 * - a user's, group's or role's own `Policies` (custom policies created for and attached to it)
 *   and `PolicyAttachments` (`System` / `Custom` lists of policy names), a user's `Groups`;
 * - `ALIYUN::RAM::UserToGroupAddition` (`GroupName`, `Users`);
 * - a role's trust policy, `ALIYUN::RAM::Role`'s `AssumeRolePolicyDocument`: who may assume it
 *   (https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-role), and the
 *   identity providers (`ALIYUN::RAM::SAMLProvider`, `ALIYUN::RAM::OIDCProvider`) that decide who
 *   a `Federated` caller is;
 * - nested `ALIYUN::ROS::Stack` with a `TemplateBody` (an object, or JSON or YAML text); one with a
 *   `TemplateURL` cannot be read;
 * - resources that may change RAM by means not read here (stack groups, custom resources, OOS
 *   executions, function invokers: {@link unreadReason}) are kept as unread, never skipped.
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-user (and -group, -role,
 * -managedpolicy, -attachpolicytouser, -usertogroupaddition), .../aliyun-ros-stack,
 * https://help.aliyun.com/zh/resource-management/api-attachpolicy
 *
 * A {@link StackSet} (a cloud assembly's stacks) is read the same way, stack by stack, into one
 * account view (readStackSet).
 *
 * What the template does not fix is kept, never dropped: a name with holes (`${Namespace}`) says
 * it is not known, a policy type that is not known is left open, a principal of a kind that is not
 * known is read as each kind, a list that cannot be read is one unknown item.
 */
import { typedParameterValue } from '../model/parameter-values';
import { PolicyType } from '../model/plan';
import { GRANTEE_KINDS, GranteeKind, compareText, principalLabel } from '../model/principal';
import { StackSet, isStackSet } from './stack-set';
import { templateBodyOf } from './template-text';
import {
  NAME_PROPERTIES, PartialText, ResolveContext, TemplateSections, canonicalJson, definedHole, conditionHolds, conditionIdentity, identityOf, ownEntry,
  isOpaque, isPartialText, labelOf, resolveText, resolveValue,
} from './values';

/** A text as read: with holes written `${...}`, and whether the template fixes it. */
export interface ReadText {
  readonly text: string;
  readonly known: boolean;
  /** The text with its holes, when it is not known. */
  readonly parts?: PartialText;
}

/** Where a definition stands: a nested stack's path (`Stack/`, empty for the template itself) and a logical id. */
export interface Place {
  readonly stack: string;
  readonly logicalId: string;
  /**
   * Unknowns that must hold for the resource to exist: template conditions (its own `Condition`
   * and its nested stack's) that the template and the given parameters do not fix. Sorted.
   */
  readonly guards: readonly string[];
}

/** A custom policy the template defines. */
export interface TemplatePolicy extends Place {
  /** How reviews name it: `pull-web`, `p (inline on user:alice)`, or the name with its holes. */
  readonly policyName: string;
  readonly nameKnown: boolean;
  /** The document, values resolved as far as the template fixes them. */
  readonly document: unknown;
  /** The principal an inline policy is on (`user:alice`). */
  readonly inlineOn?: string;
}

/** One policy attached to one principal. */
export interface TemplateAttachment extends Place {
  readonly principal: { readonly kind: GranteeKind; readonly name: string; readonly known: boolean };
  /** Undefined when the template leaves it open: the policy may be a system or a custom one. */
  readonly policyType?: PolicyType;
  readonly policyName: string;
  readonly policyNameKnown: boolean;
  /** The policy name with its holes, when it is not known. */
  readonly policyNameParts?: PartialText;
  /** The property that names the policy (`PolicyName`, `PolicyAttachments.System[1]`) and its value as written. */
  readonly nameSource: { readonly field: string; readonly value: unknown };
  /** `PolicyType` as written, when it is only known at deployment. */
  readonly typeSource?: unknown;
  readonly resourceGroupId?: string;
}

/** The trust policy of a role the template defines: who may assume the role. */
export interface TemplateTrust extends Place {
  readonly role: ReadText;
  /** `AssumeRolePolicyDocument`, values resolved as far as the template fixes them; undefined when not written. */
  readonly document: unknown;
  /**
   * With `IgnoreExisting`, a role of this name that already exists is kept with its own trust
   * policy, which is not known (https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-role).
   */
  readonly mayBeKept: boolean;
}

/**
 * An identity provider the template defines: whoever it vouches for is the caller a trust
 * policy's `Federated` entry names. https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-samlprovider,
 * .../aliyun-ram-oidcprovider
 */
export interface TemplateIdentityProvider extends Place {
  readonly type: string;
  /** Its properties but `Description`, values resolved as far as the template fixes them. */
  readonly definition: unknown;
}

/** A user in a group. */
export interface TemplateMembership extends Place {
  readonly user: ReadText;
  readonly group: ReadText;
}

export interface TemplateContents {
  /** In template order, nested stacks where they stand. */
  readonly policies: readonly TemplatePolicy[];
  readonly attachments: readonly TemplateAttachment[];
  readonly memberships: readonly TemplateMembership[];
  /** The trust policies of the roles the template defines, in template order. */
  readonly trusts: readonly TemplateTrust[];
  /** The identity providers the template defines, in template order. */
  readonly identityProviders: readonly TemplateIdentityProvider[];
  /** What a reader must know, sorted. */
  readonly notes: readonly string[];
  /** Nested stacks whose template cannot be read, and resources that may change RAM by means not read. */
  readonly unread: readonly UnreadResource[];
  /** The template's own `Parameters` section: declarations by name. */
  readonly parameters: { readonly [name: string]: unknown };
}

/** A resource whose effect on RAM cannot be read: it may attach any policy to any principal. */
export interface UnreadResource {
  /** `Stack/LogicalId` (a nested stack's path between). */
  readonly where: string;
  /** Why, as a clause: `is a nested stack without a readable TemplateBody`. */
  readonly why: string;
}

/*
 * Resource types that deploy a template or run code with the deploying account's credentials,
 * so they may create users, policies and attachments this reader never sees. Read fail closed.
 * - every `ALIYUN::ROS::` type except the nested stack (read), and the four that only wait,
 *   assert or enable a service: https://www.alibabacloud.com/help/en/ros/developer-reference/ros
 *   (StackGroup and StackInstances deploy a template to accounts, CustomResource runs a
 *   function or notifies a topic, ResourceCleaner deletes resources, a Deny among them);
 * - `ALIYUN::OOS::Execution` runs an OOS template (.../aliyun-oos-execution);
 * - `ALIYUN::FC::FunctionInvoker` and `ALIYUN::FC3::FunctionInvoker` invoke a function at
 *   deployment (.../aliyun-fc-functioninvoker).
 */
const ROS_TYPES_READ_OR_INERT: readonly string[] = [
  'ALIYUN::ROS::Stack', 'ALIYUN::ROS::Assert', 'ALIYUN::ROS::AutoEnableService', 'ALIYUN::ROS::Sleep',
  'ALIYUN::ROS::WaitCondition', 'ALIYUN::ROS::WaitConditionHandle',
];
const UNREAD_TYPES: { readonly [type: string]: string } = {
  'ALIYUN::OOS::Execution': 'runs an OOS template',
  'ALIYUN::FC::FunctionInvoker': 'invokes a function at deployment',
  'ALIYUN::FC3::FunctionInvoker': 'invokes a function at deployment',
  'ALIYUN::ROS::StackGroup': 'deploys a template to the accounts of its stack instances',
  'ALIYUN::ROS::StackInstances': 'deploys a stack group\'s template to accounts, this one among them',
  'ALIYUN::ROS::CustomResource': 'runs a function, or notifies a topic, with what the template gives it',
};

/** Why a resource of `type` may change RAM by means this reader does not read; undefined when it cannot. */
export function unreadReason(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  const known = ownEntry(UNREAD_TYPES, type);
  if (known !== undefined) return `is an ${type}, which ${known}`;
  if (type.startsWith('ALIYUN::ROS::') && !ROS_TYPES_READ_OR_INERT.includes(type)) return `is an ${type}, a ROS resource whose effect is not read`;
  return undefined;
}

/** A template (or a stack set) that cannot be read as one at all. */
export class TemplateShapeError extends Error {
  constructor(message: string, public readonly hint?: string) {
    super(message);
  }
}

/** Bounds on what one read covers. */
const MAX_NESTED_STACKS = 50;

const ATTACH_TYPES: { readonly [type: string]: { kind: GranteeKind; nameKey: string } } = {
  'ALIYUN::RAM::AttachPolicyToUser': { kind: GranteeKind.USER, nameKey: 'UserName' },
  'ALIYUN::RAM::AttachPolicyToGroup': { kind: GranteeKind.GROUP, nameKey: 'GroupName' },
  'ALIYUN::RAM::AttachPolicyToRole': { kind: GranteeKind.ROLE, nameKey: 'RoleName' },
};
const IDENTITY_KINDS: { readonly [type: string]: GranteeKind } = {
  'ALIYUN::RAM::User': GranteeKind.USER,
  'ALIYUN::RAM::Group': GranteeKind.GROUP,
  'ALIYUN::RAM::Role': GranteeKind.ROLE,
};
const RESOURCE_MANAGER_KINDS: { readonly [type: string]: GranteeKind } = {
  IMSUser: GranteeKind.USER,
  IMSGroup: GranteeKind.GROUP,
  ServiceRole: GranteeKind.ROLE,
};
const IDENTITY_PROVIDER_TYPES: readonly unknown[] = ['ALIYUN::RAM::SAMLProvider', 'ALIYUN::RAM::OIDCProvider'];
const MANAGED_POLICY_LISTS = [['Users', GranteeKind.USER], ['Groups', GranteeKind.GROUP], ['Roles', GranteeKind.ROLE]] as const;

/**
 * The name an inline policy is known by in reviews: its own name and the principal it is on,
 * e.g. `pull-web (inline on user:alice)`. A managed policy name cannot contain spaces or
 * parentheses, and the principal tells two principals' same-named inline policies apart.
 */
export function inlinePolicyName(ownName: string, principalLabelText: string): string {
  return `${ownName} (inline on ${principalLabelText})`;
}

/** The attachment's principal as reviews write it: `user:alice`, `role:${RoleName}`. */
export function principalOf(attachment: TemplateAttachment): string {
  return principalLabel({ kind: attachment.principal.kind, identity: attachment.principal.name });
}

export interface ReadOptions {
  /**
   * Name what the template does not fix by its identity (./values.ts `identityOf`), as the
   * analysis tells unknowns apart, instead of as reports show it.
   */
  readonly identities?: boolean;
}

/**
 * Where a read stands: the nested stack (undefined for a template under review), the place prefix
 * of a stack set's stack (`Stack/`, a template under review of its own), and the conditions it
 * stands under.
 */
interface Scope {
  readonly stack: string | undefined;
  readonly root?: string;
  readonly guards: readonly string[];
}

interface Counter {
  stacks: number;
  readonly identities: boolean;
}

interface Collected {
  readonly policies: TemplatePolicy[];
  readonly attachments: TemplateAttachment[];
  readonly memberships: TemplateMembership[];
  readonly trusts: TemplateTrust[];
  readonly identityProviders: TemplateIdentityProvider[];
  readonly notes: Set<string>;
  readonly unread: UnreadResource[];
}

/**
 * Reads a template, or every stack of a {@link StackSet} as one account (see {@link readStackSet}).
 * `parameters` are values for its parameters; a parameter without one may take any value (its
 * Default is only a default). Throws {@link TemplateShapeError} when `Resources` is not an
 * object, or when a stack set defines one policy name twice.
 */
export function readTemplate(template: unknown, parameters: { readonly [name: string]: string } = {},
  options: ReadOptions = {}): TemplateContents {
  if (isStackSet(template)) return accountOf(template, parameters, options);
  refuseMistypedParameters(template, parameters, 'the template');
  const collected: Collected = { policies: [], attachments: [], memberships: [], trusts: [], identityProviders: [], notes: new Set(), unread: [] };
  collect(template, parameters, { stack: undefined, guards: [] }, collected, { stacks: 0, identities: options.identities === true });
  const declared = (template as any)?.Parameters;
  return {
    ...collected,
    notes: [...collected.notes].sort(),
    parameters: declared !== null && typeof declared === 'object' && !Array.isArray(declared) ? declared : {},
  };
}

/** Refuses a given value the parameter's declared Type cannot take: ROS would not deploy it (see `typedParameterValue`). */
function refuseMistypedParameters(template: unknown, parameters: { readonly [name: string]: string }, where: string): void {
  const declared = (template as any)?.Parameters;
  if (declared === null || typeof declared !== 'object') return;
  for (const [name, text] of Object.entries(parameters)) {
    const typed = typedParameterValue(name, ownEntry(declared, name), text);
    if ('refused' in typed) throw new TemplateShapeError(`${where}: ${typed.refused}`, typed.hint);
  }
}

function collect(template: unknown, parameters: { readonly [name: string]: unknown }, scope: Scope,
  into: Collected, counter: Counter): void {
  const top = template as any;
  const stack = scope.stack ?? scope.root ?? '';
  const resources = top?.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new TemplateShapeError(`${stack || 'the template'}'s Resources is not an object`);
  }
  const section = (name: string) => (top[name] !== null && typeof top[name] === 'object' && !Array.isArray(top[name]) ? top[name] : undefined);
  const sections: TemplateSections = { Parameters: section('Parameters'), Mappings: section('Mappings'), Conditions: section('Conditions') };
  const declared = new Set<string>(Object.keys(sections.Parameters ?? {}));
  const context: ResolveContext = { resources, parameters, declared, sections, stack: scope.stack, conditionValues: new Map() };
  const name = (resolved: PartialText | string) => (counter.identities ? identityOf(resolved) : labelOf(resolved));
  const text = (value: unknown): ReadText => {
    const resolved = resolveText(value, context);
    return typeof resolved === 'string' ? { text: resolved, known: true } : { text: name(resolved), known: false, parts: resolved };
  };
  for (const [logicalId, resource] of Object.entries<any>(resources)) {
    const type = resource?.Type;
    const props = resource?.Properties ?? {};
    // A resource with a Condition exists only when it holds: https://www.alibabacloud.com/help/en/ros/user-guide/conditions
    const condition = resource?.Condition;
    const holds = condition === undefined ? true : typeof condition === 'string' ? conditionHolds(condition, context) : undefined;
    if (holds === false) continue;
    const guards = holds === true ? scope.guards
      : [...scope.guards, conditionGuard(typeof condition === 'string'
        // A stack set's stacks each have their own parameters, so their conditions are their own too.
        ? `${scope.stack === undefined ? scope.root ?? '' : ''}${conditionIdentity(condition, context)}`
        : `${stack}${canonicalJson(condition)}`, true)].sort();
    const place: Place = { stack, logicalId, guards };
    const where = `${stack}${logicalId}`;
    const items = (value: unknown, field: string) => itemsOf(resolveValue(value, context), field, `${where}.${field}`, into);
    const attach = (principal: TemplateAttachment['principal'], policyType: PolicyType | undefined, policy: ReadText,
      nameSource: TemplateAttachment['nameSource'], extra: Partial<TemplateAttachment> = {}) => {
      into.attachments.push({
        ...place, principal, ...(policyType ? { policyType } : {}), policyName: policy.text, policyNameKnown: policy.known,
        ...(policy.parts ? { policyNameParts: policy.parts } : {}), nameSource, ...extra,
      });
    };

    if (type === 'ALIYUN::RAM::ManagedPolicy') {
      const name = props.PolicyName === undefined ? { text: logicalId, known: true } : text(props.PolicyName);
      // With IgnoreExisting, a policy of this name that already exists is kept, and its content
      // is not known: https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-managedpolicy
      const ignoreExisting = resolveValue(props.IgnoreExisting, context);
      const mayBeKept = ignoreExisting !== undefined && ignoreExisting !== false && ignoreExisting !== 'false';
      into.policies.push({
        ...place, policyName: name.text, nameKnown: name.known, document: resolveValue(props.PolicyDocumentUnchecked ?? props.PolicyDocument, context),
        ...(mayBeKept ? { guards: [...place.guards, createdGuard(name.text)].sort() } : {}),
      });
      for (const [key, kind] of MANAGED_POLICY_LISTS) {
        for (const who of items(props[key], key)) {
          const principal = text(who.value);
          attach({ kind, name: principal.text, known: principal.known }, 'Custom', name, { field: 'PolicyName', value: props.PolicyName });
        }
      }
    } else if (ownEntry(IDENTITY_KINDS, type) !== undefined) {
      const kind = IDENTITY_KINDS[type];
      const own = text(props[NAME_PROPERTIES[type]]);
      const principal = { kind, name: own.text, known: own.known };
      const label = principalLabel({ kind, identity: own.text });
      for (const entry of items(props.Policies, 'Policies')) {
        // An entry that is not known, or a list that is not, is one policy whose document is not known.
        const readable = entry.value !== null && typeof entry.value === 'object' && !isHole(entry.value);
        const own = readable && (entry.value as any).PolicyName !== undefined ? text((entry.value as any).PolicyName).text : entry.field;
        const policyName = inlinePolicyName(own, label);
        into.policies.push({ ...place, policyName, nameKnown: true, document: readable ? (entry.value as any).PolicyDocument : entry.value, inlineOn: label });
        attach(principal, 'Custom', { text: policyName, known: true }, { field: entry.field, value: entry.value });
      }
      const attachments = resolveValue(props.PolicyAttachments, context);
      const unreadable = attachments !== undefined && attachments !== null && (typeof attachments !== 'object' || isHole(attachments));
      if (unreadable) into.notes.add(`${where}.PolicyAttachments is not an object that can be read; read as unknown System and Custom policies`);
      for (const policyType of ['System', 'Custom'] as const) {
        const list = unreadable ? [{ value: attachments, field: 'PolicyAttachments' }]
          : itemsOf((attachments as any)?.[policyType], `PolicyAttachments.${policyType}`, `${where}.PolicyAttachments.${policyType}`, into);
        for (const policy of list) {
          const policyName = unreadable ? { text: unknownText(attachments, counter.identities), known: false } : text(policy.value);
          attach(principal, policyType, policyName, { field: policy.field, value: rawAt(props, policy.field) });
        }
      }
      if (kind === GranteeKind.USER) {
        for (const group of items(props.Groups, 'Groups')) into.memberships.push({ ...place, user: own, group: text(group.value) });
      }
      if (kind === GranteeKind.ROLE) {
        const ignoreExisting = resolveValue(props.IgnoreExisting, context);
        into.trusts.push({
          ...place, role: own, document: resolveValue(props.AssumeRolePolicyDocument, context),
          mayBeKept: ignoreExisting !== undefined && ignoreExisting !== false && ignoreExisting !== 'false',
        });
      }
    } else if (IDENTITY_PROVIDER_TYPES.includes(type)) {
      // Its Description admits no one; every other property may decide whom it vouches for.
      const { Description: _description, ...deciding } = props;
      into.identityProviders.push({ ...place, type, definition: resolveValue(deciding, context) });
    } else if (type === 'ALIYUN::RAM::UserToGroupAddition') {
      const group = text(props.GroupName);
      for (const user of items(props.Users, 'Users')) into.memberships.push({ ...place, user: text(user.value), group });
    } else if (ownEntry(ATTACH_TYPES, type) !== undefined || type === 'ALIYUN::ResourceManager::PolicyAttachment') {
      const fixed = ownEntry(ATTACH_TYPES, type);
      const kind = fixed ? fixed.kind : ownEntry(RESOURCE_MANAGER_KINDS, resolveValue(props.PrincipalType, context));
      if (kind === undefined) {
        into.notes.add(`${where}: PrincipalType ${JSON.stringify(props.PrincipalType)} is not IMSUser, IMSGroup or ServiceRole; read as any principal`);
      }
      const principal = fixed ? text(props[fixed.nameKey]) : resourceManagerName(props.PrincipalName, context, counter.identities);
      const policyType = resolveValue(props.PolicyType, context);
      const typeKnown = typeof policyType === 'string' || policyType === undefined;
      // A literal type other than System reads as Custom, as RAM reads no third kind; a missing
      // one is Custom for RAM's own attachments and open for Resource Manager's.
      const readType: PolicyType | undefined = policyType === 'System' ? 'System'
        : typeKnown && (policyType !== undefined || fixed) ? 'Custom' : undefined;
      for (const k of kind !== undefined ? [kind] : GRANTEE_KINDS) {
        attach({ kind: k, name: principal.text, known: principal.known && kind !== undefined }, readType, text(props.PolicyName),
          { field: 'PolicyName', value: props.PolicyName }, {
            ...(typeKnown ? {} : { typeSource: props.PolicyType }),
            ...(!fixed && props.ResourceGroupId !== undefined ? { resourceGroupId: text(props.ResourceGroupId).text } : {}),
          });
      }
    } else if (type === 'ALIYUN::ROS::Stack') {
      nestedStack(where, props, context, guards, into, counter);
    } else if (unreadReason(type) !== undefined) {
      into.unread.push({ where, why: unreadReason(type)! });
    }
  }
}

/**
 * The guard under which a resource of an unfixed template condition exists, or does not:
 * `template condition C holds`, the condition known by its definition's fingerprint.
 */
export function conditionGuard(condition: string, holds: boolean): string {
  return `template condition ${condition} ${holds ? 'holds' : 'does not hold'}`;
}

/** The guard under which a managed policy with `IgnoreExisting` is the one the template defines, not one kept from before. */
export function createdGuard(policyName: string): string {
  return `the template creates policy ${policyName} (IgnoreExisting) holds`;
}

/** The guard under which a role with `IgnoreExisting` is the one the template defines, with its trust policy. */
export function createdRoleGuard(roleName: string): string {
  return `the template creates role ${roleName} (IgnoreExisting) holds`;
}

/** The guard that holds exactly when `guard`, a {@link conditionGuard} or {@link createdGuard}, does not. */
export function negatedGuard(guard: string): string {
  return guard.endsWith(' does not hold') ? `${guard.slice(0, -' does not hold'.length)} holds` : `${guard.slice(0, -' holds'.length)} does not hold`;
}

function nestedStack(where: string, props: any, context: ResolveContext, guards: readonly string[], into: Collected, counter: Counter): void {
  // ROS documents one of the two; with both, which it deploys is not documented.
  // https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ros-stack
  if (props.TemplateBody !== undefined && props.TemplateURL !== undefined) {
    into.unread.push({ where, why: 'is a nested stack with both a TemplateBody and a TemplateURL, and which one ROS deploys is not documented' });
    return;
  }
  const body: any = templateBodyOf(props.TemplateBody);
  if (body === undefined) {
    into.unread.push({ where, why: 'is a nested stack without a readable TemplateBody' });
    return;
  }
  if (++counter.stacks > MAX_NESTED_STACKS) {
    into.unread.push({ where, why: `is a nested stack beyond the ${MAX_NESTED_STACKS} that one review reads` });
    return;
  }
  // What the parent passes, resolved in the parent: its unknowns stay the parent's unknowns.
  const given = resolveValue(props.Parameters, context);
  const readable = given === undefined || (given !== null && typeof given === 'object' && !Array.isArray(given) && !isHole(given));
  const parameters: { [name: string]: unknown } = readable ? { ...(given as object) } : {};
  if (!readable) {
    // Each parameter is then a part of that unknown, as it is defined.
    into.notes.add(`${where}.Parameters is not an object that can be read; the nested stack's parameters are read as not known`);
    const whole = typeof given === 'object' && given !== null && isHole(given) ? identityOf(given as PartialText) : canonicalJson(given);
    const declarations = body.Parameters !== null && typeof body.Parameters === 'object' ? Object.keys(body.Parameters) : [];
    for (const name of declarations) parameters[name] = { parts: [definedHole(`\${${name}}`, { parameters: whole, name })] };
  }
  collect(body, parameters, { stack: `${where}/`, guards }, into, counter);
}

/** A value with holes or one that is not known at all, as ./values.ts resolves them. */
function isHole(value: object): boolean {
  return isPartialText(value) || isOpaque(value);
}

/** How reports name a value that does not name a policy as it stands. */
function unknownText(value: unknown, identities: boolean): string {
  if (isPartialText(value) || isOpaque(value)) return identities ? identityOf(value) : labelOf(value);
  return canonicalJson(value);
}

/**
 * The items of a list property, each with its field (`Users[0]`); a value that is not a list
 * (an unresolved function) is one unknown item, with the field itself.
 */
function itemsOf(value: unknown, field: string, where: string, into: Collected): { value: unknown; field: string }[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item, i) => ({ value: item, field: `${field}[${i}]` }));
  into.notes.add(`${where} is not a list that can be read; read as one unknown item`);
  return [{ value, field }];
}

/** The value at `field` (`PolicyAttachments.System[1]`) of a resource's properties, as the template writes it. */
function rawAt(props: any, field: string): unknown {
  let value = props;
  for (const step of field.split(/\.|(?=\[)/)) {
    const index = /^\[(\d+)\]$/.exec(step);
    value = index ? (Array.isArray(value) ? value[Number(index[1])] : undefined) : value?.[step];
  }
  return value;
}

/**
 * The RAM name in a Resource Manager PrincipalName (`alice@<alias>.onaliyun.com`,
 * `devs@group.<alias>.onaliyun.com`, `ci@role.<alias>.onaliyunservice.com`): the text before the
 * `@`, also when the account is joined in after it. https://help.aliyun.com/zh/resource-management/api-attachpolicy
 */
function resourceManagerName(value: unknown, context: ResolveContext, identities: boolean): ReadText {
  const resolved = resolveText(value, context);
  const first = typeof resolved === 'string' ? resolved : resolved.parts[0];
  if (typeof first === 'string' && first.indexOf('@') > 0) return { text: first.slice(0, first.indexOf('@')), known: true };
  return { text: identities ? identityOf(resolved) : labelOf(resolved), known: false };
}

/** Managed policies of one name in a stack set; RAM policy names are unique per account, so only one of them can be created. */
export interface DuplicatePolicyName {
  readonly policyName: string;
  /** Where each is defined, `Stack/LogicalId` (a nested stack's path between), sorted. */
  readonly places: readonly string[];
}

/** What a stack set holds, read as one account. */
export interface StackSetContents {
  /**
   * Every stack's policies, attachments and memberships. Places are `Stack/` (nested stacks
   * `Stack/Nested/`); policies are named `Stack/name` and attachments name the policy they
   * resolve to that way; what the templates leave open is qualified by its stack (`${Stack/Name}`),
   * since two stacks' parameters of one name are two values.
   */
  readonly contents: TemplateContents;
  readonly duplicates: readonly DuplicatePolicyName[];
  /** Stacks whose template cannot be read at all, left out of `contents`. */
  readonly unreadable: readonly { readonly stack: string; readonly file: string; readonly problem: string }[];
}

/**
 * Reads every stack of a set into one account view. Principals are account-wide: a user, group or
 * role of one name is one principal, whichever stacks attach to it; a policy name attached in one
 * stack resolves to the managed policy of that name defined in any stack.
 */
export function readStackSet(set: StackSet, parameters: { readonly [name: string]: string } = {},
  options: ReadOptions = {}): StackSetContents {
  const per: { stack: string; collected: Collected }[] = [];
  const unreadable: { stack: string; file: string; problem: string }[] = [];
  for (const stack of set.stacks) {
    refuseMistypedParameters(stack.template, parameters, `stack ${stack.name}`);
    const collected: Collected = { policies: [], attachments: [], memberships: [], trusts: [], identityProviders: [], notes: new Set(), unread: [] };
    try {
      collect(stack.template, parameters, { stack: undefined, root: `${stack.name}/`, guards: [] }, collected,
        { stacks: 0, identities: options.identities === true });
    } catch (e) {
      if (!(e instanceof TemplateShapeError)) throw e;
      unreadable.push({ stack: stack.name, file: stack.file, problem: 'Resources is not an object' });
      continue;
    }
    per.push({ stack: stack.name, collected });
  }
  const all = per.flatMap((p) => p.collected.policies);
  const inline = new Map<string, TemplatePolicy>();
  const inlineKey = (place: Place, policyName: string) => JSON.stringify([place.stack, place.logicalId, policyName]);
  for (const policy of all) if (policy.inlineOn !== undefined) inline.set(inlineKey(policy, policy.policyName), policy);
  const managed = managedByName(all);
  const duplicates = duplicatePolicyNames(managed);

  const qualifiedName = (policy: TemplatePolicy) => (policy.nameKnown ? `${policy.stack}${policy.policyName}` : qualifyText(policy.policyName, policy.stack));
  const attachedName = (a: TemplateAttachment): Partial<TemplateAttachment> => {
    if (!a.policyNameKnown) {
      return { policyName: qualifyText(a.policyName, a.stack), ...(a.policyNameParts ? { policyNameParts: qualifyParts(a.policyNameParts, a.stack) } : {}) };
    }
    if (a.policyType === 'System') return {};
    // An inline policy is the one its own resource defines; a managed one is found by name, in any stack.
    const own = inline.get(inlineKey(a, a.policyName));
    const defined = own ? [own] : managed.get(a.policyName) ?? [];
    return defined.length === 1 ? { policyName: qualifiedName(defined[0]) } : {};
  };
  const text = (t: ReadText, stack: string): ReadText => (t.known ? t
    : { text: qualifyText(t.text, stack), known: false, ...(t.parts ? { parts: qualifyParts(t.parts, stack) } : {}) });
  const contents: TemplateContents = {
    policies: all.map((p) => ({ ...p, policyName: qualifiedName(p), document: qualifyValue(p.document, p.stack) })),
    attachments: per.flatMap((p) => p.collected.attachments).map((a) => ({
      ...a,
      ...attachedName(a),
      principal: a.principal.known ? a.principal : { ...a.principal, name: qualifyText(a.principal.name, a.stack) },
      ...(a.resourceGroupId?.includes('${') ? { resourceGroupId: qualifyText(a.resourceGroupId, a.stack) } : {}),
    })),
    memberships: per.flatMap((p) => p.collected.memberships).map((m) => ({ ...m, user: text(m.user, m.stack), group: text(m.group, m.stack) })),
    trusts: per.flatMap((p) => p.collected.trusts).map((t) => ({ ...t, role: text(t.role, t.stack), document: qualifyValue(t.document, t.stack) })),
    identityProviders: per.flatMap((p) => p.collected.identityProviders).map((i) => ({ ...i, definition: qualifyValue(i.definition, i.stack) })),
    notes: [...new Set(per.flatMap((p) => [...p.collected.notes]))].sort(),
    unread: per.flatMap((p) => p.collected.unread),
    parameters: {},
  };
  return { contents, duplicates, unreadable };
}

/** Managed policies by their known name (inline policies and names with holes left out). */
function managedByName(policies: readonly TemplatePolicy[]): Map<string, TemplatePolicy[]> {
  const managed = new Map<string, TemplatePolicy[]>();
  for (const policy of policies) {
    if (policy.inlineOn !== undefined || !policy.nameKnown) continue;
    const list = managed.get(policy.policyName);
    if (list) list.push(policy); else managed.set(policy.policyName, [policy]);
  }
  return managed;
}

function duplicatePolicyNames(managed: ReadonlyMap<string, readonly TemplatePolicy[]>): DuplicatePolicyName[] {
  return [...managed.entries()].filter(([, list]) => list.length > 1)
    .map(([policyName, list]) => ({ policyName, places: list.map((p) => `${p.stack}${p.logicalId}`).sort(compareText) }))
    .sort((a, b) => compareText(a.policyName, b.policyName));
}

/**
 * Managed policy names that the template's policies (one template, its nested stacks included)
 * define more than once. RAM policy names are unique per account, so only one can be created.
 */
export function duplicatePolicyNamesOf(contents: TemplateContents): DuplicatePolicyName[] {
  return duplicatePolicyNames(managedByName(contents.policies));
}

/** The refusal of a template or stack set that defines a policy name twice: it has no single reading. */
export function duplicatePolicyNameError(duplicates: readonly DuplicatePolicyName[]): TemplateShapeError {
  const [first] = duplicates;
  return new TemplateShapeError(
    `policy name ${JSON.stringify(first.policyName)} is defined by ${first.places.join(' and ')}; RAM policy names are unique per account, so only one of them can be created and which one depends on the order of deployment`
    + (duplicates.length > 1 ? ` (and ${duplicates.length - 1} more name${duplicates.length > 2 ? 's' : ''})` : ''),
    'give each policy its own name; `cr-grants check` lists every duplicate');
}

/** The account view of a stack set, refused when it has no single reading. */
function accountOf(set: StackSet, parameters: { readonly [name: string]: string }, options: ReadOptions): TemplateContents {
  const { contents, duplicates, unreadable } = readStackSet(set, parameters, options);
  if (unreadable.length > 0) {
    const [first] = unreadable;
    throw new TemplateShapeError(`stack ${first.stack} (${first.file}): ${first.problem}`, 'a ROS template has an object of resources under Resources');
  }
  if (duplicates.length > 0) throw duplicatePolicyNameError(duplicates);
  return contents;
}

/**
 * Text with holes, each hole qualified by the stack it stands in (`${Name}` in `Stack/` becomes
 * `${Stack/Name}`), so two stacks' unknowns of one name stay two unknowns. Names RAM accepts
 * hold no `$`, and the stack is fixed, so the rewrite keeps different texts different.
 */
function qualifyText(text: string, stack: string): string {
  return text.includes('${') ? text.split('${').join(`\${${stack}`) : `${stack}${text}`;
}

function qualifyParts(value: PartialText, stack: string): PartialText {
  return { parts: value.parts.map((p) => (typeof p === 'string' ? p : { ...p, hole: qualifyText(p.hole, stack) })) };
}

/** A resolved value with every hole qualified by its stack; literal text is left as it is. */
function qualifyValue(value: unknown, stack: string): unknown {
  if (isPartialText(value)) return qualifyParts(value, stack);
  if (isOpaque(value)) return { opaque: `${stack}${value.opaque}` };
  if (Array.isArray(value)) return value.map((v) => qualifyValue(v, stack));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, qualifyValue(v, stack)]));
  }
  return value;
}
