/**
 * What a template grants, as a matrix: grantee x namespace x level. Every level is computed
 * by the RAM evaluator from the template's documents, by probing representative actions on the
 * namespace's ARNs; nothing is read from names, descriptions or metadata, so a hand-written
 * template is judged the same way as one this library wrote.
 *
 * Probed actions and the resources Container Registry authorizes them on:
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 */
import { CONSOLE_INSTANCES, CONSOLE_LISTING, NamespaceAccess } from '../model/access';
import { CR } from '../model/actions';
import { parseArn, parseRepositoryPath, scopePath } from '../model/arn';
import { actionMatches, evaluate, DecisionEffect, resourceMatches } from '../model/evaluator';
import { NamedPolicy, PolicyStatement, asList } from '../model/policy';
import { compareText } from '../model/principal';
import { QUESTION_MARK_READINGS, matchesPattern } from '../model/wildcard';
import { TemplateReading } from '../template/principals';
import { IDENTITY_HOLE, readableReport } from '../template/values';
import { CoverageIndex } from './coverage';
import { SearchBudget, findRequest } from './decide';
import { mayMeet } from './overlap';
import { SubstringFinder } from './substrings';
import { statementsOfPrincipal, trustStatementsOf } from './read-statements';
import { AccessStatement, mentionsUpperCase } from './statements';

/**
 * Stands for "any value" in a probe: it contains characters no region, account, instance,
 * namespace, repository or action name may contain, so only a `*` in a document can match it.
 */
const ANY = '~any~';

/** A request a namespace probe asks: an action on the resource it was probed on. */
export interface ProbedRequest {
  readonly action: string;
  readonly resource: string;
}

/** The region and account a resource pattern names; `*` when it names none (`*`, `acs:cr:*`). */
export function scopeOfPattern(resource: string): { region: string; accountId: string } {
  const parts = resource.split(':');
  if (parts[0] !== 'acs' || parts.length < 5) return { region: '*', accountId: '*' };
  return { region: parts[2] === '' ? '*' : parts[2], accountId: parts[3] === '' ? '*' : parts[3] };
}

/**
 * Where access is probed: ARN segments as the documents write them, so each may be a
 * pattern; `*` means every region, account, instance, namespace or repository.
 */
export interface Target {
  readonly region: string;
  readonly accountId: string;
  readonly instanceId: string;
  readonly namespace: string;
  /** `*` unless the documents name repositories inside the namespace. */
  readonly repository: string;
}

/** What a probe's resource is, relative to a target. */
type ProbeOn =
  | 'repository' // repository/<instance>/<namespace>/<repository>
  | 'namespace' // repository/<instance>/<namespace>
  | 'instance' // repository/<instance>: creating namespaces
  | 'namespaces' // repository/<instance>/*: listing namespaces
  | 'repositories' // repository/<instance>/<namespace>/*: listing repositories
  | 'account'; // actions RAM authorizes on `*` only

interface Probe {
  readonly action: string;
  readonly on: ProbeOn;
}

const PULL_PROBES: readonly Probe[] = [{ action: CR.PULL_REPOSITORY, on: 'repository' }];
const PUSH_PROBES: readonly Probe[] = [
  { action: CR.PUSH_REPOSITORY, on: 'repository' },
  { action: CR.CREATE_REPOSITORY, on: 'repository' },
];
/** Stand-ins for `cr:*`: managing the namespace and its repositories, beyond push and pull. */
const MANAGE_PROBES: readonly Probe[] = [
  { action: CR.GET_REPOSITORY, on: 'repository' },
  { action: CR.UPDATE_REPOSITORY, on: 'repository' },
  { action: CR.DELETE_REPOSITORY, on: 'repository' },
  { action: CR.GET_NAMESPACE, on: 'namespace' },
  { action: CR.UPDATE_NAMESPACE, on: 'namespace' },
  { action: CR.DELETE_NAMESPACE, on: 'namespace' },
];
const INSTANCE_PROBES: readonly Probe[] = [{ action: CR.CREATE_NAMESPACE, on: 'instance' }];
const CONSOLE_PROBES: readonly Probe[] = [
  { action: CR.LIST_INSTANCE, on: 'account' },
  { action: CR.LIST_NAMESPACE, on: 'namespaces' },
  { action: CR.LIST_REPOSITORY, on: 'repositories' },
];
export const LOGIN_ACTION = CR.GET_AUTHORIZATION_TOKEN;
const LOGIN_PROBES: readonly Probe[] = [{ action: LOGIN_ACTION, on: 'account' }];

/** Every probe, in the order actions are reported. */
export const PROBES: readonly Probe[] = [
  ...PULL_PROBES, ...PUSH_PROBES, ...MANAGE_PROBES, ...INSTANCE_PROBES, ...CONSOLE_PROBES, ...LOGIN_PROBES,
];

/** Actions whose resource does not depend on the namespace. */
export const ACCOUNT_ACTIONS: readonly string[] = PROBES.filter((p) => p.on === 'account').map((p) => p.action);
/** Actions that only show what the console and `docker login` can do, not what a namespace allows. */
export const CONSOLE_AND_LOGIN_ACTIONS: readonly string[] = [...CONSOLE_PROBES, ...LOGIN_PROBES].map((p) => p.action);

const LEVEL_ACTIONS: { readonly [level in NamespaceAccess]: readonly string[] } = {
  [NamespaceAccess.PULL]: PULL_PROBES.map((p) => p.action),
  [NamespaceAccess.PUSH_PULL]: [...PULL_PROBES, ...PUSH_PROBES].map((p) => p.action),
  [NamespaceAccess.FULL]: [...PULL_PROBES, ...PUSH_PROBES, ...MANAGE_PROBES].map((p) => p.action),
};
const NAMESPACE_ACTIONS = [...PULL_PROBES, ...PUSH_PROBES, ...MANAGE_PROBES, ...INSTANCE_PROBES].map((p) => p.action);

export type ConsoleAccess = 'yes' | 'partial' | 'no';

/** What the evaluator allows on one target. */
export interface TargetAccess {
  /** The strongest level whose actions are all allowed; undefined when not even PULL is. */
  readonly level?: NamespaceAccess;
  /** Every allowed probe action, in {@link PROBES} order. */
  readonly allowed: readonly string[];
  /** Allowed namespace actions that the level does not include. */
  readonly otherActions: readonly string[];
  /** Whether the console can list the instance, its namespaces and the namespace's repositories. */
  readonly console: ConsoleAccess;
  /** Whether `cr:GetAuthorizationToken` (the registry login) is allowed. */
  readonly login: boolean;
  /** The Deny statements that decided a probe on the target, in policy and statement order. */
  readonly denied: readonly DeniedBy[];
  /**
   * Allowed probe actions that only statements with a Condition allow, by Condition (its JSON),
   * sorted; absent when every allowed action is allowed without one.
   */
  readonly conditions?: readonly RowCondition[];
}

/** A Condition and the allowed probe actions that hold only under it (or another listed one). */
export interface RowCondition {
  /** The Condition block as canonical JSON. */
  readonly condition: string;
  /** In {@link PROBES} order. */
  readonly actions: readonly string[];
}

/** A Deny statement and the probe actions it denies on a target. */
export interface DeniedBy {
  readonly policyName: string;
  readonly statementIndex: number;
  /** In {@link PROBES} order. */
  readonly actions: readonly string[];
}

/** Evaluates every probe of `target` against `policies`. */
export function probeTarget(policies: readonly NamedPolicy[], target: Target): TargetAccess {
  const allowed: string[] = [];
  const denied: { policyIndex: number; policyName: string; statementIndex: number; actions: string[] }[] = [];
  const conditional = new Map<string, string[]>();
  let unconditional: NamedPolicy[] | undefined;
  const resources = probeResourcesOf(target);
  const evaluated = [...policies];
  for (const probe of PROBES) {
    const resource = resources[probe.on];
    const decision = evaluate(evaluated, probe.action, resource);
    if (decision.effect === DecisionEffect.ALLOW) allowed.push(probe.action);
    // Allowed by a statement with a Condition: is it allowed without any? Only then is it unconditional.
    if (decision.effect === DecisionEffect.ALLOW && conditionsOf(decision.statement).length > 0) {
      unconditional ??= withoutConditionalAllows(policies);
      if (evaluate(unconditional, probe.action, resource).effect !== DecisionEffect.ALLOW) {
        for (const condition of allowingConditions(policies, probe.action, resource)) {
          conditional.set(condition, [...conditional.get(condition) ?? [], probe.action]);
        }
      }
    }
    if (decision.effect !== DecisionEffect.EXPLICIT_DENY) continue;
    const { policyName, statementIndex } = decision as Required<typeof decision>;
    const known = denied.find((d) => d.policyName === policyName && d.statementIndex === statementIndex);
    if (known) {
      known.actions.push(probe.action);
    } else {
      denied.push({ policyIndex: policies.findIndex((p) => p.policyName === policyName), policyName, statementIndex, actions: [probe.action] });
    }
  }
  denied.sort((a, b) => a.policyIndex - b.policyIndex || a.statementIndex - b.statementIndex);
  const access = accessOf(allowed, denied.map(({ policyName, statementIndex, actions }) => ({ policyName, statementIndex, actions })));
  if (conditional.size === 0) return access;
  return { ...access, conditions: [...conditional.keys()].sort(compareText).map((condition) => ({ condition, actions: conditional.get(condition)! })) };
}

const CONDITION_GUARD = 'Condition ';

/** The Conditions (as JSON) a statement of {@link documentStatement} stands behind. */
function conditionsOf(statement: PolicyStatement | undefined): string[] {
  const guards: unknown = (statement?.Condition as any)?.unknowns?.holds;
  if (!Array.isArray(guards)) return [];
  return guards.filter((g): g is string => typeof g === 'string' && g.startsWith(CONDITION_GUARD)).map((g) => g.slice(CONDITION_GUARD.length));
}

function withoutConditionalAllows(policies: readonly NamedPolicy[]): NamedPolicy[] {
  return policies.map((p) => ({ ...p, document: { ...p.document, Statement: statementsOf(p).filter((s) => s.Effect !== 'Allow' || conditionsOf(s).length === 0) } }));
}

/** The Conditions of the Allow statements that cover the request. */
function allowingConditions(policies: readonly NamedPolicy[], action: string, resource: string): string[] {
  const found = new Set<string>();
  for (const p of policies) {
    for (const s of statementsOf(p)) {
      if (s.Effect !== 'Allow' || s.Action === undefined) continue;
      if (!asList(s.Action).some((a) => actionMatches(a, action)) || !asList(s.Resource).some((r) => resourceMatches(r, resource))) continue;
      conditionsOf(s).forEach((c) => found.add(c));
    }
  }
  return [...found];
}

function conditionsKey(access: TargetAccess): string {
  return (access.conditions ?? []).map((c) => `${c.condition}:${c.actions.join()}`).join(';');
}

/**
 * A principal's policies narrowed, per target, to what can apply to one of its probes. A text
 * pattern matches a resource only if each run of literal text between its stars occurs in the
 * resource (the evaluator reads every character but `*` literally), so a Resource entry whose
 * longest run occurs in no probe resource of the target matches none of them: it is dropped,
 * and a statement left with no entry is replaced by an empty one, which the evaluator skips.
 * Statement positions and the order of evaluation stay as they were, so every probe decides as
 * it would on the whole policies; the summary's principals hold thousands of entries, of which a
 * namespace's probes can match a handful.
 */
export class ProbeCandidates {
  /** For each literal run, the Resource entries (policy, statement, entry) whose longest run it is. */
  private readonly byRun: { policy: number; statement: number; entry: number }[][] = [];
  private readonly finder: SubstringFinder;
  /** Statements kept whole: an entry without literal text or not text, or a statement that is not an object. */
  private readonly whole: { policy: number; statement: number }[] = [];

  constructor(private readonly policies: readonly NamedPolicy[]) {
    const runs = new Map<string, number>();
    policies.forEach((policy, p) => evaluatedStatements(policy).forEach((statement, s) => {
      const entries: unknown = statement !== null && typeof statement === 'object' ? statement.Resource : undefined;
      if (!Array.isArray(entries) || entries.some((e) => typeof e !== 'string' || longestRun(e) === '')) {
        this.whole.push({ policy: p, statement: s });
        return;
      }
      entries.forEach((entry: string, e) => {
        const key = longestRun(entry);
        let id = runs.get(key);
        if (id === undefined) {
          id = this.byRun.length;
          runs.set(key, id);
          this.byRun.push([]);
        }
        this.byRun[id].push({ policy: p, statement: s, entry: e });
      });
    }));
    this.finder = new SubstringFinder([...runs.keys()]);
  }

  /** The policies with only what can apply to a probe of `target`, at their positions. */
  public on(target: Target): NamedPolicy[] {
    // By policy and statement: the entries kept, or true for the whole statement.
    const kept = this.policies.map(() => new Map<number, Set<number> | true>());
    for (const { policy, statement } of this.whole) kept[policy].set(statement, true);
    for (const resource of probeResources(target)) {
      this.finder.occurrencesIn(resource, (id) => {
        for (const { policy, statement, entry } of this.byRun[id]) {
          const entries = kept[policy].get(statement) ?? new Set<number>();
          if (entries === true) continue;
          entries.add(entry);
          kept[policy].set(statement, entries);
        }
      });
    }
    return this.policies.map((policy, p) => {
      const statements = evaluatedStatements(policy);
      if (statements.length === 0) return policy;
      return {
        ...policy,
        document: {
          ...policy.document,
          Statement: statements.map((s, i) => {
            const entries = kept[p].get(i);
            if (entries === true) return s;
            if (entries === undefined) return {} as PolicyStatement;
            return { ...s, Resource: (s.Resource as string[]).filter((_, e) => entries.has(e)) };
          }),
        },
      };
    });
  }
}

/** The statements as the evaluator reads them, by position; none when the document has no list. */
function evaluatedStatements(policy: NamedPolicy): readonly PolicyStatement[] {
  const list = (policy.document as any)?.Statement;
  return Array.isArray(list) ? list : [];
}

/** The longest text between stars of a pattern; empty when it has none. */
function longestRun(pattern: string): string {
  return pattern.split('*').reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** The level, console and login facts that follow from a set of allowed probe actions. */
export function accessOf(allowed: readonly string[], denied: readonly DeniedBy[] = []): TargetAccess {
  const has = (action: string) => allowed.includes(action);
  const level = [NamespaceAccess.FULL, NamespaceAccess.PUSH_PULL, NamespaceAccess.PULL]
    .find((l) => requiredFor(l).every(has));
  const expected = level ? LEVEL_ACTIONS[level] : [];
  const consoleCount = CONSOLE_PROBES.filter((p) => has(p.action)).length;
  const ordered = PROBES.map((p) => p.action).filter(has);
  return {
    ...(level ? { level } : {}),
    allowed: ordered,
    otherActions: ordered.filter((a) => NAMESPACE_ACTIONS.includes(a) && !expected.includes(a)),
    console: consoleCount === CONSOLE_PROBES.length ? 'yes' : consoleCount > 0 ? 'partial' : 'no',
    login: has(LOGIN_ACTION),
    denied,
  };
}

/** PUSH_PULL does not need CreateRepository: pushing to existing repositories is still push. */
function requiredFor(level: NamespaceAccess): readonly string[] {
  return level === NamespaceAccess.PUSH_PULL ? [CR.PULL_REPOSITORY, CR.PUSH_REPOSITORY] : LEVEL_ACTIONS[level];
}

/**
 * The requests `cells` show: each action on each resource probed for its target, so a
 * pattern on a namespace's own ARN counts as shown by an action probed on its repositories.
 */
export function shownRequests(cells: readonly { target: Target; actions: readonly string[] }[]): ProbedRequest[] {
  const ons: readonly ProbeOn[] = [...new Set(PROBES.map((p) => p.on))];
  return cells.flatMap((c) => {
    const probed = probeResourcesOf(c.target);
    const resources = ons.map((on) => probed[on]);
    return c.actions.flatMap((action) => resources.map((resource) => ({ action, resource })));
  });
}

/** Every resource a probe of `target` asks about. */
function probeResources(target: Target): string[] {
  return [...new Set(Object.values(probeResourcesOf(target)))];
}

function probeResource(target: Target, on: ProbeOn): string {
  return probeResourcesOf(target)[on];
}

/** The resource each kind of probe asks about on `target`. */
function probeResourcesOf(target: Target): { readonly [on in ProbeOn]: string } {
  const any = (segment: string) => (segment.includes('*') ? segment.split('*').join(ANY) : segment);
  const instance = any(target.instanceId);
  const namespace = any(target.namespace);
  const arn = (path: string) => `acs:cr:${any(target.region)}:${any(target.accountId)}:${path}`;
  return {
    repository: arn(`repository/${instance}/${namespace}/${any(target.repository)}`),
    namespace: arn(`repository/${instance}/${namespace}`),
    instance: arn(`repository/${instance}`),
    // Listing is authorized on the documented wildcard resource itself, written with a literal `*`.
    namespaces: arn(`repository/${instance}/*`),
    repositories: arn(`repository/${instance}/${namespace}/*`),
    account: '*',
  };
}

/** `instance/namespace`, with `/repository` when the target names repositories. */
export function targetPath(target: Target): string {
  const base = `${target.instanceId}/${target.namespace}`;
  return target.repository === '*' ? base : `${base}/${target.repository}`;
}

const ALL: Target = { region: '*', accountId: '*', instanceId: '*', namespace: '*', repository: '*' };

/**
 * The targets a set of documents mentions: every Container Registry repository path in any
 * statement, Allow or Deny, in every region and account any statement names, so a Deny
 * written for all regions still shows on a grant limited to one. A resource that is not text
 * may match anything, so it stands for every target.
 */
export function targetsOf(policies: readonly NamedPolicy[]): Target[] {
  const named: Target[] = [];
  for (const policy of policies) {
    for (const statement of statementsOf(policy)) {
      const resources = statement.Resource as unknown;
      const entries: unknown[] = Array.isArray(resources) ? resources : [resources];
      for (const entry of entries) {
        const target = typeof entry === 'string' ? targetOfResource(entry) : ALL;
        if (target) named.push(target);
      }
    }
  }
  const regions = new Set(named.map((t) => t.region));
  const accounts = new Set(named.map((t) => t.accountId));
  // Entries often name one target several times (a namespace and its repositories); crossed once each.
  const distinct = new Map<string, Target>();
  for (const t of named) distinct.set(`${t.instanceId}\n${t.namespace}\n${t.repository}`, t);
  const byKey = new Map<string, Target>();
  for (const t of distinct.values()) {
    for (const region of regions) {
      for (const accountId of accounts) {
        const target = { ...t, region, accountId };
        byKey.set(targetKey(target), target);
      }
    }
  }
  return [...byKey.values()].sort(compareTargets);
}

/**
 * The target a Resource entry names, or undefined when it cannot be a Container Registry
 * repository. A pattern that names none but whose text before its first `*` could still
 * begin `acs:cr:` (`a*`, `acs:*`) stands for every target when it matches every repository.
 */
export function targetOfResource(resource: string): Target | undefined {
  const named = namedTarget(resource);
  if (named) return named;
  const star = resource.indexOf('*');
  const coversAll = star >= 0 && 'acs:cr:'.startsWith(resource.slice(0, star))
    && resourceMatches(resource, probeResource(ALL, 'repository'));
  return coversAll ? ALL : undefined;
}

function namedTarget(resource: string): Target | undefined {
  if (resource === '*') return ALL;
  const parts = resource.split(':');
  if (parts[0] !== 'acs') return undefined;
  if (parts.length < 5) {
    // `acs:cr:*` and the like: the trailing `*` covers every later segment.
    if (!parts[parts.length - 1].includes('*')) return undefined;
    while (parts.length < 5) parts.push('*');
  }
  const arn = parseArn(parts.join(':'));
  if (!arn || !matchesPattern(arn.service, 'cr', true)) return undefined;
  const rest = arn.resource;
  const scope = { region: arn.region, accountId: arn.accountId };
  if (rest.startsWith('instance/')) {
    return { ...scope, instanceId: rest.slice('instance/'.length), namespace: '*', repository: '*' };
  }
  if (!rest.startsWith('repository/')) {
    // `*`, `rep*`, ...: a pattern that can still cover every repository.
    const star = rest.indexOf('*');
    return star >= 0 && 'repository/'.startsWith(rest.slice(0, star)) ? { ...ALL, ...scope } : undefined;
  }
  const path = parseRepositoryPath(rest);
  if (!path) return undefined;
  const { instanceId, namespace, repository } = path;
  // `repository/<instance>` is the instance's namespace collection (creating namespaces).
  if (namespace === undefined) return { ...scope, instanceId, namespace: '*', repository: '*' };
  // A namespace pattern's trailing `*` already covers its repositories (`*` matches `/`).
  return { ...scope, instanceId, namespace, repository: repository || '*' };
}

/** Whether every resource `inner` stands for is also one `outer` stands for, segment by segment. */
export function targetCovers(outer: Target, inner: Target): boolean {
  return matchesPattern(outer.region, inner.region, false)
    && matchesPattern(outer.accountId, inner.accountId, false)
    && matchesPattern(outer.instanceId, inner.instanceId, false)
    && matchesPattern(outer.namespace, inner.namespace, false)
    && matchesPattern(outer.repository, inner.repository, false);
}

export function targetKey(t: Target): string {
  return [t.region, t.accountId, t.instanceId, t.namespace, t.repository].join('\n');
}

export function compareTargets(a: Target, b: Target): number {
  return compareText(targetPath(a), targetPath(b))
    || compareText(a.accountId, b.accountId)
    || compareText(a.region, b.region);
}

/** A policy's statements; a document that is not one yields none (and a note, see {@link documentNotes}). */
export function statementsOf(policy: NamedPolicy): PolicyStatement[] {
  const statements = (policy.document as any)?.Statement;
  if (Array.isArray(statements)) return statements.filter((s) => s !== null && typeof s === 'object');
  return statements !== null && typeof statements === 'object' ? [statements] : [];
}

/** The policies one principal holds: as documents for the namespace probes, and as statements for the exact checks. */
export interface GranteePolicies {
  /** `user:alice`, `group:dev`, `role:ci`. */
  readonly grantee: string;
  /**
   * The statements of known documents, by policy in the order held, unresolved parts written
   * as `${...}` so a namespace from a parameter reads as itself; guarded statements carry a
   * Condition, so an Allow counts as met and a Deny as unmet.
   */
  readonly policies: readonly NamedPolicy[];
  /** Every statement, stand-ins for unknown content included, for the exact checks. */
  readonly statements: readonly AccessStatement[];
  /** What a reader must know about these policies, sorted. */
  readonly notes: readonly string[];
}

/** Every principal of a reading, sorted, with what it holds. */
export function policiesOfPrincipals(reading: TemplateReading): Map<string, GranteePolicies> {
  const result = new Map<string, GranteePolicies>();
  for (const holdings of reading.principals.values()) {
    const { label, statements } = statementsOfPrincipal(holdings);
    const notes = new Set<string>();
    for (const p of holdings.policies) {
      if (p.resourceGroupId !== undefined) {
        notes.add(`${label}: ${p.policyName} is attached in resource group ${p.resourceGroupId} only; shown as if account-wide`);
      }
    }
    const byPolicy = new Map<string, PolicyStatement[]>();
    for (const s of statements) {
      if (s.origin.statementIndex === undefined) {
        if (s.origin.reading !== undefined) notes.add(`${label}: policy ${s.origin.policyName}: ${s.origin.reading}; it may allow anything`);
        continue;
      }
      const where = `policy ${s.origin.policyName} Statement[${s.origin.statementIndex}]`;
      if (s.guards.some((g) => g.startsWith('Condition '))) notes.add(`${where} has a Condition: counted as met in an Allow, as unmet in a Deny`);
      if (s.origin.reading !== undefined) notes.add(`${where} has a value the template does not fix: shown as written, with \${...}`);
      if (s.effect === 'Allow' && mentionsUpperCase([s])) {
        notes.add(`${where} names resources with uppercase letters: shown as written; if RAM matches resource names ignoring case, it allows them in lowercase too`);
      }
      const list = byPolicy.get(s.origin.policyName) ?? [];
      list.push(documentStatement(s));
      byPolicy.set(s.origin.policyName, list);
    }
    const policies = [...byPolicy.entries()].map(([policyName, list]) => ({ policyName, document: { Version: '1', Statement: list } }));
    result.set(label, { grantee: label, policies, statements, notes: [...notes].sort(compareText) });
  }
  return result;
}

/** A statement as a document holds it, for the probes: resources as reports show them. */
function documentStatement(s: AccessStatement): PolicyStatement {
  return {
    Effect: s.effect,
    ...(s.notAction ? { NotAction: [...s.actions] } : { Action: [...s.actions] }),
    Resource: [...(s.resourceLabels ?? s.resources)],
    ...(s.guards.length > 0 ? { Condition: { unknowns: { holds: s.guards } } } : {}),
  };
}

/**
 * One line of the matrix: a namespace (instance, namespace and repository set), or a
 * resource pattern of the documents whose access no namespace line shows (see residualRows).
 */
export interface AccessRow extends TargetAccess {
  readonly grantee: string;
  /** Undefined on a resource-pattern line, as are `namespace` and `repository`. */
  readonly instanceId?: string;
  readonly namespace?: string;
  readonly repository?: string;
  /** `instance/namespace[/repository]`, `*` segments meaning "every"; or the resource pattern as written. */
  readonly target: string;
  readonly regions: readonly string[];
  readonly accountId: string;
}

/** The matrix of one template. */
export interface AccessMatrix {
  /** Every grantee with an attachment, sorted. */
  readonly grantees: readonly string[];
  readonly rows: readonly AccessRow[];
  /** Sorted, de-duplicated caveats (attachments not evaluated, conditions, unresolved values). */
  readonly notes: readonly string[];
}

export function accessMatrix(reading: TemplateReading, budget?: SearchBudget): AccessMatrix {
  const notes = new Set([...reading.notes, ...trustNotes(reading)]);
  const rows: AccessRow[] = [];
  const byGrantee = policiesOfPrincipals(reading);
  for (const held of byGrantee.values()) {
    held.notes.forEach((n) => notes.add(n));
    const candidates = new ProbeCandidates(held.policies);
    const cells = targetsOf(held.policies).map((target) => ({ target, access: probeTarget(candidates.on(target), target) }));
    const namespaceRows = rowsOf(held.grantee, cells);
    const residual = residualRows(held, namespaceRows, budget);
    residual.notes.forEach((n) => notes.add(n));
    const granteeRows = [...namespaceRows, ...residual.rows];
    if (granteeRows.length === 0) notes.add(`${held.grantee}: no Container Registry access`);
    rows.push(...granteeRows);
  }
  // Unknowns are told apart by fingerprints; reports show them without.
  return readableReport({ grantees: [...byGrantee.keys()], rows: rows.sort(compareRows), notes: [...notes].sort(compareText) });
}

/**
 * Who may assume each role the template defines, one note per role: the callers its trust
 * policy's Allow statements name, as written (`diff` decides changes to them exactly).
 */
function trustNotes(reading: TemplateReading): string[] {
  return [...reading.trusts.entries()].map(([label, holdings]) => {
    const statements = trustStatementsOf(holdings);
    // The statements as written (one written statement may be read as several).
    const written = [...new Map(statements.filter((s) => s.origin.statement !== undefined)
      .map((s) => [`${s.origin.policyName}#${s.origin.statementIndex}`, s])).values()];
    const callers = [...new Set(written.filter((s) => s.effect === 'Allow').flatMap((s) => {
      const conditional = s.guards.length > 0 ? ' (under a Condition or a value the template does not fix)' : '';
      return principalEntries((s.origin.statement as any).Principal).map((caller) => `${caller}${conditional}`);
    }))].sort(compareText);
    // A document or statement read as a stand-in (not known before deployment) may trust anyone.
    const unknown = [...new Set([
      ...holdings.policies.filter((p) => p.unknown !== undefined).map((p) => p.unknown!),
      ...statements.filter((s) => s.effect === 'Allow' && s.origin.statement === undefined && s.origin.reading !== undefined)
        .map((s) => `${s.origin.reading} (${s.origin.policyName})`),
    ])];
    const denies = written.some((s) => s.effect === 'Deny') ? ', except where its Deny statements apply' : '';
    const who = callers.length > 0 ? `may be assumed by ${callers.join(', ')}${denies}` : 'may be assumed by no caller its trust policy names';
    return `${label} ${who}${unknown.length > 0 ? `; possibly by anyone: ${unknown.sort(compareText).join('; ')}` : ''}`;
  });
}

/** A Principal's entries as written, `Type:entry` (`*` for a Principal of `*`). */
function principalEntries(principal: unknown): string[] {
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return [typeof principal === 'string' ? principal : JSON.stringify(principal)];
  return Object.keys(principal).sort().flatMap((type) => {
    const value = (principal as any)[type];
    return (Array.isArray(value) ? value : [value]).map((entry: unknown) => `${type}:${typeof entry === 'string' ? entry : JSON.stringify(entry)}`);
  });
}

/**
 * A grantee's cells as rows: cells that allow nothing are dropped, unless a Deny takes away
 * there what a covering cell allows (an exception the reader must see); a cell that only
 * shows console listing or login is folded into a row that already shows at least as much; a
 * region- or account-specific cell equal to a wider one is dropped; equal cells that differ
 * only in region become one row.
 */
export function rowsOf(grantee: string, cells: readonly { target: Target; access: TargetAccess }[]): AccessRow[] {
  const live = cells.filter((c) => c.access.allowed.length > 0);
  const substantive = (a: TargetAccess) => a.level !== undefined || a.otherActions.length > 0;
  const deniedActions = (a: TargetAccess) => a.denied.flatMap((d) => d.actions);
  const exception = (c: { target: Target; access: TargetAccess }) => c.access.denied.length > 0 && live.some((d) => d !== c
    && targetCovers(d.target, c.target) && deniedActions(c.access).some((x) => d.access.allowed.includes(x)));
  const kept = cells.filter((c) => exception(c) || (c.access.allowed.length > 0 && (substantive(c.access)
    || !live.some((d) => d !== c && substantive(d.access) && c.access.allowed.every((x) => d.access.allowed.includes(x))))));
  const same = (a: TargetAccess, b: TargetAccess) => a.allowed.join() === b.allowed.join() && deniedKey(a) === deniedKey(b)
    && conditionsKey(a) === conditionsKey(b);
  const byPath = new Map<string, typeof kept>();
  for (const c of kept) {
    const path = targetPath(c.target);
    byPath.set(path, [...(byPath.get(path) ?? []), c]);
  }
  const unsubsumed = kept.filter((c) => !byPath.get(targetPath(c.target))!.some((d) => d !== c
    && matchesPattern(d.target.region, c.target.region, false)
    && matchesPattern(d.target.accountId, c.target.accountId, false)
    && same(d.access, c.access)));
  return mergeRegions(unsubsumed, (c) => `${targetPath(c.target)}\n${c.target.accountId}\n${c.access.allowed.join()}\n${deniedKey(c.access)}\n${conditionsKey(c.access)}`)
    .map(({ first, regions }) => ({
      grantee,
      instanceId: first.target.instanceId,
      namespace: first.target.namespace,
      repository: first.target.repository,
      target: targetPath(first.target),
      regions,
      accountId: first.target.accountId,
      ...first.access,
    }));
}

function deniedKey(access: TargetAccess): string {
  return access.denied.map((d) => `${d.policyName}[${d.statementIndex}]:${d.actions.join()}`).join(';');
}

/** Rows are at most this many per principal beyond its namespace rows; past it, a note says more exists. */
const MAX_RESIDUAL_ROWS = 64;

/**
 * Rows for everything the namespace rows do not show, decided exactly: each Allow statement, in
 * order, that allows (with the Deny statements, under some choice of the unknowns and either
 * reading of `?`) a request outside every row so far becomes a row of its own (its resource
 * patterns and action patterns). Every request the principal may be allowed is allowed by some
 * Allow; if that Allow did not become a row, the rows show everything it allows. So when this
 * ends, every request the principal may be allowed is shown by some row. An Allow whose question
 * the search cannot decide within its budget becomes a row too: it then shows all it may allow.
 */
export function residualRows(held: GranteePolicies, namespaceRows: readonly AccessRow[], budget?: SearchBudget):
  { rows: AccessRow[]; notes: string[] } {
  const shown: AccessStatement[] = namespaceRows.flatMap(shownStatements);
  const coverage = new CoverageIndex(shown);
  const rows: AccessRow[] = [];
  const denies = held.statements.filter((s) => s.effect === 'Deny');
  let added = 0;
  for (const allowing of held.statements) {
    // An Allow the rows already cover, pattern by pattern, allows nothing they do not show.
    if (allowing.effect !== 'Allow' || coverage.covers(allowing) || !allowsUnshown(allowing, denies, shown, budget)) continue;
    if (added === MAX_RESIDUAL_ROWS) {
      return { rows: rows.sort(compareRows), notes: [`${held.grantee}: has more access than ${MAX_RESIDUAL_ROWS} rows show; see cr-grants explain`] };
    }
    added++;
    shown.push(allowing);
    coverage.add(allowing);
    const actions = allowing.notAction ? [`* except ${allowing.actions.join(', ')}`] : [...allowing.actions];
    const labels = allowing.resourceLabels ?? allowing.resources;
    const conditions = allowing.guards.filter((g) => g.startsWith(CONDITION_GUARD)).map((g) => ({ condition: g.slice(CONDITION_GUARD.length), actions }));
    for (const resource of labels) {
      const scope = scopeOfPattern(resource);
      rows.push({
        grantee: held.grantee, target: resource, regions: [scope.region], accountId: scope.accountId,
        allowed: actions, otherActions: actions, console: 'no', login: false, denied: [],
        ...(conditions.length > 0 ? { conditions } : {}),
      });
    }
  }
  return { rows: rows.sort(compareRows), notes: [] };
}

/**
 * Whether `allowing` allows, where no Deny applies, a request no statement of `shown` covers;
 * true when that is not decided. Statements whose patterns cannot meet those of `allowing` bear
 * on none of its requests and are left out of the search.
 */
function allowsUnshown(allowing: AccessStatement, denies: readonly AccessStatement[], shown: readonly AccessStatement[],
  budget?: SearchBudget): boolean {
  const meets = (s: AccessStatement) => mayMeet(s, allowing);
  const sides = [[allowing, ...denies.filter(meets)], shown.filter(meets)];
  // Under either reading of `?`: a Deny read one way may leave more allowed than read the other.
  return QUESTION_MARK_READINGS.some((questionMark) =>
    findRequest({ sides, wanted: ([may, isShown]) => may && !isShown, questionMark, budget }).kind !== 'none');
}

/** What a namespace row tells the reader: its level's and actions' requests on the namespace, its console and login requests. */
function shownStatements(row: AccessRow): AccessStatement[] {
  if (row.instanceId === undefined) return [];
  const origin = { policyName: `row ${row.target}` };
  const listing = CONSOLE_AND_LOGIN_ACTIONS;
  const namespaceActions = [...row.allowed.filter((a) => !listing.includes(a)), ...(row.level === NamespaceAccess.FULL ? ['cr:*'] : [])];
  const out: AccessStatement[] = [];
  for (const region of row.regions) {
    const prefix = `acs:cr:${region}:${row.accountId}:repository/${row.instanceId}`;
    const inside = `${prefix}/${row.namespace}/${row.repository === undefined ? '*' : row.repository}`;
    out.push(...shownOn(namespaceActions, [`${prefix}/${row.namespace}`, inside], origin));
    out.push(...shownOn(row.allowed.filter((a) => a === CR.CREATE_NAMESPACE), [prefix], origin));
    // Console "yes" stands for the console statements grants render; otherwise for the listing probed.
    const console = row.console === 'yes'
      ? [CONSOLE_INSTANCES, CONSOLE_LISTING].map((t) => ({
        actions: t.actions,
        resources: t.scopes.map((scope) => {
          const path = scopePath(scope, row.instanceId!, row.namespace!);
          return path === undefined ? '*' : `acs:cr:${region}:${row.accountId}:${path}`;
        }),
      }))
      : [
        { actions: row.allowed.filter((a) => a === CR.LIST_NAMESPACE), resources: [`${prefix}/*`] },
        { actions: row.allowed.filter((a) => a === CR.LIST_REPOSITORY), resources: [`${prefix}/${row.namespace}/*`] },
        { actions: row.allowed.filter((a) => a === CR.LIST_INSTANCE), resources: ['*'] },
      ];
    for (const c of console) out.push(...shownOn(c.actions, c.resources, origin));
    out.push(...shownOn(row.allowed.filter((a) => a === LOGIN_ACTION), ['*'], origin));
  }
  return out.filter((s) => s.actions.length > 0);
}

/**
 * Shown statements; a resource with `${...}` stands for its widest reading behind the guard its
 * source entry has (`Resource <label> covers the request`), so it shows exactly what that entry may allow.
 */
function shownOn(actions: readonly string[], resources: readonly string[], origin: { policyName: string }): AccessStatement[] {
  const statement = (r: readonly string[], guards: string[]): AccessStatement => ({ effect: 'Allow', actions, notAction: false, resources: r, guards, origin });
  const plain = resources.filter((r) => !r.includes('${'));
  return [
    ...(plain.length > 0 ? [statement(plain, [])] : []),
    ...resources.filter((r) => r.includes('${')).map((r) => statement([r.replace(IDENTITY_HOLE, '*')], [`Resource ${r} covers the request`])),
  ];
}

/** Groups items by `key`, collecting their regions, sorted; the first item of each group stands for it. */
export function mergeRegions<T extends { target: Target }>(items: readonly T[], key: (item: T) => string): { first: T; regions: string[] }[] {
  const groups = new Map<string, { first: T; regions: Set<string> }>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k) ?? { first: item, regions: new Set<string>() };
    group.regions.add(item.target.region);
    groups.set(k, group);
  }
  return [...groups.values()].map((g) => ({ first: g.first, regions: [...g.regions].sort(compareText) }));
}

export function compareRows(a: AccessRow, b: AccessRow): number {
  return compareText(a.grantee, b.grantee)
    || compareText(a.target, b.target)
    || compareText(a.accountId, b.accountId)
    || compareText(a.regions.join(','), b.regions.join(','));
}
