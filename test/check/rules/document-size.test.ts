import { checkPolicyDocument } from '../../../lib/check/engine';
import { documentSizeRule } from '../../../lib/check/rules/document-size';
import { DEFAULT_LIMITS } from '../../../lib/model/limits';
import { documentSize, PolicyDocument } from '../../../lib/model/policy';

function documentWith(namespaces: number): PolicyDocument {
  const Resource = Array.from({ length: namespaces }, (_, i) => `acs:cr:*:*:repository/cri-123456/namespace-${i}/*`);
  return { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:PullRepository'], Resource }] };
}
const found = (document: PolicyDocument, limits = DEFAULT_LIMITS) =>
  checkPolicyDocument(document, 'p', limits).filter((f) => f.ruleId === documentSizeRule.id);

describe('CRG-E012 document-size', () => {
  test('a document within the limit passes', () => {
    const document = documentWith(100);
    expect(documentSize(document)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDocumentCharacters);
    expect(found(document)).toEqual([]);
  });

  test('a document over the limit is an Error that states both sizes', () => {
    const document = documentWith(200);
    const size = documentSize(document);
    expect(size).toBeGreaterThan(DEFAULT_LIMITS.maxDocumentCharacters);
    const [finding] = found(document);
    expect(finding).toMatchObject({ findingClass: 'Error', findingId: 'CRG-E012[size]' });
    expect(finding.message).toContain(`${size} characters`);
    expect(finding.message).toContain('6144');
  });

  test('the limit comes from the limits given', () => {
    const document = documentWith(1);
    expect(found(document, { ...DEFAULT_LIMITS, maxDocumentCharacters: documentSize(document) })).toEqual([]);
    expect(found(document, { ...DEFAULT_LIMITS, maxDocumentCharacters: documentSize(document) - 1 })).toHaveLength(1);
  });
});
