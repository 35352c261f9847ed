/**
 * `cr-grants explain`: whether one grantee may perform one action on one resource under a
 * template's policies, and the statement that decided it, as the evaluator sees it.
 */
import { Decision, DecisionEffect, evaluate } from '../model/evaluator';
import { compareText } from '../model/principal';
import { readTemplate } from '../template/template';
import { policiesByGrantee } from './access-matrix';

/** A question `explain` cannot answer as asked; `hint` says how to ask it. */
export class ExplainError extends Error {
  constructor(message: string, public readonly hint?: string) {
    super(message);
    this.name = 'ExplainError';
  }
}

export interface Explanation {
  readonly grantee: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  /** The policies evaluated, in evaluation order. */
  readonly policies: readonly string[];
  /** Attachments of the grantee that could not be evaluated, and other caveats. */
  readonly notes: readonly string[];
}

const GRANTEE = /^(user|group|role):(.+)$/;

/** Refuses a request that is malformed whatever the template; run before loading one. */
export function checkRequest(grantee: string, action: string, resource: string): void {
  if (!GRANTEE.test(grantee)) {
    throw new ExplainError(`--grantee ${JSON.stringify(grantee)} is not kind:name`, 'write user:alice, group:dev or role:ci');
  }
  if (!/^[^:\s]+:[^:\s]+$/.test(action)) {
    throw new ExplainError(`--action ${JSON.stringify(action)} is not service:Action`, 'for example cr:PushRepository');
  }
  if (resource.trim() === '') {
    throw new ExplainError('--resource is empty', 'for example acs:cr:cn-hangzhou:*:repository/cri-123456/ns/app');
  }
}

export function explainTemplate(template: any, grantee: string, action: string, resource: string): Explanation {
  checkRequest(grantee, action, resource);
  const byGrantee = policiesByGrantee(readTemplate(template));
  const held = byGrantee.get(grantee);
  if (!held) {
    const known = [...byGrantee.keys()].sort(compareText);
    throw new ExplainError(`${grantee} has no policy attached in this template`,
      known.length > 0 ? `grantees: ${known.join(', ')}` : 'the template attaches no policy to anyone');
  }
  return {
    grantee,
    action,
    resource,
    decision: evaluate([...held.policies], action, resource),
    policies: held.policies.map((p) => p.policyName),
    notes: held.notes,
  };
}

/** 0 when allowed, 2 when denied (implicitly or explicitly). */
export function explainExitCode(explanation: Explanation): number {
  return explanation.decision.effect === DecisionEffect.ALLOW ? 0 : 2;
}
