import { checkPolicyDocument } from '../../../lib/check/engine';
import { version } from '../../../lib/check/rules/version';

const STATEMENT = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: '*' };
const found = (document: unknown) => checkPolicyDocument(document, 'p').filter((f) => f.ruleId === version.id);

describe('CRG-E002 version', () => {
  test('"1" passes', () => {
    expect(found({ Version: '1', Statement: [STATEMENT] })).toEqual([]);
  });

  test.each([
    ['missing', undefined, 'CRG-E002[Version]', /no Version/],
    ['the number 1', 1, 'CRG-E002[1]', /as a string/],
    ['"2"', '2', 'CRG-E002[2]', /only accepts "1"/],
    ['an AWS version', '2012-10-17', 'CRG-E002[2012-10-17]', /only accepts "1"/],
  ])('%s is an Error', (_what, value, findingId, message) => {
    const [finding] = found({ Version: value, Statement: [STATEMENT] });
    expect(finding).toMatchObject({ findingClass: 'Error', findingId });
    expect(finding.message).toMatch(message);
  });
});
