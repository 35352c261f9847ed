import * as ros from '@alicloud/ros-cdk-core';
import { Finding, checkTemplate, exitCodeFor } from '../check/engine';
import { formatFindings } from '../check/format';
import { suppressionMetadata } from '../check/suppressions';
import { SUPPRESSIONS_METADATA_KEY } from '../model/suppressions';
import { stackTemplate } from './stack-template';

export interface PolicyCheckProps {
  /** Also fail synth on Warnings and Suggestions, not only on Errors and unsuppressed Security warnings. @default false */
  readonly strict?: boolean;
}

/**
 * An opt-in check of every `ALIYUN::RAM::ManagedPolicy` in the stacks under a scope — the
 * library's own and any other — with the rules of `cr-grants check`. Errors and unsuppressed
 * Security warnings fail synth with the findings; the rest become construct warnings.
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
    const stacks = [scope, ...scope.node.findAll()].filter((c): c is ros.Stack => ros.Stack.isStack(c));
    const errors: string[] = [];
    for (const stack of new Set(stacks)) {
      const findings = checkTemplate(stackTemplate(stack));
      const failing = this.strict ? findings.filter((f) => !f.suppressedBecause) : findings.filter(blocks);
      if (failing.length > 0) {
        errors.push(`policy check of stack ${stack.node.path} failed:\n${formatFindings(failing)}`);
      }
      for (const finding of findings.filter((f) => !failing.includes(f) && !f.suppressedBecause)) {
        this.node.addWarning(formatFindings([finding]).split('\n')[0]);
      }
    }
    return errors;
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
