/**
 * The RAM policy language as data.
 *
 * Grammar: https://www.alibabacloud.com/help/en/ram/user-guide/policy-structure-and-syntax
 * (Version "1"; a statement has Effect, exactly one of Action / NotAction,
 * Resource, optional Condition; there is no NotResource).
 */

/** `Allow` or `Deny`, as RAM spells them. */
export type PolicyEffect = 'Allow' | 'Deny';

/** One statement as it appears in a document (single strings allowed, as RAM accepts). */
export interface PolicyStatement {
  readonly Effect: PolicyEffect;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: { [operator: string]: { [key: string]: unknown } };
}

/** A RAM policy document. */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: PolicyStatement[];
}

/** A document with the name of the policy that carries it, as evaluators and reviewers see it. */
export interface NamedPolicy {
  readonly policyName: string;
  readonly document: PolicyDocument;
}

/** The only policy language version RAM accepts. */
export const POLICY_VERSION = '1';

/** A value that RAM accepts as one string or a list, as a list. */
export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The size RAM checks against its document limit: the compact JSON text, in characters.
 * RAM counts the characters of the document as stored; we store the compact form
 * (no insignificant white space), so that is what is measured.
 */
export function documentSize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}
