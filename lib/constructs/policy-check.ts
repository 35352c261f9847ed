import * as ros from '@alicloud/ros-cdk-core';
import { Finding, checkTemplate, exitCodeFor } from '../check/engine';
import { formatFindings } from '../check/format';
import { TEMPLATE_RULES } from '../check/registry';
import { suppressionMetadata } from '../check/suppressions';
import { SUPPRESSIONS_METADATA_KEY } from '../model/suppressions';
import { isNestedStack, stackSetOf, stackTemplate } from './stack-template';

export interface PolicyCheckProps {
  /** Also fail synth on Warnings and Suggestions, not only on Errors and unsuppressed Security warnings. @default false */
  readonly strict?: boolean;
}

/**
 * An opt-in check of every `ALIYUN::RAM::ManagedPolicy` in the stacks under a scope — the
 * library's own and any other — with the rules of `cr-grants check`. Errors and unsuppressed
 * Security warnings fail synth with the findings; the rest become construct warnings.
 *
 * RAM names are account-wide. When the scope holds several top-level stacks (the app, or a
 * construct holding stacks), they are checked as `cr-grants check cdk.out` checks the cloud
 * assembly: each stack, nested stacks inside it, on its own, and the account-wide rules (policies
 * per principal, policy names unique) over all of them together; findings name `Stack/policy`.
 * On one stack, only that stack (and its nested stacks) is checked: other stacks of the app are
 * not seen, so put the check on the app to count them.
 */
export class PolicyCheck extends ros.Construct {
  /**
   * Accepts a finding on one resource (a `ram.ManagedPolicy`, an attachment, or any ROS resource),
   * for a reason of at least 10 characters that is kept in the template's Metadata.
   * @param id a rule id (`CRG-S001`) or a finding id (`CRG-S001[cr:*]`)
   */
  public static suppress(resource: ros.IConstruct, id: string, reason: string): void {
    const target = rosResourceOf(resource);
    const existing = target.rosOptions.metadata?.[SUPPRESSIONS_METADATA_KEY];
    target.addMetaData(SUPPRESSIONS_METADATA_KEY, suppressionMetadata(target.node.path, [{ id, reason }], existing));
  }

  private readonly strict: boolean;

  constructor(scope: ros.Construct, id: string, props: PolicyCheckProps = {}) {
    super(scope, id);
    this.strict = props.strict ?? false;
  }

  protected validate(): string[] {
    const scope = this.node.scope ?? this;
    const stacks = [...new Set([scope, ...scope.node.findAll()].filter((c): c is ros.Stack => ros.Stack.isStack(c)))];
    const topLevel = stacks.filter((s) => !isNestedStack(s));
    if (topLevel.length < 2) {
      return stacks.flatMap((stack) => this.report(checkTemplate(stackTemplate(stack)), `stack ${stack.node.path}`));
    }
    const set = stackSetOf(topLevel, ros.App.isApp(scope) ? 'the app' : scope.node.path);
    const findings = checkTemplate(set);
    // Each stack's own findings under its path; the account-wide rules' (names, policies per principal) under the account.
    const accountWide = new Set(TEMPLATE_RULES.filter((r) => r.accountWide).map((r) => r.id));
    const byStack = new Map(set.stacks.map((s) => [s.name, [] as Finding[]]));
    const acrossStacks: Finding[] = [];
    for (const finding of findings) {
      const named = finding.logicalId ?? finding.policyName;
      const cut = named.indexOf('/');
      const stack = accountWide.has(finding.ruleId) || cut <= 0 ? undefined : byStack.get(named.slice(0, cut));
      (stack ?? acrossStacks).push(finding);
    }
    return [
      ...topLevel.flatMap((stack) => this.report(byStack.get(stack.artifactId) ?? [], `stack ${stack.node.path}`)),
      ...this.report(acrossStacks, `the stacks ${set.stacks.map((s) => s.name).join(', ')} as one account`),
    ];
  }

  /** The synth error for `findings` of `what`, if any fail; the rest, unsuppressed, become warnings. */
  private report(findings: readonly Finding[], what: string): string[] {
    const failing = this.strict ? findings.filter((f) => !f.suppressedBecause) : findings.filter(blocks);
    for (const finding of findings.filter((f) => !failing.includes(f) && !f.suppressedBecause)) {
      this.node.addWarning(formatFindings([finding]).split('\n')[0]);
    }
    return failing.length > 0 ? [`policy check of ${what} failed:\n${formatFindings(failing)}`] : [];
  }
}

function blocks(finding: Finding): boolean {
  return exitCodeFor([finding]) !== 0;
}

/** The ROS resource behind a construct: itself, or the one ROS resource of an L2 construct. */
function rosResourceOf(construct: ros.IConstruct): ros.RosResource {
  if (ros.RosResource.isRosResource(construct)) return construct;
  const children = construct.node.children.filter((c): c is ros.RosResource => ros.RosResource.isRosResource(c));
  if (children.length !== 1) {
    throw new Error(`PolicyCheck.suppress: ${construct.node.path} is not a ROS resource and has ${children.length} ROS resources; pass the resource itself`);
  }
  return children[0];
}
