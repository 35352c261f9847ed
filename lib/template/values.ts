/**
 * Template values as far as they can be known before deployment. ROS resolves intrinsic
 * functions at deploy time (https://www.alibabacloud.com/help/en/ros/user-guide/functions);
 * a review resolves what the template itself fixes — literals, parameters given on the
 * command line, `Fn::Join` and `Fn::Sub` of those, names of resources defined in the template —
 * and keeps the rest as named holes, so a report can say `cri-123456/${Namespace}`. Text that
 * still carries a ROS CDK token marker (`${Token[...]}`) was never resolved: each marker is a hole.
 */
import { isUnresolved, splitAtTokens } from '../model/token';

/** A part of a text that is not known before deployment. */
export interface Hole {
  /** How reports write it: `${Namespace}`, `${Role.RoleName}`, or the expression as JSON. */
  readonly hole: string;
  /** The name a `Ref` gives, when the hole is one: a parameter of the template or a pseudo parameter (`ALIYUN::Region`). */
  readonly ref?: string;
}

/** Text with holes, e.g. `acs:cr:*:*:repository/cri-1/` + `${Namespace}`. */
export interface PartialText {
  readonly parts: readonly (string | Hole)[];
}

/** A value that is not text and cannot be known: a whole document from a parameter, an `Fn::If`. */
export interface Opaque {
  readonly opaque: string;
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
  /** Parameter values given for the review (`--parameters Name=value`). */
  readonly parameters: { readonly [name: string]: string };
  /** Parameters the template declares. */
  readonly declared: ReadonlySet<string>;
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

/**
 * Resolves every intrinsic function in `value` that the template fixes. Text comes back as a
 * string or a {@link PartialText}; an expression that is not text comes back {@link Opaque}.
 */
export function resolveValue(value: unknown, context: ResolveContext, depth = 0): unknown {
  if (depth > MAX_DEPTH) return { opaque: 'a value nested too deeply to read' };
  if (typeof value === 'string') return tokenHoles(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, context, depth + 1));
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    return resolveFunction(keys[0], (value as any)[keys[0]], context, depth + 1);
  }
  const out: { [key: string]: unknown } = {};
  for (const key of keys) out[key] = resolveValue((value as any)[key], context, depth + 1);
  return out;
}

/** Resolves a value that must be text; anything else is a hole. */
export function resolveText(value: unknown, context: ResolveContext, depth = 0): string | PartialText {
  const resolved = resolveValue(value, context, depth);
  if (typeof resolved === 'string' || isPartialText(resolved)) return resolved;
  return { parts: [{ hole: isOpaque(resolved) ? resolved.opaque : `\${${canonicalJson(value)}}` }] };
}

function resolveFunction(name: string, argument: unknown, context: ResolveContext, depth: number): unknown {
  const expression = canonicalJson({ [name]: argument });
  const hole = (label: string): PartialText => ({ parts: [{ hole: label }] });
  switch (name) {
    case 'Ref': {
      if (typeof argument !== 'string') return { opaque: expression };
      // Parameters and resources share one set of names; a given value is for a parameter only.
      const resource = context.declared.has(argument) ? undefined : ownEntry(context.resources, argument);
      if (resource === undefined && Object.prototype.hasOwnProperty.call(context.parameters, argument)) return context.parameters[argument];
      if (ownEntry(NAME_PROPERTIES, resource?.Type) !== undefined) return nameOf(argument, resource, context, depth);
      return { parts: [{ hole: `\${${argument}}`, ref: argument }] };
    }
    case 'Fn::GetAtt': {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string' || typeof argument[1] !== 'string') {
        return { opaque: expression };
      }
      const [id, attribute] = argument;
      const resource = ownEntry(context.resources, id);
      if (ownEntry(NAME_PROPERTIES, resource?.Type) === attribute) return nameOf(id, resource, context, depth);
      return hole(`\${${id}.${attribute}}`);
    }
    case 'Fn::Join': {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string' || !Array.isArray(argument[1])) {
        return hole(`\${${expression}}`);
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
      if (typeof template !== 'string' || variables === null || typeof variables !== 'object') return hole(`\${${expression}}`);
      const parts: (string | Hole)[] = [];
      let last = 0;
      for (const match of template.matchAll(/\$\{([^}!][^}]*)\}/g)) {
        parts.push(template.slice(last, match.index));
        const variable = match[1];
        const text = Object.prototype.hasOwnProperty.call(variables, variable)
          ? resolveText((variables as any)[variable], context, depth)
          : resolveText(variable.includes('.') ? { 'Fn::GetAtt': variable.split('.', 2) } : { Ref: variable }, context, depth);
        parts.push(...(typeof text === 'string' ? [text] : text.parts));
        last = match.index! + match[0].length;
      }
      parts.push(template.slice(last).replace(/\$\{!/g, '${'));
      return simplify(parts);
    }
    default:
      return hole(`\${${expression}}`);
  }
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
