import { NamespaceAccess } from '../../lib/model/access';
import { normalizeGrant } from '../../lib/model/grant';
import { DEFAULT_LIMITS, packingBudget } from '../../lib/model/limits';
import { mergeStatements } from '../../lib/model/merge';
import { planGrants } from '../../lib/model/planner';
import { documentSize } from '../../lib/model/policy';
import { GranteeKind } from '../../lib/model/principal';
import {
  TOKEN_VALUE_ALLOWANCE, compareStableText, deployedDocumentSize, deployedLength, isUnresolved, literalFragments,
  stableText,
} from '../../lib/model/token';

const TOKEN = '${Token[TOKEN.42]}';
const grant = (namespace: string, instanceId = 'cri-123456') => normalizeGrant({
  instanceId, namespace, access: NamespaceAccess.PULL,
  principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }],
}, 'Stack/Grant');

describe('tokens', () => {
  test('are recognised in string and list form', () => {
    expect(isUnresolved(`team-${TOKEN}`)).toBe(true);
    expect(isUnresolved('#{Token[TOKEN.7]}')).toBe(true);
    expect(isUnresolved('team-a')).toBe(false);
  });

  test('the hint may hold ":" as pseudo parameters\' do', () => {
    expect(isUnresolved('${Token[ALIYUN::AccountId.10]}')).toBe(true);
  });

  test.each([
    '${Token[*]}', 'team-${Token[x]}', '${Token[]}', '${Token[TOKEN]}', '${Token[a/b.1]}', '${Token[TOKEN.1 ]}',
  ])('text not in the shape ROS CDK writes is plain text: %s', (text) => {
    expect(isUnresolved(text)).toBe(false);
    expect(literalFragments(text)).toEqual([text]);
  });

  test.each(['${Token[*]}', 'team-${Token[x]}'])('a namespace written like a token is checked as text and refused: %s', (namespace) => {
    expect(() => grant(namespace)).toThrow(
      `Stack/Grant: namespace ${JSON.stringify(namespace)} must be 2-120 lowercase letters, digits, "_", "-" or ".", starting and ending with a letter or digit`);
  });

  test('literalFragments is the text around the tokens', () => {
    expect(literalFragments(`a${TOKEN}b${TOKEN}`)).toEqual(['a', 'b']);
    expect(literalFragments(TOKEN)).toEqual([]);
  });

  test('a whole token passes: ROS checks its value', () => {
    expect(grant(TOKEN).namespace).toBe(TOKEN);
  });

  test('plain text beside a token passes', () => {
    expect(grant(`team-${TOKEN}`).namespace).toBe(`team-${TOKEN}`);
  });

  test.each([
    [`${TOKEN}/*`, '/*'],
    [`${TOKEN}*`, '*'],
    [`a:${TOKEN}`, 'a:'],
    [`${TOKEN} x`, ' x'],
  ])('text that could widen or split an ARN beside a token is refused: %s', (namespace, unsafe) => {
    expect(() => grant(namespace)).toThrow(
      `Stack/Grant: namespace ${JSON.stringify(namespace)} has the text ${JSON.stringify(unsafe)} beside a token`);
  });

  test('the instance id too', () => {
    expect(() => grant('ns', `cri-${TOKEN}/*`)).toThrow(/instanceId .* has the text "\/\*" beside a token/);
  });
});

describe('token order', () => {
  const A = '${Token[TOKEN.9]}';
  const B = '${Token[TOKEN.10]}';
  const describe = (marker: string) => (marker === A ? '{"Ref":"Alpha"}' : marker === B ? '{"Ref":"Beta"}' : undefined);

  test('without a describer, markers sort as written', () => {
    expect(stableText(`x-${A}`)).toBe(`x-${A}`);
    expect([A, B].sort(compareStableText)).toEqual([B, A]);
  });

  test('with one, by what each token stands for, whatever its number', () => {
    expect(stableText(`x-${A}`, describe)).toBe('x-${{"Ref":"Alpha"}}');
    expect([B, A].sort((a, b) => compareStableText(a, b, describe))).toEqual([A, B]);
    expect([A, B].sort((a, b) => compareStableText(a, b, describe))).toEqual([A, B]);
  });

  test('regions and merged resources follow it', () => {
    const regions = normalizeGrant({
      instanceId: 'cri-1', namespace: 'ns', access: NamespaceAccess.PULL, regions: [B, A, B],
      principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }],
    }, 'test', { describeToken: describe }).regions;
    expect(regions).toEqual([A, B]);
    const merged = mergeStatements([
      { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: [`acs:cr:*:*:repository/cri-1/${B}`] },
      { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: [`acs:cr:*:*:repository/cri-1/${A}`] },
    ], describe);
    expect(merged[0].Resource).toEqual([`acs:cr:*:*:repository/cri-1/${A}`, `acs:cr:*:*:repository/cri-1/${B}`]);
  });

  test('two tokens for the same value are one region', () => {
    const regions = normalizeGrant({
      instanceId: 'cri-1', namespace: 'ns', access: NamespaceAccess.PULL, regions: [A, B],
      principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }],
    }, 'test', { describeToken: () => '{"Ref":"Region"}' }).regions;
    expect(regions).toHaveLength(1);
  });
});

describe('document size with tokens', () => {
  test('each token counts as the longest value it may stand for', () => {
    expect(deployedLength(`repository/${TOKEN}/x`)).toBe('repository//x'.length + TOKEN_VALUE_ALLOWANCE);
    expect(deployedLength('repository/ns/x')).toBe('repository/ns/x'.length);
    // The allowance covers the longest namespace the rules accept.
    expect(TOKEN_VALUE_ALLOWANCE).toBeGreaterThanOrEqual(120);
  });

  test('planGrants packs by the deployed size, not the size of the token text', () => {
    const namespaces = Array.from({ length: 40 }, (_, i) => `\${Token[Namespace${i}.Ref.${100 + i}]}`);
    const grants = namespaces.map((namespace) => normalizeGrant({
      instanceId: 'cri-a1', namespace, access: NamespaceAccess.PULL, consoleAccess: false,
      principals: [{ kind: GranteeKind.GROUP, name: 'devs', identity: 'devs' }],
    }, 'test'));
    const plan = planGrants(grants, { policyNamePrefix: 'cr', limits: DEFAULT_LIMITS, where: 'Stack/Access' });
    const budget = packingBudget(DEFAULT_LIMITS);
    // As text the whole set would fit in one document; once deployed it would not.
    const together = { Version: '1', Statement: plan.policies.flatMap((p) => p.document.Statement) };
    expect(documentSize(together)).toBeLessThanOrEqual(budget);
    expect(plan.policies.length).toBeGreaterThan(1);
    plan.policies.forEach((p) => expect(deployedDocumentSize(p.document)).toBeLessThanOrEqual(budget));
  });
});
