/**
 * A refused input. The message always says where (construct path or file:line:column),
 * which field, the value, the rule it breaks and, when there is one, what to do instead.
 */
export class GrantValidationError extends Error {
  constructor(
    public readonly where: string,
    public readonly field: string,
    public readonly value: unknown,
    public readonly rule: string,
    public readonly hint?: string,
  ) {
    super(`${where}: ${field} ${showValue(value)} ${rule}${hint ? ` (${hint})` : ''}`);
    this.name = 'GrantValidationError';
  }
}

function showValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}
