import * as ros from '@alicloud/ros-cdk-core';
import { loadGrantsFile } from '../config/grants-file';
import { readStackAssignment, writeStackAssignment } from '../config/stack-assignment-file';
import { GrantValidationError } from '../model/errors';
import { FIELD_RULES } from '../model/field-rules';
import { Grant } from '../model/grant';
import { DEFAULT_LIMITS, Limits } from '../model/limits';
import { toPolicyNameText } from '../model/names';
import { PackedPrincipal, namePolicies, packPrincipals } from '../model/planner';
import { GranteeKind, principalLabel } from '../model/principal';
import { StackAssignment, assignStacks, footprintOf, isInlined, stackLoad } from '../model/stacks';
import { TokenDescriber, isUnresolved } from '../model/token';
import { checkField } from '../model/validate';
import { LocatedInvariant } from '../model/invariant';
import { AccessInvariant, appInvariantErrors, locatedInvariants } from './access-invariant';
import { GrantSpec, grantOf, refuseTokenLookalikesIn } from './grant-spec';
import { checkPlanProps, stackLimitErrors } from './registry-access';
import { renderAttachedPolicy, renderAttachment } from './render';
import { TokenReader } from './tokens';

/** What `RegistryAccessStacks` and `RegistryAccessStacks.fromFile` share. */
export interface RegistryAccessStacksOptions {
  /**
   * Start of every stack name: stacks are named `<stackNamePrefix>-001`, `-002`, ... and are also the
   * construct ids of the stacks, beside this construct in its scope. ROS CDK's rule for stack names
   * applies (a letter, then letters, digits and "-"), and at most 248 characters here, leaving room
   * for the number.
   * @default - letters, digits and "-" of the construct path
   */
  readonly stackNamePrefix?: string;
  /** RAM's quota of custom policies per user, group or role, if yours was raised. @default 10 */
  readonly maxCustomPoliciesPerPrincipal?: number;
  /** RAM's quota of custom policies per account, if yours was raised. @default 1500 */
  readonly maxCustomPoliciesPerAccount?: number;
  /**
   * Resources per stack. ROS's limits page and ROS CDK say 300; the CreateStack API reference
   * says 200: set 200 if your account refuses larger stacks. @default 300
   */
  readonly maxResourcesPerStack?: number;
  /**
   * What the account must never allow: synthesis fails when the app's stacks, read as one account
   * (these stacks beside every other stack of the app), let a principal that is not exempt do one
   * of these. `fromFile` adds the grants file's `invariants`. @default - none
   */
  readonly invariants?: AccessInvariant[];
}

export interface RegistryAccessStacksProps extends RegistryAccessStacksOptions {
  /** Every grant to plan. Stacks are planned when the construct is created, so all grants are given here. */
  readonly grants: GrantSpec[];
  /**
   * The stack assignment file (JSON): which stack holds each grantee's policies. Read when the
   * construct is created and rewritten when grantees are placed, leave or grow; commit it with the
   * grants, so that every synth places grantees where the last one did.
   */
  readonly assignmentFile: string;
  /**
   * Start of every policy name; each stack adds its number (`<policyNamePrefix>-001-...`), so no two
   * stacks ever create policies of the same name. RAM's rule for policy names applies.
   * @default - letters and digits of the construct path
   */
  readonly policyNamePrefix?: string;
}

/** Options of `RegistryAccessStacks.fromFile`. */
export interface RegistryAccessStacksFileOptions extends RegistryAccessStacksOptions {
  /** The stack assignment file. @default - the grants file's path with `.stacks.json` for its extension */
  readonly assignmentFile?: string;
}

/**
 * Grants planned like `RegistryAccess`, spread over as many stacks as ROS's limits need. Each
 * grantee's policies and attachments stay together in one stack, recorded in the assignment file;
 * a grantee moves only when its own grants outgrow a full stack. Create it in the App: the stacks
 * are created beside it, so that `ros-cdk` lists them by their names. docs/planning.md has the
 * rule and the deploy steps.
 */
export class RegistryAccessStacks extends ros.Construct {
  /**
   * Stacks for the grants of a YAML or JSON grants file, with the assignment file beside it by
   * default. The file's `invariants` are enforced at synth beside those of `options`.
   */
  public static fromFile(scope: ros.Construct, id: string, grantsFile: string, options: RegistryAccessStacksFileOptions = {}): RegistryAccessStacks {
    const file = loadGrantsFile(grantsFile);
    for (const { grant, where } of file.grants) refuseTokenLookalikesIn(grant, where);
    const stacks = new RegistryAccessStacks(scope, id, {
      ...options,
      policyNamePrefix: file.policyNamePrefix,
      assignmentFile: options.assignmentFile ?? `${grantsFile.replace(/\.(ya?ml|json)$/i, '')}.stacks.json`,
      grants: file.grants.map(({ grant }) => specOf(grant)),
    });
    stacks.invariants.push(...file.invariants ?? []);
    return stacks;
  }

  /** The stacks, in the order `ros-cdk deploy` deploys them. */
  public readonly stacks: ros.Stack[];
  /** The stack assignment file this construct read and keeps. */
  public readonly assignmentFile: string;

  constructor(scope: ros.Construct, id: string, props: RegistryAccessStacksProps) {
    super(scope, id);
    const where = this.node.path;
    refuseInsideStack(this);
    checkPlanProps(where, props);
    checkStacksProps(where, props);
    const policyNamePrefix = props.policyNamePrefix ?? toPolicyNameText(where);
    if (props.policyNamePrefix !== undefined) checkField(where, FIELD_RULES.policyName, props.policyNamePrefix, 'policyNamePrefix');
    const stackNamePrefix = props.stackNamePrefix ?? where.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    checkStackNamePrefix(where, stackNamePrefix);
    this.invariants = locatedInvariants(where, props.invariants);
    this.assignmentFile = props.assignmentFile;
    const limits: Limits = {
      ...DEFAULT_LIMITS,
      maxCustomPoliciesPerPrincipal: props.maxCustomPoliciesPerPrincipal ?? DEFAULT_LIMITS.maxCustomPoliciesPerPrincipal,
      maxCustomPoliciesPerAccount: props.maxCustomPoliciesPerAccount ?? DEFAULT_LIMITS.maxCustomPoliciesPerAccount,
      maxResourcesPerStack: props.maxResourcesPerStack ?? DEFAULT_LIMITS.maxResourcesPerStack,
    };

    // Values that resolve at synth are read as their text; what is left is refused below.
    const tokens = new TokenReader();
    const grants = props.grants.map((spec, i) => {
      const grantWhere = `${where} grants[${i}]`;
      const grant = grantOf(spec, grantWhere, tokens);
      refuseTokens(grant, grantWhere);
      return grant;
    });
    const packed = packPrincipals(grants, { policyNamePrefix, limits, where, describeToken: tokens.describe });
    // Footprints count every policy name at RAM's longest, so they do not depend on the stack.
    const footprints = new Map(packed.map((p) => [principalLabel(p.principal), footprintOf(namePolicies(p, policyNamePrefix, limits), { inlineAttachments: true })]));
    const previous = readStackAssignment(this.assignmentFile);
    const assignment = assignStacks(footprints, previous, { limits, where });

    const byLabel = new Map(packed.map((p) => [principalLabel(p.principal), p]));
    this.stacks = Object.keys(assignment.stacks).map((number) => {
      const stack = new ros.Stack(scope, `${stackNamePrefix}-${number}`, {
        stackName: `${stackNamePrefix}-${number}`,
        description: `Container Registry grants planned by ${where}: stack ${number}`,
      });
      (stack as any).maxResources = limits.maxResourcesPerStack;
      for (const label of Object.keys(assignment.stacks[number])) {
        renderShare(stack, byLabel.get(label)!, `${policyNamePrefix}-${number}`, limits, tokens.describe);
      }
      return stack;
    });
    this.limits = limits;
    this.expected = assignment;
    if (writeStackAssignment(this.assignmentFile, assignment) && this.stacks.length > 0) {
      this.stacks[0].node.addWarning(`${this.assignmentFile} was ${previous ? 'updated' : 'created'}: ${describeChanges(previous, assignment)}. `
        + 'Commit it with the grants, so that the next synth places grantees the same way');
    }
  }

  private readonly limits: Limits;
  private readonly expected: StackAssignment;
  private readonly invariants: LocatedInvariant[];

  /**
   * Every stack within ROS's limits, measured on what it renders (the estimate is held to it
   * here), and the invariants kept by the app's stacks as one account.
   */
  protected validate(): string[] {
    if (this.stacks === undefined) return [];
    return [
      ...this.stacks.flatMap((stack, i) => {
        const number = Object.keys(this.expected.stacks)[i];
        const estimate = stackLoad(Object.values(this.expected.stacks[number])).bytes;
        // The estimate is an upper bound (held to it by tests): measure only stacks filled close to the limit.
        return stackLimitErrors(stack, this.limits, estimate, 'the stack assignment estimated it too small; report it', 0.9);
      }),
      ...appInvariantErrors(this, this.node.path, this.invariants),
    ];
  }
}

/**
 * One principal's policies and attachments, rendered into its stack under the stack's prefix.
 * Every custom policy here is the principal's own, so it attaches itself account-wide (one
 * resource, not two); resource-group and system policy attachments stay resources of their own.
 */
function renderShare(stack: ros.Stack, packed: PackedPrincipal, policyNamePrefix: string, limits: Limits, describe: TokenDescriber): void {
  const share = namePolicies(packed, policyNamePrefix, limits);
  const inline = new Set(share.attachments.filter(isInlined).map((a) => a.policyName));
  const byName = new Map(share.policies.map((policy) => [policy.policyName, renderAttachedPolicy(stack, policy, describe, inline.has(policy.policyName) ? share.principal : undefined)]));
  for (const attachment of share.attachments) {
    if (isInlined(attachment)) continue;
    renderAttachment(stack, attachment, attachment.policyType === 'Custom' ? byName.get(attachment.policyName) : undefined);
  }
}

/** Joins, size changes, moves and leaves between two assignments, in words. */
function describeChanges(previous: StackAssignment | undefined, next: StackAssignment): string {
  const placements = (a: StackAssignment | undefined) => {
    const out = new Map<string, { stack: string; size: string }>();
    for (const [stack, principals] of Object.entries(a?.stacks ?? {})) {
      for (const [label, footprint] of Object.entries(principals)) out.set(label, { stack, size: JSON.stringify(footprint) });
    }
    return out;
  };
  const before = placements(previous);
  const after = placements(next);
  const kept = [...after.entries()].filter(([l]) => before.has(l));
  const placed = after.size - kept.length;
  const resized = kept.filter(([l, p]) => before.get(l)!.size !== p.size).length;
  const moved = kept.filter(([l, p]) => before.get(l)!.stack !== p.stack).map(([l, p]) => `${l} to stack ${p.stack}`);
  const left = [...before.keys()].filter((l) => !after.has(l)).length;
  return [`${placed} grantees placed`, `${resized} resized`, `${moved.length} moved${moved.length ? ` (${moved.join(', ')})` : ''}`, `${left} removed`].join(', ');
}

/**
 * Stacks are planned before deployment and hold resources of no other stack, so a value ROS
 * decides at deployment (a parameter, another stack's attribute) cannot be placed.
 */
function refuseTokens(grant: Grant, where: string): void {
  const texts: Array<[string, string | undefined]> = [
    ['instanceId', grant.instanceId], ['namespace', grant.namespace], ['accountId', grant.accountId],
    ['resourceGroupId', grant.resourceGroupId], ['highRiskReason', grant.highRiskReason],
    ...grant.regions.map((r): [string, string] => ['regions', r]),
    ...grant.systemPolicies.map((p): [string, string] => ['systemPolicies', p]),
    ...grant.principals.map((p): [string, string] => [GRANTEE_FIELD[p.kind], p.name]),
  ];
  for (const [field, text] of texts) {
    if (typeof text === 'string' && isUnresolved(text)) {
      throw new GrantValidationError(where, field, text, 'must be plain text in RegistryAccessStacks, which plans its stacks before deployment',
        'write the value out, or plan grants that use tokens with RegistryAccess in a stack of yours');
    }
  }
}

const GRANTEE_FIELD: { readonly [kind in GranteeKind]: string } = {
  [GranteeKind.USER]: 'users', [GranteeKind.GROUP]: 'groups', [GranteeKind.ROLE]: 'roles',
};

/** The stacks are this construct's children; a stack cannot hold another. */
function refuseInsideStack(construct: ros.Construct): void {
  const inStack = construct.node.scopes.slice(0, -1).find((c) => ros.Stack.isStack(c));
  if (inStack !== undefined) {
    throw new GrantValidationError(construct.node.path, 'scope', inStack.node.path, 'is a stack; RegistryAccessStacks creates stacks of its own',
      'create it in the App (new RegistryAccessStacks(app, ...)), or use RegistryAccess inside a stack');
  }
}

/**
 * Stack names: ROS takes at most 255 letters, digits, "-" and "_", starting with a letter or digit
 * (CreateStack, StackName:
 * https://www.alibabacloud.com/help/en/ros/developer-reference/api-ros-2019-09-10-createstack);
 * ROS CDK accepts a letter, then letters, digits and "-" only. The prefix leaves 7 characters for
 * `-<number>`.
 */
const STACK_NAME_PREFIX = /^[A-Za-z][A-Za-z0-9-]{0,247}$/;

function checkStackNamePrefix(where: string, prefix: unknown): void {
  if (!(typeof prefix === 'string' && STACK_NAME_PREFIX.test(prefix))) {
    throw new GrantValidationError(where, 'stackNamePrefix', prefix,
      'must be 1-248 letters, digits or "-", starting with a letter (ROS CDK stack names)');
  }
}

function checkStacksProps(where: string, props: RegistryAccessStacksProps): void {
  if (!Array.isArray(props.grants)) {
    throw new GrantValidationError(where, 'grants', props.grants, 'must be a list of grants', 'write grants: [{ ... }]');
  }
  if (typeof props.assignmentFile !== 'string' || props.assignmentFile.length === 0 || isUnresolved(props.assignmentFile)) {
    throw new GrantValidationError(where, 'assignmentFile', props.assignmentFile, 'must be the path of a JSON file, as text',
      'for example "grants.stacks.json", committed beside the grants');
  }
  for (const field of ['maxCustomPoliciesPerAccount', 'maxResourcesPerStack'] as const) {
    const value = props[field];
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
      throw new GrantValidationError(where, field, value, 'must be a whole number of at least 1');
    }
  }
}

/** A grant from a grants file as the props it could have been written as. */
function specOf(grant: Grant): GrantSpec {
  const names = (kind: GranteeKind) => grant.principals.filter((p) => p.kind === kind).map((p) => p.name);
  return {
    instanceId: grant.instanceId,
    namespace: grant.namespace,
    access: grant.access,
    users: names(GranteeKind.USER),
    groups: names(GranteeKind.GROUP),
    roles: names(GranteeKind.ROLE),
    regions: grant.regions.includes('*') ? undefined : [...grant.regions],
    accountId: grant.accountId === '*' ? undefined : grant.accountId,
    consoleAccess: grant.consoleAccess,
    systemPolicies: [...grant.systemPolicies],
    highRiskReason: grant.highRiskReason,
    resourceGroupId: grant.resourceGroupId,
    suppressions: grant.suppressions.map((s) => ({ id: s.id, reason: s.reason })),
  };
}
