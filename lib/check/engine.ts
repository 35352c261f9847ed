/**
 * The policy checker: judges RAM policy documents and ROS templates the way RAM's own policy
 * check does, in its four classes (Error, Security warning, Warning, Suggestion), plus what
 * matters for Container Registry Enterprise Edition grants.
 * https://www.alibabacloud.com/help/en/ram/permission-policy-check
 *
 * The engine runs the rules of ./registry.ts over documents and templates and turns their hits
 * into findings. Findings carry a granular id (`CRG-S001[cr:*]`) so a template can accept one
 * finding without accepting the rule everywhere (see ./suppressions.ts).
 */
import { DEFAULT_LIMITS, Limits } from '../model/limits';
import { compareText } from '../model/principal';
import { StackSet, isStackSet } from '../template/stack-set';
import { readStackSet, readTemplate, TemplateContents } from '../template/template';
import { resolveValue } from '../template/values';
import { readDocument } from './document';
import { ParameterDeclarations } from './parameters';
import { CLASS_ORDER, DOCUMENT_RULES, TEMPLATE_RULES } from './registry';
import { Finding, RuleHit, RuleInfo, TemplateRule } from './rule';
import { applySuppressions, readSuppressionRecords } from './suppressions';

export { Finding, FindingClass, RuleInfo } from './rule';

/** Values for a template's parameters (`--parameters Name=value`); the others may take any value they allow. */
export type ParameterValues = { readonly [name: string]: string };

/**
 * Checks one policy document (an object, or its JSON text) with the document rules, its values
 * resolved as a template resolves them (`Fn::Join` of text is that text, `parameters` give values
 * to `Ref`s). What is only known at deployment (a parameter, a ROS CDK token) cannot be judged,
 * and CRG-S005 says so.
 */
export function checkPolicyDocument(document: unknown, policyName: string, limits: Limits = DEFAULT_LIMITS,
  parameters: ParameterValues = {}): Finding[] {
  const resolved = resolveValue(document, { resources: {}, parameters, declared: new Set() });
  return checkResolvedDocument(resolved, policyName, limits);
}

/** Checks a document whose values the template reader resolved, in a template with these parameter declarations. */
function checkResolvedDocument(document: unknown, policyName: string, limits: Limits, declarations: ParameterDeclarations = {}): Finding[] {
  const context = readDocument(document, policyName, limits, declarations);
  const findings: Finding[] = [];
  for (const rule of DOCUMENT_RULES) {
    for (const hit of rule.check(context)) findings.push(toFinding(rule, hit, { policyName }));
  }
  return sortFindings(dedupe(findings));
}

/** A template with nothing in it. */
const NOTHING: TemplateContents = { policies: [], attachments: [], memberships: [], trusts: [], identityProviders: [], notes: [], unread: [], parameters: {} };

/**
 * Checks a synthesized ROS template, read by the one template reader (lib/template/template.ts)
 * with `parameters` given values: every policy document (managed and inline), the template-wide
 * rules (policies per principal, policy names, system policies), then applies the suppressions
 * recorded in resources' Metadata and judges the suppressions themselves. Nested stacks are
 * not checked here.
 */
export function checkTemplate(template: any, limits: Limits = DEFAULT_LIMITS, parameters: ParameterValues = {}): Finding[] {
  if (isStackSet(template)) return checkStackSet(template, limits, parameters);
  return checkOne(template, limits, parameters, TEMPLATE_RULES);
}

/**
 * Checks the stacks of a cloud assembly as one account: each stack, and each nested stack inside
 * it, with the document and template rules, its findings named `Stack/policy` and
 * `Stack/LogicalId` (`Stack/Nested/...`); then the account-wide rules (policy names unique in the
 * account, policies per principal) once over all of them together. `parameters` give values to
 * parameters of that name in every stack.
 */
function checkStackSet(set: StackSet, limits: Limits, parameters: ParameterValues): Finding[] {
  const perStack = TEMPLATE_RULES.filter((r) => !r.accountWide);
  const templates = set.stacks.flatMap((stack) => withNestedStacks(stack.name, stack.template, parameters));
  const findings = templates.flatMap((t) => checkOne(t.template, limits, t.parameters, perStack).map((f) => ({
    ...f,
    policyName: f.policyName === '' ? '' : `${t.name}/${f.policyName}`,
    ...(f.logicalId === undefined ? {} : { logicalId: `${t.name}/${f.logicalId}` }),
  })));
  // A stack that cannot be read was reported on its own above.
  const { contents, unreadable } = readStackSet(set, parameters);
  const readable = templates.filter((t) => !unreadable.some((u) => t.name === u.stack || t.name.startsWith(`${u.stack}/`)));
  // The account's resources as one template, each under `Stack/LogicalId`, for rules that read resources.
  const template = { Resources: Object.fromEntries(readable.flatMap((t) => Object.entries<unknown>(resourcesOf(t.template))
    .map(([id, resource]) => [`${t.name}/${id}`, resource]))) };
  const context = { template, access: contents, limits, suppressions: [], covers: `the ${templates.length} stacks of ${set.source}` };
  // Account-wide rules find Errors, which no suppression covers.
  for (const rule of TEMPLATE_RULES.filter((r) => r.accountWide)) {
    for (const hit of rule.check(context)) {
      findings.push(toFinding(rule, hit, { policyName: hit.policyName, principal: hit.principal, logicalId: hit.logicalId }));
    }
  }
  return sortFindings(dedupe(findings));
}

/** Bounds the nested stacks checked inside one stack, as the template reader bounds those it reads. */
const MAX_NESTED_STACKS = 50;

/**
 * A stack and every nested stack in it whose `TemplateBody` can be read, named by path; a nested
 * stack gets the literal values its parent passes for its parameters.
 */
function withNestedStacks(name: string, template: unknown, parameters: ParameterValues):
  { name: string; template: unknown; parameters: ParameterValues }[] {
  const out = [{ name, template, parameters }];
  for (let i = 0; i < out.length && out.length <= MAX_NESTED_STACKS; i++) {
    for (const [id, resource] of Object.entries<any>(resourcesOf(out[i].template))) {
      if (resource?.Type !== 'ALIYUN::ROS::Stack') continue;
      let body = resource.Properties?.TemplateBody;
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body);
        } catch {
          continue;
        }
      }
      if (body === null || typeof body !== 'object') continue;
      const given = resource.Properties?.Parameters;
      const passed = Object.fromEntries(Object.entries<unknown>(given !== null && typeof given === 'object' ? given : {})
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      out.push({ name: `${out[i].name}/${id}`, template: body, parameters: passed });
    }
  }
  return out.slice(0, MAX_NESTED_STACKS + 1);
}

function resourcesOf(template: unknown): { [id: string]: unknown } {
  const resources = (template as any)?.Resources;
  return resources !== null && typeof resources === 'object' && !Array.isArray(resources) ? resources : {};
}

function checkOne(template: any, limits: Limits, parameters: ParameterValues, rules: readonly TemplateRule[]): Finding[] {
  // A template that cannot be read as resources is reported alone: anything more would be a guess.
  const unread = { template, access: NOTHING, limits, suppressions: [] };
  const unreadable = rules.filter((r) => r.phase === 'shape')
    .flatMap((rule) => rule.check(unread).map((hit) => toFinding(rule, hit, { policyName: hit.policyName })));
  if (unreadable.length > 0) return sortFindings(unreadable);

  const contents = template?.Resources === undefined ? NOTHING : readTemplate(template, parameters);
  const access: TemplateContents = {
    ...contents,
    policies: contents.policies.filter((p) => p.stack === ''),
    attachments: contents.attachments.filter((a) => a.stack === ''),
  };
  const suppressions = readSuppressionRecords(template, access.policies);
  const pending: { finding: Finding; from: readonly string[] }[] = [];

  for (const policy of access.policies) {
    for (const finding of checkResolvedDocument(policy.document, policy.policyName, limits, access.parameters)) {
      pending.push({ finding: { ...finding, logicalId: policy.logicalId }, from: [policy.logicalId] });
    }
  }
  const context = { template, access, limits, suppressions };
  for (const rule of rules.filter((r) => r.phase === 'findings')) {
    for (const hit of rule.check(context)) {
      pending.push({
        finding: toFinding(rule, hit, { policyName: hit.policyName, principal: hit.principal, logicalId: hit.logicalId }),
        from: hit.suppressibleFrom,
      });
    }
  }

  const findings = pending.map(({ finding, from }) => applySuppressions(finding, from, suppressions));
  for (const rule of rules.filter((r) => r.phase === 'suppressions')) {
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

/** 1 when any Error or any unsuppressed Security warning remains, else 0. */
export function exitCodeFor(findings: readonly Finding[]): number {
  const failing = findings.some((f) => f.findingClass === 'Error'
    || (f.findingClass === 'SecurityWarning' && f.suppressedBecause === undefined));
  return failing ? 1 : 0;
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

/** Text on one line: line breaks and the white space around them become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
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
