import { NamespaceAccess } from '../../lib/model/access';
import { GrantValidationError } from '../../lib/model/errors';
import { GrantInput, normalizeGrant } from '../../lib/model/grant';
import { GranteeKind } from '../../lib/model/principal';
import { FIELD_RULES } from '../../lib/model/field-rules';
import { suppressionMetadata } from '../../lib/check/suppressions';
import { MIN_REASON_LENGTH, uniqueSuppressions } from '../../lib/model/suppressions';

const BASE: GrantInput = {
  instanceId: 'cri-123456',
  namespace: 'ns',
  access: NamespaceAccess.FULL,
  principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }],
};
const REASON = 'Owners manage the namespace outright';

function refusal(suppressions: unknown): GrantValidationError {
  try {
    normalizeGrant({ ...BASE, suppressions: suppressions as any }, 'Stack/Grant');
  } catch (e) {
    if (e instanceof GrantValidationError) return e;
    throw e;
  }
  throw new Error('the grant was accepted');
}

describe('a grant\'s suppressions', () => {
  test('are trimmed, de-duplicated and sorted by id, then reason', () => {
    const grant = normalizeGrant({
      ...BASE,
      suppressions: [
        { id: 'CRG-S002', reason: '  second reason, padded ' },
        { id: 'CRG-S001[cr:*]', reason: 'b: the later reason' },
        { id: 'CRG-S001[cr:*]', reason: 'a: the earlier reason' },
        { id: 'CRG-S002', reason: 'second reason, padded' },
      ],
    }, 'Stack/Grant');
    expect(grant.suppressions).toEqual([
      { id: 'CRG-S001[cr:*]', reason: 'a: the earlier reason' },
      { id: 'CRG-S001[cr:*]', reason: 'b: the later reason' },
      { id: 'CRG-S002', reason: 'second reason, padded' },
    ]);
  });

  test('default to none', () => {
    expect(normalizeGrant(BASE, 'Stack/Grant').suppressions).toEqual([]);
  });

  test('an Error id is refused, saying that Errors cannot be suppressed', () => {
    const error = refusal([{ id: 'CRG-S001', reason: REASON }, { id: 'CRG-E012', reason: REASON }]);
    expect([error.where, error.field, error.given]).toEqual(['Stack/Grant', 'suppressions[1].id', 'CRG-E012']);
    expect(error.rule).toBe('names an Error, and Errors cannot be suppressed');
    expect(error.hint).toMatch(/^fix what the error reports/);
    expect(refusal([{ id: 'CRG-E012[x]', reason: REASON }]).rule).toBe('names an Error, and Errors cannot be suppressed');
  });

  test.each(['CRG-X001', 'CRG-S01', 'S001', 'crg-s001', 'CRG-S001[', 'CRG-S001[]', ' CRG-S001'])('the id %j is refused with the id rule', (id) => {
    const error = refusal([{ id, reason: REASON }]);
    expect([error.field, error.given, error.rule, error.hint])
      .toEqual(['suppressions[0].id', id, FIELD_RULES.suppressionId.rule, 'for example "CRG-S001"']);
  });

  test.each(['CRG-S001', 'CRG-W003', 'CRG-I002', 'CRG-S001[cr:*]', 'CRG-S001[acs:cr:*:*:repository/cri-1/ns/*]'])('the id %j is accepted', (id) => {
    expect(normalizeGrant({ ...BASE, suppressions: [{ id, reason: REASON }] }, 'Stack/Grant').suppressions).toEqual([{ id, reason: REASON }]);
  });

  test('a reason needs the minimum length after trimming', () => {
    const enough = 'x'.repeat(MIN_REASON_LENGTH);
    const short = 'x'.repeat(MIN_REASON_LENGTH - 1);
    expect(normalizeGrant({ ...BASE, suppressions: [{ id: 'CRG-S001', reason: `  ${enough}\n` }] }, 'w').suppressions[0].reason).toBe(enough);
    expect(normalizeGrant({ ...BASE, suppressions: [{ id: 'CRG-S001', reason: 'a        b' }] }, 'w').suppressions).toHaveLength(1);
    for (const reason of [short, `   ${short}    `, ' '.repeat(20), '']) {
      const error = refusal([{ id: 'CRG-S001', reason }]);
      expect([error.field, error.given, error.rule]).toEqual(['suppressions[0].reason', reason, FIELD_RULES.suppressionReason.rule]);
    }
  });

  test('what the model accepts, the checker\'s Metadata format accepts too', () => {
    const grant = normalizeGrant({ ...BASE, suppressions: [{ id: 'CRG-S001[cr:*]', reason: '  a        b ' }] }, 'w');
    expect(suppressionMetadata('Stack/Grant', grant.suppressions)).toEqual(grant.suppressions);
  });

  test.each([
    ['not a list', { id: 'CRG-S001', reason: REASON }, 'suppressions', 'must be a list of { id, reason }'],
    ['an entry that is text', ['CRG-S001'], 'suppressions[0]', 'must be an object with an id and a reason'],
    ['an entry without an id', [{ reason: REASON }], 'suppressions[0].id', 'must be a string'],
    ['a reason that is a number', [{ id: 'CRG-S001', reason: 12345678901 }], 'suppressions[0].reason', 'must be a string'],
  ])('%s is refused', (_name, suppressions, field, rule) => {
    const error = refusal(suppressions);
    expect([error.field, error.rule]).toEqual([field, rule]);
  });

  test('ROS tokens are refused: the checker reads Metadata as written', () => {
    expect(refusal([{ id: '${Token[TOKEN.12]}', reason: REASON }]).message)
      .toBe('Stack/Grant: suppressions[0].id "${Token[TOKEN.12]}" must be plain text, not a ROS token');
    expect(refusal([{ id: 'CRG-S001', reason: 'Because ${Token[TOKEN.13]}' }]).field).toBe('suppressions[0].reason');
  });
});

describe('uniqueSuppressions', () => {
  test('does not depend on the order of its input', () => {
    const list = [
      { id: 'CRG-W001', reason: 'one reason here' },
      { id: 'CRG-S001', reason: 'two reasons here' },
      { id: 'CRG-S001', reason: 'one reason here' },
    ];
    expect(uniqueSuppressions([...list].reverse())).toEqual(uniqueSuppressions(list));
    expect(uniqueSuppressions(list).map((s) => s.id)).toEqual(['CRG-S001', 'CRG-S001', 'CRG-W001']);
  });
});
