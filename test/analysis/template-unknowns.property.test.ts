/**
 * What a template fixes only through its own definitions — mappings, conditions on resources and
 * in `Fn::If`, a loosely written Effect — against brute force. Each version is a random template
 * whose values hang on one parameter `Env`; the oracle fixes `Env` (and whether RAM reads an
 * Effect in another case, and how RAM reads a statement with a key it does not document: not at
 * all, or as allowing or denying everything; what a custom resource does: nothing, attach an
 * Allow or a Deny of everything), spells both versions out as plain documents and
 * evaluates every request of a small universe. Whenever some such choice lets NEW allow a request OLD does not, `diff`
 * must exit WIDENED; a version compared with itself must exit UNCHANGED.
 */
import * as fc from 'fast-check';
import { DIFF_EXIT, diffExitCode, diffTemplates } from '../../lib/analysis/diff';
import { DecisionEffect, evaluate } from '../../lib/model/evaluator';
import { PolicyStatement } from '../../lib/model/policy';

const ACTION_PATTERNS = ['cr:*', 'cr:Pull*', 'cr:Delete*', 'cr:GetRepository', '*'];
const RESOURCE_PATTERNS = ['*', 'acs:cr:*:*:repository/cri-a/*', 'acs:cr:*:*:repository/cri-a/prod/*', 'acs:cr:*:*:repository/cri-b/*'];
const ACTIONS = ['cr:PullRepository', 'cr:DeleteRepository', 'cr:GetRepository', 'ram:CreateUser'];
const RESOURCES = [
  'acs:cr:cn-hangzhou:1:repository/cri-a/prod/app', 'acs:cr:cn-hangzhou:1:repository/cri-a/dev/app',
  'acs:cr:cn-hangzhou:1:repository/cri-b/x/app', 'acs:ram:cn-hangzhou:1:user/x',
];
const ENVS = ['prod', 'dev', 'other'];
/** Conditions every version declares; `OnEnv` hangs on the parameter, the others are fixed. */
const CONDITIONS = { Always: { 'Fn::Equals': ['a', 'a'] }, Never: { 'Fn::Not': [{ Condition: 'Always' }] }, OnEnv: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } };
const HOLDS: { [name: string]: (env: string) => boolean } = { Always: () => true, Never: () => false, OnEnv: (env) => env === 'prod' };

type Value = { literal: string } | { mapped: true } | { when: string; then: string; otherwise: string };
/** A key RAM does not document, added to the statement, and its value. */
const UNDOCUMENTED: { [key: string]: unknown } = { effect: 'Allow', Principal: '*', Conditon: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } };
type Undocumented = 'ignored' | 'allows all' | 'denies all';
interface Statement { effect: string; action: string; resource: Value; extra?: string }
/** What a resource the reader does not read (a custom resource) does to alice. */
type Unread = 'nothing' | 'allows all' | 'denies all';
interface Version { statements: Statement[]; condition?: string; mapping: { [env: string]: string }; custom?: boolean }

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(...RESOURCE_PATTERNS).map((literal) => ({ literal })),
  fc.constant({ mapped: true as const }),
  fc.record({ when: fc.constantFrom(...Object.keys(CONDITIONS)), then: fc.constantFrom(...RESOURCE_PATTERNS), otherwise: fc.constantFrom(...RESOURCE_PATTERNS) }),
);
const statementArb: fc.Arbitrary<Statement> = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Deny', 'Deny', 'allow', 'DENY'),
  action: fc.constantFrom(...ACTION_PATTERNS),
  resource: valueArb,
  extra: fc.option(fc.constantFrom(...Object.keys(UNDOCUMENTED)), { nil: undefined, freq: 6 }),
});
const versionArb: fc.Arbitrary<Version> = fc.record({
  statements: fc.array(statementArb, { minLength: 0, maxLength: 3 }),
  condition: fc.option(fc.constantFrom(...Object.keys(CONDITIONS)), { nil: undefined }),
  mapping: fc.record({ prod: fc.constantFrom(...RESOURCE_PATTERNS), dev: fc.constantFrom(...RESOURCE_PATTERNS) }),
  custom: fc.option(fc.constant(true), { nil: undefined, freq: 5 }),
}, { requiredKeys: ['statements', 'mapping'] });

function template(version: Version): unknown {
  const resource = (value: Value) => ('literal' in value ? value.literal
    : 'mapped' in value ? { 'Fn::FindInMap': ['Scope', { Ref: 'Env' }, 'arn'] }
      : { 'Fn::If': [value.when, value.then, value.otherwise] });
  const mappings = { Scope: Object.fromEntries(Object.entries(version.mapping).map(([env, arn]) => [env, { arn }])) };
  return {
    Parameters: { Env: { Type: 'String' } },
    Conditions: CONDITIONS,
    Mappings: mappings,
    Resources: {
      P: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        ...(version.condition ? { Condition: version.condition } : {}),
        Properties: {
          PolicyName: 'p',
          PolicyDocument: { Version: '1', Statement: version.statements.map((s) => ({
            Effect: s.effect, Action: s.action, Resource: resource(s.resource), ...(s.extra ? { [s.extra]: UNDOCUMENTED[s.extra] } : {}),
          })) },
        },
      },
      // The attachment shares the policy's condition: without it, a missing policy could be one defined elsewhere.
      A: {
        Type: 'ALIYUN::RAM::AttachPolicyToUser',
        ...(version.condition ? { Condition: version.condition } : {}),
        Properties: { PolicyName: 'p', PolicyType: 'Custom', UserName: 'alice' },
      },
      ...(version.custom ? { X: { Type: 'ALIYUN::ROS::CustomResource', Properties: { ServiceToken: 'acs:fc:cn-hangzhou:1:functions/f' } } } : {}),
    },
  };
}

/** The version as deployed with `env`; `loose` when RAM reads an Effect in any case. An `other` env has no mapping entry: the deployment fails, nothing is granted. */
function deployed(version: Version, env: string, loose: boolean, undocumented: Undocumented = 'ignored', unread: Unread = 'nothing'): PolicyStatement[] {
  const custom: PolicyStatement[] = version.custom && unread !== 'nothing' ? [{ Effect: unread === 'allows all' ? 'Allow' : 'Deny', Action: '*', Resource: '*' }] : [];
  return [...custom, ...written(version, env, loose, undocumented)];
}

function written(version: Version, env: string, loose: boolean, undocumented: Undocumented): PolicyStatement[] {
  if (version.condition !== undefined && !HOLDS[version.condition](env)) return [];
  if (env === 'other' && version.statements.some((s) => 'mapped' in s.resource)) return [];
  return version.statements.flatMap((s): PolicyStatement[] => {
    const effect = loose ? (s.effect.toLowerCase() === 'allow' ? 'Allow' : 'Deny') : s.effect;
    if (s.extra !== undefined && undocumented !== 'ignored') return [{ Effect: undocumented === 'allows all' ? 'Allow' : 'Deny', Action: '*', Resource: '*' }];
    if (effect !== 'Allow' && effect !== 'Deny') return [];
    const value = s.resource;
    const resource = 'literal' in value ? value.literal : 'mapped' in value ? version.mapping[env] : HOLDS[value.when](env) ? value.then : value.otherwise;
    return [{ Effect: effect, Action: s.action, Resource: resource }];
  });
}

const allows = (statements: PolicyStatement[], action: string, resource: string) =>
  evaluate([{ policyName: 'p', document: { Version: '1', Statement: statements } }], action, resource).effect === DecisionEffect.ALLOW;

function widens(before: Version, after: Version): boolean {
  const readings: Undocumented[] = ['ignored', 'allows all', 'denies all'];
  const unreads: Unread[] = ['nothing', 'allows all', 'denies all'];
  return ENVS.some((env) => [false, true].some((loose) => readings.some((undocumented) => unreads.some((unread) => {
    const old = deployed(before, env, loose, undocumented, unread);
    const now = deployed(after, env, loose, undocumented, unread);
    return ACTIONS.some((action) => RESOURCES.some((resource) => allows(now, action, resource) && !allows(old, action, resource)));
  }))));
}

describe('template unknowns never hide a widening (property)', () => {
  test('a widening under some value of the unknowns makes diff exit WIDENED', () => {
    fc.assert(fc.property(versionArb, versionArb, (before, after) => {
      if (!widens(before, after)) return true;
      return diffExitCode(diffTemplates(template(before), template(after))) === DIFF_EXIT.WIDENED;
    }), { seed: 7, numRuns: 600 });
  });

  test('given the parameter, the decision is the oracle\'s for that value', () => {
    fc.assert(fc.property(versionArb, versionArb, fc.constantFrom('prod', 'dev'), (before, after, env) => {
      // Correctly written statements only: nothing is left to read either way.
      const strict = (v: Version) => ({ ...v, custom: undefined, statements: v.statements.filter((s) => (s.effect === 'Allow' || s.effect === 'Deny') && s.extra === undefined) });
      const [b, a] = [strict(before), strict(after)];
      const widened = ACTIONS.some((action) => RESOURCES.some((resource) =>
        allows(deployed(a, env, false), action, resource) && !allows(deployed(b, env, false), action, resource)));
      const code = diffExitCode(diffTemplates(template(b), template(a), { Env: env }));
      // Exact once every unknown is fixed: widened exactly when the oracle finds a request.
      return widened ? code === DIFF_EXIT.WIDENED : code !== DIFF_EXIT.WIDENED;
    }), { seed: 7, numRuns: 400 });
  });

  test('a version compared with itself has no change', () => {
    fc.assert(fc.property(versionArb, (version) =>
      diffExitCode(diffTemplates(template(version), template(version))) === DIFF_EXIT.UNCHANGED,
    ), { seed: 7, numRuns: 300 });
  });
});
