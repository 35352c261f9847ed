/** Trust policy templates and the checks the trust-policy diff tests share. */
import { AccessChange, ChangeKind, DIFF_EXIT, TemplateComparison, diffExitCode } from '../../lib/analysis/diff';

export const ROOT_111 = 'acs:ram::111111111111:root';
export const ROOT_222 = 'acs:ram::222222222222:root';

export const trusts = (principal: unknown, more: object = {}) => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal, ...more });
export const refuses = (principal: unknown) => ({ Effect: 'Deny', Action: 'sts:AssumeRole', Principal: principal });
export const roleResource = (document: unknown, extra: object = {}) => ({
  Type: 'ALIYUN::RAM::Role',
  Properties: { RoleName: 'deploy', AssumeRolePolicyDocument: document, ...extra },
});
export const doc = (...statements: unknown[]) => ({ Version: '1', Statement: statements });
/** A template defining role `deploy` with a trust policy of `statements`. */
export const template = (...statements: unknown[]) => ({ Resources: { Deploy: roleResource(doc(...statements)) } });

export const trustChanges = (c: TemplateComparison, kind: ChangeKind) => c.changes.filter((x) => x.trust === true && x.kind === kind);

/** The one trust widening of role `deploy`, allowed by its trust policy; `c` exits WIDENED. */
export function onlyWidening(c: TemplateComparison): AccessChange {
  expect(diffExitCode(c)).toBe(DIFF_EXIT.WIDENED);
  const widened = trustChanges(c, ChangeKind.WIDENED);
  expect(widened).toHaveLength(1);
  expect(widened[0].principal).toBe('role:deploy');
  expect(widened[0].allowedBy.policyName).toBe('trust policy of role:deploy');
  return widened[0];
}
