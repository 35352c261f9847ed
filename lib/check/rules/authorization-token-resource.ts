/**
 * CRG-W001: `cr:GetAuthorizationToken` (the registry login) is authorized on `*` only, so a
 * statement that names it on a narrower resource grants (or denies) nothing.
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 */
import { CR } from '../../model/actions';
import { resourceMatches } from '../../model/evaluator';
import { DOCS, DocumentRule, listText, RuleHit } from '../rule';

const TOKEN_ACTION = CR.GET_AUTHORIZATION_TOKEN.toLowerCase();

export const authorizationTokenResource: DocumentRule = {
  id: 'CRG-W001',
  name: 'authorization-token-resource',
  findingClass: 'Warning',
  scope: 'document',
  catches: '`cr:GetAuthorizationToken` on resources other than `*`: RAM authorizes it on `*` only, so the statement has no effect on it and the grantee cannot log in.',
  fix: 'Give `cr:GetAuthorizationToken` its own statement with `"Resource": "*"`.',
  docs: DOCS.crAuthorization,
  check(doc) {
    const hits: RuleHit[] = [];
    for (const statement of doc.statements) {
      if (statement.actionKey !== 'Action' || !statement.resourcesComplete || statement.resources.length === 0) continue;
      const action = statement.actions.find((a) => a.toLowerCase() === TOKEN_ACTION);
      if (action === undefined) continue;
      if (statement.resources.some((r) => resourceMatches(r, '*'))) continue;
      const verb = statement.raw.Effect === 'Deny' ? 'denies' : 'grants';
      hits.push({
        statementIndex: statement.index,
        target: action,
        message: `Statement ${statement.index} names ${action} on ${listText(statement.resources)}; it is authorized on "*" only, so this ${verb} nothing.`,
        hint: 'Move cr:GetAuthorizationToken to its own statement with "Resource": "*".',
      });
    }
    return hits;
  },
};
