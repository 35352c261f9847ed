/**
 * A Resource built from ROS parameters is judged on every value the template's Parameters section
 * lets ROS deploy: inside the rules of the fields it fills, it is not CRG-S005's, and the other
 * rules judge its shape; anything else may be any value.
 */
import { checkTemplate, exitCodeFor } from '../../lib/check/engine';
import { FIELD_RULES } from '../../lib/model/field-rules';
import { allowedPatternOf } from '../../lib/model/parameter-values';

const NAMESPACE_PATTERN = allowedPatternOf(FIELD_RULES.namespace);
const INSTANCE_PATTERN = allowedPatternOf(FIELD_RULES.instanceId);

function template(parameters: object, resource: unknown, action: string = 'cr:PullRepository'): any {
  return {
    Parameters: parameters,
    Resources: {
      Policy: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: {
          PolicyName: 'from-parameters',
          PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] },
          Users: ['alice'],
        },
      },
    },
  };
}
const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const namespaceArn = join('acs:cr:*:*:repository/cri-123456/', { Ref: 'Namespace' }, '/*');
const ids = (t: any, parameters: { [name: string]: string } = {}) => checkTemplate(t, undefined, parameters).map((f) => f.findingId);

describe('parameters in a Resource', () => {
  test.each([
    ['an AllowedPattern inside the namespace rule', { Type: 'String', AllowedPattern: NAMESPACE_PATTERN }],
    ['AllowedValues inside it', { Type: 'String', AllowedValues: ['team-a', 'team-b'], Default: 'team-a' }],
    ['an AllowedPattern narrower than the rule', { Type: 'String', AllowedPattern: '^team-[a-z]{1,8}(?!\\n)$' }],
  ])('%s: no finding', (_what, declaration) => {
    const findings = checkTemplate(template({ Namespace: declaration }, namespaceArn));
    expect(findings).toEqual([]);
    expect(exitCodeFor(findings)).toBe(0);
  });

  test('an unconstrained parameter stays a Security warning, saying why', () => {
    const findings = checkTemplate(template({ Namespace: { Type: 'String', Default: 'team-a' } }, namespaceArn));
    expect(findings.map((f) => f.findingId)).toEqual(['CRG-S005[Resource]']);
    expect(findings[0].message).toContain('Statement 0: Resource acs:cr:*:*:repository/cri-123456/${Namespace}/* is only known at deployment'
      + ' (it is parameter Namespace, which has no AllowedPattern or AllowedValues, so ROS would deploy any value, such as "*")');
    expect(exitCodeFor(findings)).toBe(1);
  });

  test.each([
    ['a pattern that admits "*"', { Type: 'String', AllowedPattern: '^[a-z*]+$' }, '${Namespace} may be "*", outside the namespace rule'],
    ['a pattern anchored at one end only', { Type: 'String', AllowedPattern: '^[a-z0-9]+' }, 'outside the namespace rule'],
    // Python's `$` also matches before a final newline.
    ['a pattern whose $ admits a final newline', { Type: 'String', AllowedPattern: '^team-[a-z]{1,8}$' }, '${Namespace} may be "team-a\\n"'],
    ['AllowedValues with a wildcard', { Type: 'String', AllowedValues: ['team-a', 'team-*'] }, '${Namespace} may be "team-*"'],
    ['a Default outside the rule', { Type: 'String', AllowedValues: ['team-a'], Default: '*' }, '${Namespace} may be "*"'],
    ['a Number parameter', { Type: 'Number', AllowedValues: ['1'] }, 'only a String parameter is read'],
    ['a pattern that cannot be read', { Type: 'String', AllowedPattern: '^(\\w+)\\1$' }, 'so any value could be deployed'],
  ])('%s is a Security warning', (_what, declaration, why) => {
    const [finding, ...rest] = checkTemplate(template({ Namespace: declaration }, namespaceArn));
    expect(rest).toEqual([]);
    expect(finding.findingId).toBe('CRG-S005[Resource]');
    expect(finding.message).toContain(why);
  });

  test('a parameter where no field rule applies, or a reference that is not a parameter, may be anything', () => {
    const constrained = { Namespace: { Type: 'String', AllowedPattern: NAMESPACE_PATTERN } };
    // The repository segment, the resource type, and an Action have no field rule.
    expect(ids(template(constrained, join('acs:cr:*:*:repository/cri-123456/team-a/', { Ref: 'Namespace' })))).toEqual(['CRG-S005[Resource]']);
    expect(ids(template(constrained, join('acs:cr:*:*:', { Ref: 'Namespace' }, '/cri-123456/team-a')))).toEqual(['CRG-S005[Resource]']);
    expect(ids(template(constrained, 'acs:cr:*:*:repository/cri-123456/team-a/*', { Ref: 'Namespace' } as any))).toEqual(['CRG-S005[Action]']);
    const getAtt = ids(template(constrained, join('acs:cr:*:*:repository/cri-123456/', { 'Fn::GetAtt': ['Bucket', 'Name'] }, '/*')));
    expect(getAtt).toEqual(['CRG-S005[Resource]']);
  });

  test('pseudo parameters pass where ROS fills them with the stack\'s own region and account only', () => {
    const own = join('acs:cr:', { Ref: 'ALIYUN::Region' }, ':', { Ref: 'ALIYUN::AccountId' }, ':repository/cri-123456/team-a/*');
    expect(ids(template({}, own))).toEqual([]);
    expect(ids(template({}, join('acs:cr:*:*:repository/cri-123456/', { Ref: 'ALIYUN::AccountId' }, '/*')))).toEqual(['CRG-S005[Resource]']);
    expect(ids(template({}, join('acs:cr:', { Ref: 'ALIYUN::StackName' }, ':*:repository/cri-123456/team-a/*')))).toEqual(['CRG-S005[Resource]']);
  });

  test('the other rules judge a bounded entry by its shape: a write on a whole instance is CRG-S004', () => {
    const instance = { InstanceId: { Type: 'String', AllowedPattern: INSTANCE_PATTERN } };
    expect(ids(template(instance, join('acs:cr:*:*:repository/', { Ref: 'InstanceId' }, '/*'), 'cr:DeleteRepository')))
      .toEqual(['CRG-S004[cr:DeleteRepository on acs:cr:*:*:repository/${InstanceId}/*]']);
    expect(ids(template(instance, join('acs:cr:*:*:repository/', { Ref: 'InstanceId' }, '/team-a/*'), 'cr:DeleteRepository'))).toEqual([]);
    const full = checkTemplate(template({ Namespace: { Type: 'String', AllowedPattern: NAMESPACE_PATTERN } }, namespaceArn, 'cr:*'));
    expect(full.map((f) => f.findingId)).toEqual(['CRG-S001[cr:*]']);
    expect(full[0].message).toContain('allows cr:* (every cr action, deletes included) on acs:cr:*:*:repository/cri-123456/${Namespace}/*.');
  });

  test('--parameters values are used as the literal text they are', () => {
    const open = template({ Namespace: { Type: 'String' } }, namespaceArn);
    expect(ids(open)).toEqual(['CRG-S005[Resource]']);
    expect(ids(open, { Namespace: 'team-a' })).toEqual([]);
    // A given value is judged by the literal's rules.
    expect(ids(template({ Namespace: { Type: 'String' } }, namespaceArn, 'cr:DeleteRepository'), { Namespace: '*' }))
      .toEqual(['CRG-S004[cr:DeleteRepository on acs:cr:*:*:repository/cri-123456/*/*]']);
  });
});
