/**
 * The review commands as functions: `Review.summary`, `diff`, `check` and `explain` return, as
 * typed data, what `cr-grants` prints (its `--json` output is written from the same data), so an
 * app's own tests can assert on the access a template grants.
 *
 * Each calls the one implementation of its command (lib/analysis, lib/check); this file only
 * reads inputs and turns results into jsii structs: lists instead of read-only arrays, and
 * statements as JSON text, since a statement as written may hold any JSON.
 */
import * as ros from '@alicloud/ros-cdk-core';
import { AccessMatrix, accessMatrix } from '../analysis/access-matrix';
import { ChangeKind, DIFF_EXIT, TemplateComparison, compareReadings, diffExitCode } from '../analysis/diff';
import { ExplainEffect, ExplainError, Explanation, checkRequest, explainTemplate } from '../analysis/explain';
import { StatementOrigin } from '../analysis/statements';
import { Finding, FindingClass as RuleFindingClass, checkTemplate, exitCodeFor } from '../check/engine';
import { formatFindings } from '../check/format';
import { stackTemplate } from '../constructs/stack-template';
import { NamespaceAccess } from '../model/access';
import { PrincipalStar, QuestionMark } from '../model/wildcard';
import { TemplateReading, TemplateShapeError, readPrincipals } from '../template/principals';
import { InputError, loadTemplate, parseJson } from './input';

/** A template to review. */
export class ReviewTemplate {
  /**
   * A ROS template (top-level `Resources`) or a grants file (top-level `grants`, synthesized
   * with `RegistryAccess` first), in JSON (`.json`) or YAML (`.yaml`, `.yml`); or a cloud
   * assembly (a `cdk.out` directory or its `manifest.json`), whose stacks are reviewed as one
   * account; as `cr-grants` reads FILE.
   */
  public static fromFile(path: string): ReviewTemplate {
    return new ReviewTemplate(loadTemplate(path), path);
  }

  /** A ROS template as JSON text. */
  public static fromJson(json: string): ReviewTemplate {
    const name = 'the JSON text';
    const template = parseJson(json, name);
    if (template === null || typeof template !== 'object' || Array.isArray(template)
      || !Object.prototype.hasOwnProperty.call(template, 'Resources')) {
      throw new InputError(`${name}:1:1`, 'is not a ROS template', 'a ROS template has top-level "Resources"');
    }
    return new ReviewTemplate(template, name);
  }

  /** The template a stack of this app synthesizes, as `PolicyCheck` reads it. */
  public static fromStack(stack: ros.Stack): ReviewTemplate {
    return new ReviewTemplate(stackTemplate(stack), `stack ${stack.node.path}`);
  }

  private constructor(
    /** The parsed template. */
    private readonly template: unknown,
    /** Where it comes from, for messages. */
    private readonly name: string,
  ) {}

  /**
   * The template, refused with where it comes from when its principals cannot be read.
   * @internal
   */
  public _readable(): unknown {
    return readableTemplate(this.template, this.name);
  }

  /**
   * Who holds what in the template, refused with where it comes from when it cannot be read.
   * @internal
   */
  public _reading(parameters: { readonly [name: string]: string }): TemplateReading {
    return readingOf(this.template, this.name, parameters);
  }

  /**
   * The template as it is, for the checker, which reports an unreadable one as a finding.
   * @internal
   */
  public _template(): unknown {
    return this.template;
  }

  /** @internal */
  public _name(): string {
    return this.name;
  }
}

/** A template whose principals can be read, or an input error naming where it comes from. */
export function readableTemplate(template: unknown, name: string): unknown {
  readingOf(template, name);
  return template;
}

/** Who holds what in a template, read once, or an input error naming where it comes from. */
export function readingOf(template: unknown, name: string, parameters: { readonly [name: string]: string } = {}): TemplateReading {
  try {
    return readPrincipals(template, parameters);
  } catch (e) {
    if (e instanceof TemplateShapeError) throw new InputError(name, e.message, e.hint ?? 'a ROS template has an object of resources under Resources');
    throw e;
  }
}

/** Values for a template's parameters. */
export interface ReviewOptions {
  /**
   * Values for the template's parameters, by name; a parameter without one may take any value
   * its constraints allow (its Default is only a default).
   * @default - none
   */
  readonly parameters?: { [name: string]: string };
}

/** One request to explain. */
export interface AccessRequest {
  /** `user:alice`, `group:dev` or `role:ci`. */
  readonly grantee: string;
  /** `service:Action`, e.g. `cr:PushRepository`. */
  readonly action: string;
  /** The resource ARN, e.g. `acs:cr:cn-hangzhou:*:repository/cri-123456/ns/app`. */
  readonly resource: string;
}

/** What `cr-grants summary` prints: who may do what on which namespace. */
export interface AccessSummary {
  /** Every grantee with an attachment, sorted. */
  readonly grantees: string[];
  readonly rows: AccessSummaryRow[];
  /** Caveats: attachments not evaluated, conditions, unresolved values. */
  readonly notes: string[];
}

/** One row of the summary: a grantee on a namespace, or on a resource pattern no namespace row shows. */
export interface AccessSummaryRow {
  /** `user:alice`, `group:dev`, `role:ci`. */
  readonly grantee: string;
  /** `instance/namespace[/repository]`, `*` meaning every; or the resource pattern as written. */
  readonly target: string;
  /** @default - none on a resource-pattern row */
  readonly instanceId?: string;
  /** @default - none on a resource-pattern row */
  readonly namespace?: string;
  /** @default - none on a resource-pattern row */
  readonly repository?: string;
  readonly regions: string[];
  readonly accountId: string;
  /** The strongest level whose actions are all allowed. @default - not even PULL */
  readonly level?: NamespaceAccess;
  /** Allowed namespace actions beyond the level. */
  readonly otherActions: string[];
  /** Whether the console can list the instance, its namespaces and repositories: `yes`, `partial` or `no`. */
  readonly console: string;
  /** Whether `cr:GetAuthorizationToken` (the registry login) is allowed. */
  readonly login: boolean;
  /** Every probed action that is allowed. */
  readonly allowedActions: string[];
  /** The Deny statements that take probed actions away here. */
  readonly deniedBy: DenyingStatement[];
  /** The Conditions some allowed actions depend on. @default - every allowed action is allowed without one */
  readonly conditions?: SummaryCondition[];
}

/** A Condition block and the allowed actions that are allowed only under it (or another listed one). */
export interface SummaryCondition {
  /** The Condition block as canonical JSON. */
  readonly condition: string;
  readonly actions: string[];
}

/** A Deny statement and the probed actions it denies. */
export interface DenyingStatement {
  readonly policyName: string;
  /** Position in the document's Statement list, from 0. */
  readonly statementIndex: number;
  readonly actions: string[];
}

/** What `cr-grants diff` prints: the access one version grants that the other does not. */
export interface AccessDiff {
  /** Whether some access is (or may be) widened: `cr-grants diff` exits 2. */
  readonly widened: boolean;
  /** Widenings first, then by principal; one witness request each. */
  readonly changes: AccessDiffChange[];
  /** Principals whose question could not be decided: read as widened. */
  readonly undecided: UndecidedPrincipal[];
}

/** One change, with a request that shows it. */
export interface AccessDiffChange {
  readonly kind: ChangeKind;
  readonly principal: string;
  /** The witness request: allowed in one version, not in the other. */
  readonly action: string;
  readonly resource: string;
  /** The statement that allows it where it is allowed. */
  readonly allowedBy: StatementSource;
  /** The Deny that decides it in the other version. @default - no statement allowed it there */
  readonly deniedBy?: StatementSource;
  /** Unknowns the witness needs, as `name: true|false`. */
  readonly assuming: string[];
  /** Why no-new-access cannot be proven, when the change rests on what the template does not fix. @default - proven */
  readonly unproven?: string;
  /** The reading of `?` under which alone the change exists. @default - under both */
  readonly questionMark?: QuestionMark;
  /**
   * The Condition the other version allowed the request under, and what became of it (dropped,
   * widened, or, for a narrowing, added). @default - no Condition bears on the change
   */
  readonly condition?: string;
  /** True when the change exists only if RAM matches resource names ignoring case. @default false */
  readonly ignoringResourceCase?: boolean;
  /**
   * True when the change is in who may assume the role `principal` (its trust policy): `resource`
   * is then the caller, as `RAM:acs:ram::123456789012:root`, `Service:ecs.aliyuncs.com` or
   * `Federated:<identity provider>`, and `action` the one the trust policy allows. @default false
   */
  readonly trust?: boolean;
  /**
   * For a trust change: the reading of `*` inside a Principal entry under which alone it exists
   * (RAM does not document whether it is a wildcard there). @default - under both
   */
  readonly principalStar?: PrincipalStar;
}

/** A principal whose change could not be decided. */
export interface UndecidedPrincipal {
  readonly principal: string;
  readonly reason: string;
}

/** Where a statement comes from. */
export interface StatementSource {
  /** The policy as reviews name it (`pull-web`, `AdministratorAccess (system)`). */
  readonly policyName: string;
  /** Position in the document's Statement list, from 0. @default - a stand-in for a whole policy */
  readonly statementIndex?: number;
  /** The statement as written, as JSON; unresolved values shown as `${...}`. @default - a stand-in */
  readonly statementJson?: string;
  /** Why the statement is read this way, when it is not written so. @default - as written */
  readonly reading?: string;
}

/** What `cr-grants explain` prints: whether one request is allowed, and what decided it. */
export interface AccessExplanation {
  readonly grantee: string;
  readonly action: string;
  readonly resource: string;
  readonly effect: ExplainEffect;
  /** Whether the request is (or may be) allowed: `cr-grants explain` exits 0. */
  readonly allowed: boolean;
  /** The policy of the deciding statement. @default - no statement decided (implicit deny) */
  readonly policyName?: string;
  /** @default - no statement, or a stand-in for a whole policy */
  readonly statementIndex?: number;
  /** The deciding statement as JSON. @default - none */
  readonly statementJson?: string;
  /** Unknowns whose truth changes the answer. */
  readonly dependsOn: string[];
  /** The reading of `?` under which alone the request is allowed. @default - the same under both */
  readonly questionMark?: QuestionMark;
  /** Whether the request is allowed only if RAM matches resource names ignoring case. */
  readonly ignoringResourceCase: boolean;
  /** The policies evaluated, in evaluation order. */
  readonly policies: string[];
  readonly notes: string[];
}

/** How serious a finding is, in RAM's words. */
export enum FindingClass {
  ERROR = 'Error',
  SECURITY_WARNING = 'SecurityWarning',
  WARNING = 'Warning',
  SUGGESTION = 'Suggestion',
}

const FINDING_CLASSES: { readonly [c in RuleFindingClass]: FindingClass } = {
  Error: FindingClass.ERROR,
  SecurityWarning: FindingClass.SECURITY_WARNING,
  Warning: FindingClass.WARNING,
  Suggestion: FindingClass.SUGGESTION,
};

/** What `cr-grants check` prints. */
export interface CheckReport {
  /** No Error and no unsuppressed Security warning: `cr-grants check` exits 0. */
  readonly passed: boolean;
  /** Most serious first. */
  readonly findings: CheckFinding[];
  /** The findings as `cr-grants check` prints them, one per line, with a count. */
  readonly text: string;
}

/** One finding of the policy checker. */
export interface CheckFinding {
  /** e.g. `CRG-S001`. */
  readonly ruleId: string;
  readonly findingClass: FindingClass;
  /** The rule id and what is at fault, e.g. `CRG-S001[cr:*]`; suppressions may name it. */
  readonly findingId: string;
  /** The policy; empty for a finding about a principal. */
  readonly policyName: string;
  /** @default - the whole policy */
  readonly statementIndex?: number;
  /** What is wrong, then `Hint:` and how to fix it. */
  readonly message: string;
  /** @default - not suppressed */
  readonly suppressedBecause?: string;
  /** For findings about a principal: `user:alice`. @default - a finding about a policy */
  readonly principal?: string;
  /** @default - not from a template resource */
  readonly logicalId?: string;
}

/** The `cr-grants` review commands, returning what they print as data. */
export class Review {
  /** Who may do what on which namespace, as `cr-grants summary` prints it. */
  public static summary(template: ReviewTemplate, options: ReviewOptions = {}): AccessSummary {
    return summaryOf(accessMatrix(template._reading(options.parameters ?? {})));
  }

  /** What `after` grants that `before` does not, and the reverse, as `cr-grants diff` prints it. */
  public static diff(before: ReviewTemplate, after: ReviewTemplate, options: ReviewOptions = {}): AccessDiff {
    return diffOf(compareReadings(before._reading(options.parameters ?? {}), after._reading(options.parameters ?? {})));
  }

  /** The policy checker's findings, as `cr-grants check` prints them. */
  public static check(template: ReviewTemplate): CheckReport {
    return checkReportOf(checkTemplate(template._template()));
  }

  /** Whether one request is allowed and what decided it, as `cr-grants explain` prints it. */
  public static explain(template: ReviewTemplate, request: AccessRequest, options: ReviewOptions = {}): AccessExplanation {
    checkRequest(request.grantee, request.action, request.resource);
    const readable = template._readable();
    try {
      return explanationOf(explainTemplate(readable, request.grantee, request.action, request.resource, options.parameters ?? {}));
    } catch (e) {
      // The request was checked: what is left is about the template (an unknown grantee), so it is named.
      if (e instanceof ExplainError) throw new InputError(template._name(), e.message, e.hint);
      throw e;
    }
  }

  private constructor() {}
}

export function summaryOf(matrix: AccessMatrix): AccessSummary {
  return {
    grantees: [...matrix.grantees],
    rows: matrix.rows.map((r): AccessSummaryRow => ({
      grantee: r.grantee,
      target: r.target,
      ...optional('instanceId', r.instanceId),
      ...optional('namespace', r.namespace),
      ...optional('repository', r.repository),
      regions: [...r.regions],
      accountId: r.accountId,
      ...optional('level', r.level),
      otherActions: [...r.otherActions],
      console: r.console,
      login: r.login,
      allowedActions: [...r.allowed],
      deniedBy: r.denied.map((d) => ({ policyName: d.policyName, statementIndex: d.statementIndex, actions: [...d.actions] })),
      ...optional('conditions', r.conditions?.map((c) => ({ condition: c.condition, actions: [...c.actions] }))),
    })),
    notes: [...matrix.notes],
  };
}

export function diffOf(diff: TemplateComparison): AccessDiff {
  return {
    widened: diffExitCode(diff) === DIFF_EXIT.WIDENED,
    changes: diff.changes.map((c): AccessDiffChange => ({
      kind: c.kind,
      principal: c.principal,
      action: c.request.action,
      resource: c.request.resource,
      allowedBy: sourceOf(c.allowedBy),
      ...optional('deniedBy', c.deniedBy && sourceOf(c.deniedBy)),
      assuming: [...c.assuming],
      ...optional('unproven', c.unproven),
      ...optional('questionMark', c.questionMark),
      ...optional('condition', c.condition),
      ...optional('ignoringResourceCase', c.ignoringResourceCase),
      ...optional('trust', c.trust),
      ...optional('principalStar', c.principalStar),
    })),
    undecided: diff.undecided.map((u) => ({ principal: u.principal, reason: u.reason })),
  };
}

export function explanationOf(e: Explanation): AccessExplanation {
  return {
    grantee: e.grantee,
    action: e.action,
    resource: e.resource,
    effect: e.effect,
    allowed: e.effect === ExplainEffect.ALLOW,
    ...optional('policyName', e.decidedBy?.policyName),
    ...optional('statementIndex', e.decidedBy?.statementIndex),
    ...optional('statementJson', e.decidedBy?.statement === undefined ? undefined : JSON.stringify(e.decidedBy.statement)),
    dependsOn: [...e.dependsOn],
    ...optional('questionMark', e.questionMark),
    ignoringResourceCase: e.ignoringResourceCase === true,
    policies: [...e.policies],
    notes: [...e.notes],
  };
}

export function checkReportOf(findings: readonly Finding[]): CheckReport {
  return {
    passed: exitCodeFor(findings) === 0,
    findings: findings.map((f): CheckFinding => ({
      ruleId: f.ruleId,
      findingClass: FINDING_CLASSES[f.findingClass],
      findingId: f.findingId,
      policyName: f.policyName,
      ...optional('statementIndex', f.statementIndex),
      message: f.message,
      ...optional('suppressedBecause', f.suppressedBecause),
      ...optional('principal', f.principal),
      ...optional('logicalId', f.logicalId),
    })),
    text: formatFindings(findings),
  };
}

function sourceOf(origin: StatementOrigin): StatementSource {
  return {
    policyName: origin.policyName,
    ...optional('statementIndex', origin.statementIndex),
    ...optional('statementJson', origin.statement === undefined ? undefined : JSON.stringify(origin.statement)),
    ...optional('reading', origin.reading),
  };
}

/** `{ key: value }`, or nothing when the value is undefined: structs leave out what is not set. */
function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [k in K]: V });
}
