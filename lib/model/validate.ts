/**
 * Checking one value against its field rule: the one place a value is refused for its form, so
 * constructs, grants files and the model refuse the same values with the same words.
 */
import { GrantValidationError, constructPath } from './errors';
import type { FieldRule } from './field-rules';
import { isUnresolved, literalFragments } from './token';

/** Text that may stand beside a token: it can neither widen nor split an ARN. */
const SAFE_FRAGMENT = /^[A-Za-z0-9._-]+$/;

/** Refuses a value that breaks `rule`; unresolved tokens are left to ROS. */
export function checkField(where: string, rule: FieldRule, value: unknown, field: string = rule.field): void {
  if (typeof value !== 'string') {
    throw new GrantValidationError(where, field, value, 'must be a string', notTextHint(value, rule));
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

/** What to write instead of a value that is not text. */
function notTextHint(value: unknown, rule: FieldRule): string {
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    return `write it in quotes: "${value}"`;
  }
  if (typeof value === 'number') {
    // Beyond 2^53 JavaScript rounds: 1234567890123456789 is read as 1234567890123456800.
    return `write it in quotes, copied from where it is shown; as a number it may already have lost digits`;
  }
  if (constructPath(value) !== undefined) {
    return 'a construct is not a name: pass a ram.User, ram.Group or ram.Role as grantees: [Grantee.fromPrincipal(construct)], or write the name as text';
  }
  return `for example ${JSON.stringify(rule.example)}`;
}
