import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { GrantValidationError } from '../model/errors';
import { GranteeKind, PrincipalRef } from '../model/principal';
import { looksLikeToken, resolvedText } from './tokens';

/**
 * A RAM user, group or role that receives a grant: by name, or as a
 * `@alicloud/ros-cdk-ram` construct whose name flows into the template as a reference.
 */
export class Grantee {
  /** A RAM user by name. */
  public static user(name: string): Grantee {
    return new Grantee(GranteeKind.USER, name, granteeIdentity(name));
  }

  /** A RAM group by name. */
  public static group(name: string): Grantee {
    return new Grantee(GranteeKind.GROUP, name, granteeIdentity(name));
  }

  /** A RAM role by name. */
  public static role(name: string): Grantee {
    return new Grantee(GranteeKind.ROLE, name, granteeIdentity(name));
  }

  /** A `ram.User`, `ram.Group` or `ram.Role` (or any principal of those types). */
  public static fromPrincipal(principal: ram.IPrincipal): Grantee {
    // Plain JavaScript can pass anything here: a name, null, a construct of another kind.
    const type = typeof principal === 'object' && principal !== null ? (principal as Partial<ram.IPrincipal>).principalType : undefined;
    const kind = typeof type === 'string' ? KINDS[type.toLowerCase()] : undefined;
    if (kind === undefined) {
      throw new GrantValidationError('Grantee.fromPrincipal', 'principal', principal,
        `must be a ram.User, ram.Group or ram.Role${type === undefined ? '' : `, not a principal of type ${JSON.stringify(type)}`}`,
        typeof principal === 'string' ? `for a name, use Grantee.user(${JSON.stringify(principal)}), Grantee.group or Grantee.role` : undefined);
    }
    const name = ros.Token.asString(principal.principalName);
    // Token text depends on creation order; the construct path does not.
    const identity = ros.Construct.isConstruct(principal) ? principal.node.path : granteeIdentity(name);
    return new Grantee(kind, name, identity);
  }

  private constructor(
    /** User, group or role. */
    public readonly kind: GranteeKind,
    /** The RAM name; an unresolved token for a construct. */
    public readonly name: string,
    /**
     * What identifies the grantee in plans and reports.
     *
     * The name; for a name given as a token, what the token stands for
     * (`{"Ref":"UserName"}`); for a construct, its path.
     */
    public readonly identity: string,
  ) {}

  /**
   * The model's view of this grantee.
   * @internal
   */
  public _toPrincipal(): PrincipalRef {
    return { kind: this.kind, name: this.name, identity: this.identity };
  }
}

const KINDS: { readonly [type: string]: GranteeKind | undefined } = {
  user: GranteeKind.USER,
  group: GranteeKind.GROUP,
  role: GranteeKind.ROLE,
};

/**
 * A name's identity: the name itself, or for a token, what it stands for. Token text counts
 * the tokens the app created before it, so an unrelated change elsewhere would rename policies.
 * A token that cannot be resolved keeps its text, and `checkGrantee` refuses it.
 */
export function granteeIdentity(name: string): string {
  if (typeof name !== 'string' || !looksLikeToken(name)) return name;
  return resolvedText(name) ?? name;
}
