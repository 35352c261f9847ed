import { typedDocument } from '../../lib/constructs/policy-document';

describe('typedDocument', () => {
  test('single strings become lists of one; order is kept', () => {
    expect(typedDocument({ Version: '1', Statement: [
      { Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' },
      { Effect: 'Allow', Action: ['cr:PullRepository', 'cr:ListRepository'], Resource: ['b', 'a'] },
    ] })).toEqual({ version: '1', statement: [
      { effect: 'Allow', action: ['cr:GetAuthorizationToken'], resource: ['*'] },
      { effect: 'Allow', action: ['cr:PullRepository', 'cr:ListRepository'], resource: ['b', 'a'] },
    ] });
  });

  test('a Condition is shown, every value a list', () => {
    const condition = { Bool: { 'acs:SecureTransport': 'true' }, IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } };
    expect(typedDocument({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:*'], Resource: '*', Condition: condition }] }).statement[0])
      .toEqual({ effect: 'Allow', action: ['cr:*'], resource: ['*'], condition: { Bool: { 'acs:SecureTransport': ['true'] }, IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } } });
  });

  test('a statement the view cannot show (NotAction) is an internal error, never dropped', () => {
    expect(() => typedDocument({ Version: '1', Statement: [{ Effect: 'Allow', NotAction: ['cr:*'], Resource: '*' }] }))
      .toThrow(/^internal error: a planned statement has NotAction/);
  });
});
