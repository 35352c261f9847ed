/**
 * Where a report's result points in the files under review: the line of the statement or
 * resource of a template, or of the grant in a grants file that a synthesized policy comes from.
 * CI systems show results at these lines (SARIF `physicalLocation`, the JSON report's
 * `locations`). A cloud assembly is located in its stacks' own template files, which are what a
 * pull request shows.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LocatedGrant, loadGrantsFile } from '../config/grants-file';
import { grantStatements } from '../model/grant';
import { asList } from '../model/policy';
import { compareText, principalLabel } from '../model/principal';
import { trustedRoleOf } from '../template/principals';
import { StackSet, isStackSet } from '../template/stack-set';
import { Place, TemplateContents, principalOf, readStackSet, readTemplate } from '../template/template';
import { MANIFEST_FILE, ReviewInput } from './input';
import { DataPath, SourcePositions } from './source-positions';

/** What a result is about, in the words of the review tools; every field is optional. */
export interface ReportSubject {
  /** The policy as reviews name it: `pull-web`, `X (system)`, `p (inline on user:alice)`, `X (through group:dev)`. */
  readonly policyName?: string;
  /** Position in the document's Statement list, from 0. */
  readonly statementIndex?: number;
  /** `user:alice`, `group:dev`, `role:ci`. */
  readonly principal?: string;
  /** The template resource at fault. */
  readonly logicalId?: string;
}

/** A place in a file, 1-based. */
export interface SourceLocation {
  /**
   * The file as given on the command line; for a cloud assembly, the template file of the stack
   * (its manifest's `templateFile`, joined to the assembly directory as given), or its manifest.
   */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /**
   * True when the line holds what the result is about (the statement, the resource, the grant);
   * false when only the file, or an enclosing part of it, could be found.
   */
  readonly exact: boolean;
}

/** Finds the places a subject comes from in one reviewed file. */
export interface Locator {
  /** Every place, in file order; at least one (the file's first line when nothing closer is known). */
  locate(subject: ReportSubject): SourceLocation[];
}

/** At most this many places per result: enough to find them all in a pull request, not a list of every grant. */
const MAX_LOCATIONS = 10;

/**
 * A locator for a file `cr-grants` read: a template (lines of its resources and statements), a
 * grants file (lines of the grants a synthesized policy or attachment comes from) or a policy
 * document (lines of its statements). `template` is the template reviewed for it.
 */
export function locatorFor(input: ReviewInput, template: unknown): Locator {
  if (input.kind === 'assembly' && isStackSet(input.data)) return assemblyLocator(input.data);
  const positions = positionsOf(input.path);
  if (input.kind === 'policy') return new DocumentLocator(input.path, positions, input.data);
  const contents = readContents(template);
  if (input.kind === 'grants') return new GrantsFileLocator(input.path, contents);
  // Nested stacks of a template under review are not located in it (their places start `Nested/`).
  return new TemplateLocator(input.path, contents, (stack) => (stack === '' ? { file: input.path, positions, template, nested: [] } : undefined),
    (logicalId) => ({ stack: '', logicalId }));
}

function positionsOf(file: string): SourcePositions {
  const text = readText(file);
  // As the file was read: JSON by its extension, YAML otherwise (lib/cli/input.ts).
  return /\.json$/i.test(file) ? SourcePositions.ofJson(text) : SourcePositions.ofYaml(text);
}

/**
 * A cloud assembly's results point into each stack's template file (the manifest's
 * `templateFile`): places are `Stack/` and `Stack/Nested/` (lib/template/stack-set.ts), and a
 * nested stack's resources sit in its parent's file under the `ALIYUN::ROS::Stack` resource's
 * `TemplateBody`. What names no stack points at the manifest.
 */
function assemblyLocator(set: StackSet): Locator {
  const manifest = path.basename(set.source) === MANIFEST_FILE ? set.source : path.join(set.source, MANIFEST_FILE);
  const files = new Map(set.stacks.map((s) => [s.name, { file: s.file, template: s.template, positions: undefined as SourcePositions | undefined }]));
  let contents: TemplateContents | undefined;
  try {
    contents = readStackSet(set).contents;
  } catch {
    // What cannot be read is a finding of its own, reported at the manifest.
    contents = undefined;
  }
  const fileOf = (stack: string): StackFile | undefined => {
    // Artifact ids hold no `/` (lib/cli/input.ts), so the first part of a place is its stack.
    const [name, ...nested] = stack.split('/').slice(0, -1);
    const entry = files.get(name);
    if (entry === undefined) return undefined;
    const positions = entry.positions ?? positionsOf(entry.file);
    files.set(name, { ...entry, positions });
    return { file: entry.file, positions, template: entry.template, nested };
  };
  const placeOf = (logicalId: string) => {
    const cut = logicalId.lastIndexOf('/');
    return { stack: logicalId.slice(0, cut + 1), logicalId: logicalId.slice(cut + 1) };
  };
  return new TemplateLocator(manifest, contents, fileOf, placeOf);
}

/** The first line of the file: where a result goes that nothing in the file pins down. */
function fileStart(file: string): SourceLocation {
  return { file, line: 1, column: 1, exact: false };
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // The file was read moments ago to be reviewed; without it results point at its first line.
    return '';
  }
}

function readContents(template: unknown): TemplateContents | undefined {
  try {
    return readTemplate(template);
  } catch {
    // An unreadable template is a finding of its own (CRG-E016), reported at the file.
    return undefined;
  }
}

/** `X (system) (through group:dev)` -> `X (system)`; the policy as the template defines or attaches it. */
function basePolicyName(name: string): string {
  return name.replace(/ \(through group:[^)]*\)$/, '');
}

/** Places in file order (files by name), each once, at most MAX_LOCATIONS; the start of `file` when there are none. */
function ordered(file: string, places: readonly SourceLocation[]): SourceLocation[] {
  const unique = new Map(places.map((p) => [JSON.stringify([p.file, p.line, p.column]), p]));
  const sorted = [...unique.values()].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column);
  return sorted.length === 0 ? [fileStart(file)] : sorted.slice(0, MAX_LOCATIONS);
}

class DocumentLocator implements Locator {
  constructor(private readonly file: string, private readonly positions: SourcePositions, private readonly document: any) {}

  public locate(subject: ReportSubject): SourceLocation[] {
    const found = this.positions.find(statementPath([], subject.statementIndex, this.document?.Statement));
    return ordered(this.file, found ? [{ file: this.file, ...found.position, exact: found.exact }] : []);
  }
}

/** `Statement[i]`, or `Statement` when the document holds one statement as an object. */
function statementPath(document: DataPath, statementIndex: number | undefined, statements: unknown): DataPath {
  if (statementIndex === undefined) return document;
  if (statements !== undefined && !Array.isArray(statements) && statementIndex === 0) return [...document, 'Statement'];
  return [...document, 'Statement', statementIndex];
}

/**
 * The file a stack's places are in, the positions in it, the template parsed from it, and the
 * nested stacks (logical ids, outermost first) between that template and the place.
 */
interface StackFile {
  readonly file: string;
  readonly positions: SourcePositions;
  readonly template: unknown;
  readonly nested: readonly string[];
}

/** A resource to point at; `statementless` when it is an attachment, which has no statements. */
interface LocatedPlace {
  readonly stack: string;
  readonly logicalId: string;
  readonly statementless?: boolean;
  /** The role's trust policy (`AssumeRolePolicyDocument`), not a permission policy. */
  readonly trust?: boolean;
}

class TemplateLocator implements Locator {
  /**
   * @param fallback the file results go to when nothing closer is known
   * @param fileOf the file of a place's stack (`''`, `Stack/`, `Stack/Nested/`); undefined for places not located
   * @param placeOf the place a finding's logical id names
   */
  constructor(
    private readonly fallback: string,
    private readonly contents: TemplateContents | undefined,
    private readonly fileOf: (stack: string) => StackFile | undefined,
    private readonly placeOf: (logicalId: string) => { readonly stack: string; readonly logicalId: string },
  ) {}

  public locate(subject: ReportSubject): SourceLocation[] {
    const located = this.places(subject).flatMap((place) => {
      const where = this.fileOf(place.stack);
      if (where === undefined) return [];
      const found = where.positions.find(this.resourcePath(where, place, subject));
      return found ? [{ file: where.file, ...found.position, exact: found.exact }] : [];
    });
    return ordered(this.fallbackFor(subject), located);
  }

  /** The file of the stack the subject names, when it names one; else the fallback. */
  private fallbackFor(subject: ReportSubject): string {
    const named = subject.logicalId ?? subject.policyName;
    const stack = named === undefined ? undefined : this.placeOf(named).stack;
    return (stack ? this.fileOf(stack)?.file : undefined) ?? this.fallback;
  }

  private places(subject: ReportSubject): LocatedPlace[] {
    const contents = this.contents;
    if (subject.logicalId !== undefined) return [this.placeOf(subject.logicalId)];
    if (contents === undefined) return [];
    const located = (p: Place) => this.fileOf(p.stack) !== undefined;
    const name = subject.policyName === undefined ? undefined : basePolicyName(subject.policyName);
    const role = name === undefined ? undefined : trustedRoleOf(name);
    if (role !== undefined) {
      return contents.trusts.filter((t) => located(t) && `role:${t.role.text}` === role).map((t) => ({ stack: t.stack, logicalId: t.logicalId, trust: true }));
    }
    if (name !== undefined) {
      const defined = contents.policies.filter((p) => located(p) && p.policyName === name);
      if (defined.length > 0) return defined;
      const system = name.replace(/ \(system\)$/, '');
      const attaching = contents.attachments.filter((a) => located(a) && a.policyName === system
        && (subject.principal === undefined || principalOf(a) === subject.principal));
      if (attaching.length > 0) return attaching.map((a) => ({ stack: a.stack, logicalId: a.logicalId, statementless: true }));
    }
    if (subject.principal !== undefined) {
      return contents.attachments.filter((a) => located(a) && principalOf(a) === subject.principal)
        .map((a) => ({ stack: a.stack, logicalId: a.logicalId, statementless: true }));
    }
    return [];
  }

  /** The resource, or its statement when the subject names one, inside the nested stacks between. */
  private resourcePath(where: StackFile, place: LocatedPlace, subject: ReportSubject): DataPath {
    let template: any = where.template;
    const outer: (string | number)[] = [];
    for (const id of where.nested) {
      outer.push('Resources', id, 'Properties', 'TemplateBody');
      // A body given as JSON text has no lines of its own: the search stops at TemplateBody, not exact.
      template = template?.Resources?.[id]?.Properties?.TemplateBody;
    }
    const resource = [...outer, 'Resources', place.logicalId];
    const props = template !== null && typeof template === 'object' ? template.Resources?.[place.logicalId]?.Properties : undefined;
    if (place.statementless || subject.statementIndex === undefined || props === null || typeof props !== 'object') return resource;
    if (place.trust) {
      return statementPath([...resource, 'Properties', 'AssumeRolePolicyDocument'], subject.statementIndex, props.AssumeRolePolicyDocument?.Statement);
    }
    const inline = (this.contents?.policies ?? []).filter((p) => p.stack === place.stack && p.logicalId === place.logicalId && p.inlineOn !== undefined);
    if (inline.length > 0 && Array.isArray(props.Policies)) {
      // The template reader reads a resource's inline policies in the order of its Policies list.
      const index = inline.findIndex((p) => subject.policyName !== undefined && p.policyName === basePolicyName(subject.policyName));
      if (index < 0) return [...resource, 'Properties', 'Policies'];
      const document = [...resource, 'Properties', 'Policies', index, 'PolicyDocument'];
      return statementPath(document, subject.statementIndex, props.Policies[index]?.PolicyDocument?.Statement);
    }
    const key = props.PolicyDocumentUnchecked !== undefined ? 'PolicyDocumentUnchecked' : 'PolicyDocument';
    return statementPath([...resource, 'Properties', key], subject.statementIndex, props[key]?.Statement);
  }
}

/**
 * A grants file is reviewed through the template synthesized from it, which is not a file in the
 * repository: results point at the grants the synthesized policy or attachment comes from. A
 * policy holds the grants of exactly its principals (lib/model/planner.ts groups them so); a
 * statement holds a grant's statement when it lists all of that statement's actions and resources
 * (merging only unites them), which narrows a statement's result to the grants in it.
 */
class GrantsFileLocator implements Locator {
  private readonly grants: readonly LocatedGrant[];

  constructor(private readonly file: string, private readonly contents: TemplateContents | undefined) {
    let grants: readonly LocatedGrant[] = [];
    try {
      grants = loadGrantsFile(file).grants;
    } catch {
      // The file was loaded to be synthesized; without it results point at its first line.
    }
    this.grants = grants;
  }

  public locate(subject: ReportSubject): SourceLocation[] {
    return ordered(this.file, this.matching(subject).map((g) => this.place(g)));
  }

  private matching(subject: ReportSubject): readonly LocatedGrant[] {
    const contents = this.contents;
    if (contents === undefined) return [];
    const name = subject.policyName === undefined ? undefined : basePolicyName(subject.policyName);
    const policy = contents.policies.find((p) => p.stack === '' && (p.logicalId === subject.logicalId || p.policyName === name));
    if (policy !== undefined) {
      const holders = new Set(contents.attachments.filter((a) => a.policyName === policy.policyName && a.policyType === 'Custom').map(principalOf));
      // A planned policy belongs to one grantee and holds grants given to it, among others.
      const own = this.grants.filter(({ grant }) => [...holders].every((h) => grant.principals.some((p) => principalLabel(p) === h)));
      const statements = (policy.document as any)?.Statement;
      const statement = subject.statementIndex === undefined ? undefined
        : Array.isArray(statements) ? statements[subject.statementIndex] : subject.statementIndex === 0 ? statements : undefined;
      const holding = statement === undefined ? own : own.filter(({ grant }) => grantStatements(grant).some((s) => contains(statement, s)));
      return holding.length > 0 ? holding : own;
    }
    // Not a custom policy: an attachment (a system policy), or a principal's findings.
    const attachment = contents.attachments.find((a) => a.stack === '' && a.logicalId === subject.logicalId);
    const system = attachment?.policyType === 'System' ? attachment.policyName : name?.endsWith(' (system)') ? name.replace(/ \(system\)$/, '') : undefined;
    const principal = subject.principal ?? (attachment ? principalOf(attachment) : undefined);
    if (principal === undefined && system === undefined) return [];
    return this.grants.filter(({ grant }) => (principal === undefined || grant.principals.some((p) => principalLabel(p) === principal))
      && (system === undefined || grant.systemPolicies.includes(system)));
  }

  private place(located: LocatedGrant): SourceLocation {
    const match = /:(\d+):(\d+)$/.exec(located.where);
    return match ? { file: this.file, line: Number(match[1]), column: Number(match[2]), exact: true } : fileStart(this.file);
  }
}

/** Whether `statement` lists every action and resource of `part`. */
function contains(statement: any, part: { readonly Action?: string | string[]; readonly Resource?: string | string[] }): boolean {
  if (statement === null || typeof statement !== 'object') return false;
  const listed = (value: unknown) => new Set(asList(value as string | string[] | undefined));
  const actions = listed(statement.Action);
  const resources = listed(statement.Resource);
  return asList(part.Action).every((a) => actions.has(a)) && asList(part.Resource).every((r) => resources.has(r));
}
