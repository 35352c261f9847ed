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
      .toEqual({ policies: [], attachments: [], memberships: [], trusts: [], identityProviders: [], notes: [], unread: [], parameters: {} });
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

describe('resources that may change RAM by means not read', () => {
  const adminForAlice = { Resources: { A: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', UserName: 'alice' } } } };
  const pull = { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', Users: ['bob'], PolicyDocument: document('cr:PullRepository') } };
  const unreadOf = (resource: object) => readTemplate({ Resources: { P: pull, X: resource } }).unread;

  test.each([
    ['ALIYUN::ROS::StackGroup', { StackGroupName: 'g', TemplateBody: adminForAlice }],
    ['ALIYUN::ROS::StackInstances', { StackGroupName: 'g', AccountIds: [{ Ref: 'ALIYUN::AccountId' }], RegionIds: ['cn-hangzhou'] }],
    ['ALIYUN::ROS::CustomResource', { ServiceToken: 'acs:fc:cn-hangzhou:123:services/s/functions/attach', Parameters: { UserName: 'alice' } }],
    ['ALIYUN::ROS::ResourceCleaner', {}],
    ['ALIYUN::ROS::SomethingNew', {}],
    ['ALIYUN::OOS::Execution', { TemplateName: 'ACS-RAM-AttachPolicy', Parameters: { UserName: 'alice', PolicyName: 'AdministratorAccess' } }],
    ['ALIYUN::FC::FunctionInvoker', { ServiceName: 's', FunctionName: 'attach', ExecuteVersion: 1 }],
    ['ALIYUN::FC3::FunctionInvoker', { FunctionName: 'attach' }],
  ])('%s is unread, and may give every principal anything', (type, properties) => {
    expect(unreadOf({ Type: type, Properties: properties })).toEqual([{ where: 'X', why: expect.stringContaining(`is an ${type}`) }]);
    const reading = readPrincipals({ Resources: { P: pull, X: { Type: type, Properties: properties } } });
    for (const label of ['user:bob', '*:(principals of unread resources)']) {
      expect(reading.principals.get(label)!.policies).toContainEqual({ policyName: 'resources of X', unknown: expect.stringContaining(type), guards: [] });
    }
    expect(reading.notes).toContainEqual(expect.stringMatching(/^X is an .*; it may attach any policy to any principal$/));
  });

  test.each(['ALIYUN::ROS::Assert', 'ALIYUN::ROS::AutoEnableService', 'ALIYUN::ROS::Sleep', 'ALIYUN::ROS::WaitCondition', 'ALIYUN::ROS::WaitConditionHandle', 'ALIYUN::FC::Function', 'ALIYUN::OOS::Template'])(
    '%s only waits, asserts, enables or defines: nothing unread', (type) => {
      expect(unreadOf({ Type: type, Properties: {} })).toEqual([]);
    });

  test('a resource whose Condition is false does not exist, so it is not unread', () => {
    const template = { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } }, Resources: { X: { Type: 'ALIYUN::ROS::CustomResource', Condition: 'Never', Properties: {} } } };
    expect(readTemplate(template).unread).toEqual([]);
  });

  test('a nested stack with both a TemplateBody and a TemplateURL is unread: ROS does not document which it deploys', () => {
    const stack = { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: { ROSTemplateFormatVersion: '2015-09-01', Resources: {} }, TemplateURL: 'oss://b/t.json' } };
    expect(unreadOf(stack)).toEqual([{ where: 'X', why: 'is a nested stack with both a TemplateBody and a TemplateURL, and which one ROS deploys is not documented' }]);
    expect(unreadOf({ Type: 'ALIYUN::ROS::Stack', Properties: { TemplateURL: 'oss://b/t.json' } })).toEqual([{ where: 'X', why: 'is a nested stack without a readable TemplateBody' }]);
    expect(unreadOf({ Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: adminForAlice } })).toEqual([]);
  });
});

describe('a nested stack whose TemplateBody is text', () => {
  const stackOf = (body: string) => ({ Resources: { X: { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: body, Parameters: { Who: 'alice' } } } } });
  const attachedTo = (body: string) => readTemplate(stackOf(body)).attachments.map((a) => [a.principal.name, a.policyName]);

  test('JSON and YAML text are read as the template they hold, YAML short forms as their long forms', () => {
    const yaml = [
      "ROSTemplateFormatVersion: '2015-09-01'",
      'Parameters: {Who: {Type: String}}',
      'Resources:',
      '  A:',
      '    Type: ALIYUN::RAM::AttachPolicyToUser',
      '    Properties: {PolicyName: AdministratorAccess, PolicyType: System, UserName: !Ref Who}',
      '',
    ].join('\n');
    expect(attachedTo(yaml)).toEqual([['alice', 'AdministratorAccess']]);
    expect(readTemplate(stackOf(yaml)).unread).toEqual([]);
    const json = JSON.stringify({ Parameters: { Who: { Type: 'String' } }, Resources: { A: { Type: 'ALIYUN::RAM::AttachPolicyToUser', Properties: { PolicyName: 'AdministratorAccess', PolicyType: 'System', UserName: { Ref: 'Who' } } } } });
    expect(attachedTo(json)).toEqual([['alice', 'AdministratorAccess']]);
  });

  test.each([
    ['a YAML tag that is not a ROS function', 'Resources:\n  A: !Include other.yaml\n'],
    ['text that is neither JSON nor YAML', 'Resources: [unclosed\n'],
    ['a scalar', 'just text'],
    ['aliases past the bound', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n')],
  ])('%s is unread', (_what, body) => {
    expect(readTemplate(stackOf(body)).unread).toEqual([{ where: 'X', why: 'is a nested stack without a readable TemplateBody' }]);
  });
});

describe('managed policy names defined twice', () => {
  const named = (name: unknown) => ({ Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: name, PolicyDocument: document('cr:PullRepository') } });
  const nested = (resources: object) => ({ Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: { Resources: resources } } });

  test('readPrincipals refuses the template, naming both places, also across nested stacks', () => {
    expect(() => readPrincipals({ Resources: { A: named('p'), B: named('p') } })).toThrow(
      'policy name "p" is defined by A and B; RAM policy names are unique per account, so only one of them can be created and which one depends on the order of deployment');
    expect(() => readPrincipals({ Resources: { A: named('p'), N: nested({ B: named('p') }) } })).toThrow('policy name "p" is defined by A and N/B;');
    expect(() => readPrincipals({ Resources: { A: named('p'), B: named('p'), C: named('q'), D: named('q') } })).toThrow('(and 1 more name)');
  });

  test('readTemplate, which check reads, keeps both; names with holes and inline policies are not duplicates', () => {
    expect(readTemplate({ Resources: { A: named('p'), B: named('p') } }).policies.map((p) => p.logicalId)).toEqual(['A', 'B']);
    const team = { Type: 'ALIYUN::RAM::User', Properties: { UserName: 'u', Policies: [{ PolicyName: 'p', PolicyDocument: document('cr:*') }] } };
    expect(() => readPrincipals({ Parameters: { N: { Type: 'String' } }, Resources: { A: named('p'), B: named({ Ref: 'N' }), U: team } })).not.toThrow();
  });
});
