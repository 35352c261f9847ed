/**
 * Where a report's result points in the files under review: the line of the statement or
 * resource of a template, or of the grant in a grants file that a synthesized policy comes from.
 * CI systems show results at these lines (SARIF `physicalLocation`, the JSON report's
 * `locations`).
 */
import * as fs from 'fs';
import { LocatedGrant, loadGrantsFile } from '../config/grants-file';
import { grantStatements } from '../model/grant';
import { asList } from '../model/policy';
import { principalLabel } from '../model/principal';
import { TemplateContents, principalOf, readTemplate } from '../template/template';
import { ReviewInput } from './input';
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
  /** The file as given on the command line. */
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
  const text = readText(input.path);
  // As the file was read: JSON by its extension, YAML otherwise (lib/cli/input.ts).
  const positions = /\.json$/i.test(input.path) ? SourcePositions.ofJson(text) : SourcePositions.ofYaml(text);
  if (input.kind === 'policy') return new DocumentLocator(input.path, positions, input.data);
  const contents = readContents(template);
  if (input.kind === 'grants') return new GrantsFileLocator(input.path, contents);
  return new TemplateLocator(input.path, positions, template, contents);
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

/** Places in file order, each once, at most MAX_LOCATIONS; the file start when there are none. */
function ordered(file: string, places: readonly SourceLocation[]): SourceLocation[] {
  const unique = new Map(places.map((p) => [`${p.line}:${p.column}`, p]));
  const sorted = [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
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

class TemplateLocator implements Locator {
  constructor(
    private readonly file: string,
    private readonly positions: SourcePositions,
    private readonly template: any,
    private readonly contents: TemplateContents | undefined,
  ) {}

  public locate(subject: ReportSubject): SourceLocation[] {
    return ordered(this.file, this.paths(subject).flatMap((path) => {
      const found = this.positions.find(path);
      return found ? [{ file: this.file, ...found.position, exact: found.exact }] : [];
    }));
  }

  private paths(subject: ReportSubject): DataPath[] {
    const contents = this.contents;
    if (subject.logicalId !== undefined) return [this.resourcePath(subject.logicalId, subject)];
    if (contents === undefined) return [];
    const name = subject.policyName === undefined ? undefined : basePolicyName(subject.policyName);
    if (name !== undefined) {
      const defined = contents.policies.filter((p) => p.stack === '' && p.policyName === name);
      if (defined.length > 0) return defined.map((p) => this.resourcePath(p.logicalId, subject));
      const system = name.replace(/ \(system\)$/, '');
      const attaching = contents.attachments.filter((a) => a.stack === '' && a.policyName === system
        && (subject.principal === undefined || principalOf(a) === subject.principal));
      if (attaching.length > 0) return attaching.map((a) => ['Resources', a.logicalId]);
    }
    if (subject.principal !== undefined) {
      return contents.attachments.filter((a) => a.stack === '' && principalOf(a) === subject.principal)
        .map((a) => ['Resources', a.logicalId]);
    }
    return [];
  }

  /** The resource, or its statement when the subject names one. */
  private resourcePath(logicalId: string, subject: ReportSubject): DataPath {
    const resource = ['Resources', logicalId];
    const props = this.template?.Resources?.[logicalId]?.Properties;
    if (subject.statementIndex === undefined || props === null || typeof props !== 'object') return resource;
    const inline = (this.contents?.policies ?? []).filter((p) => p.stack === '' && p.logicalId === logicalId && p.inlineOn !== undefined);
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
