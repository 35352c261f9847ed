import { GrantValidationError } from '../../lib/model/errors';
import { InvariantInput, describeInvariant, normalizeInvariant, protectedResources } from '../../lib/model/invariant';

const refusal = (input: unknown): string => {
  try {
    normalizeInvariant(input as InvariantInput, 'Stack/Access invariants[0]', true);
  } catch (e) {
    expect(e).toBeInstanceOf(GrantValidationError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('normalizeInvariant', () => {
  test('fills defaults, sorts exceptions and drops duplicates', () => {
    expect(normalizeInvariant({ never: ['cr:Delete*', 'cr:Delete*'], on: 'cri-123456/prod', except: ['role:ci', 'group:owners'] }, 'w')).toEqual({
      never: ['cr:Delete*'], instanceId: 'cri-123456', namespace: 'prod', except: ['group:owners', 'role:ci'], regions: ['*'], accountId: '*',
    });
  });

  test('protects the namespace and everything under it; <instance>/* protects every namespace', () => {
    const one = normalizeInvariant({ never: ['cr:PushRepository'], on: 'cri-1/prod', regions: ['cn-hangzhou'], accountId: '42' }, 'w');
    expect(protectedResources(one)).toEqual(['acs:cr:cn-hangzhou:42:repository/cri-1/prod', 'acs:cr:cn-hangzhou:42:repository/cri-1/prod/*']);
    const all = normalizeInvariant({ never: ['cr:PushRepository'], on: 'cri-1/*' }, 'w');
    expect(protectedResources(all)).toEqual(['acs:cr:*:*:repository/cri-1/*']);
    expect(describeInvariant(one)).toBe('never cr:PushRepository on cri-1/prod in cn-hangzhou of account 42');
  });

  test.each([
    [{ never: [], on: 'cri-1/prod' }, 'Stack/Access invariants[0]: never [] must list at least 1 action patterns (for example [cr:DeleteNamespace, cr:DeleteRepository])'],
    [{ never: 'cr:Delete*', on: 'cri-1/prod' }, 'never "cr:Delete*" must be a list of action patterns (write ["cr:Delete*"])'],
    [{ never: ['ram:*'], on: 'cri-1/prod' }, 'never[0] "ram:*" must be a Container Registry action pattern'],
    [{ never: ['cr:?ullRepository'], on: 'cri-1/prod' }, 'never[0] "cr:?ullRepository" must be a Container Registry action pattern'],
    [{ never: ['cr:DeleteNamspace'], on: 'cri-1/prod' }, 'never[0] "cr:DeleteNamspace" matches no Container Registry action (check the spelling; for example "cr:DeleteNamespace")'],
    [{ never: ['cr:Delete*'], on: 'cri-1' }, 'on "cri-1" must be "<instanceId>/<namespace>" or "<instanceId>/*"'],
    [{ never: ['cr:Delete*'], on: 'cri-1/pr*d' }, 'on "cri-1/pr*d" has the namespace "pr*d", which must be 2-120 lowercase letters'],
    [{ never: ['cr:Delete*'], on: 'crx-1/prod' }, 'on "crx-1/prod" has the instance id "crx-1", which must be "cri-" followed by'],
    [{ never: ['cr:Delete*'], on: 'cri-1/prod/app' }, 'on "cri-1/prod/app" must be'],
    [{ never: ['cr:Delete*'], on: 'cri-1/${Token[TOKEN.12]}' }, 'must be plain text'],
    [{ never: ['cr:Delete*'], on: 'cri-1/prod', except: ['owners'] }, 'except[0] "owners" must be user:NAME, group:NAME or role:NAME'],
    [{ never: ['cr:Delete*'], on: 'cri-1/prod', except: ['group:a_b'] }, 'except[0] "a_b" must be a RAM group name'],
    [{ never: ['cr:Delete*'], on: 'cri-1/prod', regions: ['*'] }, 'regions[0] "*" must be a region id'],
    [{ never: ['cr:Delete*'], on: 'cri-1/prod', accountId: '*' }, 'accountId "*" must be the numeric Alibaba Cloud account id'],
  ])('refuses %j', (input, message) => {
    expect(refusal(input)).toContain(message);
  });

  test('reports every mistake of one invariant together', () => {
    expect(refusal({ never: ['ram:*'], on: 'x', except: ['y'] }).split('\n')).toHaveLength(3);
  });
});
