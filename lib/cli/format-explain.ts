/** `cr-grants explain` output: the decision in words with the statement that made it, or as JSON. */
import { DecisionEffect } from '../model/evaluator';
import { Explanation } from '../analysis/explain';

export function formatExplanation(e: Explanation): string {
  const { decision } = e;
  const request = `${e.grantee} ${e.action} on ${e.resource}`;
  const out: string[] = [];
  switch (decision.effect) {
    case DecisionEffect.ALLOW:
      out.push(`ALLOW: ${request}`);
      break;
    case DecisionEffect.EXPLICIT_DENY:
      out.push(`DENY (explicit): ${request}`);
      break;
    case DecisionEffect.IMPLICIT_DENY:
      out.push(`DENY (implicit): ${request}`,
        `No statement allows it. Evaluated: ${e.policies.length > 0 ? e.policies.join(', ') : 'no policies'}.`);
      break;
  }
  if (decision.statement !== undefined) {
    out.push(`Decided by policy ${decision.policyName}, Statement[${decision.statementIndex}]:`,
      JSON.stringify(decision.statement, undefined, 2));
  }
  if (e.notes.length > 0) out.push('', 'Notes:', ...e.notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

export function formatExplanationJson(e: Explanation): string {
  return JSON.stringify({
    grantee: e.grantee,
    action: e.action,
    resource: e.resource,
    effect: e.decision.effect,
    policyName: e.decision.policyName ?? null,
    statementIndex: e.decision.statementIndex ?? null,
    statement: e.decision.statement ?? null,
    policies: e.policies,
    notes: e.notes,
  }, undefined, 2) + '\n';
}
