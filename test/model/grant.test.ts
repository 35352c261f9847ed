import { NamespaceAccess } from '../../lib/model/access';
import { GrantInput, normalizeGrant } from '../../lib/model/grant';
import { GranteeKind } from '../../lib/model/principal';

const BASE: GrantInput = {
  instanceId: 'cri-123456',
  namespace: 'team-a',
  access: NamespaceAccess.PULL,
  principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }],
};

/** Input as an untyped caller may write it. */
const withField = (field: string, value: unknown) => normalizeGrant({ ...BASE, [field]: value } as any, 'Stack/Grant');

describe('normalizeGrant refuses values of the wrong type', () => {
  test.each([
    ['consoleAccess', 'false', 'consoleAccess "false" must be a boolean (write true or false without quotes, or omit the field for true)'],
    ['consoleAccess', 0, 'consoleAccess 0 must be a boolean'],
    ['consoleAccess', null, 'consoleAccess null must be a boolean'],
    ['regions', 'cn-hangzhou', 'regions "cn-hangzhou" must be a list of region ids (write ["cn-hangzhou"])'],
    ['regions', null, 'regions null must be a list of region ids (omit the field for every region)'],
    ['regions', [42], 'regions 42 must be a string'],
    ['systemPolicies', 'AliyunContainerRegistryReadOnlyAccess', 'systemPolicies "AliyunContainerRegistryReadOnlyAccess" must be a list of system policy names'],
    ['access', 'pull', 'access "pull" must be one of PULL, PUSH_PULL, FULL'],
    ['access', ['PULL'], 'access ["PULL"] must be one of PULL, PUSH_PULL, FULL'],
    ['instanceId', 123, 'instanceId 123 must be a string'],
    ['namespace', undefined, 'namespace undefined must be a string'],
    ['accountId', 1234567890, 'accountId 1234567890 must be a string'],
  ])('%s %p', (field, value, message) => {
    expect(() => withField(field, value)).toThrow(`Stack/Grant: ${message}`);
  });

  test('the right types pass', () => {
    const grant = withField('consoleAccess', false);
    expect(grant.consoleAccess).toBe(false);
    expect(withField('regions', ['cn-shanghai', 'cn-hangzhou', 'cn-shanghai']).regions).toEqual(['cn-hangzhou', 'cn-shanghai']);
  });
});
