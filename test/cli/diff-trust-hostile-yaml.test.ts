/**
 * YAML that a YAML 1.1 reader (PyYAML, SnakeYAML) reads otherwise than this reader: a merge key
 * (`<<: *anchor`) puts the anchored map's keys into the map that holds it. Read as a plain key,
 * a role (or a role's policies) merged in that way would be missed, so the key is refused.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTemplate } from '../../lib/template/template';
import { parseTemplateYaml } from '../../lib/template/template-text';
import { run } from './run-cli';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-trust-yaml-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

const ECS_ROLE = `Resources:
  Deploy:
    Type: ALIYUN::RAM::Role
    Properties:
      RoleName: deploy
      AssumeRolePolicyDocument:
        Version: '1'
        Statement:
          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: [ecs.aliyuncs.com]}}
`;

// The role that trusts account 999999999999 stands in Metadata, and is merged into Resources.
const MERGED_ROLE = `Metadata:
  Shapes:
    OpenRole: &openRole
      Type: ALIYUN::RAM::Role
      Properties:
        RoleName: deploy
        AssumeRolePolicyDocument:
          Version: '1'
          Statement:
            - {Effect: Allow, Action: sts:AssumeRole, Principal: {RAM: ['acs:ram::999999999999:root']}}
Resources:
  Deploy:
    <<: *openRole
`;

test('a merge key in a template file is refused at its line and column, not read as a key', () => {
  const result = run('diff', write('old.yaml', ECS_ROLE), write('new.yaml', MERGED_ROLE));
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(`${path.join(tmp, 'new.yaml')}:13:5: uses the YAML merge key <<`);
});

test('a merge key in a nested stack\'s YAML TemplateBody makes the nested stack unread, not read without the merged keys', () => {
  const parent = { Resources: { Child: { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: MERGED_ROLE } } } };
  expect(readTemplate(parent).trusts).toEqual([]);
  expect(readTemplate(parent).unread).toEqual([{ where: 'Child', why: 'is a nested stack without a readable TemplateBody' }]);
  const result = run('diff', write('old.json', JSON.stringify({ Resources: {} })), write('nested.json', JSON.stringify(parent)));
  expect(result.code).toBe(2);
});

test('a key spelt "<<" in quotes is an ordinary key in YAML 1.1 too, and is read as one', () => {
  const quoted = `${ECS_ROLE}      "<<": x\n`;
  expect(run('diff', write('a.yaml', ECS_ROLE), write('quoted.yaml', quoted)).stderr).not.toContain('merge key');
});

test.each([
  ['a plain merge key', 'a: &x {k: 1}\nb: {<<: *x}\n'],
  ['a merge key written as an explicit key', 'a: &x {k: 1}\nb:\n  ? <<\n  : *x\n'],
  ['a key tagged !!merge', 'a: &x {k: 1}\nb: {!!merge <<: *x}\n'],
  ['an alias of a plain << as the key', 'k: &m <<\na: &x {k: 1}\nb: {*m : *x}\n'],
])('%s is refused', (_what, text) => {
  expect(parseTemplateYaml(text).problem?.kind).toBe('merge');
});

test('<< as a value, or as a key in quotes, is text', () => {
  expect(parseTemplateYaml('a: [<<]\nb: <<\nc: {"<<": 1}\n')).toEqual({ value: { a: ['<<'], b: '<<', c: { '<<': 1 } } });
});

describe('plain scalars that YAML 1.1 and YAML 1.2 read as different values', () => {
  // `on` is true to a YAML 1.1 reader and the text "on" to a YAML 1.2 one: the condition below
  // is false to this reader (the role does not exist) and true to a YAML 1.1 reader.
  const BACKDOOR = `${ECS_ROLE}  Backdoor:
    Type: ALIYUN::RAM::Role
    Condition: Open
    Properties:
      RoleName: backdoor
      AssumeRolePolicyDocument:
        Version: '1'
        Statement:
          - {Effect: Allow, Action: sts:AssumeRole, Principal: {RAM: ['acs:ram::999999999999:root']}}
Conditions:
  Open: !Not [!Equals [on, "on"]]
`;

  test('are refused at their line and column, not read one way', () => {
    const result = run('diff', write('ecs.yaml', ECS_ROLE), write('backdoor.yaml', BACKDOOR));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.join(tmp, 'backdoor.yaml')}:20:24: the YAML value on is read as true by YAML 1.1 and as "on" by YAML 1.2`);
  });

  test.each([['on'], ['off'], ['yes'], ['No'], ['010'], ['1:20'], ['1_000'], ['0b11'], ['0o10']])('%s', (scalar) => {
    expect(parseTemplateYaml(`a: ${scalar}\n`).ambiguous?.kind).toBe('scalar');
    expect(parseTemplateYaml(`${scalar}: a\n`).ambiguous?.kind).toBe('scalar');
  });

  test('values both read alike, quoted ones, dates (text to this reader), y and n (text to PyYAML and SnakeYAML) are read', () => {
    expect(parseTemplateYaml('a: [true, false, null, ~, 8, 1.5, "on", \'010\', acs:ram::1:root, 123456789012, y, n]\nv: 2015-09-01\n')).toEqual({
      value: { a: [true, false, null, null, 8, 1.5, 'on', '010', 'acs:ram::1:root', 123456789012, 'y', 'n'], v: '2015-09-01' },
    });
  });

  test('a nested stack\'s YAML TemplateBody with one is unread', () => {
    const parent = { Resources: { Child: { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: BACKDOOR } } } };
    expect(readTemplate(parent).unread).toEqual([{ where: 'Child', why: 'is a nested stack without a readable TemplateBody' }]);
  });

  test('a grants file, which this project reads as YAML 1.2 and ROS never reads, is not refused for one', () => {
    const grants = write('grants.yaml', 'version: 1\ngrants:\n  - {instanceId: cri-123456, namespace: "ns", access: PULL, users: [alice], consoleAccess: on}\n');
    expect(run('diff', grants, grants).stderr).toContain('grants[0].consoleAccess "on" must be true or false');
  });
});
