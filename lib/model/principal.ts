/** The three kinds of RAM identity a policy can be attached to. */
export enum GranteeKind {
  USER = 'USER',
  GROUP = 'GROUP',
  ROLE = 'ROLE',
}

/** The kinds in the order grants list them. */
export const GRANTEE_KINDS: readonly GranteeKind[] = [GranteeKind.USER, GranteeKind.GROUP, GranteeKind.ROLE];

/** The field of a grant (construct props, grants file) that lists the grantees of each kind by name. */
export const GRANTEE_LIST_FIELD: { readonly [kind in GranteeKind]: 'users' | 'groups' | 'roles' } = {
  [GranteeKind.USER]: 'users',
  [GranteeKind.GROUP]: 'groups',
  [GranteeKind.ROLE]: 'roles',
};

/**
 * A grantee as the model sees it: a kind and a name (possibly an unresolved ROS token),
 * plus a stable identity used for sorting, de-duplication and naming. For a name given as
 * text the identity is the name; for a construct it is the construct path, because token
 * text depends on creation order and would make output order-dependent.
 */
export interface PrincipalRef {
  readonly kind: GranteeKind;
  readonly name: string;
  readonly identity: string;
}

/** `user:alice`, `group:dev`, `role:ci`: how principals are written in reports and on the command line. */
export function principalLabel(p: { readonly kind: GranteeKind; readonly identity: string }): string {
  return `${p.kind.toLowerCase()}:${p.identity}`;
}

export function comparePrincipals(a: PrincipalRef, b: PrincipalRef): number {
  return compareText(principalLabel(a), principalLabel(b));
}

/** Code-unit order, independent of locale, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
