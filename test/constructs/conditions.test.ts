/** Conditions through the constructs and the grants file: the documented blocks reach the template. */
import * as ros from '@alicloud/ros-cdk-core';
import { parseGrantsFile } from '../../lib/config/grants-file';
import { NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const BLOCK = { Bool: { 'acs:MFAPresent': 'true', 'acs:SecureTransport': 'true' }, IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } };

function documents(stack: ros.Stack): any[] {
  return Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::ManagedPolicy')).map((p: any) => p.Properties.PolicyDocumentUnchecked);
}

describe('conditions in templates', () => {
  test('NamespaceGrant: every statement carries the block; the typed document shows it', () => {
    const stack = newStack();
    const grant = new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: ['alice'],
      sourceIps: ['203.0.113.0/24'], secureTransport: true, mfa: true,
    });
    const [document] = documents(stack);
    for (const s of document.Statement) expect(s.Condition).toEqual(BLOCK);
    expect(grant.document.statement[0].condition).toEqual({ Bool: { 'acs:MFAPresent': ['true'], 'acs:SecureTransport': ['true'] }, IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } });
  });

  test('RegistryAccess: grants with different conditions share a policy, never a statement', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', { grants: [
      { instanceId: 'cri-123456', namespace: 'app', access: NamespaceAccess.PULL, users: ['alice'], consoleAccess: false, sourceVpcs: ['vpc-a1'] },
      { instanceId: 'cri-123456', namespace: 'web', access: NamespaceAccess.PULL, users: ['alice'], consoleAccess: false, sourceVpcs: ['vpc-a1'] },
      { instanceId: 'cri-123456', namespace: 'ops', access: NamespaceAccess.PULL, users: ['alice'], consoleAccess: false },
    ] });
    const [document] = documents(stack);
    expect(document.Statement).toEqual([
      { Effect: 'Allow', Action: ['cr:GetAuthorizationToken'], Resource: ['*'], Condition: { StringEquals: { 'acs:SourceVpc': ['vpc-a1'] } } },
      { Effect: 'Allow', Action: ['cr:GetAuthorizationToken'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: ['acs:cr:*:*:repository/cri-123456/app/*', 'acs:cr:*:*:repository/cri-123456/web/*'],
        Condition: { StringEquals: { 'acs:SourceVpc': ['vpc-a1'] } } },
      { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: ['acs:cr:*:*:repository/cri-123456/ops/*'] },
    ]);
  });

  test('construct errors name the path, field, value and rule', () => {
    const stack = newStack();
    expect(() => new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: ['alice'], sourceIps: ['0.0.0.0/0'],
    })).toThrow('TestStack/Grant: sourceIps "0.0.0.0/0" matches every address, so the condition would restrict nothing (omit sourceIps for requests from anywhere)');
    expect(() => new NamespaceGrant(stack, 'Grant2', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: ['alice'], sourceVpcs: [ros.Lazy.stringValue({ produce: () => 'vpc-a1' })],
    })).not.toThrow();
    const vpc = new ros.RosParameter(stack, 'Vpc', { type: ros.RosParameterType.STRING });
    expect(() => new NamespaceGrant(stack, 'Grant3', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: ['alice'], sourceVpcs: [vpc.valueAsString],
    })).toThrow(/^TestStack\/Grant3: sourceVpcs .* written out: conditions are compared and merged when the grant is made \(write the value as text\)$/);
  });

  test.each([
    ['::ffff:10.0.0.0/104'], ['::ffff:a00:0/104'], ['::ffff:1.2.3.4/128'], ['::ffff:0:0/96'], ['::'], ['0.0.0.0'],
    ['2001:DB8::/32'], ['203.000.113.0/24'], ['203.0.113.0/024'], [' 203.0.113.0/24'], ['203.0.113.0/24\n'], ['fe80::1%eth0'],
  ])('NamespaceGrant refuses sourceIps %j: never matched, restricting nothing, or not as RAM compares it', (ip) => {
    expect(() => new NamespaceGrant(newStack(), 'Grant', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: ['alice'], sourceIps: [ip],
    })).toThrow(new RegExp(`^TestStack/Grant: sourceIps ${JSON.stringify(ip).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  });

  test('grants file: the four keys, refusals at file:line:column', () => {
    const text = [
      'version: 1',
      'grants:',
      '  - instanceId: cri-123456',
      '    namespace: ns',
      '    access: PULL',
      '    users: [alice]',
      '    sourceIps: ["203.0.113.0/24"]',
      '    secureTransport: true',
      '    mfa: true',
      '',
    ].join('\n');
    expect(parseGrantsFile(text, 'grants.yaml').grants[0].grant.conditions).toEqual({ sourceIps: ['203.0.113.0/24'], secureTransport: true, mfa: true });
    const bad = text.replace('"203.0.113.0/24"', '"203.0.113.0/24", "198.51.100.1/24"').replace('mfa: true', 'mfa: "yes"');
    expect(() => parseGrantsFile(bad, 'grants.yaml')).toThrow([
      'grants.yaml:7:35: grants[0].sourceIps[1] "198.51.100.1/24" has host bits set, so it reads like a narrower block than it is (write "198.51.100.0/24" for the whole block)',
      'grants.yaml:9:10: grants[0].mfa "yes" must be true or false',
    ].join('\n'));
  });
});
