/**
 * CRG-S004: an Allow of a Container Registry write action — one that creates, updates, deletes,
 * pushes, builds, syncs or otherwise changes things (the model's catalogue,
 * lib/model/actions.ts) — on a resource that spans more than one namespace: `*`,
 * `acs:cr:*:*:*`, an instance (`instance/<cri-id>`, or the instance scope `repository/<cri-id>`,
 * on which sync rules, lifecycle rules, endpoints and the instance itself are authorized), or a
 * `repository/` or `chart/` ARN whose instance or namespace segment has a `*`. A grantee then
 * changes or deletes other teams' namespaces and images. Writes on
 * `repository/<cri-id>/<namespace>/*` (every repository of one namespace, what a grant renders)
 * are what namespace grants are for and pass.
 *
 * Service-wide patterns (`cr:*`, `*`) on a wildcard resource are left to CRG-S001, which reports
 * them there: one statement is not reported twice for the same action. On an instance named
 * without a wildcard, which CRG-S001 does not look at, they are reported here.
 *
 * Actions and ARN formats: https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 * RAM's policy check reports broad write access as a security warning:
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check
 */
import { writeActionsCoveredBy } from '../../model/actions';
import { crResourceSegments, parseArn } from '../../model/arn';
import { matchesPattern } from '../../model/wildcard';
import { isAllow } from '../document';
import { isBroadResource, isServiceWide } from '../patterns';
import { DOCS, DocumentRule, listText, RuleHit } from '../rule';

/**
 * Whether a Resource pattern reaches more than one namespace: `*`; a CR ARN whose resource is
 * `*`-led or of no known type with a `*`; an instance (`instance/<cri-id>...`, which holds every
 * namespace, and the instance scope `repository/<cri-id>` or `chart/<cri-id>`); or a `repository/`
 * / `chart/` ARN whose instance or namespace segment has a `*` (`repository/*`,
 * `repository/cri-1/*`, `repository/cri-1/team-*`). Region and account wildcards alone do not
 * count; neither do other services' ARNs.
 */
export function spansNamespaces(resource: string): boolean {
  if (resource === '*') return true;
  const arn = parseArn(resource);
  if (!arn || !matchesPattern(arn.service, 'cr', true)) return false;
  const split = crResourceSegments(arn.resource);
  if (!split) return arn.resource.includes('*');
  if (split.type === 'instance') return true;
  const [instance, namespace] = split.segments;
  return namespace === undefined || instance.includes('*') || namespace.includes('*');
}

export const wildcardWrite: DocumentRule = {
  id: 'CRG-S004',
  name: 'wildcard-write',
  findingClass: 'SecurityWarning',
  scope: 'document',
  catches: 'An Allow of a Container Registry write action (create, update, delete, push, build, sync: `cr:Delete*`, `cr:*Repository`, `cr:PushRepository`) on a resource that spans more than one namespace (`*`, `repository/<cri-id>/*`, `repository/<cri-id>/team-*`, `instance/<cri-id>`); `cr:*` and `*` on a wildcard resource are CRG-S001\'s.',
  fix: 'Grant writes per namespace (`repository/<cri-id>/<namespace>/*`, access level `PUSH_PULL`), or suppress with the reason the grantee administers every namespace.',
  docs: DOCS.crAuthorization,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      if (!isAllow(statement) || statement.actionKey !== 'Action') continue;
      // Entries built from constrained parameters span what their stand-ins span.
      const wide = [...statement.resources.map((r) => ({ label: r, standIn: r })), ...statement.boundedResources]
        .filter((r) => spansNamespaces(r.standIn));
      if (wide.length === 0) continue;
      for (const action of statement.actions) {
        const writes = writeActionsCoveredBy(action);
        if (writes.length === 0) continue;
        const what = writes.length === 1 && writes[0].toLowerCase() === action.toLowerCase() ? '' : ` (${listText(writes)})`;
        // CRG-S001 reports a service-wide pattern on a wildcard resource.
        for (const { label: resource } of isServiceWide(action) ? wide.filter((r) => !isBroadResource(r.standIn)) : wide) {
          hits.push({
            statementIndex: statement.index,
            target: `${action} on ${resource}`,
            message: `Statement ${statement.index} allows ${action}${what} on ${resource}, which spans more than one namespace: the grantees change or delete other namespaces' repositories and images.`,
            hint: 'Allow the write on one namespace\'s repositories (acs:cr:*:*:repository/<cri-id>/<namespace>/*), keep reads (cr:Get*, cr:List*, cr:PullRepository) for the wide resource, or suppress CRG-S004 with the reason this access is intended.',
          });
        }
      }
    }
    return hits;
  },
};
