import { checkTemplate } from '../../../lib/check/engine';
import { SUPPRESSIONS_METADATA_KEY } from '../../../lib/model/suppressions';
import { unusedSuppression } from '../../../lib/check/rules/unused-suppression';

const FULL = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: 'acs:cr:*:*:repository/cri-1/ns/*' }] };
const found = (suppressions: unknown, document: unknown = FULL) => checkTemplate({
  Resources: {
    Full: {
      Type: 'ALIYUN::RAM::ManagedPolicy',
      Properties: { PolicyName: 'full', PolicyDocument: document },
      Metadata: { [SUPPRESSIONS_METADATA_KEY]: suppressions },
    },
  },
}).filter((f) => f.ruleId === unusedSuppression.id);

describe('CRG-I002 unused-suppression', () => {
  test('a suppression that matches a finding passes', () => {
    expect(found([{ id: 'CRG-S001[cr:*]', reason: 'Owners of ns administer it.' }])).toEqual([]);
  });

  test('a suppression that matches nothing is a Suggestion', () => {
    const findings = found([
      { id: 'CRG-S001[cr:List*]', reason: 'Owners of ns administer it.' },
      { id: 'CRG-W001', reason: 'Owners of ns administer it.' },
    ]);
    expect(findings.map((f) => [f.findingClass, f.findingId])).toEqual([
      ['Suggestion', 'CRG-I002[Full#0]'],
      ['Suggestion', 'CRG-I002[Full#1]'],
    ]);
    expect(findings[0].message).toMatch(/matches no finding/);
  });

  test('a suppression that names an Error says errors cannot be suppressed', () => {
    const document = { ...FULL, Version: '2' };
    const [finding] = found([{ id: 'CRG-E002', reason: 'We really want version two.' }], document);
    expect(finding.message).toMatch(/errors cannot be suppressed/);
  });
});
