/**
 * A policy document as the checker's rules read it: any input, read without throwing (rules
 * report problems, they never throw), statements with their positions, entries split into what
 * can and cannot be checked, and the document's Container Registry resources.
 */
import { CrResourceSegments, crResourceOf, crResourceSegments } from '../model/arn';
import { Limits } from '../model/limits';
import { isUnresolved } from '../model/token';
import { isOpaque, isPartialText } from '../template/values';
import { ParameterDeclarations, readResourceEntry } from './parameters';
import { show } from './rule';

/** A statement as the rules see it; every field is read defensively from `raw`. */
export interface StatementView {
  readonly index: number;
  readonly raw: { readonly [key: string]: unknown };
  /** `Action` or `NotAction` when exactly one of them is present. */
  readonly actionKey?: 'Action' | 'NotAction';
  /** The resolved string entries of `actionKey`. */
  readonly actions: readonly string[];
  /** False when some entry of `actionKey` is unresolved or not a string. */
  readonly actionsComplete: boolean;
  /** The resolved string entries of `Resource`. */
  readonly resources: readonly string[];
  readonly resourcesComplete: boolean;
  /**
   * `Resource` entries built from parameters that keep every value inside the rules of the fields
   * they fill (./parameters.ts): as reports show them, and a stand-in that rules judge the ARN's
   * shape and wildcards by, which are those of every value deployed.
   */
  readonly boundedResources: readonly { readonly label: string; readonly standIn: string }[];
  /** The other `Resource` entries only known at deployment: as reports show them, and why they are not bounded. */
  readonly openResources: readonly { readonly label: string; readonly why?: string }[];
}

export interface DocumentContext {
  readonly policyName: string;
  /** True when the whole document is only known at deployment (an intrinsic function, a token). */
  readonly unresolved: boolean;
  /** The document object, after parsing when it was given as JSON text; undefined when it is not an object. */
  readonly document?: { readonly [key: string]: unknown };
  /** Why the input is not a document object; undefined when `document` is set. */
  readonly problem?: string;
  /** The statements that are objects, with their positions in the `Statement` list. */
  readonly statements: readonly StatementView[];
  readonly limits: Limits;
}

/**
 * A value a template fills in only at deployment: text with holes or a value the template reader
 * could not resolve (lib/template/values.ts), and, in documents read from JSON text, which ROS
 * does not resolve, `{"Ref": ...}`, `{"Fn::...": ...}` or a string that still carries a ROS CDK
 * token. Rules skip such values; CRG-S005 reports those that could hide access.
 */
export function isUnresolvedValue(value: unknown): boolean {
  if (typeof value === 'string') return isUnresolved(value);
  if (isPartialText(value) || isOpaque(value)) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

export function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An element that RAM accepts as one string or a list, split into what can and cannot be checked. */
export interface Entries {
  readonly strings: readonly string[];
  readonly unresolved: number;
  /** Entries that are neither strings nor unresolved values. */
  readonly invalid: readonly unknown[];
  /** True when the element is a list (possibly empty) or a single entry; false when it is something else. */
  readonly wellFormed: boolean;
  /** Number of entries (1 for a single value). */
  readonly count: number;
}

export function readEntries(value: unknown): Entries {
  if (isUnresolvedValue(value) && typeof value !== 'string') {
    return { strings: [], unresolved: 1, invalid: [], wellFormed: true, count: 1 };
  }
  const list = Array.isArray(value) ? value : [value];
  const strings: string[] = [];
  const invalid: unknown[] = [];
  let unresolved = 0;
  for (const entry of list) {
    if (isUnresolvedValue(entry)) unresolved++;
    else if (typeof entry === 'string') strings.push(entry);
    else invalid.push(entry);
  }
  return { strings, unresolved, invalid, wellFormed: Array.isArray(value) || typeof value === 'string', count: list.length };
}

/**
 * Reads any input as a policy document. A JSON string is parsed first, as RAM's API takes text.
 * `parameters` are the declarations of the template the document is in.
 */
export function readDocument(input: unknown, policyName: string, limits: Limits, parameters: ParameterDeclarations = {}): DocumentContext {
  if (isUnresolvedValue(input)) return { policyName, unresolved: true, statements: [], limits };
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      return { policyName, unresolved: false, problem: `is not valid JSON (${(e as Error).message})`, statements: [], limits };
    }
  }
  if (!isObject(value)) {
    if (value === undefined) return { policyName, unresolved: false, problem: 'is missing', statements: [], limits };
    const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return { policyName, unresolved: false, problem: `is ${what}, not a JSON object`, statements: [], limits };
  }
  const list = value.Statement;
  const statements: StatementView[] = [];
  if (Array.isArray(list)) {
    list.forEach((raw, index) => {
      if (isObject(raw) && !isUnresolvedValue(raw)) statements.push(readStatement(raw, index, parameters));
    });
  }
  return { policyName, unresolved: false, document: value, statements, limits };
}

function readStatement(raw: { readonly [key: string]: unknown }, index: number, parameters: ParameterDeclarations): StatementView {
  const hasAction = raw.Action !== undefined;
  const hasNotAction = raw.NotAction !== undefined;
  const actionKey = hasAction === hasNotAction ? undefined : hasAction ? 'Action' : 'NotAction';
  const actions = actionKey ? readEntries(raw[actionKey]) : undefined;
  const resources = raw.Resource === undefined ? undefined : readEntries(raw.Resource);
  const bounded: { label: string; standIn: string }[] = [];
  const open: { label: string; why?: string }[] = [];
  for (const entry of unresolvedEntries(raw.Resource)) {
    const reading = isPartialText(entry) ? readResourceEntry(entry, parameters) : undefined;
    if (reading !== undefined && 'standIn' in reading) bounded.push({ label: show(entry), standIn: reading.standIn });
    else open.push({ label: show(entry), ...(reading !== undefined ? { why: reading.open } : {}) });
  }
  return {
    index,
    raw,
    actionKey,
    actions: actions?.strings ?? [],
    actionsComplete: actions !== undefined && actions.unresolved === 0 && actions.invalid.length === 0,
    resources: resources?.strings ?? [],
    resourcesComplete: resources !== undefined && resources.unresolved === 0 && resources.invalid.length === 0,
    boundedResources: bounded,
    openResources: open,
  };
}

/** The entries of an element that are only known at deployment: the whole element, or some of its entries. */
export function unresolvedEntries(value: unknown): unknown[] {
  if (isUnresolvedValue(value) && typeof value !== 'string') return [value];
  return (Array.isArray(value) ? value : [value]).filter(isUnresolvedValue);
}

/** Whether a statement is `Allow` (exactly, as RAM spells it). */
export function isAllow(statement: StatementView): boolean {
  return statement.raw.Effect === 'Allow';
}

/** A CR resource of a statement, with its path split into type and segments where it has them. */
export interface CrResource {
  readonly statement: StatementView;
  readonly resource: string;
  readonly path: string;
  readonly split?: CrResourceSegments;
}

/** Every `acs:cr:` resource of a document, in statement order: what the CR ARN rules inspect. */
export function crResourcesOf(doc: DocumentContext): CrResource[] {
  const out: CrResource[] = [];
  for (const statement of doc.statements) {
    for (const resource of statement.resources) {
      const path = crResourceOf(resource);
      if (path !== undefined) out.push({ statement, resource, path, split: crResourceSegments(path) });
    }
  }
  return out;
}
