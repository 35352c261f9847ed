/**
 * Policy documents as the decision core reads them ({@link AccessStatement}). Every value the
 * template does not fix is read at its widest, behind a guard — a named unknown the search may
 * set either way, so whatever could hide access is tried:
 *
 * - a Condition is a guard (its text names it, so an unchanged Condition is the same unknown);
 * - an Action, NotAction or Resource entry with holes (`repository/cri-1/${Namespace}`) covers
 *   at most its widest pattern (holes read as `*`) and only where its guard holds;
 * - an Effect that is not known is both an Allow and a Deny, each behind its own guard;
 * - a document, statement or policy that cannot be read may allow or deny anything, behind guards.
 *
 * - a document or statement with a key RAM does not document (`statement`, `effect`, `Principal`)
 *   is also read as content that is not known, since RAM does not say how it reads one.
 *
 * Malformed statements, which RAM refuses to store, cover nothing: an Effect other than `Allow`
 * or `Deny` (in any case), neither or both of Action and NotAction, neither Resource nor
 * NotResource. What RAM might read either way is read both ways, behind a guard: an Effect in
 * another case, an entry with spaces around it, a NotResource.
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { HeldPolicy, PrincipalHoldings } from '../template/principals';
import {
  Opaque, PartialText, canonicalJson, displayValue, identityOf, identityValue, isOpaque, isPartialText, widestPattern,
} from '../template/values';
import { AccessStatement, Effect, StatementOrigin } from './statements';

/** One principal's statements, in policy and statement order, with what the reader must know. */
export interface PrincipalStatements {
  readonly label: string;
  readonly statements: readonly AccessStatement[];
  /** Policies whose content is not known, by name, sorted. */
  readonly unknownPolicies: readonly string[];
}

export function statementsOfPrincipal(holdings: PrincipalHoldings): PrincipalStatements {
  const statements: AccessStatement[] = [];
  const unknown = new Set<string>();
  for (const policy of holdings.policies) {
    if (policy.unknown !== undefined) unknown.add(`${policy.policyName}: ${policy.unknown}`);
    statements.push(...statementsOfPolicy(policy));
  }
  return { label: holdings.label, statements, unknownPolicies: [...unknown].sort() };
}

export function statementsOfPolicy(policy: HeldPolicy): AccessStatement[] {
  return statementsOfDocument(policy, PERMISSION_POLICY);
}

/** How one kind of document is read: the keys RAM documents for it and its statements, and how a statement is read. */
interface DocumentKind {
  readonly statementKeys: readonly string[];
  readonly statementOf: (item: object, guards: readonly string[], origin: StatementOrigin) => AccessStatement[];
  /** Stand-ins for content that is not known (see {@link standIns}). */
  readonly anything: (guards: readonly string[], what: string, origin: StatementOrigin) => AccessStatement[];
}

const PERMISSION_POLICY: DocumentKind = {
  statementKeys: ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'],
  statementOf: (item, guards, origin) => statementOf(item, guards, origin),
  anything: standIns(['*'], ['allows', 'denies'], 'the request'),
};

function statementsOfDocument(policy: HeldPolicy, kind: DocumentKind): AccessStatement[] {
  const origin: StatementOrigin = { policyName: policy.policyName };
  const anything = kind.anything;
  if (policy.unknown !== undefined) return anything(policy.guards, `policy ${policy.policyName}`, { ...origin, reading: policy.unknown });
  const document = policy.document as any;
  if (document === null || typeof document !== 'object' || Array.isArray(document) || isOpaque(document) || isPartialText(document)) {
    return anything(policy.guards, `document ${describe(document)}`, { ...origin, reading: 'the document is not known before deployment' });
  }
  // With a key RAM does not document, what is written holds only if RAM reads it as written.
  const unread = undocumentedKeys(document, DOCUMENT_KEYS);
  const unreadDocument = unread.length === 0 ? []
    : anything(policy.guards, `document ${describe(document)}`, { ...origin, reading: undocumentedReading('the document', unread, DOCUMENT_KEYS) });
  const guards = unread.length === 0 ? policy.guards : [...policy.guards, `document ${describe(document)} is read as written`].sort();
  const list = document.Statement;
  if (isOpaque(list) || isPartialText(list)) {
    return [...anything(guards, `Statement ${describe(list)}`, { ...origin, reading: 'the Statement list is not known before deployment' }), ...unreadDocument];
  }
  const items: unknown[] = Array.isArray(list) ? list : list !== null && typeof list === 'object' ? [list] : [];
  return [
    ...items.flatMap((item, statementIndex) => statementsOf(item, guards, { ...origin, statementIndex, statement: displayValue(item) }, kind)),
    ...unreadDocument,
  ];
}

/*
 * The keys RAM documents for a policy document and for a statement:
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 * How RAM reads any other key (`statement`, `effect`, a misspelt `Conditon`) is not documented:
 * it may ignore it, refuse the document, or read it as the key it resembles.
 */
const DOCUMENT_KEYS: readonly string[] = ['Version', 'Statement'];

function undocumentedKeys(value: object, documented: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !documented.includes(key)).sort();
}

function undocumentedReading(what: string, keys: readonly string[], documented: readonly string[]): string {
  return `${what} has ${keys.length === 1 ? 'the key' : 'the keys'} ${keys.map((k) => JSON.stringify(k)).join(', ')}, which RAM does not document `
    + `(only ${documented.join(', ')}); read as content that is not known`;
}

/** A value as guards name it: text with its holes by identity, or the JSON of what it is. */
function describe(value: unknown): string {
  return isOpaque(value) || isPartialText(value) ? identityOf(value) : canonicalJson(identityValue(value));
}

/**
 * A role's trust policy as the decision core reads it: each statement's actions are its Action
 * patterns and its "resources" are the callers its Principal names, each written
 * `<type>:<name>` (`RAM:acs:ram::123456789012:root`, `Service:ecs.aliyuncs.com`,
 * `Federated:acs:ram::123456789012:saml-provider/idp`). The type in front keeps a caller from
 * reading as a Container Registry ARN, which the search shapes on its own.
 *
 * RAM documents a trust statement as Effect, Action, Principal and Condition, and a Principal
 * as lists of `RAM` (accounts, users, roles), `Service` and `Federated` (identity providers)
 * names (https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-ram-role,
 * https://www.alibabacloud.com/help/en/ram/user-guide/edit-the-trust-policy-of-a-ram-role).
 * `acs:ram::<account>:root` trusts every RAM user and role of the account, so it is read as
 * covering `acs:ram::<account>:*` as well; a bare account id is its root behind an unknown (RAM
 * does not document it, and it may name no one). A Principal of any other shape, a key other than the three, or a value the
 * template does not fix, may name any caller, behind a guard; a statement without Action or
 * Principal covers nothing.
 *
 * Wildcards. The RAM docs show no wildcard in a Principal, so `?` is read both ways as it is in
 * Action and Resource (QuestionMark), and so is `*` inside an entry (PrincipalStar): with
 * `literalStar` given, each `*` written inside an entry is that character, which no pattern
 * holds as a wildcard, so the entry names one caller exactly. So does an entry that is exactly
 * `*` (`"RAM": "*"`) and a Principal of `*`: Alibaba Cloud documents a Principal of `*` as all
 * users in its other resource-based policies
 * (https://www.alibabacloud.com/help/en/oss/user-guide/oss-bucket-policy/), which is the
 * wildcard reading, but nothing says RAM's trust policies read it so; under the other reading a
 * change away from it is a widening. An account's root stays every identity of that account under both.
 * Entries with spaces around them are read as written and, behind an unknown, trimmed, as Action
 * and Resource entries are; an entry written as a number, behind an unknown, as its digits.
 */
export function trustStatementsOf(holdings: PrincipalHoldings, literalStar?: string): AccessStatement[] {
  return holdings.policies.flatMap((policy) => statementsOfDocument(policy, trustPolicy(literalStar, policy.federatedGuard)));
}

/** `federatedGuard`: the unknown a `Federated` caller stands behind (`HeldPolicy.federatedGuard`). */
function trustPolicy(literalStar: string | undefined, federatedGuard: string | undefined): DocumentKind {
  return {
    statementKeys: TRUST_STATEMENT_KEYS,
    statementOf: (item, guards, origin) => {
      const s = item as any;
      if (s.Principal === undefined || s.Principal === null) return [];
      const callers = callersOf(s.Principal, literalStar);
      // Every caller, of every type, is the same set whoever the providers vouch for.
      const vouched = federatedGuard === undefined || s.Principal === '*' ? callers
        : callers.map((e) => (e.pattern.startsWith('Federated:') ? { ...e, guard: bothGuards(e.guard, federatedGuard) } : e));
      return statementOf({ Effect: s.Effect, Action: s.Action, Condition: s.Condition }, guards, origin, vouched);
    },
    anything: standIns(CALLER_TYPES.map((type) => `${type}:*`), ['trusts', 'refuses'], 'the caller'),
  };
}

const TRUST_STATEMENT_KEYS: readonly string[] = ['Effect', 'Action', 'Principal', 'Condition'];

/** The caller types a Principal names. */
export const CALLER_TYPES: readonly string[] = ['RAM', 'Service', 'Federated'];

/**
 * The callers a Principal names, as patterns; what the template does not fix at its widest,
 * behind a guard. `literalStar`: the character a `*` inside an entry stands for, when it is read
 * as itself (see `trustStatementsOf`).
 */
function callersOf(principal: unknown, literalStar?: string): Entry[] {
  if (principal === '*') return CALLER_TYPES.map((type) => ({ pattern: `${type}:${literalStar ?? '*'}` }));
  const any = (guard: string, label?: string) => CALLER_TYPES.map((type) => ({ pattern: `${type}:*`, ...(label ? { label: `${type}:${label}` } : {}), guard }));
  if (isOpaque(principal) || isPartialText(principal)) return any(`Principal ${identityOf(principal)} names the caller`, identityOf(principal));
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) {
    return any(`Principal ${describe(principal)}, which RAM does not document, names the caller`);
  }
  return Object.keys(principal).sort().flatMap((type): Entry[] => {
    const value = (principal as any)[type];
    if (!CALLER_TYPES.includes(type)) {
      return any(`Principal key ${JSON.stringify(type)}, which RAM does not document (only ${CALLER_TYPES.join(', ')}), names the caller`);
    }
    const whole = (v: Opaque) => ({ pattern: `${type}:*`, label: `${type}:${identityOf(v)}`, guard: `Principal ${type} ${identityOf(v)} names the caller` });
    if (isOpaque(value)) return [whole(value)];
    const list: unknown[] = Array.isArray(value) ? value : [value];
    const inside = (text: string) => (literalStar === undefined ? text : text.split('*').join(literalStar));
    return list.flatMap((entry): Entry[] => {
      if (typeof entry === 'string') {
        const asWritten: Entry[] = callerPatterns(type, entry, inside);
        // Should RAM trim spaces around an entry, the trimmed entry names callers too, behind an unknown.
        const trimmed = entry.trim();
        if (trimmed === entry) return asWritten;
        const guard = `Principal ${type} ${JSON.stringify(entry)} read as ${JSON.stringify(trimmed)} names the caller`;
        return [...asWritten, ...callerPatterns(type, trimmed, inside).map((c) => ({ pattern: c.pattern, guard: bothGuards(guard, c.guard) }))];
      }
      if (isPartialText(entry)) {
        const guard = `Principal ${type} ${identityOf(entry)} names the caller`;
        // The unresolved parts may be anything: wildcards under both readings.
        const widest = (entry as PartialText).parts.map((p) => (typeof p === 'string' ? inside(p) : '*')).join('');
        return callerPatterns(type, widest, (text) => text).map((c) => ({ pattern: c.pattern, label: `${type}:${identityOf(entry)}`, guard: bothGuards(guard, c.guard) }));
      }
      if (isOpaque(entry)) return [whole(entry)];
      if (typeof entry === 'number') return numberEntry(type, entry, inside);
      // Neither text nor a number: RAM does not say how it reads one, so it may name any caller of its type.
      return [{ pattern: `${type}:*`, label: `${type}:${describe(entry)}`, guard: `Principal ${type} ${describe(entry)}, which is not text, names the caller` }];
    });
  });
}

/**
 * An entry written as a number (`"RAM": [123456789012]`: ROS CDK types Principal entries as
 * `any`, and YAML writes an unquoted account id as a number). RAM does not document how it reads
 * one; should it read the digits as text, the entry is that account, so it names what its digits
 * name, behind an unknown. A number JavaScript does not hold exactly has lost its digits on
 * reading: it may name any caller of the type.
 */
function numberEntry(type: string, entry: number, inside: (text: string) => string): Entry[] {
  const exact = Number.isSafeInteger(entry) && entry >= 0;
  const guard = `Principal ${type} ${exact ? entry : JSON.stringify(entry)}, a number, read as ${exact ? 'its digits' : 'any text'} names the caller`;
  return exact ? callerPatterns(type, String(entry), inside).map((c) => ({ pattern: c.pattern, guard: bothGuards(guard, c.guard) }))
    : [{ pattern: `${type}:*`, label: `${type}:${JSON.stringify(entry)}`, guard }];
}

/**
 * One Principal entry as caller patterns: an account's root is every identity of the account too
 * (the `*` after it a wildcard under both readings). `inside` gives text written inside an entry
 * as a pattern under the reading in force. An account id alone, which RAM does not document, is
 * that account's root behind an unknown: should RAM read it as naming no one, a change from it to
 * the account's root trusts new callers.
 */
function callerPatterns(type: string, entry: string, inside: (text: string) => string): { pattern: string; guard?: string }[] {
  const whole = inside(entry);
  if (type !== 'RAM') return [{ pattern: `${type}:${whole}` }];
  const rootOf = (account: string) => [`RAM:acs:ram::${inside(account)}:root`, `RAM:acs:ram::${inside(account)}:*`];
  if (/^[0-9]+$/.test(entry)) {
    const guard = `Principal RAM ${entry}, an account id alone, is read as that account's root`;
    return rootOf(entry).map((pattern) => ({ pattern, guard }));
  }
  const account = /^acs:ram::([^:]*):root$/.exec(entry)?.[1];
  return account === undefined ? [{ pattern: `RAM:${whole}` }] : rootOf(account).map((pattern) => ({ pattern }));
}

/** Both unknowns as one: the entry applies only if both hold (one unknown the search may set either way, which can only add). */
function bothGuards(first: string | undefined, second: string | undefined): string | undefined {
  return first === undefined ? second : second === undefined ? first : `${first}, and ${second}`;
}

/**
 * Stand-ins for content that is not known: one Allow and one Deny of every action on
 * `resources`, each behind its own guard (`<what> allows the request`, `<what> denies ...`).
 */
function standIns(resources: readonly string[], [allows, denies]: readonly [string, string], object: string) {
  return (guards: readonly string[], what: string, origin: StatementOrigin): AccessStatement[] =>
    (['Allow', 'Deny'] as const).map((effect) => ({
      effect,
      actions: ['*'],
      notAction: false,
      resources,
      guards: [...guards, `${what} ${effect === 'Allow' ? allows : denies} ${object}`].sort(),
      origin,
    }));
}

/** The text of one entry: a pattern and, when it has holes, the guard it stands behind. */
interface Entry {
  readonly pattern: string;
  /** The entry with its holes by identity (reports show it readable). */
  readonly label?: string;
  readonly guard?: string;
}

function statementsOf(item: unknown, guards: readonly string[], origin: StatementOrigin, kind: DocumentKind): AccessStatement[] {
  if (isOpaque(item) || isPartialText(item)) {
    return kind.anything(guards, `statement ${describe(item)}`, { ...origin, reading: 'the statement is not known before deployment' });
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return [];
  const unread = undocumentedKeys(item, kind.statementKeys);
  if (unread.length === 0) return kind.statementOf(item, guards, origin);
  // What is written holds only if RAM reads it as written (a Deny, too, may then not apply).
  const reading = undocumentedReading('the statement', unread, kind.statementKeys);
  return [
    ...kind.statementOf(item, [...guards, `statement ${describe(item)} is read as written`].sort(), origin).map((st) => ({ ...st, origin: { ...st.origin, reading } })),
    ...kind.anything(guards, `statement ${describe(item)}`, { ...origin, reading }),
  ];
}

/**
 * A statement with only the keys RAM documents read as RAM reads it. `callers`, for a trust
 * policy's statement, stands for its Resource: the callers its Principal names.
 */
function statementOf(item: object, guards: readonly string[], origin: StatementOrigin, callers?: readonly Entry[]): AccessStatement[] {
  const s = item as any;
  const hasAction = s.Action !== undefined && s.Action !== null;
  const hasNotAction = s.NotAction !== undefined && s.NotAction !== null;
  const hasResource = callers !== undefined || (s.Resource !== undefined && s.Resource !== null);
  // RAM documents no NotResource; should it read one, it can only take resources out. So an
  // Allow is read on all of Resource (on everything without one), and a Deny may not apply.
  const hasNotResource = callers === undefined && s.NotResource !== undefined && s.NotResource !== null;
  if (hasAction === hasNotAction || (!hasResource && !hasNotResource)) return [];

  const effects: { effect: Effect; guard?: string }[] = s.Effect === 'Allow' || s.Effect === 'Deny' ? [{ effect: s.Effect }]
    : isOpaque(s.Effect) || isPartialText(s.Effect)
      ? (['Allow', 'Deny'] as const).map((effect) => ({ effect, guard: `Effect ${identityOf(s.Effect)} is ${effect}` }))
      : looseEffect(s.Effect);
  const conditionGuard = s.Condition !== undefined && s.Condition !== null ? [`Condition ${canonicalJson(identityValue(s.Condition))}`] : [];
  const actions = entriesOf(hasAction ? s.Action : s.NotAction, hasAction ? 'Action' : 'NotAction');
  const resources = callers ?? (hasResource ? entriesOf(s.Resource, 'Resource') : [{ pattern: '*' }]);
  const notResourceGuard = hasNotResource ? [`NotResource ${describe(s.NotResource)} leaves the resource in`] : [];
  const reading = hasNotResource ? 'NotResource, which RAM does not document, read so that it hides no access'
    : [...actions, ...resources].some((e) => e.guard !== undefined) ? 'an unresolved value read at its widest' : undefined;
  const out: AccessStatement[] = [];
  for (const { effect, guard } of effects) {
    const base = [...guards, ...conditionGuard, ...(guard ? [guard] : []), ...(effect === 'Deny' ? notResourceGuard : [])];
    const make = (a: readonly Entry[], r: readonly Entry[], extra: readonly string[]) => {
      out.push({
        effect,
        actions: a.map((e) => e.pattern),
        notAction: !hasAction,
        resources: r.map((e) => e.pattern),
        ...(r.some((e) => e.label !== undefined) ? { resourceLabels: r.map((e) => e.label ?? e.pattern) } : {}),
        guards: [...new Set([...base, ...extra])].sort(),
        origin: reading ? { ...origin, reading } : origin,
      });
    };
    // A x R is the union of its parts: known x known, and every part with an unknown entry
    // behind that entry's guard (an unknown x unknown part behind both).
    const resourceGroups = groupsOf(resources);
    if (hasAction) {
      for (const a of groupsOf(actions)) for (const r of resourceGroups) make(a.entries, r.entries, [...a.guards, ...r.guards]);
    } else {
      // Unknown NotAction entries may exclude more: the statement holds only where they all leave the action in.
      const knownNot = actions.filter((e) => e.guard === undefined);
      const notGuards = actions.filter((e) => e.guard !== undefined).map((e) => e.guard!);
      for (const r of resourceGroups) make(knownNot, r.entries, [...notGuards, ...r.guards]);
    }
  }
  return out;
}

/**
 * An Effect RAM documents only as `Allow` or `Deny`, written in another case or with spaces
 * around it: should RAM read it as that effect, it is one, so it is that effect behind an
 * unknown. Anything else RAM refuses: the statement covers nothing.
 */
function looseEffect(value: unknown): { effect: Effect; guard: string }[] {
  if (typeof value !== 'string') return [];
  const loose = value.trim().toLowerCase();
  const effect: Effect | undefined = loose === 'allow' ? 'Allow' : loose === 'deny' ? 'Deny' : undefined;
  return effect === undefined ? [] : [{ effect, guard: `Effect ${JSON.stringify(value)} is read as ${effect}` }];
}

/** The known entries as one group (when there are any), then each unknown entry alone with its guard. */
function groupsOf(entries: readonly Entry[]): { entries: Entry[]; guards: string[] }[] {
  const known = entries.filter((e) => e.guard === undefined);
  return [
    ...(known.length > 0 ? [{ entries: known, guards: [] }] : []),
    ...entries.filter((e) => e.guard !== undefined).map((e) => ({ entries: [e], guards: [e.guard!] })),
  ];
}

/** One string or a list, each entry a pattern; an entry with holes at its widest, behind a guard. */
function entriesOf(value: unknown, element: string): Entry[] {
  const covers = element === 'NotAction' ? 'does not cover the action' : 'covers the request';
  if (isOpaque(value)) return [{ pattern: '*', guard: `${element} ${identityOf(value)} ${covers}` }];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.flatMap((entry): Entry[] => {
    if (typeof entry === 'string') {
      // Should RAM trim spaces around an entry, the trimmed pattern counts too, behind an unknown.
      const trimmed = entry.trim();
      return trimmed === entry ? [{ pattern: entry }]
        : [{ pattern: entry }, { pattern: trimmed, guard: `${element} ${JSON.stringify(entry)} read as ${JSON.stringify(trimmed)} ${covers}` }];
    }
    if (isPartialText(entry)) {
      return [{ pattern: widestPattern(entry as PartialText), label: identityOf(entry), guard: `${element} ${identityOf(entry)} ${covers}` }];
    }
    if (isOpaque(entry)) return [{ pattern: '*', guard: `${element} ${identityOf(entry)} ${covers}` }];
    // Not text: RAM does not say how it reads one, so it may cover anything.
    return [{ pattern: '*', label: describe(entry), guard: `${element} ${describe(entry)}, which is not text, ${covers}` }];
  });
}
