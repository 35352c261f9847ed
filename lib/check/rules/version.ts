/**
 * CRG-E002: `Version` must be the string "1", the only version of the RAM policy language.
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { POLICY_VERSION } from '../../model/policy';
import { isUnresolvedValue } from '../document';
import { DOCS, DocumentRule, show } from '../rule';

export const version: DocumentRule = {
  id: 'CRG-E002',
  name: 'version',
  findingClass: 'Error',
  scope: 'document',
  catches: 'A missing `Version`, or any value other than the string `"1"`.',
  fix: 'Set `"Version": "1"` (a string, not the number 1).',
  docs: DOCS.syntax,
  check(doc) {
    if (!doc.document) return [];
    const value = doc.document.Version;
    if (value === POLICY_VERSION || isUnresolvedValue(value)) return [];
    if (value === undefined) {
      return [{ target: 'Version', message: 'The document has no Version element.', hint: 'Add "Version": "1".' }];
    }
    return [{
      target: show(value),
      message: `Version is ${JSON.stringify(value)}; RAM only accepts "1".`,
      hint: typeof value === 'number' ? 'Write the version as a string: "Version": "1".' : 'Set "Version": "1".',
    }];
  },
};
