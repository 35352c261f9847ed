/**
 * `cr-grants diff OLD NEW`: who gained or lost which access on which namespace. Both
 * templates are probed on the union of the namespaces either mentions, so moving a grant
 * from `ns` to `*` reads as a widening of `*`, not as a loss on `ns`. The statements' own
 * Action x Resource patterns are probed too (pattern-probes.ts): a change they find that no
 * namespace change already shows is a row of its own, its target the Resource pattern as
 * written. Names, logical ids and descriptions are not access: changing only them is "no change".
 */
import { NamespaceAccess } from '../model/access';
import { compareText } from '../model/principal';
import {
  CONSOLE_AND_LOGIN_ACTIONS, GranteePolicies, PROBES, Target, compareTargets, mergeRegions, policiesByGrantee,
  probeTarget, shownRequests, targetCovers, targetKey, targetPath, targetsOf,
} from './access-matrix';
import { PatternProbe, crossProbesOf, isRegistryRead, probeAllowed, probeCovers, reportedBy, scopeOfPattern } from './pattern-probes';
import { readTemplate } from '../template/template';

export enum ChangeKind {
  /** Something is allowed that was not: review it. */
  WIDENED = 'WIDENED',
  /** Only removals. */
  NARROWED = 'NARROWED',
}

/** The target of a change to attachments that cannot be evaluated: they name no namespace. */
export const NO_TARGET = '—';

export interface AccessChange {
  readonly kind: ChangeKind;
  readonly grantee: string;
  /** `instance/namespace`, a Resource pattern as written, or `—` for an attachment that cannot be evaluated. */
  readonly target: string;
  readonly regions: readonly string[];
  readonly accountId: string;
  readonly before?: NamespaceAccess;
  readonly after?: NamespaceAccess;
  /** Actions (or, on a Resource-pattern row, Action patterns) allowed now and not before, or attachments not evaluated that were added. */
  readonly gained: readonly string[];
  readonly lost: readonly string[];
}

export interface AccessDiff {
  /** Widenings first, then by grantee, namespace, account and regions. */
  readonly changes: readonly AccessChange[];
}

/** Exit codes of `cr-grants diff`; 1 is left to usage and input errors. */
export const DIFF_EXIT = { UNCHANGED: 0, WIDENED: 2, NARROWED: 3 } as const;

export function diffExitCode(diff: AccessDiff): number {
  if (diff.changes.length === 0) return DIFF_EXIT.UNCHANGED;
  return diff.changes.some((c) => c.kind === ChangeKind.WIDENED) ? DIFF_EXIT.WIDENED : DIFF_EXIT.NARROWED;
}

interface Cell {
  readonly target: Target;
  readonly before?: NamespaceAccess;
  readonly after?: NamespaceAccess;
  readonly gained: readonly string[];
  readonly lost: readonly string[];
}

const EMPTY = (grantee: string): GranteePolicies => ({ grantee, policies: [], unevaluated: [], notes: [] });

export function diffTemplates(oldTemplate: any, newTemplate: any): AccessDiff {
  const before = policiesByGrantee(readTemplate(oldTemplate));
  const after = policiesByGrantee(readTemplate(newTemplate));
  const grantees = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  const changes: AccessChange[] = [];
  for (const grantee of grantees) {
    const old = before.get(grantee) ?? EMPTY(grantee);
    const now = after.get(grantee) ?? EMPTY(grantee);
    const cells = namespaceCells(old, now);
    changes.push(...merge(grantee, fold(cells)), ...patternChanges(grantee, old, now, cells), ...unevaluatedChanges(grantee, old, now));
  }
  return { changes: changes.sort(compareChanges) };
}

/** Every probed namespace cell whose allowed actions differ between the versions. */
function namespaceCells(old: GranteePolicies, now: GranteePolicies): Cell[] {
  const targets = new Map<string, Target>();
  for (const t of targetsOf([...old.policies, ...now.policies])) targets.set(targetKey(t), t);
  const cells: Cell[] = [];
  for (const target of [...targets.values()].sort(compareTargets)) {
    const a = probeTarget(old.policies, target);
    const b = probeTarget(now.policies, target);
    const gained = b.allowed.filter((x) => !a.allowed.includes(x));
    const lost = a.allowed.filter((x) => !b.allowed.includes(x));
    if (gained.length === 0 && lost.length === 0) continue;
    cells.push({ target, before: a.level, after: b.level, gained, lost });
  }
  return cells;
}

/** The namespace probes' actions: concrete actions where two action patterns overlap. */
const PROBE_ACTIONS: readonly string[] = [...new Set(PROBES.map((p) => p.action))];

/**
 * Changes only the documents' own patterns find: each Action pattern of either version on each
 * Resource pattern of either version (see `crossProbesOf`), allowed in one version and not the
 * other. Not reported again: a probe whose change a namespace cell already shows (an action the
 * pattern covers, on a resource it covers), a registry read when a cell shows console listing or
 * login changing the same way, and a probe inside a wider probe that changed the same way. One
 * row per Resource pattern.
 */
function patternChanges(grantee: string, old: GranteePolicies, now: GranteePolicies, cells: readonly Cell[]): AccessChange[] {
  const gainedShown = shownRequests(cells.map((c) => ({ target: c.target, actions: c.gained })));
  const lostShown = shownRequests(cells.map((c) => ({ target: c.target, actions: c.lost })));
  const consoleIn = (shown: typeof gainedShown) => shown.some((r) => CONSOLE_AND_LOGIN_ACTIONS.includes(r.action));
  const byResource = new Map<string, { gained: string[]; lost: string[] }>();
  const changed: { probe: PatternProbe; gained: boolean }[] = [];
  for (const probe of crossProbesOf([...old.policies, ...now.policies], PROBE_ACTIONS)) {
    const before = probeAllowed(old.policies, probe);
    const after = probeAllowed(now.policies, probe);
    if (before !== after) changed.push({ probe, gained: after });
  }
  // The first of two probes that cover each other stands for both.
  const inside = (c: typeof changed[number], i: number) => changed.some((d, j) => j !== i && d.gained === c.gained
    && probeCovers(d.probe, c.probe) && (!probeCovers(c.probe, d.probe) || j < i));
  for (const [i, { probe, gained }] of changed.entries()) {
    const shown = gained ? gainedShown : lostShown;
    if (inside(changed[i], i) || reportedBy(probe, shown) || (isRegistryRead(probe) && consoleIn(shown))) continue;
    const entry = byResource.get(probe.resourcePattern) ?? { gained: [], lost: [] };
    (gained ? entry.gained : entry.lost).push(probe.actionPattern);
    byResource.set(probe.resourcePattern, entry);
  }
  return [...byResource.entries()].map(([resource, { gained, lost }]) => {
    const scope = scopeOfPattern(resource);
    return {
      kind: gained.length > 0 ? ChangeKind.WIDENED : ChangeKind.NARROWED,
      grantee,
      target: resource,
      regions: [scope.region],
      accountId: scope.accountId,
      gained,
      lost,
    };
  });
}

/**
 * Drops cells that repeat another's news: a cell whose only changes are console listing or
 * login, when a cell with namespace changes already shows them; and a cell whose change is
 * the same as that of a cell that covers it (`cri-x/ns` under `cri-x/*`, a region under `*`).
 */
function fold(cells: readonly Cell[]): Cell[] {
  const listingOnly = (c: Cell) => [...c.gained, ...c.lost].every((x) => CONSOLE_AND_LOGIN_ACTIONS.includes(x));
  const within = (c: Cell, d: Cell) => c.gained.every((x) => d.gained.includes(x)) && c.lost.every((x) => d.lost.includes(x));
  const same = (c: Cell, d: Cell) => c.before === d.before && c.after === d.after
    && c.gained.join() === d.gained.join() && c.lost.join() === d.lost.join();
  const kept = cells.filter((c) => !(listingOnly(c) && cells.some((d) => d !== c && !listingOnly(d) && within(c, d))));
  return kept.filter((c) => !kept.some((d) => d !== c && same(c, d) && targetCovers(d.target, c.target)));
}

function merge(grantee: string, cells: readonly Cell[]): AccessChange[] {
  const key = (c: Cell) => [targetPath(c.target), c.target.accountId, c.before, c.after, c.gained.join(), c.lost.join()].join('\n');
  return mergeRegions(cells, key).map(({ first, regions }) => ({
    kind: first.gained.length > 0 ? ChangeKind.WIDENED : ChangeKind.NARROWED,
    grantee,
    target: targetPath(first.target),
    regions,
    accountId: first.target.accountId,
    ...(first.before ? { before: first.before } : {}),
    ...(first.after ? { after: first.after } : {}),
    gained: first.gained,
    lost: first.lost,
  }));
}

/** An attachment whose document is unknown may grant anything: adding one is a widening. */
function unevaluatedChanges(grantee: string, old: GranteePolicies, now: GranteePolicies): AccessChange[] {
  const gained = now.unevaluated.filter((x) => !old.unevaluated.includes(x)).map((x) => `${x} (not evaluated)`);
  const lost = old.unevaluated.filter((x) => !now.unevaluated.includes(x)).map((x) => `${x} (not evaluated)`);
  if (gained.length === 0 && lost.length === 0) return [];
  return [{
    kind: gained.length > 0 ? ChangeKind.WIDENED : ChangeKind.NARROWED,
    grantee,
    target: NO_TARGET,
    regions: ['*'],
    accountId: '*',
    gained,
    lost,
  }];
}

function compareChanges(a: AccessChange, b: AccessChange): number {
  const rank = (c: AccessChange) => (c.kind === ChangeKind.WIDENED ? 0 : 1);
  return rank(a) - rank(b)
    || compareText(a.grantee, b.grantee)
    || compareText(a.target, b.target)
    || compareText(a.accountId, b.accountId)
    || compareText(a.regions.join(','), b.regions.join(','));
}
