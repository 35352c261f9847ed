/**
 * CRG-E012: RAM refuses a policy document longer than its limit (6,144 characters by default,
 * see lib/model/limits.ts). https://www.alibabacloud.com/help/en/ram/product-overview/limits
 */
import { documentSize, PolicyDocument } from '../../model/policy';
import { displayValue } from '../../template/values';
import { DOCS, DocumentRule } from '../rule';

export const documentSizeRule: DocumentRule = {
  id: 'CRG-E012',
  name: 'document-size',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A document longer than RAM allows (6,144 characters of compact JSON).',
  fix: 'Split the grants over more policies (the planner packs them), or merge statements that share actions.',
  docs: DOCS.limits,
  check(doc) {
    if (!doc.document) return [];
    // A value only known at deployment counts as it is written (`${Namespace}`).
    const size = documentSize(displayValue(doc.document) as PolicyDocument);
    const limit = doc.limits.maxDocumentCharacters;
    if (size <= limit) return [];
    return [{
      target: 'size',
      message: `The document is ${size} characters of compact JSON; RAM allows ${limit}.`,
      hint: 'Split it into several policies, or merge statements that share their actions or resources.',
    }];
  },
};
