import * as fs from 'fs';
import * as path from 'path';
import * as ram from '@alicloud/ros-cdk-ram';
import { run } from './run-cli';
import {
  ChangeKind, ExplainEffect, FindingClass, Grantee, NamespaceAccess, NamespaceGrant, PrincipalStar, Review, ReviewTemplate,
} from '../../lib';
import { newStack } from '../synth';

const ROOT = path.join(__dirname, '..', '..');
const example = (name: string) => path.join(ROOT, 'examples', name);
const fixture = (name: string) => path.join(ROOT, 'test', 'fixtures', 'templates', name);
const PAYMENTS = 'acs:cr:cn-hangzhou:1234567890123456:repository/cri-5jx0k2m8q4w7r1t9/payments/api';

/**
 * The command line's JSON as the structs hold it: null stands for a field that is not set, and a
 * statement is an object there and JSON text here.
 */
function asStruct(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asStruct);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: unknown } = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue;
    if (key === 'statement') out.statementJson = JSON.stringify(v); else out[key] = asStruct(v);
  }
  return out;
}

function cliJson(...argv: string[]): unknown {
  const result = run(...argv, '--json');
  expect(result.stderr).toBe('');
  return asStruct(JSON.parse(result.stdout));
}

describe('Review returns what cr-grants prints', () => {
  test.each([example('grants.yaml'), example('grants.json'), fixture('hand-written.json'), fixture('hand-written-v2.yaml')])('summary of %s', (file) => {
    expect(Review.summary(ReviewTemplate.fromFile(file))).toEqual(cliJson('summary', file));
  });

  test.each([
    [example('grants.yaml'), example('grants-v2.yaml')],
    [fixture('hand-written.json'), fixture('hand-written-v2.yaml')],
    [fixture('hand-written-v2.yaml'), fixture('hand-written.json')],
    [example('review/deploy-role.template.json'), example('review/deploy-role-trust-widened.template.json')],
  ])('diff of %s and %s', (before, after) => {
    const diff = Review.diff(ReviewTemplate.fromFile(before), ReviewTemplate.fromFile(after));
    expect(diff).toEqual(cliJson('diff', before, after));
    expect(diff.widened).toBe(run('diff', before, after).code === 2);
  });

  test('diff: a caller newly trusted by a role, marked as a trust change', () => {
    const diff = Review.diff(ReviewTemplate.fromFile(example('review/deploy-role.template.json')),
      ReviewTemplate.fromFile(example('review/deploy-role-trust-widened.template.json')));
    expect(diff.widened).toBe(true);
    expect(diff.changes.map((c) => [c.kind, c.principal, c.action, c.resource, c.trust, c.allowedBy.policyName])).toEqual([
      [ChangeKind.WIDENED, 'role:deploy', 'sts:AssumeRole', 'RAM:acs:ram::222222222222:root', true, 'trust policy of role:deploy'],
    ]);
  });

  test('diff: a trust change that exists only if RAM reads `*` inside a Principal entry as itself carries that reading', () => {
    const role = (ram: string) => ReviewTemplate.fromJson(JSON.stringify({ Resources: { Deploy: { Type: 'ALIYUN::RAM::Role', Properties: { RoleName: 'deploy',
      AssumeRolePolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ram } }] } } } } }));
    const diff = Review.diff(role('acs:ram::111111111111:role/*'), role('acs:ram::111111111111:role/admin'));
    expect(diff.widened).toBe(true);
    expect(diff.changes.filter((c) => c.kind === ChangeKind.WIDENED).map((c) => [c.resource, c.trust, c.principalStar]))
      .toEqual([['RAM:acs:ram::111111111111:role/admin', true, PrincipalStar.LITERAL]]);
  });

  test('diff: the widening of grants-v2.yaml, with the statement that allows it', () => {
    const diff = Review.diff(ReviewTemplate.fromFile(example('grants.yaml')), ReviewTemplate.fromFile(example('grants-v2.yaml')));
    expect(diff.widened).toBe(true);
    const [widening] = diff.changes;
    expect([widening.kind, widening.principal, widening.action]).toEqual([ChangeKind.WIDENED, 'group:ml-researchers', 'cr:PushRepository']);
    expect(JSON.parse(widening.allowedBy.statementJson!).Effect).toBe('Allow');
  });

  test.each([
    [example('grants.yaml'), 'user:alice', 'cr:PushRepository', PAYMENTS],
    [example('grants.yaml'), 'group:payments-devs', 'cr:PushRepository', PAYMENTS],
    [fixture('hand-written.json'), 'user:dave', 'cr:PushRepository', 'acs:cr:cn-hangzhou:1:repository/cri-abc123/web/prod-api'],
  ])('explain on %s: %s %s', (file, grantee, action, resource) => {
    const explanation = Review.explain(ReviewTemplate.fromFile(file), { grantee, action, resource });
    const { allowed, ...printed } = explanation;
    expect(printed).toEqual(cliJson('explain', file, '--grantee', grantee, '--action', action, '--resource', resource));
    expect(allowed).toBe(run('explain', file, '--grantee', grantee, '--action', action, '--resource', resource).code === 0);
  });

  test.each([example('grants.yaml'), fixture('hand-written.json')])('check of %s', (file) => {
    const report = Review.check(ReviewTemplate.fromFile(file));
    const result = run('check', file);
    expect(report.text + '\n').toBe(result.stdout);
    expect(report.passed).toBe(result.code === 0);
    expect(report.findings.every((f) => report.text.includes(f.findingId))).toBe(true);
  });
});

describe('templates from code', () => {
  test('a stack of the app: summary, check and explain of its grants', () => {
    const stack = newStack();
    const user = new ram.User(stack, 'Alice', { userName: 'alice' });
    new NamespaceGrant(stack, 'Grant', { instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, grantees: [Grantee.fromPrincipal(user)] });
    const template = ReviewTemplate.fromStack(stack);
    const summary = Review.summary(template);
    expect(summary.rows.map((r) => [r.grantee, r.target, r.level, r.login])).toEqual([
      ['user:alice', 'cri-123456/team-a', NamespaceAccess.PULL, true],
    ]);
    expect(Review.check(template)).toEqual({ passed: true, findings: [], text: 'No findings.' });
    const push = Review.explain(template, { grantee: 'user:alice', action: 'cr:PushRepository', resource: 'acs:cr:cn-hangzhou:1:repository/cri-123456/team-a/app' });
    expect([push.effect, push.allowed]).toEqual([ExplainEffect.IMPLICIT_DENY, false]);
  });

  test('JSON text, and a finding with its class', () => {
    const template = ReviewTemplate.fromJson(JSON.stringify({
      ROSTemplateFormatVersion: '2015-09-01',
      Resources: {
        Admin: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'admin', Users: ['bob'],
          PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*' }] } } },
      },
    }));
    const report = Review.check(template);
    expect(report.passed).toBe(false);
    expect(report.findings.some((f) => f.findingClass === FindingClass.SECURITY_WARNING && f.policyName === 'admin')).toBe(true);
    expect(Review.summary(template).grantees).toEqual(['user:bob']);
  });

  test('the same template from a file and as JSON text reads the same', () => {
    const file = fixture('hand-written.json');
    expect(Review.summary(ReviewTemplate.fromJson(fs.readFileSync(file, 'utf8')))).toEqual(Review.summary(ReviewTemplate.fromFile(file)));
  });
});

describe('refusals name the input', () => {
  test.each<[string, () => unknown, string]>([
    ['JSON text that is not JSON', () => ReviewTemplate.fromJson('{"Resources": {'), 'the JSON text:1:16: is not valid JSON'],
    ['JSON text that is not a template', () => ReviewTemplate.fromJson('{"grants": []}'), 'the JSON text:1:1: is not a ROS template (a ROS template has top-level "Resources")'],
    ['a file that does not exist', () => ReviewTemplate.fromFile('missing.yaml'), 'missing.yaml: does not exist (check the path)'],
    ['a grantee the template does not know', () => Review.explain(ReviewTemplate.fromFile(example('grants.yaml')),
      { grantee: 'user:zoe', action: 'cr:PullRepository', resource: PAYMENTS }), `${example('grants.yaml')}: user:zoe has no policy attached in this template`],
    ['a malformed request', () => Review.explain(ReviewTemplate.fromFile(example('grants.yaml')),
      { grantee: 'zoe', action: 'cr:PullRepository', resource: PAYMENTS }), '--grantee "zoe" is not kind:name'],
    ['a template whose Resources is not an object', () => Review.summary(ReviewTemplate.fromJson('{"Resources": []}')), 'the JSON text: '],
  ])('%s', (_case, call, message) => {
    expect(call).toThrow(message);
  });
});
