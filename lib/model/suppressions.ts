/**
 * Accepted policy checker findings: what a suppression is, what makes one usable, and where a
 * template keeps them. The checker (lib/check) owns the rules a suppression may name and passes
 * them in as a narrower id rule (`suppressionIdRule`); everything else about suppressions is here.
 *
 * Errors are never suppressed: RAM or ROS refuses what they report, whatever the reason.
 */
import { GrantValidationError } from './errors';
import type { FieldRule } from './field-rules';
import { compareText } from './principal';
import { isUnresolved } from './token';
import { checkField } from './validate';

/** The fewest characters (after trimming) a suppression reason may have. */
export const MIN_REASON_LENGTH = 10;

/** The Metadata key of a resource that holds its suppressions. */
export const SUPPRESSIONS_METADATA_KEY = 'cr-grants:suppressions';

/** One accepted finding: a rule id (`CRG-S001`) or a finding id (`CRG-S001[cr:*]`), and why. */
export interface Suppression {
  readonly id: string;
  readonly reason: string;
}

/** A rule id (`CRG-S001`) or a finding id (`CRG-S001[cr:*]`) of any class. */
const ID_FORMAT = /^CRG-[A-Z][0-9]{3}(?:\[.+\])?$/;

/** Ids of Error rules, and of their findings. */
const ERROR_ID = /^CRG-E[0-9]{3}(?:\[.*\])?$/;

/** The id of a suppression as a grant gives it: not an Error's, since Errors cannot be suppressed. */
export const SUPPRESSION_ID_RULE: FieldRule = {
  field: 'suppressions[].id',
  pattern: /^CRG-[SWI][0-9]{3}(?:\[.+\])?$/,
  rule: 'must be the id of a Security warning, Warning or Suggestion rule ("CRG-S001") or of one of its findings ("CRG-S001[cr:*]"); Errors cannot be suppressed',
  example: 'CRG-S001',
};

/** A reason: at least MIN_REASON_LENGTH characters once trimmed (a non-blank first and last with the rest between). */
export const SUPPRESSION_REASON_RULE: FieldRule = {
  field: 'suppressions[].reason',
  pattern: new RegExp(`^\\s*\\S[\\s\\S]{${MIN_REASON_LENGTH - 2},}\\S\\s*$`),
  rule: `must say why the finding is accepted, in at least ${MIN_REASON_LENGTH} characters`,
  example: 'Owners manage the namespace outright',
  prose: true,
};

/**
 * {@link SUPPRESSION_ID_RULE} narrowed to the given rule ids (the checker's suppressible rules),
 * so a misspelt rule is refused with the list of those that exist.
 */
export function suppressionIdRule(ruleIds: readonly string[]): FieldRule {
  return {
    ...SUPPRESSION_ID_RULE,
    pattern: new RegExp(`^(?:${ruleIds.join('|')})(?:\\[.+\\])?$`),
    rule: `must name a rule of the policy checker that is not an Error (${ruleIds.join(', ')}), alone ("CRG-S001") or with a finding ("CRG-S001[cr:*]")`,
  };
}

/** The rule a suppression id names: `CRG-S001` for both `CRG-S001` and `CRG-S001[cr:*]`. */
export function ruleIdOf(id: string): string {
  return id.replace(/\[.*$/, '');
}

/** Whether an id names an Error rule or one of its findings. */
export function namesAnError(id: string): boolean {
  return ERROR_ID.test(id);
}

/**
 * Validates suppressions given as input (a grant's, or ones added to a resource) and returns them
 * with trimmed reasons, once each, sorted. `idRule` is the id rule to apply, by default
 * {@link SUPPRESSION_ID_RULE}; `field` names the list in errors.
 */
export function checkSuppressions(where: string, suppressions: unknown, idRule: FieldRule = SUPPRESSION_ID_RULE,
  field = 'suppressions'): Suppression[] {
  if (suppressions === undefined) return [];
  if (!Array.isArray(suppressions)) {
    throw new GrantValidationError(where, field, suppressions, 'must be a list of { id, reason }');
  }
  suppressions.forEach((s: unknown, i) => {
    const label = `${field}[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      throw new GrantValidationError(where, label, s, 'must be an object with an id and a reason',
        `for example { id: ${JSON.stringify(SUPPRESSION_ID_RULE.example)}, reason: ${JSON.stringify(SUPPRESSION_REASON_RULE.example)} }`);
    }
    const { id, reason } = s as { id?: unknown; reason?: unknown };
    for (const [name, value] of [['id', id], ['reason', reason]] as const) {
      // The checker reads Metadata as written, where a token is an unresolved function.
      if (typeof value === 'string' && isUnresolved(value)) {
        throw new GrantValidationError(where, `${label}.${name}`, value, 'must be plain text, not a ROS token');
      }
    }
    checkSuppressionId(where, id, `${label}.id`, idRule);
    checkField(where, SUPPRESSION_REASON_RULE, reason, `${label}.reason`);
  });
  return uniqueSuppressions(suppressions);
}

/** Refuses a suppression id that names an Error, or that `idRule` does not accept. */
export function checkSuppressionId(where: string, id: unknown, field: string, idRule: FieldRule = SUPPRESSION_ID_RULE): void {
  if (typeof id === 'string' && namesAnError(id)) {
    throw new GrantValidationError(where, field, id, 'names an Error, and Errors cannot be suppressed',
      'fix what the error reports: RAM or ROS would refuse the policy whatever the reason');
  }
  checkField(where, idRule, id, field);
}

/**
 * Reads one suppression entry of a template's Metadata, as written, without throwing: `problem`
 * says why it cannot be used. Error ids are read (the checker reports them as unusable).
 */
export function readSuppression(entry: unknown): { id?: string; reason?: string; problem?: string } {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    return { problem: 'is not an object {"id": ..., "reason": ...}' };
  }
  const { id: rawId, reason: rawReason } = entry as { id?: unknown; reason?: unknown };
  const id = typeof rawId === 'string' ? rawId : undefined;
  const reason = typeof rawReason === 'string' ? rawReason : undefined;
  if (id === undefined) return { reason, problem: 'has no "id" (a rule id such as CRG-S001, or a finding id such as CRG-S001[cr:*])' };
  if (!ID_FORMAT.test(id)) return { id, reason, problem: `has the id "${id}", which is neither a rule id (CRG-S001) nor a finding id (CRG-S001[cr:*])` };
  if (reason === undefined) return { id, problem: 'has no "reason"' };
  if (!SUPPRESSION_REASON_RULE.pattern.test(reason)) {
    return { id, reason, problem: `has the reason ${JSON.stringify(reason)}, shorter than ${MIN_REASON_LENGTH} characters` };
  }
  return { id, reason };
}

/**
 * Suppressions with trimmed reasons, without duplicates, sorted by id then reason, so the
 * same suppressions in any order or repetition give the same template.
 */
export function uniqueSuppressions(suppressions: readonly Suppression[]): Suppression[] {
  const byKey = new Map<string, Suppression>();
  for (const { id, reason } of suppressions) {
    const trimmed = reason.trim();
    byKey.set(`${id}\n${trimmed}`, { id, reason: trimmed });
  }
  return [...byKey.values()].sort((a, b) => compareText(a.id, b.id) || compareText(a.reason, b.reason));
}
