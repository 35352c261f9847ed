/**
 * Probes taken from the documents' own Action and Resource patterns, so access that the fixed
 * namespace probes cannot see still shows: other services (`ram:*`), instance actions
 * (`cr:DeleteInstance` on `instance/...`), resource patterns that name no namespace.
 *
 * Each Action pattern x Resource pattern of a statement, Allow or Deny, becomes one concrete
 * request by writing {@link ANY} for each `*`; the evaluator then decides that request like any
 * other. Deny patterns are probes too, so removing a Deny shows as the access it gave back.
 * A NotAction statement is probed with `~any~:~any~`: an action of a service no entry names.
 * Entries that are not text (unresolved functions) are not probed: the namespace probes already
 * count them as matching every resource.
 *
 * Wildcards: https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { DecisionEffect, actionMatches, evaluate, resourceMatches } from '../model/evaluator';
import { NamedPolicy, PolicyStatement } from '../model/policy';
import { compareText } from '../model/principal';

/**
 * Stands for "any value" in a probe: it contains characters no region, account, instance,
 * namespace, repository or action name may contain, so only a `*` in a document can match it.
 */
export const ANY = '~any~';

/** The probe action of a NotAction statement: no real action, so only `*`-led entries exclude it. */
const ANY_ACTION = `${ANY}:${ANY}`;

/** One request derived from one Action (or NotAction list) and one Resource pattern. */
export interface PatternProbe {
  /** The Action pattern as written, or `* except a, b` for a NotAction list. */
  readonly actionPattern: string;
  /** The Resource pattern as written. */
  readonly resourcePattern: string;
  /** The concrete request: each `*` replaced by {@link ANY}. */
  readonly action: string;
  readonly resource: string;
  /** Whether the pattern's action part covers `action` (for a NotAction list: names none of it). */
  readonly coversAction: (action: string) => boolean;
}

/** A request the fixed probes already report: an action on the resource it was probed on. */
export interface ProbedRequest {
  readonly action: string;
  readonly resource: string;
}

/** Every distinct pattern probe of the policies' statements, sorted by resource, then action. */
export function patternProbesOf(policies: readonly NamedPolicy[]): PatternProbe[] {
  const byKey = new Map<string, PatternProbe>();
  for (const policy of policies) {
    for (const statement of statementList(policy)) {
      for (const probe of statementProbes(statement)) byKey.set(`${probe.actionPattern}\n${probe.resourcePattern}`, probe);
    }
  }
  return [...byKey.values()].sort((a, b) => compareText(a.resourcePattern, b.resourcePattern)
    || compareText(a.actionPattern, b.actionPattern));
}

/**
 * Every Action pattern of the policies (and `extraActions`) with every Resource pattern of them,
 * sorted by resource, then action. A diff needs the mix: a Deny's actions on an Allow's
 * resources find what removing the Deny, or moving the Allow, gives back; a statement's own
 * pairs alone would miss it. `extraActions` (concrete actions) stand where two action patterns
 * overlap without either containing the other (`cr:Pull*` and `cr:*Repository`).
 */
export function crossProbesOf(policies: readonly NamedPolicy[], extraActions: readonly string[]): PatternProbe[] {
  const actions = new Map<string, ActionProbe>();
  const resources = new Set<string>();
  const denied = new Set<string>();
  for (const policy of policies) {
    for (const statement of statementList(policy)) {
      for (const a of actionProbes(statement)) actions.set(a.pattern, a);
      for (const r of textEntries(statement.Resource)) {
        resources.add(r);
        if (statement.Effect === 'Deny') denied.add(r);
      }
    }
  }
  // Where a Deny's resources overlap another's without containing them (a region against a
  // namespace), only their meet shows what the Deny takes away or gives back.
  for (const d of denied) {
    for (const r of [...resources]) {
      const meet = arnMeet(d, r);
      if (meet !== undefined) resources.add(meet);
    }
  }
  for (const action of extraActions) {
    if (!actions.has(action)) actions.set(action, { pattern: action, probe: action, covers: (a) => actionMatches(action, a) });
  }
  const probes: PatternProbe[] = [];
  for (const a of actions.values()) {
    for (const resourcePattern of resources) probes.push(probeOf(a, resourcePattern));
  }
  return probes.sort((a, b) => compareText(a.resourcePattern, b.resourcePattern) || compareText(a.actionPattern, b.actionPattern));
}

/**
 * The ARN pattern for what two ARN patterns both stand for, segment by segment (the narrower of
 * each pair), or undefined when a pair of segments overlaps without one containing the other.
 */
export function arnMeet(a: string, b: string): string | undefined {
  const split = (arn: string) => {
    const parts = arn.split(':');
    return parts.length < 5 ? undefined : [...parts.slice(0, 4), parts.slice(4).join(':')];
  };
  const x = split(a);
  const y = split(b);
  if (!x || !y) return undefined;
  const meet: string[] = [];
  for (let i = 0; i < 5; i++) {
    if (resourceMatches(x[i], withAny(y[i]))) meet.push(y[i]);
    else if (resourceMatches(y[i], withAny(x[i]))) meet.push(x[i]);
    else return undefined;
  }
  return meet.join(':');
}

/** Whether `outer`'s patterns take in every request `inner`'s patterns stand for. */
export function probeCovers(outer: PatternProbe, inner: PatternProbe): boolean {
  return outer.coversAction(inner.action) && resourceMatches(outer.resourcePattern, inner.resource);
}

/** Whether `policies` allow the probe's request. */
export function probeAllowed(policies: readonly NamedPolicy[], probe: PatternProbe): boolean {
  return evaluate([...policies], probe.action, probe.resource).effect === DecisionEffect.ALLOW;
}

/**
 * Whether the namespace rows already tell what the probe allows: it is one `cr:` action, `cr:`
 * actions on `repository/...` ARNs, or `cr:` reads, and one of `requests` is an action its
 * patterns cover on a resource they cover. Other action patterns on a wider resource (`cr:*` or
 * `cr:Delete*` on `*`) also reach instances, and a `*` action other services, which namespace
 * rows cannot show: they keep a row.
 */
export function reportedBy(probe: PatternProbe, requests: readonly ProbedRequest[]): boolean {
  if (!/^cr:/i.test(probe.action)) return false;
  const narrow = !probe.actionPattern.includes('*') || REPOSITORY_ARN.test(probe.resource) || READ_ACTION.test(probe.action);
  return narrow && requests.some((r) => probe.coversAction(r.action) && resourceMatches(probe.resourcePattern, r.resource));
}

/** Reading actions: on a wider resource they only read more, which a namespace row's reads stand for. */
const READ_ACTION = /^cr:(get|list|pull)/i;

/** A Container Registry repository ARN, as a probe writes it. */
const REPOSITORY_ARN = /^acs:cr:[^:]*:[^:]*:repository\//;

/**
 * Whether the probe only reads Container Registry (`cr:Get...`, `cr:List...`): the console
 * reads instances and signatures this way, so such a probe is news only where console
 * listing is not already shown.
 */
export function isRegistryRead(probe: PatternProbe): boolean {
  return /^cr:(get|list)/i.test(probe.action);
}

/** The region and account a resource pattern names; `*` when it names none (`*`, `acs:cr:*`). */
export function scopeOfPattern(resource: string): { region: string; accountId: string } {
  const parts = resource.split(':');
  if (parts[0] !== 'acs' || parts.length < 5) return { region: '*', accountId: '*' };
  return { region: parts[2] === '' ? '*' : parts[2], accountId: parts[3] === '' ? '*' : parts[3] };
}

/** An Action entry (or a NotAction list) as a probe: its label, its concrete action, what it covers. */
interface ActionProbe {
  readonly pattern: string;
  readonly probe: string;
  readonly covers: (action: string) => boolean;
}

function probeOf(a: ActionProbe, resourcePattern: string): PatternProbe {
  return { actionPattern: a.pattern, resourcePattern, action: a.probe, resource: withAny(resourcePattern), coversAction: a.covers };
}

function statementProbes(statement: PolicyStatement): PatternProbe[] {
  const resources = textEntries(statement.Resource);
  return actionProbes(statement).flatMap((a) => resources.map((resourcePattern) => probeOf(a, resourcePattern)));
}

function actionProbes(statement: PolicyStatement): ActionProbe[] {
  const action = statement.Action as unknown;
  const notAction = statement.NotAction as unknown;
  const actions: ActionProbe[] = [];
  if (action !== undefined && action !== null) {
    for (const pattern of textEntries(action)) {
      actions.push({ pattern, probe: withAny(pattern), covers: (a) => actionMatches(pattern, a) });
    }
  } else if (notAction !== undefined && notAction !== null) {
    const excluded = textEntries(notAction);
    const covers = (a: string) => !excluded.some((pattern) => actionMatches(pattern, a));
    // A list that excludes even the sentinel excludes every action: nothing to probe.
    if (covers(ANY_ACTION)) actions.push({ pattern: `* except ${excluded.join(', ')}`, probe: ANY_ACTION, covers });
  }
  return actions;
}

function withAny(pattern: string): string {
  return pattern.split('*').join(ANY);
}

function textEntries(value: unknown): string[] {
  const entries: unknown[] = Array.isArray(value) ? value : [value];
  return entries.filter((e): e is string => typeof e === 'string');
}

function statementList(policy: NamedPolicy): PolicyStatement[] {
  const statements = (policy.document as any)?.Statement;
  const list: unknown[] = Array.isArray(statements) ? statements : [statements];
  return list.filter((s): s is PolicyStatement => s !== null && typeof s === 'object');
}
