import { NamespaceAccess, NamespaceGrant } from '../../../lib';
import { checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { SUPPRESSIONS_METADATA_KEY } from '../../../lib/model/suppressions';
import { unresolvedSystemPolicy } from '../../../lib/check/rules/unresolved-system-policy';
import { newStack, synthTemplate } from '../../synth';

const REASON = 'The parameter only takes read-only system policies';
const found = (resources: object) => checkTemplate({ Resources: resources }).filter((f) => f.ruleId === unresolvedSystemPolicy.id);
const ids = (resources: object) => found(resources).map((f) => f.findingId);

function attach(type: string, policyName: unknown, policyType: unknown, extra: object = {}): any {
  return { Type: type, Properties: { PolicyName: policyName, PolicyType: policyType, ...extra } };
}
const toUser = (policyName: unknown, policyType: unknown = 'System', metadata?: object) => ({
  ...attach('ALIYUN::RAM::AttachPolicyToUser', policyName, policyType, { UserName: 'alice' }),
  ...(metadata === undefined ? {} : { Metadata: metadata }),
});

describe('CRG-S006 unresolved-system-policy', () => {
  test('a system policy named by a parameter is a Security warning', () => {
    const findings = found({ Attach: toUser({ Ref: 'PolicyName' }) });
    expect(findings).toEqual([{
      ruleId: 'CRG-S006',
      findingClass: 'SecurityWarning',
      policyName: '{"Ref":"PolicyName"}',
      principal: 'user:alice',
      logicalId: 'Attach',
      findingId: 'CRG-S006[Attach.PolicyName]',
      message: expect.stringMatching(/^Attach: PolicyName is \{"Ref":"PolicyName"\}, only known at deployment; it may attach any system policy \(AdministratorAccess, AliyunRAMFullAccess, \.\.\.\) to user:alice.* Hint: /),
    }]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  test.each([
    ['Fn::Sub', { 'Fn::Sub': 'Aliyun${Service}FullAccess' }],
    ['Fn::Join', { 'Fn::Join': ['', ['Aliyun', { Ref: 'Service' }, 'FullAccess']] }],
    ['a token', '${Token[TOKEN.3]}'],
  ])('a system policy named through %s trips it', (_what, name) => {
    expect(ids({ Attach: toUser(name) })).toEqual(['CRG-S006[Attach.PolicyName]']);
  });

  test.each([
    ['Fn::Join', { 'Fn::Join': ['', ['Administrator', 'Access']] }],
    ['Fn::Sub', { 'Fn::Sub': ['${Word}Access', { Word: 'Administrator' }] }],
  ])('a system policy name that %s spells from text is that policy: CRG-S003 judges it', (_what, name) => {
    const findings = checkTemplate({ Resources: { Attach: toUser(name) } });
    expect(findings.map((f) => [f.findingId, f.principal])).toEqual([['CRG-S003[AdministratorAccess]', 'user:alice']]);
    expect(exitCodeFor(findings)).toBe(1);
  });

  describe('a name from a parameter of the template', () => {
    const withParameter = (declaration: object) => checkTemplate({ Parameters: { Name: declaration }, Resources: { Attach: toUser({ Ref: 'Name' }) } });

    test.each([
      ['AllowedValues that name no policy needing a reason', { Type: 'String', AllowedValues: ['AliyunContainerRegistryReadOnlyAccess', 'AliyunOSSReadOnlyAccess'] }],
      ['an AllowedPattern that admits only read-only policies', { Type: 'String', AllowedPattern: '^Aliyun[A-Za-z]+ReadOnlyAccess(?!\\n)$' }],
    ])('%s: no finding', (_what, declaration) => {
      expect(withParameter(declaration)).toEqual([]);
    });

    test.each([
      ['AllowedValues with a case variant of AdministratorAccess', { Type: 'String', AllowedValues: ['AliyunOSSReadOnlyAccess', 'administratoraccess'] }, '"administratoraccess"'],
      ['AllowedValues with AliyunContainerRegistryFullAccess', { Type: 'String', AllowedValues: ['AliyunContainerRegistryFullAccess'] }, '"AliyunContainerRegistryFullAccess"'],
      ['an AllowedPattern that admits AliyunRAMFullAccess', { Type: 'String', AllowedPattern: '^Aliyun[A-Z]+FullAccess$' }, '"AliyunRAMFullAccess"'],
      ['no constraint', { Type: 'String' }, 'no AllowedPattern or AllowedValues'],
    ])('%s is a Security warning naming the value', (_what, declaration, value) => {
      const findings = withParameter(declaration);
      expect(findings.map((f) => f.findingId)).toEqual(['CRG-S006[Attach.PolicyName]']);
      expect(findings[0].message).toContain(value);
    });
  });

  test('every kind of attachment counts, and a PolicyType that is not literal too', () => {
    expect(ids({
      Group: attach('ALIYUN::RAM::AttachPolicyToGroup', { Ref: 'P' }, 'System', { GroupName: 'devs' }),
      Role: attach('ALIYUN::RAM::AttachPolicyToRole', 'AdministratorAccess', { Ref: 'Type' }, { RoleName: 'ci' }),
      Rm: attach('ALIYUN::ResourceManager::PolicyAttachment', { 'Fn::Sub': '${P}' }, 'System',
        { PrincipalType: 'IMSUser', PrincipalName: 'bob@123.onaliyun.com', ResourceGroupId: 'rg-1' }),
    })).toEqual(['CRG-S006[Rm.PolicyName]', 'CRG-S006[Group.PolicyName]', 'CRG-S006[Role.PolicyType]']);
    expect(found({ Role: attach('ALIYUN::RAM::AttachPolicyToRole', 'AdministratorAccess', { Ref: 'Type' }, { RoleName: 'ci' }) })[0].message)
      .toMatch(/it may attach the system policy AdministratorAccess to role:ci/);
  });

  test('PolicyAttachments of users, groups and roles that are not literal trip it', () => {
    const user = (attachments: unknown) => ({ Type: 'ALIYUN::RAM::User', Properties: { UserName: 'carol', PolicyAttachments: attachments } });
    expect(ids({
      A: user({ Ref: 'Attachments' }),
      B: user({ System: { Ref: 'SystemPolicies' } }),
      C: user({ System: ['AliyunOSSReadOnlyAccess', { Ref: 'Extra' }] }),
    })).toEqual(['CRG-S006[A.PolicyAttachments]', 'CRG-S006[C.PolicyAttachments.System[1]]', 'CRG-S006[B.PolicyAttachments.System]']);
  });

  test('literal system policies, and custom policies named by a reference, pass', () => {
    expect(found({
      ReadOnly: toUser('AliyunContainerRegistryReadOnlyAccess'),
      Custom: toUser({ 'Fn::GetAtt': ['Policy', 'PolicyName'] }, 'Custom'),
      Carol: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'carol', PolicyAttachments: { System: ['AliyunOSSReadOnlyAccess'], Custom: [{ Ref: 'P' }] } } },
    })).toEqual([]);
    const stack = newStack();
    new NamespaceGrant(stack, 'Grant', {
      instanceId: 'cri-123456', namespace: 'ns', access: NamespaceAccess.PULL, users: ['alice'],
      systemPolicies: ['AliyunContainerRegistryReadOnlyAccess'],
    });
    expect(checkTemplate(synthTemplate(stack)).filter((f) => f.ruleId === unresolvedSystemPolicy.id)).toEqual([]);
  });

  test('a suppression on the attachment accepts it', () => {
    const findings = found({ Attach: toUser({ Ref: 'PolicyName' }, 'System', { [SUPPRESSIONS_METADATA_KEY]: [{ id: 'CRG-S006', reason: REASON }] }) });
    expect(findings).toEqual([expect.objectContaining({ findingId: 'CRG-S006[Attach.PolicyName]', suppressedBecause: REASON })]);
    expect(exitCodeFor(findings)).toBe(0);
  });
});
