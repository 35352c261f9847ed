/**
 * Trust policies against brute force: over a small universe of callers and actions, and every
 * truth of the Conditions, `diff` exits WIDENED exactly when some caller is trusted by the new
 * version and not by the old one. The oracle reads Principal on its own: an account's root (or
 * its bare id) is every identity of the account, `*` in an entry is a wildcard, a Principal of
 * `*` is every caller; Deny wins; a statement applies when its Condition holds.
 */
import * as fc from 'fast-check';
import { ChangeKind, DIFF_EXIT, diffExitCode, diffTemplates } from '../../lib/analysis/diff';

const RAM_ENTRIES = [
  'acs:ram::111:root', '111', 'acs:ram::111:user/alice', 'acs:ram::222:root', 'acs:ram::*:root', 'acs:ram::222:role/*', '*',
];
const SERVICE_ENTRIES = ['ecs.aliyuncs.com', '*.aliyuncs.com'];
const ACTION_PATTERNS = ['sts:AssumeRole', 'sts:*', 'ram:GetRole'];
const CONDITIONS = [{ Bool: { 'acs:MFAPresent': 'true' } }, { StringEquals: { 'acs:SourceVpc': 'vpc-1' } }];

/** Every caller the patterns tell apart, and some they do not name. */
const CALLERS: [string, string][] = [
  ...['acs:ram::111:root', 'acs:ram::111:user/alice', 'acs:ram::111:user/bob', 'acs:ram::222:root', 'acs:ram::222:role/x',
    'acs:ram::222:user/alice', 'acs:ram::333:root', 'other'].map((n): [string, string] => ['RAM', n]),
  ...['ecs.aliyuncs.com', 'fc.aliyuncs.com', 'x'].map((n): [string, string] => ['Service', n]),
  ['Federated', 'acs:ram::111:saml-provider/idp'],
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

const template = (statements: TrustStatement[]) => ({
  Resources: { Deploy: { Type: 'ALIYUN::RAM::Role', Properties: { RoleName: 'deploy', AssumeRolePolicyDocument: { Version: '1', Statement: statements } } } },
});

const glob = (pattern: string, text: string, ignoreCase = false) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, ignoreCase ? 'i' : '').test(text);

function names(type: string, entry: string, caller: string): boolean {
  if (type !== 'RAM') return glob(entry, caller);
  const root = /^[0-9]+$/.test(entry) ? entry : /^acs:ram::([^:]*):root$/.exec(entry)?.[1];
  if (root !== undefined) return glob(`acs:ram::${root}:*`, caller);
  return glob(entry, caller);
}

function covers(s: TrustStatement, type: string, caller: string, action: string): boolean {
  if (!s.Action.some((a) => glob(a, action, true))) return false;
  if (s.Principal === '*') return true;
  const entries = (s.Principal as any)[type] as string[] | undefined;
  return (entries ?? []).some((e) => names(type, e, caller));
}

function trusted(statements: TrustStatement[], type: string, caller: string, action: string, holds: (c: object) => boolean): boolean {
  const applying = statements.filter((s) => (s.Condition === undefined || holds(s.Condition)) && covers(s, type, caller, action));
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}

const ASSIGNMENTS = [0, 1, 2, 3].map((bits) => (c: object) => (bits & (1 << CONDITIONS.indexOf(c as any))) !== 0);

function widened(before: TrustStatement[], after: TrustStatement[]): boolean {
  return ASSIGNMENTS.some((holds) => CALLERS.some(([type, caller]) => ACTIONS.some((action) =>
    trusted(after, type, caller, action, holds) && !trusted(before, type, caller, action, holds))));
}

describe('trust policies against brute force (property)', () => {
  test('diff exits WIDENED exactly when a caller is newly trusted', () => {
    fc.assert(fc.property(documentArb, documentArb, (before, after) => {
      const comparison = diffTemplates(template(before), template(after));
      expect(diffExitCode(comparison) === DIFF_EXIT.WIDENED).toBe(widened(before, after));
      // Each witness is a caller the oracle confirms under the Conditions it assumes.
      for (const change of comparison.changes.filter((c) => c.kind === ChangeKind.WIDENED)) {
        const type = change.request.resource.slice(0, change.request.resource.indexOf(':'));
        const caller = change.request.resource.slice(type.length + 1);
        const assumed = (c: object) => change.assuming.includes(`Condition ${JSON.stringify(c)}: true`);
        expect(trusted(after, type, caller, change.request.action, assumed) && !trusted(before, type, caller, change.request.action, assumed)).toBe(true);
      }
    }), { seed: 7, numRuns: 400 });
  });

  test('a narrowing the other way round is a widening this way', () => {
    fc.assert(fc.property(documentArb, documentArb, (before, after) => {
      const forth = diffTemplates(template(before), template(after)).changes.some((c) => c.kind === ChangeKind.NARROWED);
      const back = diffExitCode(diffTemplates(template(after), template(before))) === DIFF_EXIT.WIDENED;
      expect(forth).toBe(back);
    }), { seed: 11, numRuns: 150 });
  });
});
