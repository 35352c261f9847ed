/**
 * Who holds which policy in a template, per RAM user, group and role, from what ./template.ts
 * reads: attachments of every kind, inline policies, group membership, nested stacks.
 *
 * What the template does not fix is kept as an unknown, never dropped: a policy whose name or
 * document is not known, a principal or group named by an unresolved value, a policy type left
 * open. The analysis reads each unknown the way that could hide access.
 */
import { systemPolicyDocument } from './system-policy-documents';
import { GranteeKind, principalLabel } from '../model/principal';
import {
  TemplateAttachment, TemplateContents, createdRoleGuard, duplicatePolicyNameError, duplicatePolicyNamesOf, negatedGuard, principalOf, readTemplate,
} from './template';
import { canonicalJson, definedHole, identityValue, readable as readableGuard } from './values';

export { TemplateShapeError } from './template';

/** The principal that stands for every principal the template does not name, when unread resources may give them anything. */
export const UNREAD_PRINCIPALS = '*:(principals of unread resources)';

/** How reviews name a role's trust policy: `trust policy of role:deploy`. */
export function trustPolicyName(roleLabel: string): string {
  return `trust policy of ${roleLabel}`;
}

/** The role label a {@link trustPolicyName} names; undefined for any other policy name. */
export function trustedRoleOf(policyName: string): string | undefined {
  return policyName.startsWith('trust policy of role:') ? policyName.slice('trust policy of '.length) : undefined;
}

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
  /** The group (`group:devs`) a user holds the policy through; undefined when held directly. */
  readonly throughGroup?: string;
  /**
   * For a trust policy in a template that defines identity providers: the unknown every
   * `Federated` caller it names stands behind, which names each provider by its definition. A
   * provider defined otherwise (other metadata, another issuer) vouches for other callers, so
   * the versions then name different unknowns.
   */
  readonly federatedGuard?: string;
}

export interface PrincipalHoldings {
  /** `user:alice`; a principal named by an unresolved value is `user:${UserName}`. */
  readonly label: string;
  readonly policies: readonly HeldPolicy[];
}

export interface TemplateReading {
  /** By label, sorted. */
  readonly principals: ReadonlyMap<string, PrincipalHoldings>;
  /**
   * Who may assume each role the template defines: its trust policies, as policies held by the
   * role's label (`role:deploy`), each named {@link trustPolicyName}; by label, sorted. What may
   * change a role's trust unseen (an unread resource, a role kept by IgnoreExisting) is a
   * policy whose content is not known.
   */
  readonly trusts: ReadonlyMap<string, PrincipalHoldings>;
  /** What a reader must know, sorted. */
  readonly notes: readonly string[];
}

/**
 * Reads a template. `parameters` are values for its parameters; a parameter without one may
 * take any value (its default is only a default).
 */
export function readPrincipals(template: unknown, parameters: { readonly [name: string]: string } = {}): TemplateReading {
  const contents = readTemplate(template, parameters, { identities: true });
  // Which of two definitions of one name RAM holds depends on the order of deployment: refused,
  // as for a stack set (`check` reads the template itself and reports CRG-E014 instead).
  const duplicates = duplicatePolicyNamesOf(contents);
  if (duplicates.length > 0) throw duplicatePolicyNameError(duplicates);
  return assemble(contents);
}

function assemble(contents: TemplateContents): TemplateReading {
  const holdings = new Map<string, HeldPolicy[]>();
  const notes = new Set(contents.notes);
  // By name: readPrincipals refuses two managed policies of one name.
  const definitions = new Map(contents.policies.map((p) => [p.policyName, p]));
  // A principal holds each policy once. Its canonical text is the key; a document shared by many
  // holdings (a group's policies reach every member) is written out once.
  const held = new Map<string, Set<string>>();
  const documentTexts = new Map<unknown, string>();
  const keyOf = (policy: HeldPolicy) => {
    const { document, ...rest } = policy;
    if (!('document' in policy)) return canonicalJson(rest);
    let text = documentTexts.get(document);
    if (text === undefined) {
      text = canonicalJson(document);
      documentTexts.set(document, text);
    }
    return `${canonicalJson(rest)}\n${text}`;
  };
  const hold = (label: string, policy: HeldPolicy) => {
    const list = holdings.get(label);
    if (list === undefined) {
      holdings.set(label, [policy]);
      return;
    }
    // Keys only once a principal holds a second policy: most hold one.
    let keys = held.get(label);
    if (keys === undefined) {
      keys = new Set(list.map(keyOf));
      held.set(label, keys);
    }
    const key = keyOf(policy);
    if (!keys.has(key)) {
      keys.add(key);
      list.push(policy);
    }
  };
  // A policy type the template leaves open may be either.
  const attachments = contents.attachments.flatMap((a) => (a.policyType !== undefined ? [a]
    : (['System', 'Custom'] as const).map((policyType) => ({ ...a, policyType }))));
  const heldOf = (a: TemplateAttachment, guards: readonly string[]): HeldPolicy[] => {
    const base = { guards: [...a.guards, ...guards].sort(), ...(a.resourceGroupId !== undefined ? { resourceGroupId: a.resourceGroupId } : {}) };
    if (a.policyType === 'System') {
      const document = systemPolicyDocument(a.policyName);
      const policyName = `${a.policyName} (system)`;
      return [document !== undefined && a.policyNameKnown ? { policyName, document, ...base }
        : { policyName, unknown: `system policy ${a.policyName} is not in the catalogue of system policy documents`, ...base }];
    }
    const notDefined = (why: string, more: readonly string[]): HeldPolicy =>
      ({ policyName: a.policyName, unknown: `custom policy ${a.policyName} is not defined in this template${why}`, ...base, guards: [...base.guards, ...more].sort() });
    const definition = definitions.get(a.policyName);
    if (definition === undefined) return [notDefined('', [])];
    // Where the definition exists under a condition the attachment does not share, the name
    // may name a policy defined elsewhere: one whose content is not known.
    const otherwise = definition.guards.filter((g) => !a.guards.includes(g))
      .map((g) => notDefined(` when ${readableGuard(g)}`, [negatedGuard(g)]));
    return [{ policyName: a.policyName, document: definition.document, ...base, guards: [...new Set([...base.guards, ...definition.guards])].sort() }, ...otherwise];
  };
  const labels = new Set<string>();
  for (const a of attachments) labels.add(principalOf(a));
  for (const m of contents.memberships) labels.add(`user:${m.user.text}`);

  for (const a of attachments) {
    const label = principalOf(a);
    heldOf(a, []).forEach((p) => hold(label, p));
    if (!a.principal.known) {
      // An unresolved principal may be any principal of its kind.
      for (const other of labels) {
        if (other !== label && other.startsWith(`${a.principal.kind.toLowerCase()}:`)) heldOf(a, [`${other} is ${label}`]).forEach((p) => hold(other, p));
      }
    }
  }
  // A user holds its groups' policies (one level: RAM groups do not nest).
  const groupPolicies = (group: string) => holdings.get(`group:${group}`) ?? [];
  for (const m of contents.memberships) {
    const named = `user:${m.user.text}`;
    // An unresolved user or group may be any user or group of the template, or one outside it.
    const users = m.user.known ? [named] : [named, ...[...labels].filter((l) => l.startsWith('user:') && l !== named)];
    const groups = m.group.known ? [m.group.text]
      : [m.group.text, ...[...labels].filter((l) => l.startsWith('group:')).map((l) => l.slice('group:'.length)).filter((g) => g !== m.group.text)];
    for (const user of users) {
      for (const group of groups) {
        const guards = [
          ...m.guards,
          ...(user === named ? [] : [`${user} is ${named}`]),
          ...(group === m.group.text ? [] : [`group:${group} is group:${m.group.text}`]),
        ];
        const held = groupPolicies(group);
        if (held.length === 0) {
          hold(user, { policyName: `policies of group:${group}`, unknown: `group:${group} holds no policy in this template; what it holds elsewhere is not known`, guards: [...guards].sort(), throughGroup: `group:${group}` });
        }
        for (const p of held) {
          hold(user, { ...p, policyName: `${p.policyName} (through group:${group})`, guards: [...new Set([...p.guards, ...guards])].sort(), throughGroup: `group:${group}` });
        }
      }
    }
  }
  for (const { where, why } of contents.unread) {
    notes.add(`${where} ${why}; it may attach any policy to any principal`);
    const held: HeldPolicy = { policyName: `resources of ${where}`, unknown: `${where} ${why}`, guards: [] };
    for (const label of labels) hold(label, held);
    hold(UNREAD_PRINCIPALS, held);
  }
  const attached = new Set(attachments.filter((a) => a.policyType === 'Custom').map((a) => a.policyName));
  for (const policy of contents.policies) {
    if (policy.inlineOn === undefined && !attached.has(policy.policyName)) notes.add(`policy ${policy.policyName} is attached to no one in this template`);
  }
  const principals = new Map<string, PrincipalHoldings>();
  for (const label of [...holdings.keys()].sort()) principals.set(label, { label, policies: holdings.get(label)! });
  return { principals, trusts: trustsOf(contents), notes: [...notes].sort() };
}

/** Each defined role's trust policies, with what may change them unseen. */
function trustsOf(contents: TemplateContents): Map<string, PrincipalHoldings> {
  const trusts = new Map<string, HeldPolicy[]>();
  const add = (label: string, policy: HeldPolicy) => {
    const list = trusts.get(label);
    if (list) list.push(policy); else trusts.set(label, [policy]);
  };
  const providers = contents.identityProviders.map((p) => definedHole(`${p.stack}${p.logicalId}`,
    { type: p.type, definition: identityValue(p.definition), guards: p.guards }).identity!).sort();
  const federated = providers.length === 0 ? {} : { federatedGuard: `the identity providers ${providers.join(', ')}, as this version defines them, vouch for the caller` };
  for (const t of contents.trusts) {
    const label = principalLabel({ kind: GranteeKind.ROLE, identity: t.role.text });
    const policyName = trustPolicyName(label);
    if (!t.mayBeKept) {
      add(label, { policyName, document: t.document, guards: t.guards, ...federated });
      continue;
    }
    const created = createdRoleGuard(t.role.text);
    add(label, { policyName, document: t.document, guards: [...t.guards, created].sort(), ...federated });
    add(label, { policyName, unknown: `${label} may be one that exists already (IgnoreExisting), with a trust policy that is not known`, guards: [...t.guards, negatedGuard(created)].sort() });
  }
  // An unread resource may change any role's trust policy; `UNREAD_PRINCIPALS` stands for a role only the other version defines.
  for (const { where, why } of contents.unread) {
    const held = (label: string): HeldPolicy => ({ policyName: trustPolicyName(label), unknown: `${where} ${why}`, guards: [] });
    for (const label of [...trusts.keys()]) add(label, held(label));
    add(UNREAD_PRINCIPALS, held('role:(roles of unread resources)'));
  }
  return new Map([...trusts.keys()].sort().map((label) => [label, { label, policies: trusts.get(label)! }]));
}
