/**
 * Hostile inputs to `diff`'s comparison of trust policies: shapes of a trust policy and of its
 * Principal that RAM may read otherwise than written, and values typed by their parameter's
 * declared Type. Each must either be read as it could widen who may assume the role, or refused.
 */
import { DIFF_EXIT, diffExitCode, diffTemplates } from '../../lib/analysis/diff';
import { ROOT_111, ROOT_222, doc, onlyWidening, roleResource, template, trusts } from './trust-fixtures';


describe('a Principal entry written as a number', () => {
  // ROS CDK's RosRole.PrincipalProperty types `ram` as `Array<any>`, and a YAML template writes an
  // unquoted account id as a number. RAM does not document how it reads a number there; read as
  // the account id it spells, its root trusts every identity of the account.
  test('an account id added as a number may trust that account: a widening, not "no change"', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: [ROOT_111] })), template(trusts({ RAM: [ROOT_111, 222222222222] }))));
    expect(change.request.resource).toBe(`RAM:${ROOT_222}`);
    expect(change.unproven).toContain('222222222222');
  });

  test('a whole RAM value that is a number, beside a service', () => {
    const change = onlyWidening(diffTemplates(template(trusts({ Service: 'ecs.aliyuncs.com' })),
      template(trusts({ Service: 'ecs.aliyuncs.com', RAM: 222222222222 }))));
    expect(change.request.resource).toBe(`RAM:${ROOT_222}`);
  });

  test('a number past the integers JavaScript holds exactly has lost its digits: it may name any account', () => {
    // 9007199254740993 reads back as 9007199254740992.
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: [ROOT_111] })), template(trusts({ RAM: [ROOT_111, 9007199254740993] }))));
    expect(change.request.resource).toMatch(/^RAM:/);
    expect(change.unproven).toBeDefined();
  });

  test('the same number in both versions is no change; removing it is a narrowing only', () => {
    const withNumber = template(trusts({ RAM: [ROOT_111, 222222222222] }));
    expect(diffExitCode(diffTemplates(withNumber, withNumber))).toBe(DIFF_EXIT.UNCHANGED);
    expect(diffExitCode(diffTemplates(withNumber, template(trusts({ RAM: [ROOT_111] }))))).toBe(DIFF_EXIT.NARROWED);
  });
});

describe('attacks that hold', () => {
  const old = template(trusts({ Service: 'ecs.aliyuncs.com' }));

  test.each([
    ['NotAction instead of Action', { Effect: 'Allow', NotAction: 'sts:GetCallerIdentity', Principal: { RAM: ROOT_222 } }],
    ['NotPrincipal', { Effect: 'Allow', Action: 'sts:AssumeRole', NotPrincipal: { RAM: ROOT_111 } }],
    ['a lowercase Principal key', trusts({ ram: ROOT_222 })],
    ['a Principal that is a list of maps', trusts([{ RAM: ROOT_222 }])],
    ['a Principal that is an ARN alone', trusts(ROOT_222)],
    ['an Effect in lowercase', { ...trusts({ RAM: ROOT_222 }), Effect: 'allow' }],
    ['Action `*`', { ...trusts({ RAM: ROOT_222 }), Action: '*' }],
    ['Action in another case', { ...trusts({ RAM: ROOT_222 }), Action: 'STS:assumerole' }],
    ['a Principal entry with a `?`', trusts({ RAM: 'acs:ram::22222222222?:root' })],
  ])('%s: a widening', (_what, statement) => {
    expect(diffExitCode(diffTemplates(old, template(trusts({ Service: 'ecs.aliyuncs.com' }), statement)))).toBe(DIFF_EXIT.WIDENED);
  });

  test('a Statement that is one map, not a list, is read', () => {
    const now = { Resources: { Deploy: roleResource({ Version: '1', Statement: trusts({ RAM: ROOT_222 }) }) } };
    expect(onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 })), now)).request.resource).toBe(`RAM:${ROOT_222}`);
  });

  test('a trust policy given as JSON text, which ROS types as a map: may trust anyone, and a reformatted text is a change', () => {
    const asText = (d: unknown, space?: number) => ({ Resources: { Deploy: roleResource(JSON.stringify(d, null, space)) } });
    expect(onlyWidening(diffTemplates(old, asText(doc(trusts({ RAM: ROOT_222 }))))).unproven).toBeDefined();
    const same = doc(trusts({ Service: 'ecs.aliyuncs.com' }));
    expect(diffExitCode(diffTemplates(asText(same), asText(same)))).toBe(DIFF_EXIT.UNCHANGED);
    expect(diffExitCode(diffTemplates(asText(same), asText(same, 1)))).toBe(DIFF_EXIT.WIDENED);
  });

  test('a Deny removed, with the Deny written in another case of its Principal entry', () => {
    const base = trusts({ RAM: 'acs:ram::111111111111:*' });
    const before = template(base, { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: 'acs:ram::111111111111:user/bob' } });
    const after = template(base, { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: 'acs:ram::111111111111:user/Bob' } });
    expect(onlyWidening(diffTemplates(before, after)).request.resource).toBe('RAM:acs:ram::111111111111:user/bob');
  });

  test('the trust policy from a String parameter in one version and a Json one in the other, the same text given', () => {
    const text = JSON.stringify(doc(trusts({ RAM: ROOT_222 })));
    const typed = (type: string) => ({ Parameters: { Trust: { Type: type } }, Resources: { Deploy: roleResource({ Ref: 'Trust' }) } });
    // As String the document is text, which may trust anyone; as Json it trusts account 222.
    expect(diffExitCode(diffTemplates(typed('String'), typed('Json'), { Trust: text }))).toBe(DIFF_EXIT.WIDENED);
    expect(onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 })), typed('Json'), { Trust: text })).request.resource).toBe(`RAM:${ROOT_222}`);
  });

  test('RAM callers from a CommaDelimitedList: each item is a caller, and a String parameter of the same text names none of them', () => {
    const list = (type: string) => ({ Parameters: { Callers: { Type: type } }, ...template(trusts({ RAM: { Ref: 'Callers' } })) });
    const given = { Callers: `${ROOT_111},${ROOT_222}` };
    expect(onlyWidening(diffTemplates(list('String'), list('CommaDelimitedList'), given)).request.resource).toMatch(/^RAM:acs:ram::(111111111111|222222222222):/);
    // The list inside a text (Fn::Sub) cannot be read as text: any account, behind an unknown.
    const joined = { Parameters: { Callers: { Type: 'CommaDelimitedList' } }, ...template(trusts({ RAM: { 'Fn::Sub': '${Callers}' } })) };
    expect(onlyWidening(diffTemplates(template(trusts({ RAM: ROOT_111 })), joined, given)).unproven).toBeDefined();
  });

  test('a role in a nested stack whose TemplateBody is YAML text', () => {
    const yamlBody = (account: string) => [
      'Resources:',
      '  Deploy:',
      '    Type: ALIYUN::RAM::Role',
      '    Properties:',
      '      RoleName: deploy',
      '      AssumeRolePolicyDocument:',
      '        Version: "1"',
      '        Statement:',
      `          - {Effect: Allow, Action: sts:AssumeRole, Principal: {RAM: ["acs:ram::${account}:root"]}}`,
      '',
    ].join('\n');
    const parent = (account: string) => ({ Resources: { Child: { Type: 'ALIYUN::ROS::Stack', Properties: { TemplateBody: yamlBody(account) } } } });
    expect(onlyWidening(diffTemplates(parent('111111111111'), parent('222222222222'))).request.resource).toBe(`RAM:${ROOT_222}`);
  });
});

describe('an identity provider the template defines, behind an unchanged Federated entry', () => {
  // Who a Federated entry admits is whoever its identity provider vouches for: the provider's
  // metadata or issuer decides it, not the trust policy.
  const FEDERATED = 'acs:ram::111111111111:saml-provider/idp';
  const saml = (metadata: string, description = 'corp') => ({
    Type: 'ALIYUN::RAM::SAMLProvider', Properties: { SAMLProviderName: 'idp', SAMLMetadataDocument: metadata, Description: description },
  });
  const withProvider = (provider: object, principal: object = { Federated: FEDERATED }) => ({
    Resources: { Idp: provider, Deploy: roleResource(doc(trusts(principal))) },
  });

  test('SAML metadata swapped for another identity provider: the callers it admits are new', () => {
    const change = onlyWidening(diffTemplates(withProvider(saml('<EntityDescriptor entityID="https://idp.corp.example"/>')),
      withProvider(saml('<EntityDescriptor entityID="https://idp.other.example"/>'))));
    expect(change.request.resource).toBe(`Federated:${FEDERATED}`);
    expect(change.unproven).toContain('identity provider');
  });

  test('an OIDC issuer swapped, the entry written with the account id pseudo parameter', () => {
    const oidc = (issuer: string) => ({
      Type: 'ALIYUN::RAM::OIDCProvider', Properties: { OIDCProviderName: 'gh', IssuerUrl: issuer, ClientIds: ['sts.aliyuncs.com'], Fingerprints: ['902ef2deeb3c5b13ea4c3d5193629309e231ae55'] },
    });
    const entry = { Federated: { 'Fn::Sub': 'acs:ram::${ALIYUN::AccountId}:oidc-provider/gh' } };
    const change = onlyWidening(diffTemplates(withProvider(oidc('https://token.actions.githubusercontent.com'), entry),
      withProvider(oidc('https://issuer.other.example'), entry)));
    expect(change.request.resource).toMatch(/^Federated:acs:ram::.*:oidc-provider\/gh$/);
  });

  test('an unchanged provider, or only its Description changed, is no change', () => {
    const metadata = '<EntityDescriptor entityID="https://idp.corp.example"/>';
    expect(diffExitCode(diffTemplates(withProvider(saml(metadata)), withProvider(saml(metadata))))).toBe(DIFF_EXIT.UNCHANGED);
    expect(diffExitCode(diffTemplates(withProvider(saml(metadata)), withProvider(saml(metadata, 'the corporate IdP'))))).toBe(DIFF_EXIT.UNCHANGED);
  });

  test('a RAM caller beside it is compared as before: a provable widening', () => {
    const metadata = '<EntityDescriptor entityID="https://idp.corp.example"/>';
    const change = onlyWidening(diffTemplates(withProvider(saml(metadata)), withProvider(saml(metadata), { Federated: FEDERATED, RAM: ROOT_222 })));
    expect(change.request.resource).toBe(`RAM:${ROOT_222}`);
    expect(change.unproven).toBeUndefined();
  });
});

describe('entries that are neither text nor a number', () => {
  // RAM does not say how it reads them, so each may name any caller of its type (or cover anything).
  test.each([[{ account: '222222222222' }], [true], [[ROOT_222]]])('a Principal RAM entry %j may trust any RAM caller', (entry) => {
    const change = onlyWidening(diffTemplates(template(trusts({ RAM: [ROOT_111] })), template(trusts({ RAM: [ROOT_111, entry] }))));
    expect(change.request.resource).toMatch(/^RAM:/);
    expect(change.unproven).toContain('which is not text');
  });

  test('a Resource entry that is not text, added to an Allow, may allow anything', () => {
    const policy = (resources: unknown[]) => ({
      Resources: {
        P: {
          Type: 'ALIYUN::RAM::ManagedPolicy',
          Properties: { PolicyName: 'p', Users: ['alice'], PolicyDocument: doc({ Effect: 'Allow', Action: 'cr:PullRepository', Resource: resources }) },
        },
      },
    });
    const c = diffTemplates(policy(['acs:cr:*:*:repository/cri-1/web/*']), policy(['acs:cr:*:*:repository/cri-1/web/*', { prod: true }]));
    expect(diffExitCode(c)).toBe(DIFF_EXIT.WIDENED);
    expect(c.changes[0].unproven).toContain('which is not text');
  });
});
