/**
 * Trust policies against brute force: over a small universe of callers and actions, every
 * truth of the Conditions, and both readings of what RAM leaves undocumented, `diff` exits
 * WIDENED exactly when some caller is trusted by the new version and not by the old one under
 * one reading applied to both. The oracle reads Principal on its own: an account's root is every
 * identity of the account, and so is its id alone under one reading (under the other it names no
 * one); a `*` inside an entry is a wildcard under one
 * reading and the character itself under the other, and so is an entry that is exactly `*`, and a
 * Principal of `*`; an entry with spaces around it names what it
 * says and, should RAM trim it, what its trimmed text names (each such entry its own unknown, as
 * diff reads it); Deny wins; a statement applies when its Condition holds.
 */
import * as fc from 'fast-check';
import { ChangeKind, DIFF_EXIT, diffExitCode, diffTemplates } from '../../lib/analysis/diff';
import { PRINCIPAL_STAR_READINGS, PrincipalStar } from '../../lib/model/wildcard';

/** Entries with spaces around them: trimmed, one is an account's root; the other names no caller its untrimmed text names. */
const SPACED = ['acs:ram::222:root ', ' acs:ram::111:user/alice'];
const RAM_ENTRIES = [
  'acs:ram::111:root', '111', 'acs:ram::111:user/alice', 'acs:ram::222:root', 'acs:ram::*:root', 'acs:ram::222:role/*', '*',
  'acs:ram::222:role/admin', ...SPACED,
];
const SERVICE_ENTRIES = ['ecs.aliyuncs.com', '*.aliyuncs.com', '*'];
const ACTION_PATTERNS = ['sts:AssumeRole', 'sts:*', 'ram:GetRole'];
const CONDITIONS = [{ Bool: { 'acs:MFAPresent': 'true' } }, { StringEquals: { 'acs:SourceVpc': 'vpc-1' } }];

/** Every caller the patterns tell apart under either reading, and some they do not name. */
const CALLERS: [string, string][] = [
  ...['acs:ram::111:root', 'acs:ram::111:user/alice', 'acs:ram::111:user/bob', 'acs:ram::222:root', 'acs:ram::222:role/x',
    'acs:ram::222:user/alice', 'acs:ram::333:root', 'other', 'acs:ram::222:role/admin', ...SPACED,
    // Callers spelt with the character `*`, which only the literal reading tells apart.
    'acs:ram::222:role/*', 'acs:ram::*:root', 'acs:ram::*:user/alice', '*'].map((n): [string, string] => ['RAM', n]),
  ...['ecs.aliyuncs.com', 'fc.aliyuncs.com', 'x', '*.aliyuncs.com', '*'].map((n): [string, string] => ['Service', n]),
  ['Federated', 'acs:ram::111:saml-provider/idp'], ['Federated', '*'],
];
const ACTIONS = ['sts:AssumeRole', 'sts:Other', 'ram:GetRole', 'ecs:Start'];

interface TrustStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Principal: '*' | { RAM?: string[]; Service?: string[] };
  readonly Condition?: object;
}

const principalArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant('*' as const) },
  {
    weight: 6,
    arbitrary: fc.record({
      RAM: fc.uniqueArray(fc.constantFrom(...RAM_ENTRIES), { maxLength: 2 }),
      Service: fc.uniqueArray(fc.constantFrom(...SERVICE_ENTRIES), { maxLength: 1 }),
    }, { requiredKeys: [] }),
  },
);
const statementArb: fc.Arbitrary<TrustStatement> = fc.record({
  Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
  Action: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
  Principal: principalArb,
  Condition: fc.constantFrom(...CONDITIONS),
}, { requiredKeys: ['Effect', 'Action', 'Principal'] });
const documentArb = fc.array(statementArb, { maxLength: 3 });
/**
 * Two versions: unrelated, or the second the first with one statement's Principal replaced, where
 * the readings of an entry tell versions apart most often (`role/*` to `role/admin`).
 */
/** Entries a `*` inside an entry covers under the wildcard reading only, for edits that look like narrowing. */
const COVERED_BY: { readonly [entry: string]: readonly string[] } = {
  'acs:ram::222:role/*': ['acs:ram::222:role/admin', 'acs:ram::222:role/x'],
  'acs:ram::*:root': ['acs:ram::111:root', '111', 'acs:ram::222:role/admin', 'acs:ram::111:user/alice'],
  '*.aliyuncs.com': ['ecs.aliyuncs.com'],
};
/** One statement with each entry kept or, where it has a `*` inside, maybe replaced by one it covers as a wildcard. */
function withEntriesCovered(s: TrustStatement): fc.Arbitrary<TrustStatement> {
  if (s.Principal === '*') return fc.constant(s);
  const list = (entries: string[] | undefined) => fc.tuple(...(entries ?? []).map((e) => fc.constantFrom(e, ...(COVERED_BY[e] ?? []))));
  const { RAM, Service } = s.Principal;
  return fc.tuple(list(RAM), list(Service)).map(([ram, service]) =>
    ({ ...s, Principal: { ...(RAM ? { RAM: [...new Set(ram)] } : {}), ...(Service ? { Service: [...new Set(service)] } : {}) } }));
}
const versionsArb: fc.Arbitrary<[TrustStatement[], TrustStatement[]]> = fc.oneof(
  { weight: 1, arbitrary: fc.tuple(documentArb, documentArb) },
  {
    weight: 1,
    arbitrary: fc.array(statementArb, { minLength: 1, maxLength: 2 }).chain((before) =>
      fc.tuple(fc.nat(before.length - 1), principalArb).map(([index, principal]): [TrustStatement[], TrustStatement[]] =>
        [before, before.map((s, i) => (i === index ? { ...s, Principal: principal } : s))])),
  },
  {
    weight: 2,
    arbitrary: documentArb.chain((before) => fc.tuple(...before.map(withEntriesCovered))
      .chain((edited) => fc.boolean().map((forth): [TrustStatement[], TrustStatement[]] => (forth ? [before, edited] : [edited, before])))),
  },
);

const template = (statements: TrustStatement[]) => ({
  Resources: { Deploy: { Type: 'ALIYUN::RAM::Role', Properties: { RoleName: 'deploy', AssumeRolePolicyDocument: { Version: '1', Statement: statements } } } },
});

const glob = (pattern: string, text: string, ignoreCase = false) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, ignoreCase ? 'i' : '').test(text);

/** How RAM might read what it does not document: `*` inside a Principal entry, and spaces around one. */
interface Reading {
  readonly star: PrincipalStar;
  /** The spaced entries read trimmed. */
  readonly trimmed: readonly string[];
  /** Whether an account id alone is its account's root; otherwise it names no one. */
  readonly bareIdIsRoot: boolean;
}
const READINGS: Reading[] = PRINCIPAL_STAR_READINGS.flatMap((star) => [0, 1, 2, 3].flatMap((bits) => [true, false].map((bareIdIsRoot) =>
  ({ star, trimmed: SPACED.filter((_, i) => (bits & (1 << i)) !== 0), bareIdIsRoot }))));

/** Whether one entry's text, as RAM reads it, names the caller. */
function namesAsRead(type: string, entry: string, caller: string, { star, bareIdIsRoot }: Reading): boolean {
  if (entry === '*' && star === PrincipalStar.WILDCARD) return true;
  if (type === 'RAM' && /^[0-9]+$/.test(entry) && !bareIdIsRoot) return false;
  const match = (pattern: string, wildcardEnd = false) => (star === PrincipalStar.WILDCARD ? glob(pattern + (wildcardEnd ? '*' : ''), caller)
    : wildcardEnd ? caller.startsWith(pattern) : caller === pattern);
  const root = type !== 'RAM' ? undefined : /^[0-9]+$/.test(entry) ? entry : /^acs:ram::([^:]*):root$/.exec(entry)?.[1];
  // An account's root, and every identity of the account: `acs:ram::<account>:` and anything after.
  if (root !== undefined) return match(`acs:ram::${root}:`, true);
  return match(entry);
}

function names(type: string, entry: string, caller: string, reading: Reading): boolean {
  return namesAsRead(type, entry, caller, reading) || (reading.trimmed.includes(entry) && namesAsRead(type, entry.trim(), caller, reading));
}

function covers(s: TrustStatement, type: string, caller: string, action: string, reading: Reading): boolean {
  if (!s.Action.some((a) => glob(a, action, true))) return false;
  if (s.Principal === '*') return reading.star === PrincipalStar.WILDCARD || caller === '*';
  const entries = (s.Principal as any)[type] as string[] | undefined;
  return (entries ?? []).some((e) => names(type, e, caller, reading));
}

function trusted(statements: TrustStatement[], type: string, caller: string, action: string, holds: (c: object) => boolean, reading: Reading): boolean {
  const applying = statements.filter((s) => (s.Condition === undefined || holds(s.Condition)) && covers(s, type, caller, action, reading));
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}

const ASSIGNMENTS = [0, 1, 2, 3].map((bits) => (c: object) => (bits & (1 << CONDITIONS.indexOf(c as any))) !== 0);

/** Newly trusted under one reading, the same for both versions. */
function widenedUnder(before: TrustStatement[], after: TrustStatement[], star: PrincipalStar): boolean {
  return READINGS.filter((r) => r.star === star).some((reading) => ASSIGNMENTS.some((holds) => CALLERS.some(([type, caller]) => ACTIONS.some((action) =>
    trusted(after, type, caller, action, holds, reading) && !trusted(before, type, caller, action, holds, reading)))));
}

function widened(before: TrustStatement[], after: TrustStatement[]): boolean {
  return PRINCIPAL_STAR_READINGS.some((star) => widenedUnder(before, after, star));
}

describe('trust policies against brute force (property)', () => {
  test('diff exits WIDENED exactly when a caller is newly trusted', () => {
    fc.assert(fc.property(versionsArb, ([before, after]) => {
      const comparison = diffTemplates(template(before), template(after));
      expect(diffExitCode(comparison) === DIFF_EXIT.WIDENED).toBe(widened(before, after));
      // Each witness is a caller the oracle confirms under the Conditions and the reading it assumes.
      for (const change of comparison.changes.filter((c) => c.kind === ChangeKind.WIDENED)) {
        const type = change.request.resource.slice(0, change.request.resource.indexOf(':'));
        const caller = change.request.resource.slice(type.length + 1);
        const assumed = (c: object) => change.assuming.includes(`Condition ${JSON.stringify(c)}: true`);
        const trimmed = SPACED.filter((e) => change.assuming.some((a) => a.startsWith(`Principal RAM ${JSON.stringify(e)} read as `) && a.endsWith(': true')));
        const bareIdIsRoot = !change.assuming.some((a) => a.includes(', an account id alone, is read as that account\'s root: false'));
        const reading = { star: change.principalStar ?? PrincipalStar.WILDCARD, trimmed, bareIdIsRoot };
        expect(trusted(after, type, caller, change.request.action, assumed, reading)
          && !trusted(before, type, caller, change.request.action, assumed, reading)).toBe(true);
        // A change said to exist under one reading of `*` exists under that one only.
        if (change.principalStar !== undefined) {
          const other = PRINCIPAL_STAR_READINGS.find((star) => star !== change.principalStar)!;
          expect(widenedUnder(before, after, other)).toBe(false);
        }
      }
    }), { seed: 7, numRuns: 400 });
  });

  test('a change under one reading of `*` alone is reported so, exactly when the other reading has none', () => {
    fc.assert(fc.property(versionsArb, ([before, after]) => {
      const widening = diffTemplates(template(before), template(after)).changes.find((c) => c.kind === ChangeKind.WIDENED);
      const under = PRINCIPAL_STAR_READINGS.filter((star) => widenedUnder(before, after, star));
      expect(widening?.principalStar).toBe(under.length === 1 ? under[0] : undefined);
    }), { seed: 13, numRuns: 300 });
  });

  test('a narrowing the other way round is a widening this way', () => {
    fc.assert(fc.property(versionsArb, ([before, after]) => {
      const forth = diffTemplates(template(before), template(after)).changes.some((c) => c.kind === ChangeKind.NARROWED);
      const back = diffExitCode(diffTemplates(template(after), template(before))) === DIFF_EXIT.WIDENED;
      expect(forth).toBe(back);
    }), { seed: 11, numRuns: 150 });
  });
});
