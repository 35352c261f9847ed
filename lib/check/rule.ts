/**
 * What every checker rule shares: finding types, the rule shapes, words for messages and the
 * documents rules cite. Rules read documents through ./document.ts.
 *
 * Finding classes are the four that RAM's own policy check uses:
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check
 */
import { Limits } from '../model/limits';
import { TemplateContents } from '../template/template';
import { displayValue } from '../template/values';
import { DocumentContext } from './document';

/** How serious a finding is, in RAM's words: Error, Security warning, Warning, Suggestion. */
export type FindingClass = 'Error' | 'SecurityWarning' | 'Warning' | 'Suggestion';

/** One problem found in a policy document or a template. */
export interface Finding {
  /** The rule that found it, e.g. `CRG-S001`. */
  readonly ruleId: string;
  readonly findingClass: FindingClass;
  /** The policy the finding is about; empty for a finding about a principal (see `principal`). */
  readonly policyName: string;
  /** The position of the statement in the document's `Statement` list (from 0), when one statement is at fault. */
  readonly statementIndex?: number;
  /** The rule id and what exactly is at fault, e.g. `CRG-S001[cr:*]`; suppressions may name it. */
  readonly findingId: string;
  /** What is wrong, then `Hint:` and how to fix it. One line. */
  readonly message: string;
  /** Set when a suppression with a reason covers the finding. */
  readonly suppressedBecause?: string;
  /** For findings about a principal rather than a policy: `user:alice`, `group:dev`, `role:ci`. */
  readonly principal?: string;
  /** The template resource at fault, when the finding comes from a template. */
  readonly logicalId?: string;
}

/** What a rule is, for reports and the README. */
export interface RuleInfo {
  readonly id: string;
  /** Short kebab-case name, the same as the rule's file name. */
  readonly name: string;
  readonly findingClass: FindingClass;
  /** What the rule catches, one sentence. */
  readonly catches: string;
  /** How to fix it, one sentence. */
  readonly fix: string;
  /** The documentation the rule is based on. */
  readonly docs: string;
}

/** One thing a rule found; the checker turns it into a {@link Finding}. */
export interface RuleHit {
  readonly statementIndex?: number;
  /** What is at fault (an action, an ARN, an element name); becomes `<ruleId>[<target>]`. */
  readonly target?: string;
  readonly message: string;
  readonly hint: string;
}

/** A rule that judges one policy document on its own. */
export interface DocumentRule extends RuleInfo {
  readonly scope: 'document';
  check(document: DocumentContext): RuleHit[];
}

/** A hit of a template rule: which policy or principal, and which resources may suppress it. */
export interface TemplateHit extends RuleHit {
  readonly policyName: string;
  readonly principal?: string;
  readonly logicalId?: string;
  /** Logical ids whose suppressions apply to this hit; empty for hits that cannot be suppressed. */
  readonly suppressibleFrom: readonly string[];
}

/**
 * A rule that needs the whole template. `shape` rules run first, on the template alone: when one
 * finds the template unreadable, its findings are the only ones. `findings` rules run with the
 * document rules and can be suppressed; `suppressions` rules judge the suppressions themselves,
 * after they were applied.
 */
export interface TemplateRule extends RuleInfo {
  readonly scope: 'template';
  readonly phase: 'shape' | 'findings' | 'suppressions';
  /**
   * Set on rules about the account (policy names, policies per principal): over a cloud
   * assembly they judge every stack together, once, instead of each stack on its own.
   */
  readonly accountWide?: boolean;
  check(template: TemplateContext): TemplateHit[];
}

export type Rule = DocumentRule | TemplateRule;

/** One entry of a resource's suppression list, as the template holds it. */
export interface SuppressionRecord {
  readonly logicalId: string;
  /** The policy name when the resource is a managed policy. */
  readonly policyName?: string;
  /** Position in the resource's suppression list (from 0). */
  readonly position: number;
  readonly id?: string;
  readonly reason?: string;
  /** Why the entry cannot be used; undefined for a usable entry. */
  readonly problem?: string;
  /** Whether a finding was suppressed by this entry. */
  used: boolean;
}

export interface TemplateContext {
  readonly template: any;
  /** What the template reader read, the template's own resources only. */
  readonly access: TemplateContents;
  readonly limits: Limits;
  readonly suppressions: readonly SuppressionRecord[];
  /** What the context covers, as messages name it. @default "this template" */
  readonly covers?: string;
}

/** Compact JSON for messages and finding ids; a value with holes as text (`repository/cri-1/${Namespace}`). */
export function show(value: unknown): string {
  const shown = displayValue(value);
  if (typeof shown === 'string') return shown;
  const text = JSON.stringify(shown);
  return text === undefined ? String(value) : text;
}

/** A short list of values for a message. */
export function listText(values: readonly string[], max = 3): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** The documents the rules cite. */
export const DOCS = {
  /** Policy grammar: Version, Statement, Effect, Action / NotAction, Resource, Condition. */
  syntax: 'https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax',
  /** RAM's own policy check: its error, security warning, warning and suggestion classes. */
  policyCheck: 'https://www.alibabacloud.com/help/en/ram/permission-policy-check',
  /** RAM quotas: document size, policies per principal. */
  limits: 'https://www.alibabacloud.com/help/en/ram/product-overview/limits',
  /** Container Registry ARN formats and the resource each action is authorized on. */
  crAuthorization: 'https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information',
  /** Namespace naming in Container Registry Enterprise Edition. */
  crNamespaces: 'https://www.alibabacloud.com/help/en/acr/user-guide/manage-namespaces',
  /** Container Registry's system policies: AliyunContainerRegistryFullAccess and the read-only one. */
  crSystemPolicies: 'https://www.alibabacloud.com/help/en/acr/user-guide/grant-ram-user-system-policy',
  /** RAM write permissions (`ram:Create*`, `ram:Update*`, ...) as a high-severity risk. */
  ramHighRisk: 'https://www.alibabacloud.com/help/en/ram/avoid-granting-high-risk-ram-permissions-to-too-many-ram-identities',
  /** Policy names: CreatePolicy. */
  createPolicy: 'https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createpolicy',
} as const;
