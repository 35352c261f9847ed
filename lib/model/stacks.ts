/**
 * Which stack holds each principal's share of a plan, when one stack cannot hold them all.
 *
 * ROS takes 300 resources and 512 KB of template per stack and 200 stacks per account
 * (https://www.alibabacloud.com/help/en/ros/product-overview/limits). A share (a principal's
 * policies and every attachment to it) never spans stacks, and a principal stays in the stack it
 * was placed in: the assignment is kept in a file beside the grants and read back at every synth.
 * Only principals that are new, or whose share grew in a stack that can no longer hold it, are
 * placed, so growth never moves unrelated principals. docs/planning.md explains the rule.
 */
import { GrantValidationError } from './errors';
import { Limits } from './limits';
import { Plan, PlannedAttachment, PlannedPolicy } from './plan';
import { compareText } from './principal';

/** What a share costs a stack: resources, and template bytes (an upper bound). */
export interface Footprint {
  readonly resources: number;
  readonly bytes: number;
}

/** Stack number (`001`, `002`, ...) -> principal label -> its footprint when it was last placed. */
export interface StackAssignment {
  readonly stacks: { readonly [stack: string]: { readonly [principal: string]: Footprint } };
}

/**
 * A stack's number as written in names and the file: three digits, because `ros-cdk` deploys
 * stacks that do not depend on each other in the order of their names, and `-010` must come
 * after `-009`.
 */
export function stackNumberText(number: number): string {
  return String(number).padStart(STACK_NUMBER_DIGITS, '0');
}

const STACK_NUMBER_DIGITS = 3;
const MAX_STACK_NUMBER = 999;

export const STACK_ASSIGNMENT_VERSION = 1;

/** How full a stack may be made by principals placed into it; the rest is room to grow. */
export const DEFAULT_STACK_FILL = 0.8;

/**
 * Template bytes kept for everything besides resources: the ROS version, the `Metadata` that
 * ROS CDK adds, the stack's description and the JSON around `Resources`.
 */
export const TEMPLATE_BASE_BYTES = 2048;

/**
 * Bytes of one resource besides the values measured below, at their longest: its logical id (at
 * most 64 characters for a policy, 69 for an attachment), type, property names, a policy name (at
 * most 128 characters, or the `Fn::GetAtt` naming the policy), indentation. Resource Manager's
 * attachment names its principal in a longer form, and Metadata adds a key. Tests hold every
 * synthesized stack to the estimate.
 */
const POLICY_RESOURCE_BYTES = 450;
const ATTACHMENT_RESOURCE_BYTES = 420;
const RESOURCE_GROUP_ATTACHMENT_EXTRA_BYTES = 300;
const METADATA_BYTES = 100;
/** `"Groups": [` and `]` with their indentation, for an attachment written inside its policy. */
const INLINE_ATTACHMENT_BYTES = 60;

/** Where resources sit in a template written with two-space indentation: Resources > id > Properties > key. */
const PROPERTY_VALUE_INDENT = 8;

export interface FootprintOptions {
  /**
   * Account-wide custom attachments are rendered inside their policy (its Users, Groups or Roles
   * list) rather than as resources of their own. @default false
   */
  readonly inlineAttachments?: boolean;
}

/** Whether an attachment can be written inside its policy: a custom one, account-wide. */
export function isInlined(attachment: PlannedAttachment): boolean {
  return attachment.policyType === 'Custom' && attachment.resourceGroupId === undefined;
}

export function footprintOf(share: Plan, options: FootprintOptions = {}): Footprint {
  let bytes = 0;
  let resources = share.policies.length;
  for (const policy of share.policies) bytes += policyBytes(policy);
  for (const attachment of share.attachments) {
    if (options.inlineAttachments && isInlined(attachment)) {
      bytes += INLINE_ATTACHMENT_BYTES + textBytes(attachment.principal.name);
    } else {
      bytes += attachmentBytes(attachment);
      resources++;
    }
  }
  return { resources, bytes };
}

function policyBytes(policy: PlannedPolicy): number {
  return POLICY_RESOURCE_BYTES + textBytes(policy.description) + indentedBytes(policy.document)
    + (policy.suppressions ? METADATA_BYTES + indentedBytes(policy.suppressions) : 0);
}

function attachmentBytes(attachment: PlannedAttachment): number {
  const reasons = attachment.highRiskReasons ?? [];
  return ATTACHMENT_RESOURCE_BYTES + textBytes(attachment.principal.name)
    + (attachment.resourceGroupId === undefined ? 0 : RESOURCE_GROUP_ATTACHMENT_EXTRA_BYTES + textBytes(attachment.principal.name) + textBytes(attachment.resourceGroupId))
    + (reasons.length === 0 ? 0 : METADATA_BYTES + textBytes(reasons.join('\n')));
}

function textBytes(text: string): number {
  // Printable ASCII without quotes or backslashes, the usual case, is written as it is.
  return PLAIN_TEXT.test(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text), 'utf8');
}

const PLAIN_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * The bytes of `value` as ROS CDK writes it (`JSON.stringify(value, undefined, 2)`) as a property
 * value inside a resource, counted without writing it out.
 */
function indentedBytes(value: unknown): number {
  return prettyBytes(value, PROPERTY_VALUE_INDENT);
}

/** `JSON.stringify(value, undefined, 2)`'s bytes, each line after the first indented by `indent` more. */
export function prettyBytes(value: unknown, indent: number): number {
  if (typeof value === 'string') return textBytes(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 2;
    let bytes = 3 + (value.length - 1) + value.length * (indent + 3) + indent;
    for (const item of value) bytes += prettyBytes(item, indent + 2);
    return bytes;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return 2;
    let bytes = 3 + (entries.length - 1) + entries.length * (indent + 3) + indent;
    for (const [key, v] of entries) bytes += textBytes(key) + 2 + prettyBytes(v, indent + 2);
    return bytes;
  }
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

export interface StackPlacementOptions {
  readonly limits: Limits;
  /** Share of a stack's limits up to which principals are placed into it. @default DEFAULT_STACK_FILL */
  readonly fill?: number;
  /** Names the owner in error messages. */
  readonly where: string;
}

/**
 * Places every principal of `footprints` in a stack, keeping the placement of `previous`:
 * 1. a principal keeps its stack, unless that stack would go over ROS's limits; then the
 *    principals of that stack whose share grew since they were placed leave it, most growth
 *    first, until it fits (principals whose share did not grow never leave a stack);
 * 2. new and leaving principals, in label order, go to the first stack that holds them within
 *    `fill` of its limits, a leaving one only to a stack numbered after the one it left (so
 *    that deploying stacks in order releases its resources before they are created again);
 *    when none does, to a new stack numbered after every other;
 * 3. principals no longer granted anything leave; stacks stay, empty ones too, so that a
 *    deploy empties them instead of leaving their resources behind.
 * The result depends on the principals, their footprints and `previous` only, never on order.
 */
export function assignStacks(
  footprints: ReadonlyMap<string, Footprint>,
  previous: StackAssignment | undefined,
  options: StackPlacementOptions,
): StackAssignment {
  const { limits } = options;
  const fill = options.fill ?? DEFAULT_STACK_FILL;
  const capacity: Footprint = { resources: limits.maxResourcesPerStack, bytes: limits.maxTemplateBytes - TEMPLATE_BASE_BYTES };
  const soft: Footprint = { resources: Math.floor(capacity.resources * fill), bytes: Math.floor(capacity.bytes * fill) };

  const stacks = new Map<number, Map<string, Footprint>>();
  const leaving: { label: string; after: number }[] = [];
  for (const number of stackNumbers(previous)) {
    const recorded = previous!.stacks[stackNumberText(number)];
    const kept = new Map<string, Footprint>();
    for (const label of Object.keys(recorded).sort(compareText)) {
      const now = footprints.get(label);
      if (now !== undefined) kept.set(label, now);
    }
    const grown = [...kept.keys()]
      .filter((label) => grew(recorded[label], kept.get(label)!))
      .sort((a, b) => growth(recorded[b], kept.get(b)!) - growth(recorded[a], kept.get(a)!) || compareText(a, b));
    for (const label of grown) {
      if (fits(load(kept), capacity)) break;
      kept.delete(label);
      leaving.push({ label, after: number });
    }
    if (!fits(load(kept), capacity)) {
      throw new GrantValidationError(options.where, 'stack', stackNumberText(number),
        `holds more than ROS allows (${describeLoad(load(kept))}, limits ${describeLoad(capacity)}) though none of its principals grew`,
        'the limits were lowered or the assignment file was edited by hand; move some principals to a new stack number in the file');
    }
    stacks.set(number, kept);
  }

  const placed = new Set([...stacks.values()].flatMap((s) => [...s.keys()]));
  const leavingLabels = new Set(leaving.map((l) => l.label));
  const arriving = [
    ...leaving,
    ...[...footprints.keys()].filter((label) => !placed.has(label) && !leavingLabels.has(label)).map((label) => ({ label, after: 0 })),
  ].sort((a, b) => compareText(a.label, b.label));
  const loads = new Map([...stacks.entries()].map(([n, s]) => [n, load(s)]));
  for (const { label, after } of arriving) {
    const footprint = footprints.get(label)!;
    if (!fits(footprint, capacity)) {
      throw new GrantValidationError(options.where, 'grants', label,
        `needs ${describeLoad(footprint)}, more than one ROS stack holds (${describeLoad(capacity)})`,
        'split its grants between several grantees');
    }
    const target = [...loads.keys()].sort((a, b) => a - b).find((n) => n > after && fits(add(loads.get(n)!, footprint), soft));
    const number = target ?? Math.max(0, ...loads.keys()) + 1;
    const stack = stacks.get(number) ?? new Map<string, Footprint>();
    stack.set(label, footprint);
    stacks.set(number, stack);
    loads.set(number, add(loads.get(number) ?? { resources: 0, bytes: 0 }, footprint));
  }

  if (Math.max(0, ...stacks.keys()) > MAX_STACK_NUMBER) {
    throw new GrantValidationError(options.where, 'grants', `stack ${Math.max(...stacks.keys())}`,
      `would be numbered past ${MAX_STACK_NUMBER}, the last number with ${STACK_NUMBER_DIGITS} digits`,
      'renumber the stacks in the assignment file, or delete empty ones');
  }
  if (stacks.size > limits.maxStacksPerAccount) {
    throw new GrantValidationError(options.where, 'grants', `${stacks.size} stacks`,
      `is more than ROS's ${limits.maxStacksPerAccount} stacks per account`, 'grant through groups instead of many users and roles');
  }
  const out: { [stack: string]: { [principal: string]: Footprint } } = {};
  for (const number of [...stacks.keys()].sort((a, b) => a - b)) {
    const principals: { [principal: string]: Footprint } = {};
    for (const label of [...stacks.get(number)!.keys()].sort(compareText)) principals[label] = stacks.get(number)!.get(label)!;
    out[stackNumberText(number)] = principals;
  }
  return { stacks: out };
}

/** The template bytes and resources of a stack holding these footprints. */
export function stackLoad(footprints: Iterable<Footprint>): Footprint {
  let sum: Footprint = { resources: 0, bytes: TEMPLATE_BASE_BYTES };
  for (const f of footprints) sum = add(sum, f);
  return sum;
}

function load(stack: ReadonlyMap<string, Footprint>): Footprint {
  let sum: Footprint = { resources: 0, bytes: 0 };
  for (const f of stack.values()) sum = add(sum, f);
  return sum;
}

function add(a: Footprint, b: Footprint): Footprint {
  return { resources: a.resources + b.resources, bytes: a.bytes + b.bytes };
}

function fits(f: Footprint, limit: Footprint): boolean {
  return f.resources <= limit.resources && f.bytes <= limit.bytes;
}

function grew(before: Footprint, now: Footprint): boolean {
  return now.resources > before.resources || now.bytes > before.bytes;
}

function growth(before: Footprint, now: Footprint): number {
  return Math.max(0, now.bytes - before.bytes);
}

function describeLoad(f: Footprint): string {
  return `${f.resources} resources, ${f.bytes} bytes`;
}

function stackNumbers(assignment: StackAssignment | undefined): number[] {
  return assignment ? Object.keys(assignment.stacks).map(Number).sort((a, b) => a - b) : [];
}

/**
 * Checks an assignment read from a file (parsed JSON) and returns it; `where` is the file.
 * Every refusal names the file, the field and the value.
 */
export function checkStackAssignment(value: unknown, where: string): StackAssignment {
  const object = (v: unknown): v is { [key: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!object(value) || value.version !== STACK_ASSIGNMENT_VERSION || !object(value.stacks)) {
    throw new GrantValidationError(where, 'stack assignment', object(value) ? value.version : value,
      `must be an object with "version": ${STACK_ASSIGNMENT_VERSION} and "stacks"`, 'delete the file to place every principal afresh');
  }
  const seen = new Map<string, string>();
  for (const [number, principals] of Object.entries(value.stacks)) {
    if (!/^[0-9]{3}$/.test(number) || number === '000') {
      throw new GrantValidationError(where, 'stacks', number, 'must be numbered with three digits: 001, 002, ...');
    }
    if (!object(principals)) throw new GrantValidationError(where, `stacks.${number}`, principals, 'must map principals to footprints');
    for (const [label, footprint] of Object.entries(principals)) {
      if (!/^(user|group|role):./.test(label)) {
        throw new GrantValidationError(where, `stacks.${number}`, label, 'must name a principal as user:<name>, group:<name> or role:<name>');
      }
      if (!object(footprint) || !isCount(footprint.resources) || !isCount(footprint.bytes) || Object.keys(footprint).length !== 2) {
        throw new GrantValidationError(where, `stacks.${number}.${label}`, footprint, 'must be { "resources": <whole number>, "bytes": <whole number> }');
      }
      const other = seen.get(label);
      if (other !== undefined) {
        throw new GrantValidationError(where, `stacks.${number}`, label, `is also in stack ${other}; a principal is in one stack only`,
          'remove it from one of them');
      }
      seen.set(label, number);
    }
  }
  return { stacks: value.stacks as StackAssignment['stacks'] };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** The file's text: canonical, so the same assignment is always the same bytes; one line per principal. */
export function stackAssignmentText(assignment: StackAssignment): string {
  const stacks = stackNumbers(assignment).map((number) => {
    const recorded = assignment.stacks[stackNumberText(number)];
    const lines = Object.keys(recorded).sort(compareText)
      .map((label) => `      ${JSON.stringify(label)}: { "resources": ${recorded[label].resources}, "bytes": ${recorded[label].bytes} }`);
    const key = JSON.stringify(stackNumberText(number));
    return lines.length === 0 ? `    ${key}: {}` : `    ${key}: {\n${lines.join(',\n')}\n    }`;
  });
  return `{\n  "version": ${STACK_ASSIGNMENT_VERSION},\n  "stacks": {${stacks.length === 0 ? '' : `\n${stacks.join(',\n')}\n  `}}\n}\n`;
}
