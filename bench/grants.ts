/**
 * The benchmark's grant set: a deterministic function of its size, so both implementations
 * and every repetition see exactly the same grants.
 *
 * Shape: teams are RAM groups (max(5, grants / 50) of them); every grant is one namespace of
 * one of two instances, owned by one team. Levels rotate PULL, PUSH_PULL, FULL. Some grants
 * also go to the team's CI role or on-call user, some are limited to one or two regions.
 */
import { NamespaceAccess } from '../lib/model/access';
import { GrantSpec } from '../lib/constructs/grant-spec';

/** Two CR EE instances, ids shaped like real ones (`cri-` + 16 lowercase alphanumerics). */
export const INSTANCES = ['cri-8f3k2m9q1x7b4n6p', 'cri-2w5h8j0c3v6z9r1t'];

const LEVELS = [NamespaceAccess.PULL, NamespaceAccess.PUSH_PULL, NamespaceAccess.FULL];
const REGION_SETS: (string[] | undefined)[] = [undefined, undefined, ['cn-hangzhou'], ['cn-hangzhou', 'cn-shanghai']];

export function teamCount(grants: number): number {
  return Math.max(5, Math.floor(grants / 50));
}

export function benchGrants(count: number): GrantSpec[] {
  const teams = teamCount(count);
  const grants: GrantSpec[] = [];
  for (let i = 0; i < count; i++) {
    const t = i % teams;
    const k = Math.floor(i / teams); // the grant's place among its team's namespaces
    const team = `team-${pad(t, 4)}`;
    // A team's extra grantees come from a fixed pair, so each team has at most three grantee
    // sets (a realistic shape that stays within RAM's 10 custom policies per principal).
    const extra = k % 5 === 1 ? { roles: [`ci-${team}`] } : k % 5 === 3 ? { users: [`oncall-${team}`] } : {};
    const regions = REGION_SETS[k % REGION_SETS.length];
    grants.push({
      instanceId: INSTANCES[(t + k) % INSTANCES.length],
      namespace: `${team}-svc-${pad(k, 3)}`,
      access: LEVELS[i % LEVELS.length],
      groups: [team],
      ...extra,
      ...(regions ? { regions } : {}),
    });
  }
  return grants;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The shape one policy per grantee set could not plan past ten teams: team-0 ... team-<n-1>, each
 * `{ namespace: team-i, access: PUSH_PULL, groups: [team-i], roles: [ci-deployer] }`.
 */
export function sharedCiGrants(teams: number): GrantSpec[] {
  return Array.from({ length: teams }, (_, i) => ({
    instanceId: INSTANCES[0],
    namespace: `team-${i}`,
    access: NamespaceAccess.PUSH_PULL,
    groups: [`team-${i}`],
    roles: ['ci-deployer'],
  }));
}
