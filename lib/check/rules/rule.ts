/**
 * What every checker rule shares: finding types, the rule shapes, and a read of a policy
 * document that tolerates anything (rules report problems; they never throw).
 *
 * Finding classes are the four that RAM's own policy check uses:
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check
 */
import { parseArn } from '../../model/arn';
import { Limits } from '../../model/limits';
import { isUnresolved } from '../../model/token';
import { TemplateAccess } from '../../template/template';

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
 * A rule that needs the whole template. `findings` rules run with the document rules and can be
 * suppressed; `suppressions` rules judge the suppressions themselves, after they were applied.
 */
export interface TemplateRule extends RuleInfo {
  readonly scope: 'template';
  readonly phase: 'findings' | 'suppressions';
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
  readonly access: TemplateAccess;
  readonly limits: Limits;
  readonly suppressions: readonly SuppressionRecord[];
}

/** A statement as the rules see it; every field is read defensively from `raw`. */
export interface StatementView {
  readonly index: number;
  readonly raw: { readonly [key: string]: unknown };
  /** `Action` or `NotAction` when exactly one of them is present. */
  readonly actionKey?: 'Action' | 'NotAction';
  /** The resolved string entries of `actionKey`. */
  readonly actions: readonly string[];
  /** False when some entry of `actionKey` is unresolved or not a string. */
  readonly actionsComplete: boolean;
  /** The resolved string entries of `Resource`. */
  readonly resources: readonly string[];
  readonly resourcesComplete: boolean;
}

export interface DocumentContext {
  readonly policyName: string;
  /** True when the whole document is only known at deployment (an intrinsic function, a token). */
  readonly unresolved: boolean;
  /** The document object, after parsing when it was given as JSON text; undefined when it is not an object. */
  readonly document?: { readonly [key: string]: unknown };
  /** Why the input is not a document object; undefined when `document` is set. */
  readonly problem?: string;
  /** The statements that are objects, with their positions in the `Statement` list. */
  readonly statements: readonly StatementView[];
  readonly limits: Limits;
}

/**
 * A value a template fills in only at deployment: `{"Ref": ...}`, `{"Fn::...": ...}`, or a
 * string that still carries a ROS CDK token. Checks skip such values.
 */
export function isUnresolvedValue(value: unknown): boolean {
  if (typeof value === 'string') return isUnresolved(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

export function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An element that RAM accepts as one string or a list, split into what can and cannot be checked. */
export interface Entries {
  readonly strings: readonly string[];
  readonly unresolved: number;
  /** Entries that are neither strings nor unresolved values. */
  readonly invalid: readonly unknown[];
  /** True when the element is a list (possibly empty) or a single entry; false when it is something else. */
  readonly wellFormed: boolean;
  /** Number of entries (1 for a single value). */
  readonly count: number;
}

export function readEntries(value: unknown): Entries {
  if (isUnresolvedValue(value) && typeof value !== 'string') {
    return { strings: [], unresolved: 1, invalid: [], wellFormed: true, count: 1 };
  }
  const list = Array.isArray(value) ? value : [value];
  const strings: string[] = [];
  const invalid: unknown[] = [];
  let unresolved = 0;
  for (const entry of list) {
    if (isUnresolvedValue(entry)) unresolved++;
    else if (typeof entry === 'string') strings.push(entry);
    else invalid.push(entry);
  }
  return { strings, unresolved, invalid, wellFormed: Array.isArray(value) || typeof value === 'string', count: list.length };
}

/** Reads any input as a policy document. A JSON string is parsed first, as RAM's API takes text. */
export function readDocument(input: unknown, policyName: string, limits: Limits): DocumentContext {
  if (isUnresolvedValue(input)) return { policyName, unresolved: true, statements: [], limits };
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      return { policyName, unresolved: false, problem: `is not valid JSON (${(e as Error).message})`, statements: [], limits };
    }
  }
  if (!isObject(value)) {
    if (value === undefined) return { policyName, unresolved: false, problem: 'is missing', statements: [], limits };
    const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return { policyName, unresolved: false, problem: `is ${what}, not a JSON object`, statements: [], limits };
  }
  const list = value.Statement;
  const statements: StatementView[] = [];
  if (Array.isArray(list)) {
    list.forEach((raw, index) => {
      if (isObject(raw) && !isUnresolvedValue(raw)) statements.push(readStatement(raw, index));
    });
  }
  return { policyName, unresolved: false, document: value, statements, limits };
}

function readStatement(raw: { readonly [key: string]: unknown }, index: number): StatementView {
  const hasAction = raw.Action !== undefined;
  const hasNotAction = raw.NotAction !== undefined;
  const actionKey = hasAction === hasNotAction ? undefined : hasAction ? 'Action' : 'NotAction';
  const actions = actionKey ? readEntries(raw[actionKey]) : undefined;
  const resources = raw.Resource === undefined ? undefined : readEntries(raw.Resource);
  return {
    index,
    raw,
    actionKey,
    actions: actions?.strings ?? [],
    actionsComplete: actions !== undefined && actions.unresolved === 0 && actions.invalid.length === 0,
    resources: resources?.strings ?? [],
    resourcesComplete: resources !== undefined && resources.unresolved === 0 && resources.invalid.length === 0,
  };
}

/** Whether a statement is `Allow` (exactly, as RAM spells it). */
export function isAllow(statement: StatementView): boolean {
  return statement.raw.Effect === 'Allow';
}

/** The Container Registry resource path of an `acs:cr:` ARN (everything after the fourth colon). */
export function crResourcePath(arn: string): string | undefined {
  const parsed = parseArn(arn);
  return parsed && parsed.service.toLowerCase() === 'cr' ? parsed.resource : undefined;
}

/** A CR resource of a statement, with its path split into type and segments where it has them. */
export interface CrResource {
  readonly statement: StatementView;
  readonly resource: string;
  readonly path: string;
  readonly split?: { readonly type: string; readonly segments: readonly string[] };
}

/** Every `acs:cr:` resource of a document, in statement order: what the CR ARN rules inspect. */
export function crResourcesOf(doc: DocumentContext): CrResource[] {
  const out: CrResource[] = [];
  for (const statement of doc.statements) {
    for (const resource of statement.resources) {
      const path = crResourcePath(resource);
      if (path !== undefined) out.push({ statement, resource, path, split: crSegments(path) });
    }
  }
  return out;
}

/**
 * The segments after `repository/`, `chart/` or `instance/` of a CR resource path: the first is
 * where the Enterprise Edition instance id belongs, the second the namespace.
 */
export function crSegments(path: string): { readonly type: string; readonly segments: readonly string[] } | undefined {
  const slash = path.indexOf('/');
  if (slash < 0) return undefined;
  const type = path.slice(0, slash);
  if (type !== 'repository' && type !== 'chart' && type !== 'instance') return undefined;
  return { type, segments: path.slice(slash + 1).split('/') };
}

/** The literal text before the first `*` of a pattern. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern : pattern.slice(0, star);
}

/** Compact JSON for messages and finding ids. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
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
