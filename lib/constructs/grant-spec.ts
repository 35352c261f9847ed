import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { NamespaceAccess } from '../model/access';
import { GrantValidationError } from '../model/errors';
import { Grant, GrantInput, normalizeGrant } from '../model/grant';
import { GRANTEE_KINDS, GRANTEE_LIST_FIELD, GranteeKind, PrincipalRef } from '../model/principal';
import { FieldRule, FIELD_RULES } from '../model/field-rules';
import { isUnresolved } from '../model/token';
import { checkOptionalList } from '../model/validate';
import { CHECKER_SUPPRESSION_ID } from '../check/registry';
import { Grantee, granteeIdentity } from './grantee';
import { PRINCIPAL_NAME, TokenField, TokenReader, isRegisteredToken, looksLikeToken } from './tokens';

/** A policy checker finding accepted on purpose, and why. */
export interface CheckSuppression {
  /**
   * A rule id (`CRG-S001`) or a finding id (`CRG-S001[cr:*]`) of a Security warning, Warning
   * or Suggestion; Errors cannot be suppressed.
   */
  readonly id: string;
  /** Why the finding is accepted, in at least 10 characters; reviewers read it in the template. */
  readonly reason: string;
}

/** Who may do what on which Container Registry EE namespace. */
export interface GrantSpec {
  /** The Enterprise Edition instance, `cri-...`. */
  readonly instanceId: string;
  /** The namespace in that instance. */
  readonly namespace: string;
  /** What the grantees may do in the namespace. */
  readonly access: NamespaceAccess;
  /** RAM user names. @default - none */
  readonly users?: string[];
  /** RAM group names. @default - none */
  readonly groups?: string[];
  /** RAM role names. @default - none */
  readonly roles?: string[];
  /** Grantees as objects, e.g. `Grantee.fromPrincipal(user)`. @default - none */
  readonly grantees?: Grantee[];
  /** Region ids the grant is limited to. @default - every region (`*`) */
  readonly regions?: string[];
  /** The account that owns the instance. @default - every account (`*`) */
  readonly accountId?: string;
  /** Add the console's listing statements. @default true */
  readonly consoleAccess?: boolean;
  /** System policies attached beside the custom policy. @default - none */
  readonly systemPolicies?: string[];
  /** Why a high-risk system policy is needed; kept in the template's Metadata. @default - none */
  readonly highRiskReason?: string;
  /** Attach within this resource group instead of the whole account. @default - the whole account */
  readonly resourceGroupId?: string;
  /**
   * Accepted checker findings for the policy that carries this grant, kept in the template's
   * Metadata. With `RegistryAccess`, grants that share a policy share its suppressions.
   * @default - none
   */
  readonly suppressions?: CheckSuppression[];
  /**
   * Allow only requests from these public IPv4 or IPv6 addresses or CIDR blocks
   * (`acs:SourceIp`), written in canonical form without host bits. Not with `sourceVpcs`: make
   * two grants for "from either". docs/constructs.md says where Container Registry applies it.
   * @default - requests from any address
   */
  readonly sourceIps?: string[];
  /** Allow only requests from these VPCs (`acs:SourceVpc`), by id. @default - requests from any network */
  readonly sourceVpcs?: string[];
  /** `true`: allow only requests over HTTPS (`acs:SecureTransport`). @default false */
  readonly secureTransport?: boolean;
  /** `true`: allow only requests from a multi-factor sign-in (`acs:MFAPresent`). @default false */
  readonly mfa?: boolean;
}

/**
 * A spec validated into a grant: its shape here, everything else once, by the model, with the
 * checker's list of rules a suppression may name. `tokens` reads the construct's token values and
 * says what they stand for; `extraFields` names the props a construct adds to `GrantSpec`.
 */
export function grantOf(spec: GrantSpec, where: string, tokens: TokenReader, extraFields: readonly string[] = []): Grant {
  return tokens.validated(() => normalizeGrant(grantInputOf(spec, where, extraFields, tokens), where,
    { suppressionId: CHECKER_SUPPRESSION_ID, describeToken: tokens.describe }));
}

/**
 * The model's input for a spec; `where` names the construct path or file position for errors.
 * Token values are read first: what resolves at synth reaches the model as the text it resolves
 * to, so the model checks it as a literal.
 */
function grantInputOf(spec: GrantSpec, where: string, extraFields: readonly string[], tokens: TokenReader): GrantInput {
  checkShape(spec, where, extraFields);
  refuseTokenLookalikes(spec as unknown as { readonly [field: string]: unknown }, where);
  const principals: PrincipalRef[] = [
    ...GRANTEE_KINDS.flatMap((kind) => namesOf(spec[GRANTEE_LIST_FIELD[kind]], GRANTEE_LIST_FIELD[kind], kind, where, tokens)),
    ...granteesOf(spec.grantees, where, tokens),
  ];
  const read = (field: TokenField, value: unknown) => (value === undefined ? undefined : tokens.read(where, value, field)) as any;
  return {
    ...spec,
    instanceId: read({ rule: FIELD_RULES.instanceId, field: 'instanceId' }, spec.instanceId),
    namespace: read({ rule: FIELD_RULES.namespace, field: 'namespace' }, spec.namespace),
    regions: tokens.readList(where, spec.regions, { rule: FIELD_RULES.region, field: 'regions' }) as string[] | undefined,
    accountId: read({ rule: FIELD_RULES.accountId, field: 'accountId' }, spec.accountId),
    systemPolicies: tokens.readList(where, spec.systemPolicies, { rule: FIELD_RULES.systemPolicy, field: 'systemPolicies', knownAtConstruction: true }) as string[] | undefined,
    highRiskReason: read({ rule: FIELD_RULES.highRiskReason, field: 'highRiskReason' }, spec.highRiskReason),
    resourceGroupId: read({ rule: FIELD_RULES.resourceGroupId, field: 'resourceGroupId' }, spec.resourceGroupId),
    sourceIps: tokens.readList(where, spec.sourceIps, conditionField(FIELD_RULES.sourceIp)) as string[] | undefined,
    sourceVpcs: tokens.readList(where, spec.sourceVpcs, conditionField(FIELD_RULES.sourceVpc)) as string[] | undefined,
    principals,
  };
}

/** Condition values are compared and merged when the grant is made: text, or tokens that resolve now. */
function conditionField(rule: FieldRule): TokenField {
  return {
    rule,
    field: rule.field,
    knownAtConstruction: true,
    textOnly: { rule: `${rule.rule}, written out: conditions are compared and merged when the grant is made`, hint: 'write the value as text' },
  };
}

/**
 * Refuses a grantee whose name is a token with no identity independent of token numbering:
 * its policy names and order would change whenever the app creates a token before it.
 */
export function checkGrantee(where: string, field: string, principal: PrincipalRef): void {
  if (typeof principal.name !== 'string' || !isUnresolved(principal.identity)) return;
  throw new GrantValidationError(where, field, principal.name,
    'is a token whose value cannot be named before deployment, so plans could not name or order it stably',
    'pass a ram.User, ram.Group or ram.Role through Grantee.fromPrincipal, a parameter\'s valueAsString, or the name as text');
}

/** Every `GrantSpec` field, kept complete by the compiler. */
const SPEC_FIELDS: { readonly [field in keyof GrantSpec]-?: true } = {
  instanceId: true, namespace: true, access: true, users: true, groups: true, roles: true, grantees: true,
  regions: true, accountId: true, consoleAccess: true, systemPolicies: true, highRiskReason: true,
  resourceGroupId: true, suppressions: true, sourceIps: true, sourceVpcs: true, secureTransport: true, mfa: true,
};

/** Callers without type checks (plain JavaScript) can pass anything; refuse it before the model reads it. */
function checkShape(spec: unknown, where: string, extraFields: readonly string[]): void {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new GrantValidationError(where, 'props', spec, 'must be an object with instanceId, namespace, access and grantees');
  }
  const known = [...Object.keys(SPEC_FIELDS), ...extraFields];
  const unknown = Object.keys(spec).find((field) => !known.includes(field));
  if (unknown !== undefined) {
    // A misspelt field would otherwise be ignored, and the grant be other than intended.
    throw new GrantValidationError(where, unknown, (spec as { [field: string]: unknown })[unknown], 'is not a known field',
      `known fields: ${known.join(', ')}`);
  }
}

/** The rule of each field whose values name or build something, for messages about token lookalikes. */
const SPEC_FIELD_RULES: { readonly [field: string]: FieldRule | undefined } = {
  instanceId: FIELD_RULES.instanceId,
  namespace: FIELD_RULES.namespace,
  users: FIELD_RULES.userName,
  groups: FIELD_RULES.groupName,
  roles: FIELD_RULES.roleName,
  regions: FIELD_RULES.region,
  accountId: FIELD_RULES.accountId,
  systemPolicies: FIELD_RULES.systemPolicy,
  resourceGroupId: FIELD_RULES.resourceGroupId,
  policyName: FIELD_RULES.policyName,
  sourceIps: FIELD_RULES.sourceIp,
  sourceVpcs: FIELD_RULES.sourceVpc,
};

/**
 * Text written in ROS CDK's token shape that no token of the app stands behind is plain text,
 * and no field accepts it: it holds `$`, `{` and `[`, and ROS CDK would fail on it at synth
 * (`Unrecognized token key`). Refused here with the field's rule.
 */
function refuseTokenLookalikes(spec: { readonly [field: string]: unknown }, where: string): void {
  for (const [field, value] of Object.entries(spec)) {
    for (const [label, text] of textsOf(field, value)) {
      if (!looksLikeToken(text) || isRegisteredToken(text)) continue;
      const rule = SPEC_FIELD_RULES[field];
      throw new GrantValidationError(where, label, text,
        rule ? rule.rule : 'must be plain text without "${Token[...]}"',
        'it is written like a ROS token, but ROS CDK created no token with that key: pass the token itself (e.g. param.valueAsString) or write the value out');
    }
  }
}

/** {@link refuseTokenLookalikes} for a grant the model already validated (one from a grants file). */
export function refuseTokenLookalikesIn(grant: Grant, where: string): void {
  const { principals, ...fields } = grant;
  refuseTokenLookalikes({ ...fields, ...namesByField(principals) }, where);
}

/** Grantee names under the spec field that gives each kind. */
function namesByField(principals: readonly PrincipalRef[]): { readonly [field: string]: string[] } {
  const names: { [field: string]: string[] } = {};
  for (const p of principals) (names[GRANTEE_LIST_FIELD[p.kind]] ??= []).push(p.name);
  return names;
}

/** The strings of one field, each with the name an error should give it. */
function textsOf(field: string, value: unknown): Array<[string, string]> {
  if (typeof value === 'string') return [[field, value]];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown, i): Array<[string, string]> => {
    if (typeof entry === 'string') return [[field, entry]];
    if (entry instanceof Grantee) return typeof entry.name === 'string' ? [[`${field}[${i}]`, entry.name]] : [];
    if (typeof entry !== 'object' || entry === null) return [];
    return Object.entries(entry).filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([key, text]) => [`${field}[${i}].${key}`, text]);
  });
}

/** How a grantee name of each kind may be given as a token. */
export function granteeNameField(kind: GranteeKind, field: string): TokenField {
  const [rule, principal] = kind === GranteeKind.USER ? [FIELD_RULES.userName, PRINCIPAL_NAME.user]
    : kind === GranteeKind.GROUP ? [FIELD_RULES.groupName, PRINCIPAL_NAME.group] : [FIELD_RULES.roleName, PRINCIPAL_NAME.role];
  // Policy names and the order of attachments come from grantee names when the grant is made.
  return { rule, field, principal, knownAtConstruction: true };
}

function namesOf(names: string[] | undefined, field: string, kind: GranteeKind, where: string, tokens: TokenReader): PrincipalRef[] {
  if (names === undefined) return [];
  checkOptionalList(where, field, names, 'names');
  names.forEach((name, i) => refuseConstruct(name, where, `${field}[${i}]`, `must be a RAM ${kind.toLowerCase()} name, not a construct`));
  return (tokens.readList(where, names, granteeNameField(kind, field)) as string[]).map((name) => {
    const principal = { kind, name, identity: granteeIdentity(name) };
    checkGrantee(where, field, principal);
    return principal;
  });
}

function granteesOf(grantees: Grantee[] | undefined, where: string, tokens: TokenReader): PrincipalRef[] {
  if (grantees === undefined) return [];
  if (!Array.isArray(grantees)) {
    throw new GrantValidationError(where, 'grantees', grantees, 'must be a list of grantees',
      'write [Grantee.user("alice")] or similar');
  }
  return grantees.map((grantee, i) => principalOf(grantee, where, `grantees[${i}]`, tokens));
}

/** The model's view of a grantee given as an object, refused unless it is a usable `Grantee`. */
export function principalOf(grantee: Grantee, where: string, field: string, tokens: TokenReader): PrincipalRef {
  if (!((grantee as unknown) instanceof Grantee)) {
    refuseConstruct(grantee, where, field, 'must be a Grantee, not a construct');
    throw new GrantValidationError(where, field, grantee, 'must be a Grantee',
      'make it with Grantee.user, Grantee.group, Grantee.role or Grantee.fromPrincipal');
  }
  refuseTokenLookalikes({ [field]: grantee.name }, where);
  const given = grantee._toPrincipal();
  const name = tokens.read(where, given.name, granteeNameField(given.kind, field)) as string;
  // A name that resolved to text is that text, and known as it.
  const principal = name === given.name ? given : { ...given, name, identity: granteeIdentity(name) };
  checkGrantee(where, field, principal);
  return principal;
}

/**
 * Refuses a construct given where a name or a `Grantee` belongs (plain JavaScript passes it
 * unchecked), saying how a RAM user, group or role construct is given.
 */
function refuseConstruct(value: unknown, where: string, field: string, rule: string): void {
  if (!ros.Construct.isConstruct(value)) return;
  const type = (value as Partial<ram.IPrincipal>).principalType;
  const kind = typeof type === 'string' && ['user', 'group', 'role'].includes(type.toLowerCase()) ? type.toLowerCase() : undefined;
  throw new GrantValidationError(where, field, value, rule, kind !== undefined
    ? `it is a RAM ${kind}: pass it as grantees: [Grantee.fromPrincipal(${kind})]`
    : 'a grantee is a ram.User, ram.Group or ram.Role passed as grantees: [Grantee.fromPrincipal(construct)], or a name as text');
}
