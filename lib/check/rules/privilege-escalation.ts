/**
 * CRG-S008: an Allow of an action that lets the grantee raise its own permissions, on every
 * resource that action acts on: attaching policies to users, groups or roles, writing policies or
 * their versions, joining groups, making access keys for other users, changing a role's trust
 * policy, assuming roles. With any of them on `*` a grantee of a registry policy can grant itself
 * `AdministratorAccess`. Alibaba Cloud rates RAM write permissions (`ram:*`, `ram:Create*`,
 * `ram:Update*`, ...) held by more than a few identities as a high-severity risk, and `sts:AssumeRole`
 * on `*` is the whole of the system policy `AliyunSTSAssumeRoleAccess`:
 * https://www.alibabacloud.com/help/en/ram/avoid-granting-high-risk-ram-permissions-to-too-many-ram-identities
 * https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunstsassumeroleaccess
 * RAM resources are `acs:ram:*:<account>:user/<name>` (and `group/`, `role/`, `policy/`); roles are
 * assumed on their `acs:ram::<account>:role/<name>`:
 * https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 *
 * Coverage is decided with the evaluator's pattern matching: an Action pattern covers an action
 * when `actionMatches` says so (`ram:*`, `ram:Attach*`, `*`); an Allow with NotAction covers every
 * listed action its entries do not match. A Resource pattern covers every resource of a kind when
 * it matches the text `acs:ram:*:*:<kind>/*`, or is a `ram` ARN whose resource part matches
 * `<kind>/*` whatever its region and account (`acs:ram:*:123:role/*`).
 */
import { parseArn } from '../../model/arn';
import { actionMatches } from '../../model/evaluator';
import { matchesPattern } from '../../model/wildcard';
import { isAllow, StatementView } from '../document';
import { DOCS, DocumentRule, RuleHit } from '../rule';

/** The RAM resource kind an action acts on. */
type RamKind = 'user' | 'group' | 'role' | 'policy';

/** Actions that raise the caller's own permissions, and the kind of resource each acts on. */
export const ESCALATION_ACTIONS: readonly { readonly action: string; readonly kind: RamKind }[] = [
  { action: 'ram:AttachPolicyToUser', kind: 'user' },
  { action: 'ram:AttachPolicyToGroup', kind: 'group' },
  { action: 'ram:AttachPolicyToRole', kind: 'role' },
  { action: 'ram:CreatePolicy', kind: 'policy' },
  { action: 'ram:CreatePolicyVersion', kind: 'policy' },
  { action: 'ram:SetDefaultPolicyVersion', kind: 'policy' },
  { action: 'ram:UpdateRole', kind: 'role' },
  { action: 'ram:AddUserToGroup', kind: 'group' },
  { action: 'ram:CreateAccessKey', kind: 'user' },
  { action: 'sts:AssumeRole', kind: 'role' },
];

/** Whether a Resource pattern covers every RAM resource of `kind` in an account. */
export function coversEveryRamResource(resource: string, kind: RamKind): boolean {
  if (matchesPattern(resource, `acs:ram:*:*:${kind}/*`, false)) return true;
  const arn = parseArn(resource);
  return arn !== undefined && matchesPattern(arn.service, 'ram', false) && matchesPattern(arn.resource, `${kind}/*`, false);
}

/** The escalation actions a statement allows on every resource they act on. */
export function escalationsAllowedBy(statement: StatementView, actionPatterns: readonly string[]): string[] {
  const covered = ESCALATION_ACTIONS.filter(({ action }) => (statement.actionKey === 'NotAction'
    ? !statement.actions.some((pattern) => actionMatches(pattern, action))
    : actionPatterns.some((pattern) => actionMatches(pattern, action))));
  return covered
    .filter(({ kind }) => statement.resources.some((resource) => coversEveryRamResource(resource, kind)))
    .map(({ action }) => action);
}

export const privilegeEscalation: DocumentRule = {
  id: 'CRG-S008',
  name: 'privilege-escalation',
  findingClass: 'SecurityWarning',
  scope: 'document',
  catches: 'An Allow, on every resource it acts on (`*`, `acs:ram:*:*:role/*`), of an action that lets the grantee raise its own permissions: `ram:AttachPolicyTo*`, `ram:CreatePolicy`, `ram:CreatePolicyVersion`, `ram:SetDefaultPolicyVersion`, `ram:UpdateRole`, `ram:AddUserToGroup`, `ram:CreateAccessKey`, `sts:AssumeRole` — named, through a wildcard (`ram:*`, `*`, `ram:Create*`) or through NotAction.',
  fix: 'Allow such actions only on named users, groups, roles or policies, or suppress with the reason the grantee administers RAM.',
  docs: DOCS.ramHighRisk,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      if (!isAllow(statement) || statement.actionKey === undefined || statement.resources.length === 0) continue;
      const where = statement.resources.join(', ');
      const report = (target: string, what: string, actions: string[]) => hits.push({
        statementIndex: statement.index,
        target,
        message: `Statement ${statement.index} allows ${what} on ${where}, which covers ${actions.join(', ')} on every resource they act on: the grantees can raise their own permissions up to AdministratorAccess.`,
        hint: 'Allow RAM and STS actions only on named users, groups, roles and policies (acs:ram:*:<account>:role/<name>), or suppress CRG-S008 with the reason the grantees administer RAM.',
      });
      if (statement.actionKey === 'NotAction') {
        const actions = escalationsAllowedBy(statement, []);
        if (actions.length > 0) report('NotAction', 'every action but the ones in NotAction', actions);
        continue;
      }
      const seen = new Set<string>();
      for (const pattern of statement.actions) {
        if (seen.has(pattern.toLowerCase())) continue;
        seen.add(pattern.toLowerCase());
        const actions = escalationsAllowedBy(statement, [pattern]);
        if (actions.length > 0) report(pattern, pattern, actions);
      }
    }
    return hits;
  },
};
