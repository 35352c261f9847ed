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

  test.each([
    ['NotAction', { Effect: 'Allow' as const, NotAction: ['cr:*'], Resource: '*' }],
    ['Condition', { Effect: 'Allow' as const, Action: ['cr:*'], Resource: '*', Condition: { Bool: { 'acs:SecureTransport': 'true' } } }],
  ])('a statement the view cannot show (%s) is an internal error, never dropped', (_case, statement) => {
    expect(() => typedDocument({ Version: '1', Statement: [statement] })).toThrow(/^internal error: a planned statement has NotAction or Condition/);
  });
});
