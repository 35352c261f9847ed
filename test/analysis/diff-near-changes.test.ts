/**
 * diff searches near what changed (diff.ts `nearChanges`, overlap.ts `mayMeet`) and decide prunes
 * states no wanted outcome can reach (decide.ts `Reach`): crafted cases where either could hide a
 * widening, each asserting the safe answer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareReadings, ChangeKind } from '../../lib/analysis/diff';
import { findRequest } from '../../lib/analysis/decide';
import { mayMeet } from '../../lib/analysis/overlap';
import { AccessStatement, evaluateRequest } from '../../lib/analysis/statements';
import { QuestionMark } from '../../lib/model/wildcard';
import { readPrincipals } from '../../lib/template/principals';
import { runDiff } from '../cli/run-cli';

const policy = (name: string, statements: unknown[]) => ({
  Type: 'ALIYUN::RAM::ManagedPolicy',
  Properties: { PolicyName: name, PolicyDocument: { Version: '1', Statement: statements } },
});
const attach = (policyName: string, user: string) => ({
  Type: 'ALIYUN::RAM::AttachPolicyToUser',
  Properties: { PolicyName: policyName, PolicyType: 'Custom', UserName: user },
});
const template = (statements: unknown[]) => ({ Resources: { P: policy('team', statements), A: attach('team', 'alice') } });
const compare = (before: object, after: object) => compareReadings(readPrincipals(before, {}), readPrincipals(after, {}));

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-near-changes-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const origin = { policyName: 'p' };
const st = (effect: 'Allow' | 'Deny', actions: string[], resources: string[], extra: Partial<AccessStatement> = {}): AccessStatement =>
  ({ effect, actions, notAction: false, resources, guards: [], origin, ...extra });

describe('nearChanges / mayMeet', () => {
  // String.prototype.toLowerCase maps a final capital sigma to 'ς' and an inner one to 'σ', while
  // the matcher folds ASCII only: 'cr:aΣ*' and 'cr:aΣb' both match 'cr:aΣb', but mayMeet's folded
  // prefixes 'cr:aς' and 'cr:aσb' disagree, so the only Allow is dropped as "far" from the removed Deny.
  test('Deny removal whose Allow differs only by a final-sigma lowercase is a widening', () => {
    const allow = { Effect: 'Allow', Action: 'cr:aΣ*', Resource: '*' };
    const deny = { Effect: 'Deny', Action: 'cr:aΣb', Resource: '*' };
    const oldT = template([allow, deny]);
    const newT = template([allow]);
    // reference: the request is allowed now and denied before
    const req = { action: 'cr:aΣb', resource: 'acs:cr:cn-hangzhou:1:repository/x/y' };
    const now = [st('Allow', ['cr:aΣ*'], ['*'])];
    const before = [...now, st('Deny', ['cr:aΣb'], ['*'])];
    expect(evaluateRequest(now, req, {}, QuestionMark.LITERAL).allowed).toBe(true);
    expect(evaluateRequest(before, req, {}, QuestionMark.LITERAL).allowed).toBe(false);
    expect(compare(oldT, newT).changes.map((c) => c.kind)).toContain(ChangeKind.WIDENED);
  });

  test('root cause: mayMeet says two statements covering one request cannot meet', () => {
    const req = { action: 'cr:aΣb', resource: 'x' };
    const a = st('Allow', ['cr:aΣ*'], ['*']);
    const d = st('Deny', ['cr:aΣb'], ['*']);
    const e = st('Allow', ['cr:*Σ'], ['*']);
    const f = st('Deny', ['cr:aΣ'], ['*']);
    expect(evaluateRequest([a], req, {}, QuestionMark.LITERAL).allowed).toBe(true);
    expect(evaluateRequest([d], req, {}, QuestionMark.LITERAL).deniedBy).toBe(d);
    expect(mayMeet(a, d)).toBe(true);
    expect(mayMeet(e, f)).toBe(true); // both cover cr:aΣ
    // the unpruned search does find it
    const answer = findRequest({ sides: [[a], [a, d]], wanted: ([x, y]) => x && !y, questionMark: QuestionMark.LITERAL });
    expect(answer.kind).toBe('found');
  });

  test('Deny with a Condition widened (10/16 -> 10/8 is narrowing of access; 10/8 -> 10/16 widens)', () => {
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:*' };
    const deny = (cidr: string) => ({ Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:*:*:*', Condition: { IpAddress: { 'acs:SourceIp': cidr } } });
    expect(runDiff(dir, template([allow, deny('10.0.0.0/8')]), template([allow, deny('10.0.0.0/16')])).code).toBe(2);
  });

  test('same, through the CLI: exit 2', () => {
    const allow = { Effect: 'Allow', Action: 'cr:aΣ*', Resource: '*' };
    const deny = { Effect: 'Deny', Action: 'cr:aΣb', Resource: '*' };
    expect(runDiff(dir, template([allow, deny]), template([allow])).code).toBe(2);
  });

  // The resource-case reading folds with toLowerCase too: 'AΣ*' folds to 'aς*', 'aΣb' to 'aσb',
  // so under "RAM ignores resource case" the removed Deny no longer meets the Allow.
  test('resource-case reading: Deny removal with a final sigma in the Allow', () => {
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:AΣ*' };
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:*:*:aΣb' };
    expect(runDiff(dir, template([allow, deny]), template([allow])).code).toBe(2);
  });

  test('unresolved value in a Deny resource: Deny removed', () => {
    const params = { Parameters: { R: { Type: 'String' } } };
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:*' };
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: { 'Fn::Join': ['', ['acs:cr:*:*:repository/', { Ref: 'R' }]] } };
    const res = runDiff(dir, { ...params, ...template([allow, deny]) }, { ...params, ...template([allow]) });
    expect(res.code).toBe(2);
  });

  test('unresolved value: Allow with same unknown kept, Deny with same unknown removed', () => {
    const params = { Parameters: { R: { Type: 'String' } } };
    const res = { 'Fn::Join': ['', ['acs:cr:*:*:repository/', { Ref: 'R' }]] };
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: res };
    const deny = { Effect: 'Deny', Action: 'cr:Delete*', Resource: res };
    expect(runDiff(dir, { ...params, ...template([allow, deny]) }, { ...params, ...template([allow]) }).code).toBe(2);
  });

  test('duplicate Deny: removing one copy is no change, removing both is a widening', () => {
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:*' };
    const deny = { Effect: 'Deny', Action: 'cr:Delete*', Resource: 'acs:cr:*:*:*' };
    expect(runDiff(dir, template([allow, deny, deny]), template([allow, deny])).code).toBe(0);
    expect(runDiff(dir, template([allow, deny, deny]), template([allow, allow])).code).toBe(2);
  });

  test('Deny removal, ASCII case differs between Allow and Deny actions', () => {
    const allow = { Effect: 'Allow', Action: 'CR:PULL*', Resource: 'acs:cr:*:*:repository/a/*' };
    const filler = Array.from({ length: 20 }, (_, i) => ({ Effect: 'Allow', Action: `cr:Other${i}`, Resource: `acs:cr:*:*:repository/z${i}/*` }));
    const deny = { Effect: 'Deny', Action: 'cr:pullrepository', Resource: 'acs:cr:*:*:repository/a/b' };
    expect(runDiff(dir, template([allow, ...filler, deny]), template([allow, ...filler])).code).toBe(2);
  });

  test('4-colon acs:cr: Deny vs 3-colon Allow whose star spans segments', () => {
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:b' };
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:r:a:b' };
    expect(runDiff(dir, template([allow, deny]), template([allow])).code).toBe(2);
  });

  test('? in a segment vs literal segment', () => {
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:?:*:repo?' };
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:r:a:repox' };
    expect(runDiff(dir, template([allow, deny]), template([allow])).code).toBe(2);
  });

  test('NotAction Allow far away textually, Deny removed', () => {
    const allow = { Effect: 'Allow', NotAction: 'ecs:*', Resource: '*' };
    const deny = { Effect: 'Deny', Action: 'cr:Pull', Resource: 'acs:cr:r:a:x' };
    expect(runDiff(dir, template([allow, deny]), template([allow])).code).toBe(2);
  });

  test('NotAction Deny removed', () => {
    const allow = { Effect: 'Allow', Action: 'cr:Pull', Resource: 'acs:cr:r:a:x' };
    const deny = { Effect: 'Deny', NotAction: 'cr:Push', Resource: '*' };
    expect(runDiff(dir, template([allow, deny]), template([allow])).code).toBe(2);
  });

  test('statements identical except Condition: Condition dropped', () => {
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:*' };
    const cond = { ...allow, Condition: { Bool: { 'acs:MFAPresent': 'true' } } };
    expect(runDiff(dir, template([cond]), template([allow])).code).toBe(2);
    expect(runDiff(dir, template([cond, cond]), template([cond, allow])).code).toBe(2);
  });

  test('Deny removal with uppercase resources (second reading)', () => {
    const allow = { Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/A/*' };
    const deny = { Effect: 'Deny', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/a/*' };
    const r = compare(template([allow, deny]), template([allow]));
    // Only under case-insensitive reading does the Deny hit the Allow; removal must show it
    expect(r.changes.some((c) => c.kind === ChangeKind.WIDENED)).toBe(true);
  });
});

describe('Reach pruning with other wanted functions', () => {
  test('wanted = NOT allowed on a side still finds requests', () => {
    const side = [st('Allow', ['cr:*'], ['acs:cr:*:*:*'])];
    const answer = findRequest({ sides: [side], wanted: ([a]) => !a, questionMark: QuestionMark.LITERAL });
    expect(answer.kind).toBe('found');
    if (answer.kind === 'found') expect(evaluateRequest(side, answer.request, answer.assumptions, QuestionMark.LITERAL).allowed).toBe(false);
  });

  test('wanted = allowed on side 1 only when a NotAction Allow is the only Allow', () => {
    const a = [st('Allow', ['cr:Pull'], ['*'], { notAction: true })];
    const b: AccessStatement[] = [st('Deny', ['*'], ['acs:cr:*:*:x'])];
    const answer = findRequest({ sides: [a, [...a, ...b]], wanted: ([x, y]) => x && !y, questionMark: QuestionMark.LITERAL });
    expect(answer.kind).toBe('found');
  });

  test('pattern fully consumed in action part: exact action, resource star', () => {
    const old = [st('Allow', ['cr:Pull'], ['acs:cr:r:a:x'])];
    const now = [st('Allow', ['cr:Pull'], ['acs:cr:r:a:x', 'acs:cr:r:a:'])];
    const answer = findRequest({ sides: [now, old], wanted: ([x, y]) => x && !y, questionMark: QuestionMark.LITERAL });
    expect(answer.kind).toBe('found');
  });
});
