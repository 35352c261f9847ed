/**
 * The policy checker: judges RAM policy documents and ROS templates the way RAM's own policy
 * check does, in its four classes (Error, Security warning, Warning, Suggestion), plus what
 * matters for Container Registry Enterprise Edition grants.
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check
 *
 * One rule per file in ./rules. Findings carry a granular id (`CRG-S001[cr:*]`) so a template
 * can accept one finding without accepting the rule everywhere: a resource's Metadata
 * `cr-grants:suppressions` lists `{ "id", "reason" }` entries, and a reason is required.
 * Errors are never suppressed: RAM or ROS refuses what they report.
 */
import { DEFAULT_LIMITS, Limits } from '../model/limits';
import { compareText } from '../model/principal';
import { FieldRule, RULES } from '../model/rules';
import { Suppression, uniqueSuppressions } from '../model/suppressions';
import { actionElement } from './rules/action-element';
import { actionFormat } from './rules/action-format';
import { allowNotAction } from './rules/allow-not-action';
import { arnPrefix } from './rules/arn-prefix';
import { authorizationTokenResource } from './rules/authorization-token-resource';
import { conditionShape } from './rules/condition-shape';
import { crResourceType } from './rules/cr-resource-type';
import { documentShape } from './rules/document-shape';
import { documentSizeRule } from './rules/document-size';
import { eeInstanceSegment } from './rules/ee-instance-segment';
import { effect } from './rules/effect';
import { highRiskSystemPolicy } from './rules/high-risk-system-policy';
import { namespaceName } from './rules/namespace-name';
import { notResource } from './rules/not-resource';
import { policiesPerPrincipal } from './rules/policies-per-principal';
import { policyName as policyNameRule } from './rules/policy-name';
import { redundantStatement } from './rules/redundant-statement';
import { resourceElement } from './rules/resource-element';
import {
  DocumentRule,
  Finding,
  FindingClass,
  isUnresolvedValue,
  readDocument,
  RuleHit,
  RuleInfo,
  SuppressionRecord,
  TemplateRule,
} from './rules/rule';
import { MIN_REASON_LENGTH, readSuppression, SUPPRESSIONS_METADATA_KEY, suppressionReason } from './rules/suppression-reason';
import { unknownElement } from './rules/unknown-element';
import { unusedSuppression } from './rules/unused-suppression';
import { version } from './rules/version';
import { wildcardAction } from './rules/wildcard-action';
import { wildcardWrite } from './rules/wildcard-write';
import { readTemplate } from './template';

export { Finding, FindingClass, RuleInfo } from './rules/rule';
export { MIN_REASON_LENGTH, SUPPRESSIONS_METADATA_KEY } from './rules/suppression-reason';
export { Suppression } from '../model/suppressions';

/** Rules that judge one document on its own. */
export const DOCUMENT_RULES: readonly DocumentRule[] = [
  documentShape, version, unknownElement, effect, actionElement, resourceElement, notResource,
  conditionShape, actionFormat, arnPrefix, crResourceType, documentSizeRule,
  wildcardAction, wildcardWrite, allowNotAction,
  authorizationTokenResource, eeInstanceSegment, namespaceName,
  redundantStatement,
];

/** Rules that need a whole template. */
export const TEMPLATE_RULES: readonly TemplateRule[] = [
  policiesPerPrincipal, policyNameRule, highRiskSystemPolicy, suppressionReason, unusedSuppression,
];

const CLASS_ORDER: readonly FindingClass[] = ['Error', 'SecurityWarning', 'Warning', 'Suggestion'];

/** Every rule, most serious class first, then by id: the order of the README's table. */
export const CHECK_RULES: readonly RuleInfo[] = [...DOCUMENT_RULES, ...TEMPLATE_RULES]
  .map(({ id, name, findingClass, catches, fix, docs }): RuleInfo => ({ id, name, findingClass, catches, fix, docs }))
  .sort((a, b) => CLASS_ORDER.indexOf(a.findingClass) - CLASS_ORDER.indexOf(b.findingClass) || compareText(a.id, b.id));

/** How each class is written for people. */
export const FINDING_CLASS_LABELS: { readonly [c in FindingClass]: string } = {
  Error: 'Error',
  SecurityWarning: 'Security warning',
  Warning: 'Warning',
  Suggestion: 'Suggestion',
};

/**
 * Checks one policy document (an object, or its JSON text) with the document rules. A document
 * that is only known at deployment (an intrinsic function, a ROS CDK token) yields nothing.
 */
export function checkPolicyDocument(document: unknown, policyName: string, limits: Limits = DEFAULT_LIMITS): Finding[] {
  if (isUnresolvedValue(document)) return [];
  const context = readDocument(document, policyName, limits);
  const findings: Finding[] = [];
  for (const rule of DOCUMENT_RULES) {
    for (const hit of rule.check(context)) findings.push(toFinding(rule, hit, { policyName }));
  }
  return sortFindings(dedupe(findings));
}

/**
 * Checks a synthesized ROS template: every `ALIYUN::RAM::ManagedPolicy` document, the
 * template-wide rules (policies per principal, policy names, high-risk system policies), then
 * applies the suppressions recorded in resources' Metadata and judges the suppressions themselves.
 */
export function checkTemplate(template: any, limits: Limits = DEFAULT_LIMITS): Finding[] {
  const access = readTemplate(template);
  const suppressions = readSuppressionRecords(template, access.policies);
  const pending: { finding: Finding; from: readonly string[] }[] = [];

  for (const policy of access.policies) {
    for (const finding of checkPolicyDocument(policy.document, policy.policyName, limits)) {
      pending.push({ finding: { ...finding, logicalId: policy.logicalId }, from: [policy.logicalId] });
    }
  }
  const context = { template, access, limits, suppressions };
  for (const rule of TEMPLATE_RULES.filter((r) => r.phase === 'findings')) {
    for (const hit of rule.check(context)) {
      pending.push({
        finding: toFinding(rule, hit, { policyName: hit.policyName, principal: hit.principal, logicalId: hit.logicalId }),
        from: hit.suppressibleFrom,
      });
    }
  }

  const findings = pending.map(({ finding, from }) => applySuppressions(finding, from, suppressions));
  for (const rule of TEMPLATE_RULES.filter((r) => r.phase === 'suppressions')) {
    for (const hit of rule.check(context)) {
      findings.push(toFinding(rule, hit, { policyName: hit.policyName, principal: hit.principal, logicalId: hit.logicalId }));
    }
  }
  return sortFindings(dedupe(findings));
}

/** Checks several templates (the stacks of an app), each on its own; findings in one sorted list. */
export function checkTemplates(templates: readonly any[], limits: Limits = DEFAULT_LIMITS): Finding[] {
  return sortFindings(templates.flatMap((template) => checkTemplate(template, limits)));
}

/**
 * Findings as text, one per line, most serious first and unsuppressed before suppressed, in an
 * order that does not depend on the input order; a last line counts them. Suppressed findings say so, with their reason.
 */
export function formatFindings(findings: readonly Finding[]): string {
  const lines = sortFindings([...findings]).map((f) => {
    const where = f.principal !== undefined
      ? `principal ${f.principal}`
      : `policy ${f.policyName || '(unnamed)'}${f.statementIndex === undefined ? '' : `, statement ${f.statementIndex}`}`;
    const label = FINDING_CLASS_LABELS[f.findingClass] + (f.suppressedBecause === undefined ? '' : ', suppressed');
    const suffix = f.suppressedBecause === undefined ? '' : ` (suppressed: ${oneLine(f.suppressedBecause)})`;
    return `[${label}] ${oneLine(f.findingId)} ${oneLine(where)}: ${oneLine(f.message)}${suffix}`;
  });
  lines.push(summary(findings));
  return lines.join('\n');
}

/** 1 when any Error or any unsuppressed Security warning remains, else 0. */
export function exitCodeFor(findings: readonly Finding[]): number {
  const failing = findings.some((f) => f.findingClass === 'Error'
    || (f.findingClass === 'SecurityWarning' && f.suppressedBecause === undefined));
  return failing ? 1 : 0;
}

/**
 * The value to store under a resource's `cr-grants:suppressions` Metadata: `existing` (the
 * value already there, if any) plus `suppressions`, without duplicates, sorted. Throws for an
 * unknown id, an Error rule (errors cannot be suppressed) or a reason shorter than
 * {@link MIN_REASON_LENGTH} characters, so a bad suppression never reaches a template.
 */
export function suppressionMetadata(suppressions: readonly Suppression[], existing?: unknown): Suppression[] {
  const previous = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  const accepted: Suppression[] = [];
  for (const entry of [...previous, ...suppressions]) {
    const { id, reason, problem } = readSuppression(entry);
    if (problem !== undefined || id === undefined || reason === undefined) {
      throw new Error(`Suppression ${JSON.stringify(entry)} ${problem}. Hint: write { id: 'CRG-S001', reason: '...' } with a reason of at least ${MIN_REASON_LENGTH} characters.`);
    }
    const rule = ruleOfSuppressionId(id);
    if (!rule) {
      throw new Error(`Suppression id "${id}" names no checker rule. Hint: use one of ${suppressibleRuleIds().join(', ')}.`);
    }
    if (rule.findingClass === 'Error') {
      throw new Error(`Suppression id "${id}" names an Error (${rule.name}); errors cannot be suppressed. Hint: ${rule.fix}`);
    }
    accepted.push({ id, reason });
  }
  return uniqueSuppressions(accepted);
}

/** The rule a suppression id names: `CRG-S001` and `CRG-S001[cr:*]` both name CRG-S001. */
function ruleOfSuppressionId(id: string): RuleInfo | undefined {
  const ruleId = id.replace(/\[.*$/, '');
  return CHECK_RULES.find((r) => r.id === ruleId);
}

/** The ids of the rules whose findings can be suppressed: every class but Error. */
export function suppressibleRuleIds(): string[] {
  return CHECK_RULES.filter((r) => r.findingClass !== 'Error').map((r) => r.id);
}

/**
 * `RULES.suppressionId` narrowed to the rules the checker has, so grants files, their schema (and
 * editors with it) and constructs refuse a misspelt rule with the same words.
 */
export const CHECKER_SUPPRESSION_ID: FieldRule = ((ids: string[]) => ({
  ...RULES.suppressionId,
  pattern: new RegExp(`^(?:${ids.join('|')})(?:\\[.+\\])?$`),
  rule: `must name a rule of the policy checker that is not an Error (${ids.join(', ')}), alone ("CRG-S001") or with a finding ("CRG-S001[cr:*]")`,
}))(suppressibleRuleIds());

/** The checker's rules as a Markdown table: rule id, class, what it catches, fix. */
export function rulesMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| rule | class | what it catches | fix |',
    '| --- | --- | --- | --- |',
    ...CHECK_RULES.map((r) => `| ${r.id} | ${FINDING_CLASS_LABELS[r.findingClass]} | ${cell(r.catches)} | ${cell(r.fix)} |`),
  ].join('\n');
}

/** Most serious first, unsuppressed before suppressed, then by policy, principal, statement and finding id. */
export function compareFindings(a: Finding, b: Finding): number {
  return CLASS_ORDER.indexOf(a.findingClass) - CLASS_ORDER.indexOf(b.findingClass)
    || Number(a.suppressedBecause !== undefined) - Number(b.suppressedBecause !== undefined)
    || compareText(a.policyName, b.policyName)
    || compareText(a.principal ?? '', b.principal ?? '')
    || (a.statementIndex ?? -1) - (b.statementIndex ?? -1)
    || compareText(a.ruleId, b.ruleId)
    || compareText(a.findingId, b.findingId)
    || compareText(a.logicalId ?? '', b.logicalId ?? '')
    || compareText(a.message, b.message)
    || compareText(a.suppressedBecause ?? '', b.suppressedBecause ?? '');
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

function toFinding(
  rule: RuleInfo,
  hit: RuleHit,
  about: { policyName: string; principal?: string; logicalId?: string },
): Finding {
  return {
    ruleId: rule.id,
    findingClass: rule.findingClass,
    policyName: about.policyName,
    ...(hit.statementIndex === undefined ? {} : { statementIndex: hit.statementIndex }),
    findingId: hit.target === undefined ? rule.id : `${rule.id}[${hit.target}]`,
    message: oneLine(`${hit.message} Hint: ${hit.hint}`),
    ...(about.principal === undefined ? {} : { principal: about.principal }),
    ...(about.logicalId === undefined ? {} : { logicalId: about.logicalId }),
  };
}

/** The same finding found twice (e.g. an action listed twice) is reported once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.policyName, f.principal ?? '', f.logicalId ?? '', f.statementIndex ?? '', f.findingId].join('\n');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every suppression entry of every resource, in logical id order. */
function readSuppressionRecords(template: any, policies: readonly { logicalId: string; policyName: string }[]): SuppressionRecord[] {
  const resources: { [id: string]: any } = template?.Resources ?? {};
  const records: SuppressionRecord[] = [];
  for (const logicalId of Object.keys(resources).sort(compareText)) {
    const value = resources[logicalId]?.Metadata?.[SUPPRESSIONS_METADATA_KEY];
    if (value === undefined) continue;
    const policyName = policies.find((p) => p.logicalId === logicalId)?.policyName;
    const base = { logicalId, ...(policyName === undefined ? {} : { policyName }), used: false };
    if (!Array.isArray(value)) {
      records.push({ ...base, position: 0, problem: 'is not a list of {"id": ..., "reason": ...} objects' });
      continue;
    }
    value.forEach((entry, position) => records.push({ ...base, position, ...readSuppression(entry) }));
  }
  return records;
}

/**
 * Marks `finding` suppressed by the first usable entry among the resources in `from` that names
 * its finding id, else its rule id. Every matching entry counts as used.
 */
function applySuppressions(finding: Finding, from: readonly string[], records: readonly SuppressionRecord[]): Finding {
  if (finding.findingClass === 'Error' || from.length === 0) return finding;
  const matching = records.filter((r) => r.problem === undefined && from.includes(r.logicalId)
    && (r.id === finding.findingId || r.id === finding.ruleId));
  if (matching.length === 0) return finding;
  for (const record of matching) record.used = true;
  const chosen = matching.find((r) => r.id === finding.findingId) ?? matching[0];
  return { ...finding, suppressedBecause: chosen.reason!.trim() };
}

function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const count = (c: FindingClass) => findings.filter((f) => f.findingClass === c).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const suppressed = findings.filter((f) => f.suppressedBecause !== undefined).length;
  return `${plural(findings.length, 'finding')}: ${plural(count('Error'), 'error')}, `
    + `${plural(count('SecurityWarning'), 'security warning')}, ${plural(count('Warning'), 'warning')}, `
    + `${plural(count('Suggestion'), 'suggestion')}; ${suppressed} suppressed.`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
