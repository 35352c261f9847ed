/**
 * Template values as far as they can be known before deployment. ROS resolves intrinsic
 * functions at deploy time (https://www.alibabacloud.com/help/en/ros/user-guide/functions);
 * a review resolves what the template itself fixes — literals, parameters given on the
 * command line, `Fn::Join` and `Fn::Sub` of those, names of resources defined in the template —
 * and keeps the rest as named holes, so a report can say `cri-123456/${Namespace}`. Text that
 * still carries a ROS CDK token marker (`${Token[...]}`) was never resolved: each marker is a hole.
 */
import { createHash } from 'crypto';
import { isUnresolved, splitAtTokens } from '../model/token';
import { typedParameterValue } from '../model/parameter-values';

/** A part of a text that is not known before deployment. */
export interface Hole {
  /** How reports write it: `${Namespace}`, `${Role.RoleName}`, or the expression as JSON. */
  readonly hole: string;
  /** The name a `Ref` gives, when the hole is one: a parameter of the template or a pseudo parameter (`ALIYUN::Region`). */
  readonly ref?: string;
  /**
   * Which unknown the hole is, when its text alone does not say: the text and a fingerprint of
   * what defines it (a mapping, a condition, a resource), so that two versions of a template
   * share an unknown only where they define it alike. Undefined for a parameter of the
   * template or a pseudo parameter, which are the same unknown wherever they are named.
   */
  readonly identity?: string;
}

/** Text with holes, e.g. `acs:cr:*:*:repository/cri-1/` + `${Namespace}`. */
export interface PartialText {
  readonly parts: readonly (string | Hole)[];
}

/** A value that is not text and cannot be known: a whole document from a parameter, an `Fn::If`. */
export interface Opaque {
  readonly opaque: string;
  /** As {@link Hole.identity}. */
  readonly identity?: string;
}

export function isPartialText(value: unknown): value is PartialText {
  return typeof value === 'object' && value !== null && Array.isArray((value as PartialText).parts);
}

export function isOpaque(value: unknown): value is Opaque {
  return typeof value === 'object' && value !== null && typeof (value as Opaque).opaque === 'string';
}

/** The text as reports show it: holes as `${...}`. */
export function labelOf(value: PartialText | Opaque | string): string {
  if (typeof value === 'string') return value;
  if (isOpaque(value)) return value.opaque;
  return value.parts.map((p) => (typeof p === 'string' ? p : p.hole)).join('');
}

/**
 * The text as the analysis tells unknowns apart: each hole by its identity. Reports show it
 * through {@link readable}, which drops the fingerprints.
 */
export function identityOf(value: PartialText | Opaque | string): string {
  if (typeof value === 'string') return value;
  if (isOpaque(value)) return value.identity ?? value.opaque;
  return value.parts.map((p) => (typeof p === 'string' ? p : p.identity ?? p.hole)).join('');
}

/** A resolved value with each unknown as its identity, for naming unknowns built of it. */
export function identityValue(value: unknown): unknown {
  if (isPartialText(value) || isOpaque(value)) return identityOf(value);
  if (Array.isArray(value)) return value.map(identityValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, identityValue(v)]));
  }
  return value;
}

/**
 * Fingerprints are written after a private-use character, which a reader's text has no reason
 * to hold: `${Mappings.M.k}` + U+E000 + 32 hex digits (128 bits of SHA-256, so a changed
 * definition cannot be made to match an old one).
 */
const FINGERPRINT_MARK = '\uE000';
const FINGERPRINT = /\uE000[0-9a-f]{32}/g;

/** A `${...}` hole in an identity, with its fingerprint when it has one. */
export const IDENTITY_HOLE = /\$\{[^}]*\}(?:\uE000[0-9a-f]{32})?/g;

function fingerprinted(text: string, definition: unknown): string {
  return `${text}${FINGERPRINT_MARK}${createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 32)}`;
}

/** Text as reports show it: identities without their fingerprints. */
export function readable(text: string): string {
  return text.replace(FINGERPRINT, '');
}

/** {@link readable} on every string of a report, keys included. */
export function readableReport<T>(value: T): T {
  if (typeof value === 'string') return readable(value) as unknown as T;
  if (Array.isArray(value)) return value.map(readableReport) as unknown as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [readable(k), readableReport(v)])) as T;
  }
  return value;
}

/** A resolved value as reports show it: text with holes as `${...}`, the rest as it is. */
export function displayValue(value: unknown): unknown {
  if (isPartialText(value) || isOpaque(value)) return labelOf(value);
  if (Array.isArray(value)) return value.map(displayValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(v)]));
  }
  return value;
}

/** The widest pattern the text can become: every hole read as `*`. */
export function widestPattern(value: PartialText): string {
  return value.parts.map((p) => (typeof p === 'string' ? p : '*')).join('');
}

/** Canonical JSON: keys sorted, so equal values have equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a template fixes for resolving values. */
export interface ResolveContext {
  /** The template's `Resources`. */
  readonly resources: { readonly [id: string]: any };
  /**
   * Values for parameters: given for the review (`--parameters Name=value`), or, in a nested
   * stack, what its parent passes, resolved in the parent.
   */
  readonly parameters: { readonly [name: string]: unknown };
  /** Parameters the template declares. */
  readonly declared: ReadonlySet<string>;
  /** The template's `Parameters`, `Mappings` and `Conditions` sections. */
  readonly sections?: TemplateSections;
  /**
   * The path of a nested stack (`Stack/`); undefined for the template under review. Only that
   * template's parameters and pseudo parameters are unknowns every version shares by name.
   */
  readonly stack?: string;
  /** Conditions already evaluated, by name; one per template read. */
  readonly conditionValues?: Map<string, boolean | undefined>;
}

export interface TemplateSections {
  readonly Parameters?: { readonly [name: string]: unknown };
  readonly Mappings?: { readonly [name: string]: unknown };
  readonly Conditions?: { readonly [name: string]: unknown };
}

/** Bounds on one value, so a hostile template cannot make a review run away. */
const MAX_DEPTH = 64;

/** The property that names each resource type, which `Ref` returns. */
export const NAME_PROPERTIES: { readonly [type: string]: string } = {
  'ALIYUN::RAM::User': 'UserName',
  'ALIYUN::RAM::Group': 'GroupName',
  'ALIYUN::RAM::Role': 'RoleName',
  'ALIYUN::RAM::ManagedPolicy': 'PolicyName',
};

/** Pseudo parameters whose value differs from one stack to another: in a nested stack they are that stack's own. */
const PER_STACK_PSEUDO_PARAMETERS: readonly string[] = ['ALIYUN::StackName', 'ALIYUN::StackId'];
/** `Ref` to it inside `Fn::If` removes the property: https://www.alibabacloud.com/help/en/ros/user-guide/pseudo-parameters */
const NO_VALUE = 'ALIYUN::NoValue';

/**
 * Resolves every intrinsic function in `value` that the template fixes. Text comes back as a
 * string or a {@link PartialText}; an expression that is not text comes back {@link Opaque}.
 * A property or list item that resolves to `ALIYUN::NoValue` is left out.
 */
export function resolveValue(value: unknown, context: ResolveContext, depth = 0): unknown {
  if (depth > MAX_DEPTH) return { opaque: 'a value nested too deeply to read', identity: fingerprinted('a value nested too deeply to read', { stack: context.stack, value }) };
  if (typeof value === 'string') return tokenHoles(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, context, depth + 1)).filter((v) => v !== undefined);
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    return resolveFunction(keys[0], (value as any)[keys[0]], context, depth + 1);
  }
  const out: { [key: string]: unknown } = {};
  for (const key of keys) {
    const resolved = resolveValue((value as any)[key], context, depth + 1);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

/** Resolves a value that must be text; anything else is a hole. */
export function resolveText(value: unknown, context: ResolveContext, depth = 0): string | PartialText {
  const resolved = resolveValue(value, context, depth);
  if (typeof resolved === 'string' || isPartialText(resolved)) return resolved;
  if (isOpaque(resolved)) return { parts: [{ hole: resolved.opaque, ...(resolved.identity ? { identity: resolved.identity } : {}) }] };
  return { parts: [holeOf(`\${${canonicalJson(value)}}`, value, context)] };
}

/**
 * Whether a condition of the `Conditions` section holds: true or false when the template and
 * the given parameters fix it, undefined when they do not.
 * https://www.alibabacloud.com/help/en/ros/user-guide/conditions,
 * https://www.alibabacloud.com/help/en/ros/user-guide/condition-functions
 */
export function conditionHolds(name: string, context: ResolveContext, depth = 0): boolean | undefined {
  const values = context.conditionValues;
  if (values?.has(name)) return values.get(name);
  // Marked undecided first, so a condition that refers to itself is undecided, not endless.
  values?.set(name, undefined);
  const definition = ownEntry(context.sections?.Conditions ?? {}, name);
  const holds = definition === undefined ? undefined : evaluateCondition(definition, context, depth + 1);
  values?.set(name, holds);
  return holds;
}

/** The name a condition is known by in reviews, with a fingerprint of its definition. */
export function conditionIdentity(name: string, context: ResolveContext): string {
  return fingerprinted(`${context.stack ?? ''}${name}`, definitionsOf({ Condition: name }, context));
}

function evaluateCondition(definition: unknown, context: ResolveContext, depth: number): boolean | undefined {
  if (typeof definition === 'boolean') return definition;
  if (depth > MAX_DEPTH || definition === null || typeof definition !== 'object' || Array.isArray(definition)) return undefined;
  const keys = Object.keys(definition);
  if (keys.length !== 1) return undefined;
  const argument = (definition as any)[keys[0]];
  const each = () => (Array.isArray(argument) ? argument.map((c) => evaluateCondition(c, context, depth + 1)) : [undefined]);
  switch (keys[0]) {
    case 'Condition': return typeof argument === 'string' ? conditionHolds(argument, context, depth) : undefined;
    case 'Fn::Equals': {
      if (!Array.isArray(argument) || argument.length !== 2) return undefined;
      const [a, b] = argument.map((v) => resolveValue(v, context, depth + 1));
      if (hasUnknown(a) || hasUnknown(b) || typeof a !== typeof b) return undefined;
      return canonicalJson(a) === canonicalJson(b);
    }
    case 'Fn::And': {
      const values = each();
      return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
    }
    case 'Fn::Or': {
      const values = each();
      return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
    }
    case 'Fn::Not': {
      const values = each();
      return values.length === 1 && values[0] !== undefined ? !values[0] : undefined;
    }
    default: return undefined;
  }
}

/** Whether a resolved value still holds something not known. */
function hasUnknown(value: unknown): boolean {
  if (value === undefined || isPartialText(value) || isOpaque(value)) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasUnknown);
  return false;
}

function resolveFunction(name: string, argument: unknown, context: ResolveContext, depth: number): unknown {
  const expression = { [name]: argument };
  const json = canonicalJson(expression);
  const hole = (label: string): PartialText => ({ parts: [holeOf(label, expression, context)] });
  const opaque = (): Opaque => ({ opaque: json, identity: fingerprinted(json, definitionsOf(expression, context)) });
  switch (name) {
    case 'Ref': {
      if (typeof argument !== 'string') return opaque();
      // Parameters and resources share one set of names; a given value is for a parameter only.
      const resource = context.declared.has(argument) ? undefined : ownEntry(context.resources, argument);
      if (resource === undefined && Object.prototype.hasOwnProperty.call(context.parameters, argument)) {
        const given = context.parameters[argument];
        if (typeof given !== 'string') return given;
        // Text is read as the parameter's Type reads it; text that Type refuses ROS would not deploy, so it stands for nothing known.
        const typed = typedParameterValue(argument, ownEntry(context.sections?.Parameters ?? {}, argument), given);
        return 'value' in typed ? typed.value : hole(`\${${argument}}`);
      }
      if (ownEntry(NAME_PROPERTIES, resource?.Type) !== undefined) return nameOf(argument, resource, context, depth);
      if (argument === NO_VALUE) return undefined;
      if (sharedByName(argument, context)) return { parts: [{ hole: `\${${argument}}`, ref: argument }] };
      return hole(`\${${argument}}`);
    }
    case 'Fn::GetAtt': {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string' || typeof argument[1] !== 'string') {
        return opaque();
      }
      const [id, attribute] = argument;
      const resource = ownEntry(context.resources, id);
      if (ownEntry(NAME_PROPERTIES, resource?.Type) === attribute) return nameOf(id, resource, context, depth);
      return hole(`\${${id}.${attribute}}`);
    }
    case 'Fn::Join': {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string' || !Array.isArray(argument[1])) {
        return hole(`\${${json}}`);
      }
      const [separator, items] = argument as [string, unknown[]];
      const parts: (string | Hole)[] = [];
      items.forEach((item, i) => {
        if (i > 0) parts.push(separator);
        const text = resolveText(item, context, depth);
        parts.push(...(typeof text === 'string' ? [text] : text.parts));
      });
      return simplify(parts);
    }
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
      if (typeof template !== 'string' || variables === null || typeof variables !== 'object') return hole(`\${${json}}`);
      const parts: (string | Hole)[] = [];
      let last = 0;
      // `${!Name}` anywhere is the literal text `${Name}`: https://www.alibabacloud.com/help/en/ros/user-guide/function-fn-sub
      for (const match of template.matchAll(/\$\{!|\$\{([^}]+)\}/g)) {
        parts.push(template.slice(last, match.index));
        last = match.index! + match[0].length;
        if (match[1] === undefined) {
          parts.push('${');
          continue;
        }
        const variable = match[1];
        const text = Object.prototype.hasOwnProperty.call(variables, variable)
          ? resolveText((variables as any)[variable], context, depth)
          : resolveText(variable.includes('.') ? { 'Fn::GetAtt': variable.split('.', 2) } : { Ref: variable }, context, depth);
        parts.push(...(typeof text === 'string' ? [text] : text.parts));
      }
      parts.push(template.slice(last));
      return simplify(parts);
    }
    case 'Fn::If': {
      if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') return hole(`\${${json}}`);
      const holds = conditionHolds(argument[0], context, depth);
      if (holds === undefined) return hole(`\${${json}}`);
      return resolveValue(argument[holds ? 1 : 2], context, depth);
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(argument) || argument.length !== 3) return hole(`\${${json}}`);
      const keys = argument.map((k) => resolveText(k, context, depth));
      if (keys.every((k): k is string => typeof k === 'string')) {
        const map = ownEntry(context.sections?.Mappings ?? {}, keys[0]) as any;
        const first = map !== null && typeof map === 'object' ? ownEntry(map, keys[1]) as any : undefined;
        const entry = first !== null && typeof first === 'object' ? ownEntry(first, keys[2]) : undefined;
        if (entry !== undefined) return resolveValue(entry, context, depth);
      }
      return hole(`\${Mappings.${keys.map(labelOf).join('.')}}`);
    }
    default:
      return hole(`\${${json}}`);
  }
}

/** Whether `Ref` to `name` is an unknown every version shares by name: a parameter or pseudo parameter of the template under review. */
function sharedByName(name: string, context: ResolveContext): boolean {
  if (name.startsWith('ALIYUN::')) return context.stack === undefined || !PER_STACK_PSEUDO_PARAMETERS.includes(name);
  return context.stack === undefined && context.declared.has(name);
}

/** A hole known by its label and a fingerprint of `definition`. */
export function definedHole(label: string, definition: unknown): Hole {
  return { hole: label, identity: fingerprinted(label, definition) };
}

/** A hole for `expression`, known by its label and a fingerprint of what defines it. */
function holeOf(label: string, expression: unknown, context: ResolveContext): Hole {
  return { hole: label, identity: fingerprinted(label, definitionsOf(expression, context)) };
}

/**
 * What defines the value of `expression`: the expression itself, the stack it stands in, and
 * every definition it refers to, followed through: resources (type, properties and condition,
 * so a nested stack's outputs too), mappings, conditions, and a nested stack's parameters as
 * its parent passes them. Parameters and pseudo parameters shared by name are named only.
 */
function definitionsOf(expression: unknown, context: ResolveContext): unknown {
  const found = new Map<string, unknown>();
  const sections = context.sections ?? {};
  const add = (key: string, definition: unknown) => {
    if (found.has(key)) return;
    found.set(key, definition ?? null);
    visit(definition);
  };
  const refer = (name: string) => {
    if (sharedByName(name, context)) return;
    if (context.declared.has(name)) {
      const given = Object.prototype.hasOwnProperty.call(context.parameters, name);
      add(`Parameters.${name}`, given ? { given: identityValue(context.parameters[name]) } : { declared: ownEntry(sections.Parameters ?? {}, name) });
      return;
    }
    const resource = ownEntry(context.resources, name);
    if (resource !== undefined) add(`Resources.${name}`, { Type: resource?.Type, Properties: resource?.Properties, Condition: resource?.Condition });
    else found.set(`Unknown.${name}`, null);
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, argument] of Object.entries(value)) {
      if (key === 'Ref' && typeof argument === 'string') refer(argument);
      if (key === 'Fn::GetAtt') {
        const id = Array.isArray(argument) ? argument[0] : typeof argument === 'string' ? argument.split('.')[0] : undefined;
        if (typeof id === 'string') refer(id);
      }
      if (key === 'Fn::Sub') {
        const template = Array.isArray(argument) ? argument[0] : argument;
        if (typeof template === 'string') for (const m of template.matchAll(/\$\{([^}!][^}.]*)/g)) refer(m[1]);
      }
      if (key === 'Fn::FindInMap') {
        const map = Array.isArray(argument) ? argument[0] : undefined;
        if (typeof map === 'string') add(`Mappings.${map}`, ownEntry(sections.Mappings ?? {}, map));
        else add('Mappings', sections.Mappings);
      }
      const condition = key === 'Condition' ? argument : key === 'Fn::If' && Array.isArray(argument) ? argument[0] : undefined;
      if (typeof condition === 'string') add(`Conditions.${condition}`, ownEntry(sections.Conditions ?? {}, condition));
      else if (key === 'Condition' || key === 'Fn::If') add('Conditions', sections.Conditions);
      visit(argument);
    }
  };
  visit(expression);
  return { stack: context.stack ?? '', expression, definitions: [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

/**
 * The name of a resource the template defines: its name property, resolved. A managed policy
 * without a `PolicyName` is known by its logical id, as ./template.ts names it.
 */
function nameOf(id: string, resource: any, context: ResolveContext, depth: number): string | PartialText {
  const name = resource?.Properties?.[NAME_PROPERTIES[resource.Type]];
  if (name === undefined && resource.Type === 'ALIYUN::RAM::ManagedPolicy') return id;
  return resolveText(name, context, depth);
}

/** A table's own entry, so a template's `"constructor"` finds nothing. */
export function ownEntry<T>(table: { readonly [key: string]: T }, key: unknown): T | undefined {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Text as it stands, or with each ROS CDK token marker as a hole: a token never resolved stands for any value. */
function tokenHoles(text: string): string | PartialText {
  if (!isUnresolved(text)) return text;
  const pieces = splitAtTokens(text);
  return simplify(pieces.map((p) => (p.token ? { hole: p.text } : p.text)));
}

/** Adjacent strings joined; all-string text as a plain string. */
function simplify(parts: readonly (string | Hole)[]): string | PartialText {
  const out: (string | Hole)[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += part;
    else if (part !== '') out.push(part);
  }
  if (out.every((p) => typeof p === 'string')) return out.join('');
  return { parts: out };
}
