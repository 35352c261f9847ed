/**
 * Reports that CI systems read: what `check` and `diff` found (and invariant violations), as
 * one list of results, each with a rule, a class, what CI should do about it and where it is in
 * the files under review. ./report-json.ts writes it as the versioned JSON report, ./sarif.ts as
 * SARIF 2.1.0.
 */
import { AccessChange, ChangeKind, RESOURCE_CASE, TemplateComparison, diffExitCode } from '../analysis/diff';
import { InvariantViolation } from '../analysis/invariants';
import { StatementOrigin } from '../analysis/statements';
import { Finding, FindingClass, compareFindings, exitCodeFor, oneLine } from '../check/engine';
import { FINDING_CLASS_LABELS } from '../check/format';
import { CHECK_RULES } from '../check/registry';
import { DOCS } from '../check/rule';
import { compareText } from '../model/principal';
import { trustedRoleOf } from '../template/principals';
import { QuestionMark, principalStarWords } from '../model/wildcard';
import { Locator, ReportSubject, SourceLocation } from './locate';

/**
 * The class of a result: the checker's four (RAM's policy check classes), an invariant
 * violation, and the two kinds of access change `diff` reports.
 */
export type ResultClass = FindingClass | 'InvariantViolation' | 'Widening' | 'Narrowing';

/** How each class is written for people. */
export const RESULT_CLASS_LABELS: { readonly [c in ResultClass]: string } = {
  ...FINDING_CLASS_LABELS,
  InvariantViolation: 'Invariant violation',
  Widening: 'Widening',
  Narrowing: 'Narrowing',
};

/**
 * What a CI job does with a result: `fail` the job (an Error, an unsuppressed Security warning,
 * an invariant violation), fail it unless a person `approve`s (a widening, or one that cannot be
 * ruled out), or nothing (`none`).
 */
export type Gate = 'fail' | 'approve' | 'none';

export interface ReportRule {
  /** `CRG-S001`, `CRG-D001`, `CRG-INV`. */
  readonly id: string;
  /** Kebab-case name. */
  readonly name: string;
  readonly resultClass: ResultClass;
  /** What it catches, one sentence. */
  readonly description: string;
  /** How to fix it, one sentence. */
  readonly help: string;
  /** The documentation the rule rests on. */
  readonly helpUri: string;
}

/** A witness request: an action on a resource. */
export interface ReportRequest {
  readonly action: string;
  readonly resource: string;
}

export interface ReportResult {
  readonly ruleId: string;
  readonly resultClass: ResultClass;
  /** The rule id and what exactly is at fault (`CRG-S001[cr:*]`); suppressions may name it. */
  readonly id: string;
  /** One line. */
  readonly message: string;
  readonly gate: Gate;
  /** Set when a suppression with a reason covers the result. */
  readonly suppressedBecause?: string;
  /** What the result is about, in template terms. */
  readonly subject: ReportSubject;
  /** The request that shows an access change or an invariant violation. */
  readonly request?: ReportRequest;
  /** For a change in who may assume a role: the role and the caller (the request's resource). */
  readonly trust?: { readonly role: string; readonly caller: string };
  /** Where it is in the files under review; the first is the main one. */
  readonly locations: readonly SourceLocation[];
  /** Other places that explain it: the invariant broken, the statement a change undid. */
  readonly relatedLocations: readonly SourceLocation[];
}

export interface Report {
  readonly command: 'check' | 'diff';
  /** The files reviewed, as given. */
  readonly inputs: readonly string[];
  /** The rules the command can report, sorted by id. */
  readonly rules: readonly ReportRule[];
  /** Most serious first. */
  readonly results: readonly ReportResult[];
  /** The command's exit code for these results. */
  readonly exitCode: number;
}

/** Rule of an invariant violation, for `check --invariants` and invariants in grants files. */
export const INVARIANT_RULE: ReportRule = {
  id: 'CRG-INV',
  name: 'invariant-violation',
  resultClass: 'InvariantViolation',
  description: 'A request that an invariant says must never be allowed is allowed to a principal the invariant does not except.',
  help: 'Remove or narrow the statement that allows the request, add a Deny, or change the invariant if the access is intended.',
  helpUri: DOCS.syntax,
};

/** Rules of `diff`'s results. */
export const DIFF_RULES: readonly ReportRule[] = [
  {
    id: 'CRG-D001',
    name: 'access-widened',
    resultClass: 'Widening',
    description: 'The new version allows a principal a request the old version does not.',
    help: 'Have the widening reviewed and approved, or narrow the statement that allows the request.',
    helpUri: DOCS.syntax,
  },
  {
    id: 'CRG-D002',
    name: 'no-new-access-unproven',
    resultClass: 'Widening',
    description: 'The new version may allow a request the old one does not: it depends on what the template does not fix (a parameter, an unknown policy), or the search could not decide within its budget.',
    help: 'Give the parameter a value (--parameters Name=value) or a constraint, define the policy in the template, or review and approve the change as a widening.',
    helpUri: DOCS.syntax,
  },
  {
    id: 'CRG-D003',
    name: 'access-narrowed',
    resultClass: 'Narrowing',
    description: 'The old version allows a principal a request the new version does not.',
    help: 'Make sure nobody still needs the access; nothing to do when the narrowing is intended.',
    helpUri: DOCS.syntax,
  },
];

/** The checker's rules as report rules. */
export function checkRules(): ReportRule[] {
  return CHECK_RULES.map((r) => ({ id: r.id, name: r.name, resultClass: r.findingClass, description: r.catches, help: r.fix, helpUri: r.docs }));
}

const CLASS_RANK: readonly ResultClass[] = ['InvariantViolation', 'Error', 'SecurityWarning', 'Widening', 'Warning', 'Suggestion', 'Narrowing'];

/** Most serious first, then what CI must act on, then by place and id: an order that does not depend on the input order. */
export function compareResults(a: ReportResult, b: ReportResult): number {
  const gate = (r: ReportResult) => ['fail', 'approve', 'none'].indexOf(r.gate);
  const first = (r: ReportResult) => r.locations[0];
  return CLASS_RANK.indexOf(a.resultClass) - CLASS_RANK.indexOf(b.resultClass)
    || gate(a) - gate(b)
    || Number(a.suppressedBecause !== undefined) - Number(b.suppressedBecause !== undefined)
    || compareText(first(a)?.file ?? '', first(b)?.file ?? '')
    || (first(a)?.line ?? 0) - (first(b)?.line ?? 0)
    || compareText(a.id, b.id)
    || compareText(a.message, b.message);
}

function sorted(rules: readonly ReportRule[]): ReportRule[] {
  return [...rules].sort((a, b) => compareText(a.id, b.id));
}

/** What `check` found in one file, located in it. */
export function checkReport(file: string, findings: readonly Finding[], locator: Locator,
  invariants: readonly ReportResult[] = []): Report {
  const results = [...findings].sort(compareFindings).map((f) => checkResult(f, locator));
  const all = [...results, ...invariants].sort(compareResults);
  return {
    command: 'check',
    inputs: [file],
    rules: sorted([...checkRules(), INVARIANT_RULE]),
    results: all,
    exitCode: Math.max(exitCodeFor(findings), invariants.some((r) => r.gate === 'fail') ? 1 : 0),
  };
}

function checkResult(f: Finding, locator: Locator): ReportResult {
  const failing = f.findingClass === 'Error' || (f.findingClass === 'SecurityWarning' && f.suppressedBecause === undefined);
  const subject: ReportSubject = {
    ...(f.policyName !== '' ? { policyName: f.policyName } : {}),
    ...(f.statementIndex !== undefined ? { statementIndex: f.statementIndex } : {}),
    ...(f.principal !== undefined ? { principal: f.principal } : {}),
    ...(f.logicalId !== undefined ? { logicalId: f.logicalId } : {}),
  };
  return {
    ruleId: f.ruleId,
    resultClass: f.findingClass,
    id: oneLine(f.findingId),
    message: oneLine(f.message),
    gate: failing ? 'fail' : 'none',
    ...(f.suppressedBecause !== undefined ? { suppressedBecause: oneLine(f.suppressedBecause) } : {}),
    subject,
    locations: locator.locate(subject),
    relatedLocations: [],
  };
}

/** What `diff` found between OLD and NEW: widenings located in NEW, narrowings where the access was (OLD). */
export function diffReport(files: { readonly old: string; readonly new: string }, comparison: TemplateComparison,
  locators: { readonly old: Locator; readonly new: Locator }): Report {
  const results: ReportResult[] = comparison.changes.map((c) => changeResult(c, locators));
  for (const u of comparison.undecided) {
    const subject = { principal: u.principal };
    results.push({
      ruleId: 'CRG-D002',
      resultClass: 'Widening',
      id: `CRG-D002[${u.principal}]`,
      message: `Cannot prove no new access for ${u.principal}: ${oneLine(u.reason)}; read as widened.`,
      gate: 'approve',
      subject,
      locations: locators.new.locate(subject),
      relatedLocations: [],
    });
  }
  return {
    command: 'diff',
    inputs: [files.old, files.new],
    rules: sorted(DIFF_RULES),
    results: results.sort(compareResults),
    exitCode: diffExitCode(comparison),
  };
}

function subjectOf(origin: StatementOrigin, principal: string): ReportSubject {
  return { policyName: origin.policyName, ...(origin.statementIndex !== undefined ? { statementIndex: origin.statementIndex } : {}), principal };
}

function originWords(origin: StatementOrigin): string {
  const role = trustedRoleOf(origin.policyName);
  const policy = role !== undefined ? `the trust policy of ${role}` : `policy ${origin.policyName}`;
  const where = origin.statementIndex === undefined ? policy : `statement ${origin.statementIndex} of ${policy}`;
  return origin.reading ? `${where} (${origin.reading})` : where;
}

function changeResult(c: AccessChange, locators: { readonly old: Locator; readonly new: Locator }): ReportResult {
  const widened = c.kind === ChangeKind.WIDENED;
  const ruleId = widened ? (c.unproven ? 'CRG-D002' : 'CRG-D001') : 'CRG-D003';
  const request = c.trust ? `${c.request.resource} may assume ${c.principal} (${c.request.action})` : `${c.request.action} on ${c.request.resource} for ${c.principal}`;
  const [allowed, allows] = c.trust ? ['trusted', 'trusts'] : ['allowed', 'allows'];
  const head = widened ? (c.unproven ? `May now be ${allowed} (cannot prove no new access): ${request}` : `Now ${allowed}: ${request}`)
    : `No longer ${allowed}: ${request}`;
  const before = c.deniedBy ? `${widened ? 'was' : 'now'} denied by ${originWords(c.deniedBy)}`
    : widened ? `no statement ${allowed} it before` : `no statement ${allows} it now`;
  const notes = [
    ...(c.unproven ? [c.unproven] : []),
    ...(c.questionMark ? [`only if RAM reads ? as ${c.questionMark === QuestionMark.ONE_CHARACTER ? 'a one-character wildcard' : 'an ordinary character'}`] : []),
    ...(c.principalStar ? [`only if RAM reads * inside a Principal entry as ${principalStarWords(c.principalStar)}`] : []),
    ...(c.ignoringResourceCase ? [RESOURCE_CASE] : []),
  ];
  const message = `${head} (${widened ? 'allowed' : 'was allowed'} by ${originWords(c.allowedBy)}; ${before})${notes.map((n) => `; ${n}`).join('')}.`;
  // The allowing statement is in NEW for a widening and in OLD for a narrowing; a Deny, in the other.
  const [allowing, other] = widened ? [locators.new, locators.old] : [locators.old, locators.new];
  return {
    ruleId,
    resultClass: widened ? 'Widening' : 'Narrowing',
    id: c.trust ? `${ruleId}[${c.principal} ${c.request.action} by ${c.request.resource}]` : `${ruleId}[${c.principal} ${c.request.action} on ${c.request.resource}]`,
    message: oneLine(message),
    gate: widened ? 'approve' : 'none',
    subject: subjectOf(c.allowedBy, c.principal),
    request: { action: c.request.action, resource: c.request.resource },
    ...(c.trust ? { trust: { role: c.principal, caller: c.request.resource } } : {}),
    locations: allowing.locate(subjectOf(c.allowedBy, c.principal)),
    relatedLocations: c.deniedBy ? other.locate(subjectOf(c.deniedBy, c.principal)) : [],
  };
}

/**
 * Invariant violations as report results (rule CRG-INV, class InvariantViolation, gate fail),
 * located at the statement that allows the request, with the invariant as a related location;
 * `checkReport` takes them beside the checker's findings.
 */
export function invariantResults(violations: readonly InvariantViolation[], locator: Locator): ReportResult[] {
  return violations.map((v) => {
    const subject = v.allowedBy ? subjectOf(v.allowedBy, v.principal) : { principal: v.principal };
    const request = v.request ? `${v.request.action} on ${v.request.resource} for ${v.principal}` : `a forbidden request for ${v.principal}`;
    const allowed = v.allowedBy ? ` is allowed by ${originWords(v.allowedBy)}` : ' may be allowed';
    const message = `Invariant violated: ${v.invariant}, but ${request}${allowed}`
      + `${v.unproven ? ` (cannot be ruled out: ${v.unproven})` : ''}.`;
    return {
      ruleId: INVARIANT_RULE.id,
      resultClass: 'InvariantViolation' as const,
      id: `${INVARIANT_RULE.id}[invariants[${v.invariantIndex}] ${v.principal}${v.request ? ` ${v.request.action} on ${v.request.resource}` : ''}]`,
      message: oneLine(message),
      gate: 'fail' as const,
      subject,
      ...(v.request ? { request: { ...v.request } } : {}),
      locations: locator.locate(subject),
      relatedLocations: invariantLocation(v.where),
    };
  }).sort(compareResults);
}

/** Where an invariant is written, when `where` is a file position (`file:line:column`) rather than a construct path. */
function invariantLocation(where: string): SourceLocation[] {
  const at = /^(.*):(\d+):(\d+)$/.exec(where);
  return at ? [{ file: at[1], line: Number(at[2]), column: Number(at[3]), exact: true }] : [];
}
