/**
 * YAML templates may write ROS functions in the short form (`!Ref Name`, `!GetAtt A.b`): each is
 * read as its long form, so every review command answers as it does for the same template written
 * out in full. Any other tag is refused, never read as its plain value.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readStructuredFile } from '../../lib/cli/input';
import { run } from './run-cli';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-short-forms-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string | object): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('each short form reads as its long form', () => {
  test.each([
    ['!Ref Name', { Ref: 'Name' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ['!GetAtt Vpc.VpcId', { 'Fn::GetAtt': ['Vpc', 'VpcId'] }],
    ['!GetAtt Stack.Outputs.Arn', { 'Fn::GetAtt': ['Stack', 'Outputs.Arn'] }],
    ['!GetAtt [Vpc, VpcId]', { 'Fn::GetAtt': ['Vpc', 'VpcId'] }],
    ['!Sub "acs:cr:*:*:repository/${Id}/*"', { 'Fn::Sub': 'acs:cr:*:*:repository/${Id}/*' }],
    ['!Join ["/", [a, !Ref B]]', { 'Fn::Join': ['/', ['a', { Ref: 'B' }]] }],
    ['!If [C, a, !Ref ALIYUN::NoValue]', { 'Fn::If': ['C', 'a', { Ref: 'ALIYUN::NoValue' }] }],
    ['!Equals [a, !Ref X]', { 'Fn::Equals': ['a', { Ref: 'X' }] }],
    ['!Not [!Condition C]', { 'Fn::Not': [{ Condition: 'C' }] }],
    ['!And [!Condition A, !Or [!Condition B, !Condition C]]', { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'C' }] }] }],
    ['!FindInMap [Users, !Ref Env, name]', { 'Fn::FindInMap': ['Users', { Ref: 'Env' }, 'name'] }],
    ['!Select [0, !Split [",", "a,b"]]', { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] }],
    ['!Base64 text', { 'Fn::Base64': 'text' }],
    ['!GetAZs ""', { 'Fn::GetAZs': '' }],
    ['!GetJsonValue {a: 1}', { 'Fn::GetJsonValue': { a: 1 } }],
  ])('%s', (yaml, long) => {
    expect(readStructuredFile(write('value.yaml', `value: ${yaml}\n`))).toEqual({ value: long });
  });

  test('an alias of a short form, inside a short form, reads as the function it names', () => {
    const file = write('alias.yaml', 'a: !Sub\n  - x${y}\n  - y: &who !Ref Z\nb: *who\n');
    expect(readStructuredFile(file)).toEqual({ a: { 'Fn::Sub': ['x${y}', { y: { Ref: 'Z' } }] }, b: { Ref: 'Z' } });
  });

  test('a tag that is not a ROS function is refused at its line and column', () => {
    const yaml = `ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  U:\n    Type: ALIYUN::RAM::User\n    Properties:\n      UserName: !Reference Name\n`;
    const file = write('unknown-tag.yaml', yaml);
    const result = run('diff', file, file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`cr-grants diff: ${file}:6:17: uses the YAML tag !Reference, which is not a ROS function `
      + '(write the value without the tag, or a ROS function in its full form (Fn::Name: ...))\n');
  });
});

describe('review commands answer for short forms as for the long form', () => {
  // Parameters, conditions, mappings and functions in the short form, and the same template in JSON.
  const shortForm = `ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Env:
    Type: String
  Namespace:
    Type: String
  Owners:
    Type: String
Mappings:
  Users:
    prod: {name: alice}
    test: {name: bob}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Equals [a, a], !Condition NotProd]]
Resources:
  Pull:
    Type: ALIYUN::RAM::ManagedPolicy
    Properties:
      PolicyName: !Join ['-', [pull, !Ref Env]]
      Users: [!FindInMap [Users, !Ref Env, name], carol]
      Groups: [!Ref Owners]
      PolicyDocument:
        Version: '1'
        Statement:
          - Effect: Allow
            Action: [cr:PullRepository, !If [IsProd, cr:PushRepository, !Ref ALIYUN::NoValue]]
            Resource: !Sub 'acs:cr:*:*:repository/cri-123456/\${Namespace}/*'
          - Effect: !If [Both, Deny, Allow]
            Action: !Split [',', 'cr:DeleteRepository,cr:DeleteNamespace']
            Resource: [!Select [0, ['acs:cr:*:*:repository/cri-123456/prod/*']]]
  Admin:
    Type: ALIYUN::RAM::AttachPolicyToUser
    Condition: NotProd
    Properties:
      PolicyName: AliyunContainerRegistryFullAccess
      PolicyType: System
      UserName: !GetAtt Dave.UserName
  Dave:
    Type: ALIYUN::RAM::User
    Properties:
      UserName: dave
`;
  const longForm = {
    ROSTemplateFormatVersion: '2015-09-01',
    Parameters: { Env: { Type: 'String' }, Namespace: { Type: 'String' }, Owners: { Type: 'String' } },
    Mappings: { Users: { prod: { name: 'alice' }, test: { name: 'bob' } } },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ 'Fn::Equals': ['a', 'a'] }, { Condition: 'NotProd' }] }] },
    },
    Resources: {
      Pull: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: {
          PolicyName: { 'Fn::Join': ['-', ['pull', { Ref: 'Env' }]] },
          Users: [{ 'Fn::FindInMap': ['Users', { Ref: 'Env' }, 'name'] }, 'carol'],
          Groups: [{ Ref: 'Owners' }],
          PolicyDocument: {
            Version: '1',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['cr:PullRepository', { 'Fn::If': ['IsProd', 'cr:PushRepository', { Ref: 'ALIYUN::NoValue' }] }],
                Resource: { 'Fn::Sub': 'acs:cr:*:*:repository/cri-123456/${Namespace}/*' },
              },
              {
                Effect: { 'Fn::If': ['Both', 'Deny', 'Allow'] },
                Action: { 'Fn::Split': [',', 'cr:DeleteRepository,cr:DeleteNamespace'] },
                Resource: [{ 'Fn::Select': [0, ['acs:cr:*:*:repository/cri-123456/prod/*']] }],
              },
            ],
          },
        },
      },
      Admin: {
        Type: 'ALIYUN::RAM::AttachPolicyToUser',
        Condition: 'NotProd',
        Properties: { PolicyName: 'AliyunContainerRegistryFullAccess', PolicyType: 'System', UserName: { 'Fn::GetAtt': ['Dave', 'UserName'] } },
      },
      Dave: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'dave' } },
    },
  };
  const invariants = `invariants:
  - never: [cr:DeleteRepository]
    on: cri-123456/prod
    except: [group:owners]
`;

  test('the short form reads as the long form, and diff between them finds nothing', () => {
    const yaml = write('short.yaml', shortForm);
    const json = write('long.json', longForm);
    expect(readStructuredFile(yaml)).toEqual(longForm);
    const result = run('diff', yaml, json);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test.each([[[] as string[]], [['--parameters', 'Env=prod']], [['--parameters', 'Env=test', '--parameters', 'Namespace=web']]])(
    'summary, invariants and explain print the same with %j', (parameters) => {
      const yaml = write('short.yaml', shortForm);
      const json = write('long.json', longForm);
      const inv = write('invariants.yaml', invariants);
      // summary takes no parameter values: it shows what every value may allow.
      const same = (...argv: string[]) => {
        const given = argv[0] === 'summary' ? [] : parameters;
        const short = run(...argv.map((a) => (a === '@' ? yaml : a)), ...given);
        const long = run(...argv.map((a) => (a === '@' ? json : a)), ...given);
        expect(short.stderr).toBe('');
        expect({ ...short, stdout: short.stdout.split(yaml).join('T') }).toEqual({ ...long, stdout: long.stdout.split(json).join('T') });
        return short;
      };
      expect(same('summary', '@', '--json').stdout).toContain('cr:PullRepository');
      // Only in prod does the Deny, picked by the condition Both, keep the invariant.
      expect(same('check', '@', '--invariants', inv).stdout.includes('all hold')).toBe(parameters[1] === 'Env=prod');
      same('explain', '@', '--grantee', 'user:carol', '--action', 'cr:DeleteRepository', '--resource', 'acs:cr:cn-hangzhou:1:repository/cri-123456/prod/app');
    });

  test('an Effect written !Ref E may be a Deny or an Allow: adding the statement widens (exit 2)', () => {
    const yaml = (extra: string) => `ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  E:
    Type: String
Resources:
  P:
    Type: ALIYUN::RAM::ManagedPolicy
    Properties:
      PolicyName: p
      Users: [alice]
      PolicyDocument:
        Version: '1'
        Statement:
          - Effect: Allow
            Action: [cr:PullRepository]
            Resource: ['acs:cr:*:*:repository/cri-123456/team/*']
${extra}`;
    const result = run('diff', write('old.yaml', yaml('')), write('new.yaml', yaml(`          - Effect: !Ref E
            Action: ['cr:DeleteRepository']
            Resource: ['*']
`)));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('cr:DeleteRepository');
    const summary = run('summary', write('new.yaml', yaml(`          - Effect: !Ref E\n            Action: ['cr:DeleteRepository']\n            Resource: ['*']\n`)));
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('cr:DeleteRepository');
  });

  test('a Resource written !Ref Arn is the parameter\'s value, not the text "Arn" (exit 2)', () => {
    const yaml = (resource: string) => `ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Arn:
    Type: String
Resources:
  P:
    Type: ALIYUN::RAM::ManagedPolicy
    Properties:
      PolicyName: p
      Users: [alice]
      PolicyDocument:
        Version: '1'
        Statement:
          - Effect: Allow
            Action: [cr:PullRepository]
            Resource: ${resource}
`;
    expect(run('diff', write('old.yaml', yaml('Arn')), write('new.yaml', yaml('!Ref Arn'))).code).toBe(2);
  });

  test('a group written !Ref owners may be any group, not only the one the invariant exempts (exit 3)', () => {
    const yaml = `ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  owners:
    Type: String
Resources:
  P:
    Type: ALIYUN::RAM::ManagedPolicy
    Properties:
      PolicyName: p
      Groups: [!Ref owners]
      PolicyDocument:
        Version: '1'
        Statement:
          - Effect: Allow
            Action: ['cr:*']
            Resource: ['*']
`;
    const result = run('check', write('group.yaml', yaml), '--invariants', write('invariants.yaml', invariants));
    expect([2, 3]).toContain(result.code);
    expect(result.stdout).not.toContain('all hold');
  });
});
