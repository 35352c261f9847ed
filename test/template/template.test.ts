import { readPrincipals } from '../../lib/template/principals';
import { inlinePolicyName, readTemplate } from '../../lib/template/template';

const document = (action: string) => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: action, Resource: 'acs:cr:*:*:repository/cri-x/web/*' }],
});

describe('policies carried by RAM users, groups and roles', () => {
  const template = {
    Parameters: { TeamName: { Type: 'String' } },
    Resources: {
      Alice: {
        Type: 'ALIYUN::RAM::User',
        Properties: {
          UserName: 'alice',
          Policies: [{ PolicyName: 'web', PolicyDocument: document('cr:PullRepository'), Description: 'pull' }],
          PolicyAttachments: { System: ['AliyunContainerRegistryReadOnlyAccess'], Custom: [{ 'Fn::GetAtt': ['Shared', 'PolicyName'] }] },
        },
      },
      Team: {
        Type: 'ALIYUN::RAM::Group',
        Properties: { GroupName: 'team', Policies: [{ PolicyName: 'web', PolicyDocument: document('cr:PushRepository') }] },
      },
      Ci: {
        Type: 'ALIYUN::RAM::Role',
        Properties: { RoleName: { Ref: 'TeamName' }, PolicyAttachments: { Custom: ['web'] } },
      },
      Shared: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'web', PolicyDocument: document('cr:GetRepository') } },
    },
  };
  const access = readTemplate(template);

  test('each inline policy is a policy of its own, named after its principal, on the principal\'s logical id', () => {
    expect(access.policies.map((p) => [p.logicalId, p.policyName])).toEqual([
      ['Alice', 'web (inline on user:alice)'],
      ['Team', 'web (inline on group:team)'],
      ['Shared', 'web'],
    ]);
    expect(access.policies[0].document).toEqual(document('cr:PullRepository'));
    expect(inlinePolicyName('web', 'role:ci')).toBe('web (inline on role:ci)');
  });

  test('inline policies and PolicyAttachments are attachments to the principal', () => {
    expect(access.attachments.map((a) => [a.logicalId, `${a.principal.kind}:${a.principal.name}`, a.principal.known, a.policyType, a.policyName])).toEqual([
      ['Alice', 'USER:alice', true, 'Custom', 'web (inline on user:alice)'],
      ['Alice', 'USER:alice', true, 'System', 'AliyunContainerRegistryReadOnlyAccess'],
      ['Alice', 'USER:alice', true, 'Custom', 'web'],
      ['Team', 'GROUP:team', true, 'Custom', 'web (inline on group:team)'],
      // A name from a parameter is the parameter's hole, and not known.
      ['Ci', 'ROLE:${TeamName}', false, 'Custom', 'web'],
    ]);
    expect(access.attachments.map((a) => a.nameSource.field)).toEqual([
      'Policies[0]', 'PolicyAttachments.System[0]', 'PolicyAttachments.Custom[0]', 'Policies[0]', 'PolicyAttachments.Custom[0]',
    ]);
  });

  test('a same-named managed policy and inline policies stay apart', () => {
    const held = readPrincipals(template).principals;
    expect(held.get('user:alice')!.policies.map((p) => p.policyName)).toEqual([
      'web (inline on user:alice)', 'AliyunContainerRegistryReadOnlyAccess (system)', 'web',
    ]);
    expect(held.get('group:team')!.policies.map((p) => p.policyName)).toEqual(['web (inline on group:team)']);
  });

  test('an inline policy without a text name is known by its position', () => {
    const unnamed = readTemplate({
      Resources: { Bob: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'bob', Policies: [{ PolicyDocument: document('cr:PullRepository') }] } } },
    });
    expect(unnamed.policies.map((p) => p.policyName)).toEqual(['Policies[0] (inline on user:bob)']);
  });

  test('an identity without policies adds nothing', () => {
    expect(readTemplate({ Resources: { Bob: { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'bob', PolicyAttachments: {} } } } }))
      .toEqual({ policies: [], attachments: [], memberships: [], notes: [], unreadStacks: [], parameters: {} });
  });
});

describe('Resource Manager attachments', () => {
  test('the RAM name is read from PrincipalName, as text or joined with the account id', () => {
    const rm = (kind: string, name: unknown) => ({
      Type: 'ALIYUN::ResourceManager::PolicyAttachment',
      Properties: { PolicyName: 'web', PolicyType: 'Custom', PrincipalType: kind, PrincipalName: name, ResourceGroupId: 'rg-acfm2xyz' },
    });
    const access = readTemplate({
      Resources: {
        User: rm('IMSUser', 'alice@1234567890123456.onaliyun.com'),
        Group: rm('IMSGroup', { 'Fn::Join': ['', ['devs@group.', { Ref: 'ALIYUN::AccountId' }, '.onaliyun.com']] }),
        Role: rm('ServiceRole', { 'Fn::Join': ['', ['ci@role.', { Ref: 'ALIYUN::AccountId' }, '.onaliyunservice.com']] }),
      },
    });
    expect(access.attachments.map((a) => [a.principal.kind, a.principal.name, a.resourceGroupId])).toEqual([
      ['USER', 'alice', 'rg-acfm2xyz'],
      ['GROUP', 'devs', 'rg-acfm2xyz'],
      ['ROLE', 'ci', 'rg-acfm2xyz'],
    ]);
  });
});

describe('values given for parameters', () => {
  const template = {
    Parameters: { Team: { Type: 'String' } },
    Resources: {
      Shared: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'shared', PolicyDocument: document('cr:GetRepository') } },
      Attach: { Type: 'ALIYUN::RAM::AttachPolicyToGroup', Properties: { PolicyName: { Ref: 'Shared' }, PolicyType: 'Custom', GroupName: { Ref: 'Team' } } },
    },
  };

  test('fill the parameters they name, and never rename a resource of the template', () => {
    const [attachment] = readTemplate(template, { Team: 'devs', Shared: 'AdministratorAccess' }).attachments;
    expect([attachment.principal, attachment.policyName]).toEqual([{ kind: 'GROUP', name: 'devs', known: true }, 'shared']);
  });
});
