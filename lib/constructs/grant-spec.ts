import { NamespaceAccess } from '../model/access';
import { GrantValidationError } from '../model/errors';
import { Grant, GrantInput, checkField, normalizeGrant } from '../model/grant';
import { GranteeKind, PrincipalRef } from '../model/principal';
import { CHECKER_SUPPRESSION_ID } from '../review/check';
import { Grantee } from './grantee';

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
}

/**
 * A spec validated into a grant. The model checks a suppression's id format; whether it names
 * one of the checker's rules only the checker knows, so that is checked here.
 */
export function grantOf(spec: GrantSpec, where: string): Grant {
  const grant = normalizeGrant(grantInputOf(spec, where), where);
  (spec.suppressions ?? []).forEach((s, i) => checkField(where, CHECKER_SUPPRESSION_ID, s.id, `suppressions[${i}].id`));
  return grant;
}

/** The model's input for a spec; `where` names the construct path or file position for errors. */
export function grantInputOf(spec: GrantSpec, where: string): GrantInput {
  const principals: PrincipalRef[] = [
    ...namesOf(spec.users, 'users', GranteeKind.USER, where),
    ...namesOf(spec.groups, 'groups', GranteeKind.GROUP, where),
    ...namesOf(spec.roles, 'roles', GranteeKind.ROLE, where),
    ...(spec.grantees ?? []).map((g) => g._toPrincipal()),
  ];
  return { ...spec, principals };
}

function namesOf(names: string[] | undefined, field: string, kind: GranteeKind, where: string): PrincipalRef[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) {
    throw new GrantValidationError(where, field, names, 'must be a list of names');
  }
  return names.map((name) => ({ kind, name, identity: name }));
}
