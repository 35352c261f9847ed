/**
 * Checking one value against its field rule: the one place a value is refused for its form, so
 * constructs, grants files and the model refuse the same values with the same words.
 */
import { GrantValidationError } from './errors';
import type { FieldRule } from './field-rules';
import { isUnresolved, literalFragments } from './token';

/** Text that may stand beside a token: it can neither widen nor split an ARN. */
const SAFE_FRAGMENT = /^[A-Za-z0-9._-]+$/;

/** Refuses a value that breaks `rule`; unresolved tokens are left to ROS. */
export function checkField(where: string, rule: FieldRule, value: unknown, field: string = rule.field): void {
  if (typeof value !== 'string') {
    throw new GrantValidationError(where, field, value, 'must be a string');
  }
  if (isUnresolved(value)) {
    if (rule.prose) return;
    // The token's value is ROS's to check; text written around it is ours.
    const unsafe = literalFragments(value).find((fragment) => !SAFE_FRAGMENT.test(fragment));
    if (unsafe !== undefined) {
      throw new GrantValidationError(where, field, value, `has the text ${JSON.stringify(unsafe)} beside a token, and only letters, digits, ".", "_" and "-" may stand there`,
        'pass the whole value as the token, or write it out');
    }
    return;
  }
  if (!rule.pattern.test(value)) {
    throw new GrantValidationError(where, field, value, rule.rule, `for example ${JSON.stringify(rule.example)}`);
  }
}

/** Refuses a value that is given but is not a list; a string gets the hint that writes it as one. */
export function checkOptionalList(where: string, field: string, value: unknown, what: string, hint?: string): void {
  if (value !== undefined && !Array.isArray(value)) {
    throw new GrantValidationError(where, field, value, `must be a list of ${what}`,
      typeof value === 'string' ? `write [${JSON.stringify(value)}]` : hint);
  }
}
