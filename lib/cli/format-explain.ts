/** `cr-grants explain` output: the decision in words with the statement that made it, or as JSON. */
import { ExplainEffect, Explanation } from '../analysis/explain';
import { RESOURCE_CASE } from '../analysis/statements';
import { QuestionMark } from '../model/wildcard';
import { explanationOf } from './review';

export function formatExplanation(e: Explanation): string {
  const request = `${e.grantee} ${e.action} on ${e.resource}`;
  const out: string[] = [];
  switch (e.effect) {
    case ExplainEffect.ALLOW:
      out.push(`${e.dependsOn.length > 0 || e.questionMark || e.ignoringResourceCase ? 'ALLOW (possibly)' : 'ALLOW'}: ${request}`);
      break;
    case ExplainEffect.EXPLICIT_DENY:
      out.push(`DENY (explicit): ${request}`);
      break;
    case ExplainEffect.IMPLICIT_DENY:
      out.push(`DENY (implicit): ${request}`,
        `No statement allows it. Evaluated: ${e.policies.length > 0 ? e.policies.join(', ') : 'no policies'}.`);
      break;
  }
  if (e.decidedBy !== undefined) {
    const where = e.decidedBy.statementIndex === undefined ? '' : `, Statement[${e.decidedBy.statementIndex}]`;
    out.push(`Decided by policy ${e.decidedBy.policyName}${where}${e.decidedBy.reading ? ` (${e.decidedBy.reading})` : ''}${e.decidedBy.statement !== undefined ? ':' : '.'}`);
    if (e.decidedBy.statement !== undefined) out.push(JSON.stringify(e.decidedBy.statement, undefined, 2));
  }
  if (e.dependsOn.length > 0) out.push('', 'The answer depends on what the template does not fix:', ...e.dependsOn.map((g) => `- ${g}`));
  if (e.questionMark) {
    out.push('', `Allowed only if RAM reads \`?\` as ${e.questionMark === QuestionMark.ONE_CHARACTER ? 'a one-character wildcard' : 'an ordinary character'}.`);
  }
  if (e.ignoringResourceCase) out.push('', `Allowed ${RESOURCE_CASE}.`);
  if (e.notes.length > 0) out.push('', 'Notes:', ...e.notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

/** The explanation as JSON, from the data `Review.explain` returns; the statement as an object, absent values as null. */
export function formatExplanationJson(explanation: Explanation): string {
  const e = explanationOf(explanation);
  return JSON.stringify({
    grantee: e.grantee,
    action: e.action,
    resource: e.resource,
    effect: e.effect,
    policyName: e.policyName ?? null,
    statementIndex: e.statementIndex ?? null,
    statement: e.statementJson === undefined ? null : JSON.parse(e.statementJson),
    dependsOn: e.dependsOn,
    questionMark: e.questionMark ?? null,
    ignoringResourceCase: e.ignoringResourceCase,
    policies: e.policies,
    notes: e.notes,
  }, undefined, 2) + '\n';
}
