import * as seed from '../../fixtures/seed-policy.json';
import { NamespaceAccess, NamespaceGrant } from '../../../lib';
import { checkPolicyDocument, checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { SUPPRESSIONS_METADATA_KEY } from '../../../lib/model/suppressions';
import { unresolvedPolicy } from '../../../lib/check/rules/unresolved-policy';
import { newStack, synthTemplate } from '../../synth';

const REASON = 'The Doc parameter is set by the platform pipeline only';
const ALLOW = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/cri-1/ns/*' };
const document = (...statements: unknown[]) => ({ Version: '1', Statement: statements });
const found = (input: unknown) => checkPolicyDocument(input, 'p').filter((f) => f.ruleId === unresolvedPolicy.id);
const ids = (input: unknown) => found(input).map((f) => f.findingId);

/** A template whose managed policy takes its document from the parameter `Doc` (default: `*` on `*`). */
function fromParameter(documentKey: string, value: unknown, metadata?: object): any {
  return {
    Parameters: { Doc: { Type: 'Json', Default: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } },
    Resources: {
      Policy: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: { PolicyName: 'from-parameter', [documentKey]: value, Users: ['alice'] },
        ...(metadata === undefined ? {} : { Metadata: metadata }),
      },
    },
  };
}

describe('CRG-S005 unresolved-policy', () => {
  test('a PolicyDocument from a parameter is a Security warning, not "No findings"', () => {
    const findings = checkTemplate(fromParameter('PolicyDocument', { Ref: 'Doc' }));
    expect(findings).toEqual([{
      ruleId: 'CRG-S005',
      findingClass: 'SecurityWarning',
      policyName: 'from-parameter',
      findingId: 'CRG-S005[PolicyDocument]',
      logicalId: 'Policy',
      message: expect.stringMatching(/^The policy document is only known at deployment; it cannot be checked before deployment and may allow anything\. Hint: /),
    }]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('PolicyDocumentUnchecked, and JSON text that is a token, count alike', () => {
    expect(checkTemplate(fromParameter('PolicyDocumentUnchecked', { 'Fn::If': ['Wide', { Ref: 'Doc' }, document(ALLOW)] }))
      .map((f) => f.findingId)).toEqual(['CRG-S005[PolicyDocument]']);
    expect(ids('${Token[TOKEN.7]}')).toEqual(['CRG-S005[PolicyDocument]']);
  });

  test('an inline policy of a user, and a Policies list, known only at deployment', () => {
    const user = (policies: unknown) => ({
      Resources: { Alice: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'alice', Policies: policies } } },
    });
    expect(checkTemplate(user([{ PolicyName: 'pull', PolicyDocument: { Ref: 'Doc' } }])).map((f) => [f.findingId, f.policyName]))
      .toEqual([['CRG-S005[PolicyDocument]', 'pull (inline on user:alice)']]);
    const whole = checkTemplate(user({ Ref: 'Policies' }));
    expect(whole.map((f) => [f.findingId, f.policyName, f.logicalId])).toEqual([['CRG-S005[PolicyDocument]', 'Policies (inline on user:alice)', 'Alice']]);
    expect(exitCodeFor(whole)).toBe(1);
  });

  test.each([
    ['a Statement list', { Version: '1', Statement: { Ref: 'Statements' } }, 'CRG-S005[Statement]', undefined],
    ['a statement', document(ALLOW, { 'Fn::If': ['Wide', ALLOW, ALLOW] }), 'CRG-S005[#1]', 1],
    ['an Effect', document({ ...ALLOW, Effect: { Ref: 'Effect' } }), 'CRG-S005[Effect]', 0],
    ['an Action entry of an Allow', document({ ...ALLOW, Action: ['cr:PullRepository', { Ref: 'Action' }] }), 'CRG-S005[Action]', 0],
    ['a NotAction of an Allow', document({ Effect: 'Allow', NotAction: { Ref: 'Except' }, Resource: '*' }), 'CRG-S005[NotAction]', 0],
    ['a Resource of an Allow', document({ ...ALLOW, Resource: { 'Fn::Join': ['', ['acs:cr:*:*:repository/cri-1/', { Ref: 'Namespace' }, '/*']] } }), 'CRG-S005[Resource]', 0],
  ])('%s only known at deployment trips it', (_what, input, findingId, statementIndex) => {
    const findings = found(input);
    expect(findings.map((f) => [f.findingId, f.statementIndex])).toEqual([[findingId, statementIndex]]);
    expect(findings[0].message).toMatch(/only known at deployment/);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test.each([
    ['Fn::Join', { 'Fn::Join': ['/', ['acs:cr:*:*:repository', 'cri-123456', '*']] }],
    ['Fn::Sub', { 'Fn::Sub': ['acs:cr:*:*:repository/${Instance}/*', { Instance: 'cri-123456' }] }],
  ])('a Resource that %s spells from text is that text: no CRG-S005, and the rules judge it', (_what, resource) => {
    const template = {
      Resources: {
        Policy: {
          Type: 'ALIYUN::RAM::ManagedPolicy',
          Properties: { PolicyName: 'joined', PolicyDocument: document({ Effect: 'Allow', Action: 'cr:DeleteRepository', Resource: resource }), Users: ['alice'] },
        },
      },
    };
    expect(checkTemplate(template).map((f) => f.findingId)).toEqual(['CRG-S004[cr:DeleteRepository on acs:cr:*:*:repository/cri-123456/*]']);
    expect(checkPolicyDocument(document({ Effect: 'Allow', Action: 'cr:DeleteRepository', Resource: resource }), 'p').map((f) => f.findingId))
      .toEqual(['CRG-S004[cr:DeleteRepository on acs:cr:*:*:repository/cri-123456/*]']);
  });

  test('an Effect known only at deployment also reports the unknown Action of its statement', () => {
    expect(ids(document({ Effect: { Ref: 'Effect' }, Action: { Ref: 'Action' }, Resource: '*' })))
      .toEqual(['CRG-S005[Action]', 'CRG-S005[Effect]']);
  });

  test('literal documents, Deny statements, Conditions and the seed pass', () => {
    const { default: _ignored, ...seedDocument } = seed as any;
    expect(found(seedDocument)).toEqual([]);
    expect(found(document(ALLOW, { Effect: 'Deny', Action: { Ref: 'Action' }, Resource: { Ref: 'Resource' } }))).toEqual([]);
    expect(found(document({ ...ALLOW, Condition: { Ref: 'Condition' } }))).toEqual([]);
    expect(found(JSON.stringify(document(ALLOW)))).toEqual([]);
  });

  test('a grant of this library with literal names passes', () => {
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', { instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PUSH_PULL, users: ['alice'] });
    expect(checkTemplate(synthTemplate(stack)).filter((f) => f.ruleId === unresolvedPolicy.id)).toEqual([]);
  });

  test('a suppression with a reason on the policy accepts it', () => {
    const findings = checkTemplate(fromParameter('PolicyDocument', { Ref: 'Doc' }, { [SUPPRESSIONS_METADATA_KEY]: [{ id: 'CRG-S005', reason: REASON }] }));
    expect(findings).toEqual([expect.objectContaining({ findingId: 'CRG-S005[PolicyDocument]', suppressedBecause: REASON })]);
    expect(exitCodeFor(findings)).toBe(0);
  });
});
