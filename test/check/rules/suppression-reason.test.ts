import { checkTemplate, exitCodeFor } from '../../../lib/check/engine';
import { suppressionReason } from '../../../lib/check/rules/suppression-reason';
import { readSuppression, SUPPRESSIONS_METADATA_KEY } from '../../../lib/model/suppressions';

const FULL = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-1/ns/*' }] };
const template = (suppressions: unknown) => ({
  Resources: {
    Full: {
      Type: 'ALIYUN::RAM::ManagedPolicy',
      Properties: { PolicyName: 'full', PolicyDocument: FULL },
      Metadata: { [SUPPRESSIONS_METADATA_KEY]: suppressions },
    },
  },
});

describe('CRG-E015 suppression-reason', () => {
  test('a suppression with a reason suppresses and is no finding', () => {
    const findings = checkTemplate(template([{ id: 'CRG-S001', reason: 'Owners of ns administer it.' }]));
    expect(findings.filter((f) => f.ruleId === suppressionReason.id)).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'CRG-S001', suppressedBecause: 'Owners of ns administer it.' })]);
    expect(exitCodeFor(findings)).toBe(0);
  });

  test.each([
    ['a short reason', [{ id: 'CRG-S001', reason: 'because' }], /shorter than 10/],
    ['a blank reason', [{ id: 'CRG-S001', reason: '            ' }], /shorter than 10/],
    ['no reason', [{ id: 'CRG-S001' }], /no "reason"/],
    ['no id', [{ reason: 'Owners of ns administer it.' }], /no "id"/],
    ['a malformed id', [{ id: 'S001', reason: 'Owners of ns administer it.' }], /neither a rule id/],
    ['a non-object entry', ['CRG-S001'], /not an object/],
    ['a non-list value', { id: 'CRG-S001', reason: 'Owners of ns administer it.' }, /not a list/],
  ])('%s is an Error and suppresses nothing', (_what, suppressions, problem) => {
    const findings = checkTemplate(template(suppressions));
    const [finding] = findings.filter((f) => f.ruleId === suppressionReason.id);
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: 'CRG-E015[Full#0]', policyName: 'full', logicalId: 'Full' });
    expect(finding.message).toMatch(problem);
    expect(findings.find((f) => f.ruleId === 'CRG-S001')?.suppressedBecause).toBeUndefined();
    expect(exitCodeFor(findings)).toBe(1);
  });

  test('readSuppression', () => {
    expect(readSuppression({ id: 'CRG-W001[cr:GetAuthorizationToken]', reason: 'Kept for the old tooling.' }))
      .toEqual({ id: 'CRG-W001[cr:GetAuthorizationToken]', reason: 'Kept for the old tooling.' });
    expect(readSuppression({ id: 'CRG-W001', reason: '  short   ' }).problem).toMatch(/shorter/);
  });
});
