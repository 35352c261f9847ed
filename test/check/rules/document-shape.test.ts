import { checkPolicyDocument } from '../../../lib/check/engine';
import { documentShape } from '../../../lib/check/rules/document-shape';

const found = (document: unknown) => checkPolicyDocument(document, 'p').filter((f) => f.ruleId === documentShape.id);
const ALLOW = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: '*' };

describe('CRG-E001 document-shape', () => {
  test('a document with a list of statement objects passes', () => {
    expect(found({ Version: '1', Statement: [ALLOW] })).toEqual([]);
  });

  test('JSON text is read as the document it holds', () => {
    expect(found(JSON.stringify({ Version: '1', Statement: [ALLOW] }))).toEqual([]);
    expect(found('{"Version": "1",')[0].message).toMatch(/not valid JSON/);
  });

  test.each([
    ['a list', [ALLOW], 'CRG-E001[document]'],
    ['null', null, 'CRG-E001[document]'],
    ['missing', undefined, 'CRG-E001[document]'],
    ['without Statement', { Version: '1' }, 'CRG-E001[Statement]'],
    ['with a single statement object', { Version: '1', Statement: ALLOW }, 'CRG-E001[Statement]'],
    ['with no statements', { Version: '1', Statement: [] }, 'CRG-E001[Statement]'],
  ])('a document that is %s is an Error', (_what, document, findingId) => {
    const [finding, ...rest] = found(document);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ findingClass: 'Error', findingId, policyName: 'p' });
    expect(finding.message).toMatch(/Hint: /);
  });

  test('a statement that is not an object is reported at its position', () => {
    expect(found({ Version: '1', Statement: [ALLOW, 'cr:*'] })).toEqual([
      expect.objectContaining({ statementIndex: 1, findingId: 'CRG-E001[#1]' }),
    ]);
  });

  test('a Statement known only at deployment is not judged', () => {
    expect(found({ Version: '1', Statement: { 'Fn::If': ['c', [ALLOW], [ALLOW]] } })).toEqual([]);
  });
});
