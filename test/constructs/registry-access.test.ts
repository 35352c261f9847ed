import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import { CrGrantsError, Grantee, NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { GrantSpec } from '../../lib/constructs/grant-spec';
import { newStack, resourcesOfType, synthTemplate } from '../synth';

const POLICY = 'ALIYUN::RAM::ManagedPolicy';
const spec = (namespace: string, groups: string[], access = NamespaceAccess.PULL): GrantSpec =>
  ({ instanceId: 'cri-a1', namespace, access, groups });

/** 60 teams, 4 namespaces each, the first ten teams with a shared platform group. */
function registry(extra: GrantSpec[] = [], at = 30): GrantSpec[] {
  const grants: GrantSpec[] = [];
  for (let team = 0; team < 60; team++) {
    for (let ns = 0; ns < 4; ns++) {
      grants.push(spec(`team${team}-ns${ns}`, team < 10 ? [`team${team}`, 'platform'] : [`team${team}`],
        ns === 0 ? NamespaceAccess.PUSH_PULL : NamespaceAccess.PULL));
    }
  }
  grants.splice(at, 0, ...extra);
  return grants;
}

describe('RegistryAccess', () => {
  test('grants to the same grantees share one policy, attached once per grantee', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', {
      grants: [spec('ns1', ['devs']), spec('ns2', ['devs']), spec('ns3', ['ops'], NamespaceAccess.FULL)],
    });
    const template = synthTemplate(stack);
    expect(Object.keys(resourcesOfType(template, POLICY))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(template, 'ALIYUN::RAM::AttachPolicyToGroup'))).toHaveLength(2);
    expect(template).toMatchSnapshot();
  });

  test('addGrant and grantees as objects', () => {
    const stack = newStack();
    const access = new RegistryAccess(stack, 'Access', { policyNamePrefix: 'cr' });
    access.addGrant({ instanceId: 'cri-a1', namespace: 'ns', access: NamespaceAccess.PULL, grantees: [Grantee.role('ci')] });
    access.addGrant({ instanceId: 'cri-a1', namespace: 'ns2', access: NamespaceAccess.PULL, roles: ['ci'] });
    expect(access.policies).toHaveLength(1);
    const [policy] = Object.values(resourcesOfType(synthTemplate(stack), POLICY));
    expect(policy.Properties.PolicyName).toMatch(/^cr-role-ci-[0-9a-f]{10}$/);
  });

  test('a grant added after the plan was read is refused', () => {
    const access = new RegistryAccess(newStack(), 'Access', { grants: [spec('ns', ['devs'])] });
    expect(access.policies).toHaveLength(1);
    expect(() => access.addGrant(spec('ns2', ['devs']))).toThrow(/TestStack\/Access grants\[1\]: grants "ns2" cannot be added after the plan was rendered/);
  });

  test('a bad grant is refused with its position', () => {
    expect(() => new RegistryAccess(newStack(), 'Access', { grants: [spec('ns', ['devs']), spec('NS!', ['devs'])] }))
      .toThrow(/^TestStack\/Access grants\[1\]: namespace "NS!" must be 2-120 lowercase letters/);
  });

  test('the template does not depend on the order of grants or grantees', () => {
    const forward = newStack();
    new RegistryAccess(forward, 'Access', { grants: registry() });
    const backward = newStack();
    new RegistryAccess(backward, 'Access', { grants: registry().reverse().map((g) => ({ ...g, groups: [...(g.groups ?? [])].reverse() })) });
    expect(JSON.stringify(synthTemplate(backward))).toEqual(JSON.stringify(synthTemplate(forward)));
  });

  test('adding a grant in the middle of a large set leaves unrelated resources byte-identical', () => {
    const before = newStack();
    new RegistryAccess(before, 'Access', { grants: registry() });
    const after = newStack();
    new RegistryAccess(after, 'Access', { grants: registry([spec('newcomer-ns', ['newcomers'])], 120) });
    const old = synthTemplate(before).Resources;
    const now = synthTemplate(after).Resources;
    const added = Object.keys(now).filter((id) => !(id in old));
    const removed = Object.keys(old).filter((id) => !(id in now));
    const changed = Object.keys(old).filter((id) => id in now && JSON.stringify(old[id]) !== JSON.stringify(now[id]));
    expect(removed).toEqual([]);
    expect(changed).toEqual([]);
    expect(added.map((id) => now[id].Type).sort()).toEqual(['ALIYUN::RAM::AttachPolicyToGroup', POLICY]);
  });

  test('far fewer resources than one policy per grant', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'Access', { grants: registry() });
    const resources = Object.keys(synthTemplate(stack).Resources).length;
    // 240 grants: one policy per grantee (60 teams and platform), each attached once.
    expect(resources).toBe(122);
  });

  test('more than 300 resources in the stack fails at synth with the count', () => {
    const stack = newStack();
    const grants = Array.from({ length: 151 }, (_, i) => spec(`ns${i}`, [`team${i}`]));
    new RegistryAccess(stack, 'Access', { grants });
    expect(() => synthTemplate(stack)).toThrow(/stack TestStack has 302 resources, more than ROS's 300 per stack: plan the grants with RegistryAccessStacks/);
  });

  test('a template over 512 KB fails at synth with its size', () => {
    const stack = newStack();
    const grants: GrantSpec[] = [];
    for (let team = 0; team < 90; team++) {
      for (let ns = 0; ns < 50; ns++) grants.push(spec(`team-${team}-namespace-${ns}`, [`team${team}`], NamespaceAccess.FULL));
    }
    new RegistryAccess(stack, 'Access', { grants });
    expect(() => synthTemplate(stack)).toThrow(/stack TestStack template is \d+ bytes, more than ROS's 524288/);
  });

  test('a grantee shared by eleven grants with eleven other grantees gets one policy', () => {
    const grants = Array.from({ length: 11 }, (_, i) => spec(`ns${i}`, ['shared', `team${i}`]));
    const stack = newStack();
    new RegistryAccess(stack, 'Access', { grants });
    const attachments = Object.values(resourcesOfType(synthTemplate(stack), 'ALIYUN::RAM::AttachPolicyToGroup'));
    expect(attachments.filter((a) => a.Properties.GroupName === 'shared')).toHaveLength(1);
  });

  test('a grantee whose own grants fill more documents than its quota fails, naming it and the count', () => {
    const grants = Array.from({ length: 1200 }, (_, i) => spec(`namespace-${String(i).padStart(5, '0')}`, ['shared']));
    const stack = newStack();
    new RegistryAccess(stack, 'Access', { grants });
    expect(() => synthTemplate(stack)).toThrow(/group:shared" would need 11 custom policies, more than RAM's 10 per principal/);
    const raised = newStack();
    new RegistryAccess(raised, 'Access', { grants, maxCustomPoliciesPerPrincipal: 11 });
    expect(() => synthTemplate(raised)).not.toThrow();
  });

  test('two RegistryAccess constructs in one stack do not collide', () => {
    const stack = newStack();
    new RegistryAccess(stack, 'One', { grants: [spec('ns', ['devs'])] });
    new RegistryAccess(stack, 'Two', { grants: [spec('ns', ['devs'])] });
    const names = Object.values(resourcesOfType(synthTemplate(stack), POLICY)).map((p) => p.Properties.PolicyName);
    expect(new Set(names).size).toBe(2);
  });

  test('long prefixes that differ only at the end still give different policy names', () => {
    const stack = newStack();
    // 116 characters: the endings fall past the cut that keeps room for the hash.
    const long = `${'cr-platform-business-unit-'.repeat(4)}${'x'.repeat(12)}`;
    new RegistryAccess(stack, 'East', { policyNamePrefix: `${long}east`, grants: [spec('ns', ['devs'])] });
    new RegistryAccess(stack, 'West', { policyNamePrefix: `${long}west`, grants: [spec('ns', ['ops'])] });
    new RegistryAccess(stack, 'North', { policyNamePrefix: `${long}north`, grants: [spec('ns', ['devs'])] });
    const names = Object.values(resourcesOfType(synthTemplate(stack), POLICY)).map((p) => p.Properties.PolicyName);
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9-]{1,128}$/);
  });

  test.each([
    ['an underscore', 'cr_platform'],
    ['a space', 'cr platform'],
    ['no characters', ''],
    ['129 characters', 'p'.repeat(129)],
  ])('a prefix with %s is refused with the path, field, value and rule', (_, prefix) => {
    expect(() => new RegistryAccess(newStack(), 'Access', { policyNamePrefix: prefix }))
      .toThrow(`TestStack/Access: policyNamePrefix ${JSON.stringify(prefix)} must be a RAM policy name: 1-128 letters, digits or "-"`);
  });

  test('a prefix of 128 letters, digits and hyphens is accepted', () => {
    const access = new RegistryAccess(newStack(), 'Access', { policyNamePrefix: `cr-${'p'.repeat(125)}`, grants: [spec('ns', ['devs'])] });
    expect(access.policies).toHaveLength(1);
  });

  test('a prefix that is a token, or not text, is refused', () => {
    const stack = newStack();
    const parameter = new ros.RosParameter(stack, 'Prefix', { type: ros.RosParameterType.STRING });
    expect(() => new RegistryAccess(stack, 'Access', { policyNamePrefix: parameter.valueAsString }))
      .toThrow(/^TestStack\/Access: policyNamePrefix "\$\{Token\[[^"]+\]\}" must be plain text: policy names are derived from it at synth/);
    expect(() => new RegistryAccess(stack, 'Other', { policyNamePrefix: 42 as unknown as string }))
      .toThrow('TestStack/Other: policyNamePrefix 42 must be a string');
  });

  test('props of the wrong type from plain JavaScript are refused with path, field and rule', () => {
    const stack = newStack();
    expect(() => new RegistryAccess(stack, 'A', { grants: spec('web', ['devs']) as any }))
      .toThrow(/^TestStack\/A: grants \{.*\} must be a list of grants \(write grants: \[\{ \.\.\. \}\]\)$/);
    expect(() => new RegistryAccess(stack, 'B', { maxCustomPoliciesPerPrincipal: '20' as any }))
      .toThrow('TestStack/B: maxCustomPoliciesPerPrincipal "20" must be a whole number of at least 1');
    expect(() => new RegistryAccess(stack, 'C', { maxCustomPoliciesPerPrincipal: 0 }))
      .toThrow('TestStack/C: maxCustomPoliciesPerPrincipal 0 must be a whole number of at least 1');
  });

  test('a ros.App with tokens: instance and namespace from parameters', () => {
    const stack = newStack();
    const instance = new ros.RosParameter(stack, 'InstanceId', { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.INSTANCE_ID_PATTERN });
    const namespace = new ros.RosParameter(stack, 'Namespace', { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.NAMESPACE_PATTERN });
    new RegistryAccess(stack, 'Access', {
      grants: [{ instanceId: instance.valueAsString, namespace: namespace.valueAsString, access: NamespaceAccess.PULL, users: ['alice'] }],
    });
    const [policy] = Object.values(resourcesOfType(synthTemplate(stack), POLICY));
    expect(JSON.stringify(policy.Properties.PolicyDocumentUnchecked)).toContain('"Fn::Join"');
    expect(JSON.stringify(policy.Properties.PolicyDocumentUnchecked)).toContain('{"Ref":"Namespace"}');
  });

  test('fromFile reports every mistake of the file at once, as one CrGrantsError', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crg-')), 'grants.yaml');
    fs.writeFileSync(file, ['version: 1', 'grants:', '  - instanceId: cri-123456', '    namespace: Team_A', '    access: PULL',
      '    users: [alice]', '  - instanceId: cri-*', '    namespace: team-b', '    access: PULL', '    roles: [ci]', '    accountId: 123', ''].join('\n'));
    const stack = newStack();
    let error: unknown;
    try {
      RegistryAccess.fromFile(stack, 'Access', file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrGrantsError);
    const refused = error as CrGrantsError;
    expect(refused.problems.map((p) => [p.where.slice(file.length), p.field])).toEqual([
      [':4:16', 'grants[0].namespace'], [':7:17', 'grants[1].instanceId'], [':11:16', 'grants[1].accountId'],
    ]);
    expect(refused.message.split('\n')).toEqual(refused.problems.map((p) => p.message));
    expect(stack.node.tryFindChild('Access')?.node.children ?? []).toHaveLength(0);
  });

  test('fromFile refuses prose in ROS CDK\'s token shape at the file\'s grant, before synth could fail on it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crg-')), 'grants.yaml');
    fs.writeFileSync(file, ['version: 1', 'grants:', '  - instanceId: cri-123456', '    namespace: team-a', '    access: PULL',
      '    users: [alice]', '    systemPolicies: [AliyunRAMFullAccess]', '    highRiskReason: "audit needs ${Token[abc]} here"', ''].join('\n'));
    expect(() => RegistryAccess.fromFile(newStack(), 'Access', file)).toThrow(
      `${file}:3:5: highRiskReason "audit needs \${Token[abc]} here" must be plain text without "\${Token[...]}" (it is written like a ROS token`);
  });
});
