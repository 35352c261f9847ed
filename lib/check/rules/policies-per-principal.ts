/**
 * CRG-E013: RAM attaches at most 10 custom and 20 system policies to one user, group or role
 * (lib/model/limits.ts); the attachment over the limit fails and the deployment with it.
 * https://www.alibabacloud.com/help/en/ram/product-overview/limits
 */
import { principalOf } from '../../template/template';
import { DOCS, listText, TemplateHit, TemplateRule } from '../rule';

export const policiesPerPrincipal: TemplateRule = {
  id: 'CRG-E013',
  name: 'policies-per-principal',
  findingClass: 'Error',
  scope: 'template',
  phase: 'findings',
  accountWide: true,
  catches: 'A user, group or role that the template attaches to more custom policies (10) or system policies (20) than RAM allows.',
  fix: 'Pack the grants into fewer policies (`RegistryAccess` packs them), or grant through a group.',
  docs: DOCS.limits,
  check(t) {
    const byPrincipal = new Map<string, { custom: Set<string>; system: Set<string>; logicalIds: Set<string> }>();
    for (const attachment of t.access.attachments) {
      const label = principalOf(attachment);
      let entry = byPrincipal.get(label);
      if (!entry) {
        entry = { custom: new Set(), system: new Set(), logicalIds: new Set() };
        byPrincipal.set(label, entry);
      }
      // A type only known at deployment counts as custom; CRG-S006 reports it.
      (attachment.policyType === 'System' ? entry.system : entry.custom).add(attachment.policyName);
      entry.logicalIds.add(attachment.logicalId);
    }
    const policyIdsByName = new Map<string, string[]>();
    for (const p of t.access.policies) policyIdsByName.set(p.policyName, [...policyIdsByName.get(p.policyName) ?? [], p.logicalId]);
    const hits: TemplateHit[] = [];
    for (const label of [...byPrincipal.keys()].sort()) {
      const entry = byPrincipal.get(label)!;
      const policyIds = [...entry.custom].flatMap((name) => policyIdsByName.get(name) ?? []);
      const suppressibleFrom = [...new Set([...entry.logicalIds, ...policyIds])].sort();
      for (const [kind, names, limit] of [
        ['Custom', entry.custom, t.limits.maxCustomPoliciesPerPrincipal],
        ['System', entry.system, t.limits.maxSystemPoliciesPerPrincipal],
      ] as const) {
        if (names.size <= limit) continue;
        hits.push({
          policyName: '',
          principal: label,
          target: `${label}/${kind}`,
          message: `${label} gets ${names.size} ${kind.toLowerCase()} policies from ${t.covers ?? 'this template'} (${listText([...names].sort())}); RAM attaches at most ${limit}, so an attachment fails and the deployment with it (policies attached elsewhere count too).`,
          hint: kind === 'Custom'
            ? 'Pack the grants into fewer policies, or attach them to a group the principal belongs to.'
            : 'Attach fewer system policies, or spread them over groups.',
          suppressibleFrom,
        });
      }
    }
    return hits;
  },
};
