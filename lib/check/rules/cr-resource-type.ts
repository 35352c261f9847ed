/**
 * CRG-E011: Container Registry ARNs have the resource types `instance/`, `repository/` and
 * `chart/`, or are `*`. A namespace is `repository/<cri-id>/<namespace>`: there is no
 * `namespace/` type, so such an ARN matches nothing.
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 */
import { crResourcesOf } from '../document';
import { literalPrefix } from '../patterns';
import { DOCS, DocumentRule, RuleHit } from '../rule';

const TYPES = ['repository/', 'instance/', 'chart/'];

export const crResourceType: DocumentRule = {
  id: 'CRG-E011',
  name: 'cr-resource-type',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A `acs:cr:` ARN whose resource is not `*`, `instance/...`, `repository/...` or `chart/...` — notably `namespace/...`, a type that does not exist and matches nothing.',
  fix: 'Name a namespace as `repository/<cri-id>/<namespace>` and its repositories as `repository/<cri-id>/<namespace>/*`.',
  docs: DOCS.crAuthorization,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const { statement, resource, path } of crResourcesOf(doc)) {
      if (path === '*' || knownType(path)) continue;
      const namespaceType = path.startsWith('namespace/');
      hits.push({
        statementIndex: statement.index,
        target: resource,
        message: namespaceType
          ? `Statement ${statement.index}: "${resource}" uses a namespace/ resource type, which Container Registry does not have; it matches nothing.`
          : `Statement ${statement.index}: "${resource}" has no Container Registry resource type (instance/, repository/ or chart/); it matches nothing.`,
        hint: namespaceType ? namespaceHint(resource, path) : 'Use repository/<cri-id>/<namespace>[/<repository>], chart/<cri-id>/<namespace> or instance/<cri-id>.',
      });
    }
    return hits;
  },
};

function knownType(path: string): boolean {
  if (TYPES.some((type) => path.startsWith(type))) return true;
  // A wildcard may still reach a known type, as `repo*` does.
  if (!path.includes('*')) return false;
  const prefix = literalPrefix(path);
  return TYPES.some((type) => type.startsWith(prefix));
}

function namespaceHint(resource: string, path: string): string {
  const rest = path.slice('namespace/'.length);
  const head = resource.slice(0, resource.length - path.length);
  return rest.startsWith('cri-')
    ? `Write "${head}repository/${rest}" for the namespace, and add "/*" for its repositories.`
    : `Write "${head}repository/<cri-id>/${rest}" with the Enterprise Edition instance id, and add "/*" for its repositories.`;
}
