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
import { compareText, principalLabel } from '../model/principal';
import { inlinePolicyName, readTemplate, TemplateAccess, TemplatePolicy } from '../template/template';
import { isObject, isUnresolvedValue, readDocument } from './document';
import { CLASS_ORDER, DOCUMENT_RULES, TEMPLATE_RULES } from './registry';
import { Finding, RuleHit, RuleInfo } from './rule';
import { applySuppressions, readSuppressionRecords } from './suppressions';

export { Finding, FindingClass, RuleInfo } from './rule';

/**
 * Checks one policy document (an object, or its JSON text) with the document rules. A document
 * that is only known at deployment (an intrinsic function, a ROS CDK token) cannot be judged, and
 * CRG-S005 says so.
 */
export function checkPolicyDocument(document: unknown, policyName: string, limits: Limits = DEFAULT_LIMITS): Finding[] {
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
  // A template that cannot be read as resources is reported alone: anything more would be a guess.
  const unread = { template, access: { policies: [], attachments: [] }, limits, suppressions: [] };
  const unreadable = TEMPLATE_RULES.filter((r) => r.phase === 'shape')
    .flatMap((rule) => rule.check(unread).map((hit) => toFinding(rule, hit, { policyName: hit.policyName })));
  if (unreadable.length > 0) return sortFindings(unreadable);

  const access = readTemplate(template);
  const suppressions = readSuppressionRecords(template, access.policies);
  const pending: { finding: Finding; from: readonly string[] }[] = [];

  for (const policy of [...access.policies, ...inlinePolicyListsKnownAtDeployment(template, access)]) {
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

const IDENTITY_NAME_KEYS: { readonly [type: string]: string } = {
  'ALIYUN::RAM::User': 'UserName',
  'ALIYUN::RAM::Group': 'GroupName',
  'ALIYUN::RAM::Role': 'RoleName',
};

/**
 * A user's, group's or role's `Policies` given whole by an intrinsic function or parameter: its
 * inline policies are only known at deployment, so the list is checked as a document of its own
 * (CRG-S005 reports it) instead of being skipped as no policies at all.
 */
function inlinePolicyListsKnownAtDeployment(template: any, access: TemplateAccess): TemplatePolicy[] {
  const resources: { [id: string]: any } = template?.Resources ?? {};
  const out: TemplatePolicy[] = [];
  for (const logicalId of Object.keys(resources).sort(compareText)) {
    const resource = resources[logicalId];
    const nameKey = IDENTITY_NAME_KEYS[resource?.Type];
    const list = isObject(resource?.Properties) ? resource.Properties.Policies : undefined;
    if (nameKey === undefined || !isUnresolvedValue(list)) continue;
    const attached = access.attachments.find((a) => a.logicalId === logicalId);
    const rawName = resource.Properties[nameKey];
    const label = attached !== undefined ? principalLabel(attached.principal)
      : `${resource.Type.split('::')[2].toLowerCase()}:${typeof rawName === 'string' ? rawName : logicalId}`;
    out.push({ logicalId, policyName: inlinePolicyName('Policies', label), document: list });
  }
  return out;
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
