/**
 * CRG-S001: an Allow of every action of a service (`cr:*`) or of every service (`*`) on a
 * wildcard resource also grants what no grantee should get by accident: deleting namespaces,
 * repositories and images, changing instance settings. RAM's policy check reports such
 * statements as security warnings. https://www.alibabacloud.com/help/en/ram/permission-policy-check
 * Container Registry actions: https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 */
import { isAllow } from '../document';
import { isBroadResource, isServiceWide } from '../patterns';
import { DOCS, DocumentRule, listText, RuleHit } from '../rule';

export const wildcardAction: DocumentRule = {
  id: 'CRG-S001',
  name: 'wildcard-action',
  findingClass: 'SecurityWarning',
  scope: 'document',
  catches: 'An Allow of every action of a service (`cr:*`) or of everything (`*`) on a wildcard resource (`*`, `.../ns/*`, `repository/<cri-id>/*`): deletes and settings changes included.',
  fix: 'Allow only the actions needed (access level `PULL` or `PUSH_PULL`), or suppress with the reason full control is intended.',
  docs: DOCS.policyCheck,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      if (!isAllow(statement) || statement.actionKey !== 'Action') continue;
      // Entries built from constrained parameters have the wildcards of their stand-ins.
      const bounded = statement.boundedResources;
      const broad = [...statement.resources.filter(isBroadResource), ...bounded.filter((b) => isBroadResource(b.standIn))];
      const unresolved = statement.openResources.length > 0;
      if (broad.length === 0 && !unresolved) continue;
      const shown = [...statement.resources, ...bounded.map((b) => b.label)];
      const known = shown.length > 0 ? listText(shown) : '';
      const where = unresolved ? [known, 'resources only known at deployment'].filter((w) => w).join(' and ') : known;
      const seen = new Set<string>();
      for (const action of statement.actions) {
        if (!isServiceWide(action) || seen.has(action.toLowerCase())) continue;
        seen.add(action.toLowerCase());
        const what = action.includes(':') ? `every ${action.slice(0, action.indexOf(':'))} action` : 'every action of every service';
        hits.push({
          statementIndex: statement.index,
          target: action,
          message: `Statement ${statement.index} allows ${action} (${what}, deletes included) on ${where}.`,
          hint: action.toLowerCase().startsWith('cr:')
            ? 'Allow only what the grantees need (cr:PullRepository to pull; add cr:PushRepository and cr:CreateRepository to push), or suppress CRG-S001 with the reason full control is intended.'
            : 'Name the actions the grantees need, or suppress CRG-S001 with the reason this access is intended.',
        });
      }
    }
    return hits;
  },
};
