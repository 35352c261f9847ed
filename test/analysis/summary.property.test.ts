/**
 * The summary's promise: every request a principal may be allowed is shown by some row, read
 * as the legend describes the columns. Checked against brute force: every request of a finite
 * universe (the pools below, under both readings of `?` and with Conditions met or not) that
 * the reference evaluation allows must be covered by a row.
 */
import * as fc from 'fast-check';
import { AccessRow } from '../../lib/analysis/access-matrix';
import { evaluateRequest } from '../../lib/analysis/statements';
import { statementsOfPrincipal } from '../../lib/analysis/read-statements';
import { summarizeTemplate } from '../../lib/analysis/summary';
import { QUESTION_MARK_READINGS, QuestionMark, wildcardMatches } from '../../lib/model/wildcard';
import { readPrincipals } from '../../lib/template/principals';

const ACTION_PATTERNS = ['cr:*', 'cr:Pull*', 'cr:PullRepository', 'cr:PushRepository', 'cr:Delete*', 'cr:List*',
  'cr:GetAuthorizationToken', 'cr:GetInstance*', 'ram:*', '*', 'cr:?ullRepository'];
const RESOURCE_PATTERNS = ['*', 'a*', 'acs:cr:*:*:*', 'acs:cr:*:*:repository/cri-a/*', 'acs:cr:*:*:repository/cri-a/ns',
  'acs:cr:*:*:repository/cri-a/ns/*', 'acs:cr:cn-hangzhou:*:repository/*', 'acs:cr:*:*:instance/cri-a',
  'acs:cr:*:*:repository/cri-?/ns/*', 'acs:ram:*:*:user/*'];
const ACTIONS = ['cr:PullRepository', 'cr:PushRepository', 'cr:DeleteRepository', 'cr:DeleteNamespace', 'cr:ListInstance',
  'cr:ListNamespace', 'cr:ListRepository', 'cr:GetAuthorizationToken', 'cr:GetInstance', 'cr:CreateNamespace', 'ram:CreateUser',
  'cr:?ullRepository', 'cr:xullRepository'];
const RESOURCES = ['*', 'acs:cr:cn-hangzhou:1:repository/cri-a/ns/app', 'acs:cr:cn-hangzhou:1:repository/cri-a/ns',
  'acs:cr:cn-beijing:1:repository/cri-b/ns/app', 'acs:cr:cn-beijing:1:repository/cri-a/other', 'acs:cr:cn-hangzhou:1:instance/cri-a',
  'acs:cr:cn-hangzhou:1:repository/cri-a', 'acs:cr:cn-hangzhou:1:repository/cri-a/x', 'acs:ram:cn-hangzhou:1:user/x', 'abc',
  'acs:cr:cn-hangzhou:1:repository/cri-?/ns/app'];

const statementArb = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Action: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
  Resource: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
  condition: fc.boolean(),
}).map(({ condition, ...s }) => (condition ? { ...s, Condition: { Bool: { 'acs:SecureTransport': 'true' } } } : s));

const template = (statements: unknown[]) => ({
  Resources: {
    P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement: statements }, Users: ['u'] } },
  },
});

/** What a row tells a reader, per the summary legend. */
function rowShows(row: AccessRow, action: string, resource: string, questionMark: QuestionMark): boolean {
  const actionIn = (patterns: readonly string[]) => patterns.some((p) => wildcardMatches(p, action, true, questionMark));
  const resourceIn = (patterns: readonly string[]) => patterns.some((p) => wildcardMatches(p, resource, false, questionMark));
  if (row.instanceId === undefined) {
    const except = row.allowed[0]?.startsWith('* except ') ? row.allowed[0].slice('* except '.length).split(', ') : undefined;
    return (except ? !actionIn(except) : actionIn(row.allowed)) && resourceIn([row.target]);
  }
  return row.regions.some((region) => {
    const prefix = `acs:cr:${region}:${row.accountId}:repository/${row.instanceId}`;
    const namespace = [`${prefix}/${row.namespace}`, `${prefix}/${row.namespace}/${row.repository ?? '*'}`];
    const level = row.level === 'FULL' ? ['cr:*'] : [];
    return (actionIn([...row.allowed, ...level]) && resourceIn(namespace))
      || (row.allowed.includes('cr:CreateNamespace') && action === 'cr:CreateNamespace' && resourceIn([prefix]))
      || (row.console === 'yes' && ((actionIn(['cr:ListInstance*', 'cr:GetInstance*', 'cr:ListSignature*']) && resourceIn(['*']))
        || (actionIn(['cr:List*']) && resourceIn([`${prefix}/*`, `${prefix}/*/*`]))))
      || (row.allowed.includes('cr:ListNamespace') && action === 'cr:ListNamespace' && resourceIn([`${prefix}/*`]))
      || (row.allowed.includes('cr:ListRepository') && action === 'cr:ListRepository' && resourceIn([`${prefix}/${row.namespace}/*`]))
      // Listing instances and the login token are authorized on `*`: whatever resource a request names.
      || (row.allowed.includes('cr:ListInstance') && action === 'cr:ListInstance')
      || (row.login && action === 'cr:GetAuthorizationToken');
  });
}

test('every request a principal may be allowed is shown by some row', () => {
  fc.assert(fc.property(fc.array(statementArb, { minLength: 1, maxLength: 4 }), (statements) => {
    const t = template(statements);
    const rows = summarizeTemplate(t).rows;
    const held = statementsOfPrincipal(readPrincipals(t).principals.get('user:u')!).statements;
    for (const questionMark of QUESTION_MARK_READINGS) {
      for (const action of ACTIONS) {
        for (const resource of RESOURCES) {
          const guards = [...new Set(held.flatMap((s) => s.guards))];
          const assignments = guards.length === 0 ? [{}] : [{ [guards[0]]: true }, { [guards[0]]: false }];
          const allowed = assignments.some((a) => evaluateRequest(held, { action, resource }, a, questionMark).allowed);
          if (allowed && !rows.some((r) => rowShows(r, action, resource, questionMark))) {
            throw new Error(`${action} on ${resource} (? ${questionMark}) is allowed but no row shows it`);
          }
        }
      }
    }
  }), { seed: 17, numRuns: 300 });
});
