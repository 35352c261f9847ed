/**
 * Container Registry EE resource names.
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 * `acs:cr:<region>:<account>:repository/<instance>/<namespace>[/<repository>]`,
 * `acs:cr:<region>:<account>:instance/<instance>`. There is no `namespace/` type.
 */
import { Scope } from './access';

/** Region and account of an ARN; `*` means every region / every account. */
export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
}

export function crArn(scope: ArnScope, path: string): string {
  return `acs:cr:${scope.region}:${scope.accountId}:${path}`;
}

/** The resource path of a statement scope for one namespace; `*` for `Scope.ANY`. */
export function scopePath(scope: Scope, instanceId: string, namespace: string): string | undefined {
  switch (scope) {
    case Scope.ANY:
      return undefined;
    case Scope.NAMESPACE:
      return `repository/${instanceId}/${namespace}`;
    case Scope.NAMESPACE_REPOSITORIES:
      return `repository/${instanceId}/${namespace}/*`;
    case Scope.INSTANCE_NAMESPACES:
      return `repository/${instanceId}/*`;
    case Scope.INSTANCE_REPOSITORIES:
      return `repository/${instanceId}/*/*`;
  }
}

/** A parsed `acs:` ARN; `resource` is everything after the fourth colon. */
export interface ParsedArn {
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 5 || parts[0] !== 'acs') return undefined;
  return { service: parts[1], region: parts[2], accountId: parts[3], resource: parts.slice(4).join(':') };
}

/** The resource part of an `acs:cr:` ARN (everything after the fourth colon); undefined for other ARNs. */
export function crResourceOf(arn: string): string | undefined {
  const parsed = parseArn(arn);
  return parsed && parsed.service.toLowerCase() === 'cr' ? parsed.resource : undefined;
}

/** A CR resource of a known type, split into the segments after its type. */
export interface CrResourceSegments {
  readonly type: 'repository' | 'chart' | 'instance';
  readonly segments: readonly string[];
}

/**
 * The segments after `repository/`, `chart/` or `instance/` of a CR resource: the first is where
 * the Enterprise Edition instance id belongs, the second the namespace. Undefined for other types.
 */
export function crResourceSegments(resource: string): CrResourceSegments | undefined {
  const slash = resource.indexOf('/');
  if (slash < 0) return undefined;
  const type = resource.slice(0, slash);
  if (type !== 'repository' && type !== 'chart' && type !== 'instance') return undefined;
  return { type, segments: resource.slice(slash + 1).split('/') };
}

/** A repository-type CR resource, split into its segments after `repository/`. */
export interface CrRepositoryPath {
  readonly instanceId: string;
  readonly namespace?: string;
  readonly repository?: string;
}

export function parseRepositoryPath(resource: string): CrRepositoryPath | undefined {
  if (!resource.startsWith('repository/')) return undefined;
  const [instanceId, namespace, repository, ...rest] = resource.slice('repository/'.length).split('/');
  if (rest.length > 0 || !instanceId) return undefined;
  return { instanceId, namespace, repository };
}
