import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { GrantsFile, loadGrantsFile } from '../config/grants-file';
import { GrantValidationError } from '../model/errors';
import { Grant } from '../model/grant';
import { DEFAULT_LIMITS, Limits } from '../model/limits';
import { toPolicyNameText } from '../model/names';
import { Plan } from '../model/plan';
import { documentSize } from '../model/policy';
import { planGrants } from '../model/planner';
import { FIELD_RULES } from '../model/field-rules';
import { isUnresolved } from '../model/token';
import { checkField } from '../model/validate';
import { LocatedInvariant } from '../model/invariant';
import { AccessInvariant, invariantErrors, locatedInvariants } from './access-invariant';
import { GrantSpec, grantOf, refuseTokenLookalikesIn } from './grant-spec';
import { renderAttachment, renderPolicy } from './render';
import { stackTemplate } from './stack-template';
import { TokenReader } from './tokens';

export interface RegistryAccessProps {
  /** Grants to plan; more can be added with `addGrant`. @default - none */
  readonly grants?: GrantSpec[];
  /**
   * Start of every policy name. Policy names are unique per account, so two RegistryAccess
   * constructs in one account need different prefixes. RAM's rule for policy names applies:
   * 1-128 letters, digits or "-".
   * @default - letters and digits of the construct path
   */
  readonly policyNamePrefix?: string;
  /** RAM's quota of custom policies per user, group or role, if yours was raised. @default 10 */
  readonly maxCustomPoliciesPerPrincipal?: number;
  /**
   * What the stack must never allow: synthesis fails when its template (this plan beside the
   * stack's other resources) lets a principal that is not exempt do one of these. @default - none
   */
  readonly invariants?: AccessInvariant[];
}

/**
 * Many grants planned together: grants given to the same grantees share one policy, so a
 * registry with many namespaces stays within RAM's policy quotas and ROS's stack limits.
 */
export class RegistryAccess extends ros.Construct {
  /** A RegistryAccess with the grants of a YAML or JSON grants file. */
  public static fromFile(scope: ros.Construct, id: string, path: string): RegistryAccess {
    return RegistryAccess._fromGrantsFile(scope, id, loadGrantsFile(path), true);
  }

  /**
   * From a grants file already read and checked (review commands read each file once). Without
   * `checkInvariants` the file's invariants are left to the caller, as `cr-grants check` reports
   * them with witnesses instead of failing synthesis.
   * @internal
   */
  public static _fromGrantsFile(scope: ros.Construct, id: string, file: GrantsFile, checkInvariants: boolean): RegistryAccess {
    const access = new RegistryAccess(scope, id, { policyNamePrefix: file.policyNamePrefix });
    for (const { grant, where } of file.grants) {
      // The loader validated the grant; only what ROS CDK alone can tell is left.
      refuseTokenLookalikesIn(grant, where);
      access.addValidGrant(grant, where);
    }
    if (checkInvariants) access.invariants.push(...file.invariants ?? []);
    return access;
  }

  private readonly grants: Grant[] = [];
  private readonly limits: Limits;
  private readonly policyNamePrefix: string;
  private readonly tokens = new TokenReader();
  private readonly invariants: LocatedInvariant[];
  private rendered?: { plan: Plan; policies: ram.ManagedPolicy[] };

  constructor(scope: ros.Construct, id: string, props: RegistryAccessProps = {}) {
    super(scope, id);
    checkPlanProps(this.node.path, props);
    const prefix = props.policyNamePrefix === undefined ? undefined : this.tokens.validated(() => {
      const text = this.tokens.read(this.node.path, props.policyNamePrefix, { rule: FIELD_RULES.policyName, field: 'policyNamePrefix', textOnly: PREFIX_TEXT_ONLY }) as string;
      checkPolicyNamePrefix(this.node.path, text);
      return text;
    });
    this.policyNamePrefix = prefix ?? toPolicyNameText(this.node.path);
    this.limits = { ...DEFAULT_LIMITS, maxCustomPoliciesPerPrincipal: props.maxCustomPoliciesPerPrincipal ?? DEFAULT_LIMITS.maxCustomPoliciesPerPrincipal };
    (props.grants ?? []).forEach((spec, i) => this.addLocatedGrant(spec, `${this.node.path} grants[${i}]`));
    this.invariants = locatedInvariants(this.node.path, props.invariants);
  }

  /** Adds a grant; it is validated now and planned with the others at synth. */
  public addGrant(spec: GrantSpec): void {
    this.addLocatedGrant(spec, `${this.node.path} grants[${this.grants.length}]`);
  }

  /** The planned policies. Reading them closes the plan: grants cannot be added afterwards. */
  public get policies(): ram.ManagedPolicy[] {
    return [...this.render().policies];
  }

  protected onPrepare(): void {
    this.render();
  }

  protected validate(): string[] {
    this.tokens.checkDeferred();
    const plan = this.render().plan;
    const estimate = plan.policies.reduce((sum, p) => sum + documentSize(p.document), 0);
    return [
      ...stackLimitErrors(ros.Stack.of(this), this.limits, estimate + RESOURCE_OVERHEAD_ESTIMATE * (plan.policies.length + plan.attachments.length),
        'plan the grants with RegistryAccessStacks, which spreads them over as many stacks as they need', 0.5),
      ...invariantErrors(this, this.invariants),
    ];
  }

  private addLocatedGrant(spec: GrantSpec, where: string): void {
    this.addValidGrant(grantOf(spec, where, this.tokens), where);
  }

  private addValidGrant(grant: Grant, where: string): void {
    if (this.rendered) {
      throw new GrantValidationError(where, 'grants', grant.namespace, 'cannot be added after the plan was rendered',
        'add every grant before reading `policies` or synthesizing');
    }
    this.grants.push(grant);
  }

  private render(): { plan: Plan; policies: ram.ManagedPolicy[] } {
    if (this.rendered) return this.rendered;
    const plan = planGrants(this.grants, {
      policyNamePrefix: this.policyNamePrefix,
      limits: this.limits,
      where: this.node.path,
      describeToken: this.tokens.describe,
    });
    const byName = new Map<string, ram.ManagedPolicy>();
    for (const policy of plan.policies) byName.set(policy.policyName, renderPolicy(this, policy, this.tokens.describe));
    for (const attachment of plan.attachments) {
      renderAttachment(this, attachment, attachment.policyType === 'Custom' ? byName.get(attachment.policyName) : undefined);
    }
    this.rendered = { plan, policies: [...byName.values()] };
    return this.rendered;
  }
}

/**
 * The prefix starts RAM policy names, so it follows RAM's rule for them (CreatePolicy: 1-128
 * letters, digits or "-"):
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createpolicy
 * A token is refused: names and their hashes are decided at synth, before its value is known.
 */
const PREFIX_TEXT_ONLY = {
  rule: 'must be plain text: policy names are derived from it at synth, before a token has its value',
  hint: 'write the prefix out',
};

function checkPolicyNamePrefix(where: string, prefix: string): void {
  if (typeof prefix === 'string' && isUnresolved(prefix)) {
    throw new GrantValidationError(where, 'policyNamePrefix', prefix, PREFIX_TEXT_ONLY.rule, PREFIX_TEXT_ONLY.hint);
  }
  checkField(where, FIELD_RULES.policyName, prefix, 'policyNamePrefix');
}

/**
 * ROS refuses stacks over its resource and template size limits at deploy time; say so at
 * synth, with the counts. The template is measured only when `estimatedBytes` reaches
 * `measureFrom` of the limit: the surer the estimate, the closer to the limit that can be.
 */
export function stackLimitErrors(stack: ros.Stack, limits: Limits, estimatedBytes: number, hint: string, measureFrom: number): string[] {
  const resources = stack.node.findAll().filter((c) => ros.RosResource.isRosResource(c)).length;
  if (resources > limits.maxResourcesPerStack) {
    return [`stack ${stack.node.path} has ${resources} resources, more than ROS's ${limits.maxResourcesPerStack} per stack: ${hint}`];
  }
  if (estimatedBytes < limits.maxTemplateBytes * measureFrom) return [];
  // Close to the limit: measure the template as the stack writes it.
  const template = stackTemplate(stack);
  const bytes = Buffer.byteLength(JSON.stringify(template, undefined, 2), 'utf8');
  if (bytes > limits.maxTemplateBytes) {
    return [`stack ${stack.node.path} template is ${bytes} bytes, more than ROS's ${limits.maxTemplateBytes}: ${hint}`];
  }
  return [];
}

/** Bytes per resource beside its compact policy document (type, names, references, indentation), roughly. */
const RESOURCE_OVERHEAD_ESTIMATE = 600;

/** What typing would catch, for callers without it (plain JavaScript, hand-built objects). */
export function checkPlanProps(where: string, props: { readonly grants?: unknown; readonly maxCustomPoliciesPerPrincipal?: unknown }): void {
  if (props.grants !== undefined && !Array.isArray(props.grants)) {
    throw new GrantValidationError(where, 'grants', props.grants, 'must be a list of grants', 'write grants: [{ ... }]');
  }
  const quota = props.maxCustomPoliciesPerPrincipal;
  if (quota !== undefined && !(typeof quota === 'number' && Number.isInteger(quota) && quota >= 1)) {
    throw new GrantValidationError(where, 'maxCustomPoliciesPerPrincipal', quota, 'must be a whole number of at least 1',
      'RAM\'s default quota is 10 custom policies per user, group or role');
  }
}
