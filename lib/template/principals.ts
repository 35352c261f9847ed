/**
 * Who holds which policy in a template: every way ROS can attach a policy to a RAM user, group
 * or role, and every way a user joins a group.
 *
 * - `ALIYUN::RAM::ManagedPolicy` (its `Users` / `Groups` / `Roles` attach it),
 *   `ALIYUN::RAM::AttachPolicyToUser|Group|Role`, `ALIYUN::ResourceManager::PolicyAttachment`;
 * - a user's, group's or role's own `Policies` and `PolicyAttachments`, a user's `Groups`;
 * - `ALIYUN::RAM::UserToGroupAddition` (`GroupName`, `Users`);
 * - nested `ALIYUN::ROS::Stack` with a `TemplateBody`; one with only a `TemplateURL` cannot be read.
 * https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-user (and -group, -role,
 * -managedpolicy, -attachpolicytouser, -usertogroupaddition), .../aliyun-ros-stack,
 * https://help.aliyun.com/zh/resource-management/api-attachpolicy
 *
 * What the template does not fix is kept as an unknown, never dropped: a policy whose name or
 * document is not known, a principal or group named by an unresolved value. The analysis reads
 * each unknown the way that could hide access.
 */
import { principalLabel, GranteeKind } from '../model/principal';
import { KNOWN_SYSTEM_POLICIES } from './system-policy-documents';
import {
  NAME_PROPERTIES, ResolveContext, canonicalJson, labelOf, resolveText, resolveValue,
} from './values';

/** A policy as one principal holds it. */
export interface HeldPolicy {
  /** How reviews name it: `pull-web`, `AliyunContainerRegistryFullAccess (system)`, `p (inline on user:alice)`. */
  readonly policyName: string;
  /** The document with values resolved as far as the template allows; undefined when not known. */
  readonly document?: unknown;
  /** Why the document is not known, when it is not. */
  readonly unknown?: string;
  /** Unknowns that must hold for the principal to hold the policy (an unresolved principal or group). */
  readonly guards: readonly string[];
  /** Resource group the attachment is limited to, when it is. */
  readonly resourceGroupId?: string;
}

export interface PrincipalHoldings {
  /** `user:alice`; a principal named by an unresolved value is `user:${UserName}`. */
  readonly label: string;
  readonly policies: readonly HeldPolicy[];
}

export interface TemplateReading {
  /** By label, sorted. */
  readonly principals: ReadonlyMap<string, PrincipalHoldings>;
  /** What a reader must know, sorted. */
  readonly notes: readonly string[];
}

/** Bounds on what one review reads. */
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

/** A template that cannot be read as a template at all. */
export class TemplateShapeError extends Error {}

interface Attachment {
  readonly kind: GranteeKind;
  /** The principal's name, or its label with holes when unresolved. */
  readonly name: string;
  readonly nameKnown: boolean;
  /** `Custom` policy name key, or a system policy name. */
  readonly policy: { readonly type: 'System' | 'Custom'; readonly name: string; readonly nameKnown: boolean };
  readonly resourceGroupId?: string;
}

interface Membership {
  readonly user: string;
  readonly userKnown: boolean;
  readonly group: string;
  readonly groupKnown: boolean;
}

interface Collected {
  /** Custom policies by name (label when the name has holes): the document, resolved. */
  readonly policies: Map<string, { document: unknown; inline?: string }>;
  readonly attachments: Attachment[];
  readonly memberships: Membership[];
  readonly notes: Set<string>;
  readonly unreadStacks: string[];
}

/**
 * Reads a template. `parameters` are values for its parameters; a parameter without one may
 * take any value (its default is only a default).
 */
export function readPrincipals(template: unknown, parameters: { readonly [name: string]: string } = {}): TemplateReading {
  const collected: Collected = { policies: new Map(), attachments: [], memberships: [], notes: new Set(), unreadStacks: [] };
  collect(template, parameters, '', collected, { stacks: 0 });
  return assemble(collected);
}

function collect(template: unknown, parameters: { readonly [name: string]: string }, prefix: string,
  into: Collected, counter: { stacks: number }): void {
  const top = template as any;
  const resources = top?.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new TemplateShapeError(`${prefix || 'the template'}'s Resources is not an object`);
  }
  const declared = new Set<string>(top?.Parameters !== null && typeof top?.Parameters === 'object' ? Object.keys(top.Parameters) : []);
  const context: ResolveContext = { resources, parameters, declared };
  const text = (value: unknown) => {
    const resolved = resolveText(value, context);
    return { name: labelOf(resolved), known: typeof resolved === 'string' };
  };
  for (const [logicalId, resource] of Object.entries<any>(resources)) {
    const type = resource?.Type;
    const props = resource?.Properties ?? {};
    const where = `${prefix}${logicalId}`;
    if (type === 'ALIYUN::RAM::ManagedPolicy') {
      const name = props.PolicyName === undefined ? { name: logicalId, known: true } : text(props.PolicyName);
      into.policies.set(name.name, { document: resolveValue(props.PolicyDocumentUnchecked ?? props.PolicyDocument, context) });
      for (const [key, kind] of [['Users', GranteeKind.USER], ['Groups', GranteeKind.GROUP], ['Roles', GranteeKind.ROLE]] as const) {
        for (const who of listOf(resolveValue(props[key], context), `${where}.${key}`, into)) {
          const principal = text(who);
          into.attachments.push({ kind, name: principal.name, nameKnown: principal.known, policy: { type: 'Custom', name: name.name, nameKnown: name.known } });
        }
      }
    } else if (IDENTITY_KINDS[type] !== undefined) {
      const kind = IDENTITY_KINDS[type];
      const own = text(props[NAME_PROPERTIES[type]]);
      const label = principalLabel({ kind, identity: own.name });
      listOf(resolveValue(props.Policies, context), `${where}.Policies`, into).forEach((entry: any, i) => {
        const policyName = `${entry?.PolicyName === undefined ? `Policies[${i}]` : text(entry.PolicyName).name} (inline on ${label})`;
        into.policies.set(policyName, { document: resolveValue(entry?.PolicyDocument, context), inline: label });
        into.attachments.push({ kind, name: own.name, nameKnown: own.known, policy: { type: 'Custom', name: policyName, nameKnown: true } });
      });
      const attachments = resolveValue(props.PolicyAttachments, context);
      for (const type of ['System', 'Custom'] as const) {
        for (const policy of listOf((attachments as any)?.[type], `${where}.PolicyAttachments.${type}`, into)) {
          const name = text(policy);
          into.attachments.push({ kind, name: own.name, nameKnown: own.known, policy: { type, name: name.name, nameKnown: name.known } });
        }
      }
      if (kind === GranteeKind.USER) {
        for (const group of listOf(resolveValue(props.Groups, context), `${where}.Groups`, into)) {
          const g = text(group);
          into.memberships.push({ user: own.name, userKnown: own.known, group: g.name, groupKnown: g.known });
        }
      }
    } else if (type === 'ALIYUN::RAM::UserToGroupAddition') {
      const group = text(props.GroupName);
      for (const user of listOf(resolveValue(props.Users, context), `${where}.Users`, into)) {
        const u = text(user);
        into.memberships.push({ user: u.name, userKnown: u.known, group: group.name, groupKnown: group.known });
      }
    } else if (ATTACH_TYPES[type] !== undefined || type === 'ALIYUN::ResourceManager::PolicyAttachment') {
      const attach = ATTACH_TYPES[type];
      const kind = attach ? attach.kind : RESOURCE_MANAGER_KINDS[props.PrincipalType];
      if (kind === undefined) {
        into.notes.add(`${where}: PrincipalType ${JSON.stringify(props.PrincipalType)} is not IMSUser, IMSGroup or ServiceRole; read as any principal`);
      }
      const principal = attach ? text(props[attach.nameKey]) : resourceManagerName(props.PrincipalName, context);
      const policy = text(props.PolicyName);
      const policyType = resolveValue(props.PolicyType, context);
      const types: ('System' | 'Custom')[] = policyType === 'System' ? ['System'] : policyType === 'Custom' || attach ? ['Custom'] : ['System', 'Custom'];
      for (const t of types) {
        for (const k of kind !== undefined ? [kind] : [GranteeKind.USER, GranteeKind.GROUP, GranteeKind.ROLE]) {
          into.attachments.push({
            kind: k,
            name: principal.name,
            nameKnown: principal.known && kind !== undefined,
            policy: { type: t, name: policy.name, nameKnown: policy.known },
            ...(attach ? {} : { resourceGroupId: labelOf(resolveText(props.ResourceGroupId, context)) }),
          });
        }
      }
    } else if (type === 'ALIYUN::ROS::Stack') {
      nestedStack(where, props, context, into, counter);
    }
  }
}

function nestedStack(where: string, props: any, context: ResolveContext, into: Collected, counter: { stacks: number }): void {
  let body = props.TemplateBody;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  if (body === undefined || body === null || typeof body !== 'object' || ++counter.stacks > MAX_NESTED_STACKS) {
    into.unreadStacks.push(where);
    return;
  }
  const parameters: { [name: string]: string } = {};
  const given = resolveValue(props.Parameters, context);
  if (given !== null && typeof given === 'object') {
    for (const [name, value] of Object.entries(given)) if (typeof value === 'string') parameters[name] = value;
  }
  collect(body, parameters, `${where}/`, into, counter);
}

/** A list property; a value that is not a list (an unresolved function) becomes one unknown item. */
function listOf(value: unknown, where: string, into: Collected): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  into.notes.add(`${where} is not a list that can be read; read as one unknown item`);
  return [value];
}

/** The RAM name in a Resource Manager PrincipalName (`alice@<alias>.onaliyun.com`): the text before `@`. */
function resourceManagerName(value: unknown, context: ResolveContext): { name: string; known: boolean } {
  const resolved = resolveText(value, context);
  const first = typeof resolved === 'string' ? resolved : resolved.parts[0];
  if (typeof first === 'string' && first.indexOf('@') > 0) return { name: first.slice(0, first.indexOf('@')), known: true };
  return { name: labelOf(resolved), known: false };
}

function assemble(collected: Collected): TemplateReading {
  const holdings = new Map<string, HeldPolicy[]>();
  const notes = new Set(collected.notes);
  const hold = (label: string, policy: HeldPolicy) => {
    const list = holdings.get(label) ?? [];
    if (!list.some((p) => canonicalJson(p) === canonicalJson(policy))) list.push(policy);
    holdings.set(label, list);
  };
  const heldOf = (a: Attachment, guards: readonly string[]): HeldPolicy => {
    const base = { guards, ...(a.resourceGroupId !== undefined ? { resourceGroupId: a.resourceGroupId } : {}) };
    if (a.policy.type === 'System') {
      const document = systemDocument(a.policy.name);
      const policyName = `${a.policy.name} (system)`;
      return document !== undefined && a.policy.nameKnown ? { policyName, document, ...base }
        : { policyName, unknown: `system policy ${a.policy.name} is not in the catalogue of system policy documents`, ...base };
    }
    const own = collected.policies.get(a.policy.name);
    if (own === undefined) return { policyName: a.policy.name, unknown: `custom policy ${a.policy.name} is not defined in this template`, ...base };
    return { policyName: a.policy.name, document: own.document, ...base };
  };
  const labels = new Set<string>();
  for (const a of collected.attachments) labels.add(principalLabel({ kind: a.kind, identity: a.name }));
  for (const m of collected.memberships) labels.add(`user:${m.user}`);

  for (const a of collected.attachments) {
    const label = principalLabel({ kind: a.kind, identity: a.name });
    hold(label, heldOf(a, []));
    if (!a.nameKnown) {
      // An unresolved principal may be any principal of its kind.
      for (const other of labels) {
        if (other !== label && other.startsWith(`${a.kind.toLowerCase()}:`)) hold(other, heldOf(a, [`${other} is ${label}`]));
      }
    }
  }
  // A user holds its groups' policies (one level: RAM groups do not nest).
  const groupPolicies = (group: string) => holdings.get(`group:${group}`) ?? [];
  for (const m of collected.memberships) {
    const named = `user:${m.user}`;
    // An unresolved user or group may be any user or group of the template, or one outside it.
    const users = m.userKnown ? [named] : [named, ...[...labels].filter((l) => l.startsWith('user:') && l !== named)];
    const groups = m.groupKnown ? [m.group]
      : [m.group, ...[...labels].filter((l) => l.startsWith('group:')).map((l) => l.slice('group:'.length)).filter((g) => g !== m.group)];
    for (const user of users) {
      for (const group of groups) {
        const guards = [
          ...(user === named ? [] : [`${user} is ${named}`]),
          ...(group === m.group ? [] : [`group:${group} is group:${m.group}`]),
        ];
        const held = groupPolicies(group);
        if (held.length === 0) {
          hold(user, { policyName: `policies of group:${group}`, unknown: `group:${group} holds no policy in this template; what it holds elsewhere is not known`, guards });
        }
        for (const p of held) hold(user, { ...p, policyName: `${p.policyName} (through group:${group})`, guards: [...p.guards, ...guards].sort() });
      }
    }
  }
  for (const stack of collected.unreadStacks) {
    notes.add(`${stack}: a nested stack without a readable TemplateBody may attach any policy to any principal`);
    for (const label of labels) hold(label, { policyName: `resources of ${stack}`, unknown: `nested stack ${stack} cannot be read`, guards: [] });
    hold('*:(principals of unread nested stacks)', { policyName: `resources of ${stack}`, unknown: `nested stack ${stack} cannot be read`, guards: [] });
  }
  const attached = new Set(collected.attachments.filter((a) => a.policy.type === 'Custom').map((a) => a.policy.name));
  for (const [name, policy] of collected.policies) {
    if (policy.inline === undefined && !attached.has(name)) notes.add(`policy ${name} is attached to no one in this template`);
  }
  const principals = new Map<string, PrincipalHoldings>();
  for (const label of [...holdings.keys()].sort()) principals.set(label, { label, policies: holdings.get(label)! });
  return { principals, notes: [...notes].sort() };
}

function systemDocument(name: string): unknown {
  return Object.prototype.hasOwnProperty.call(KNOWN_SYSTEM_POLICIES, name) ? KNOWN_SYSTEM_POLICIES[name] : undefined;
}

