/**
 * cr-grants: review Container Registry grants as files.
 *
 *   cr-grants check   FILE                 findings of the policy checker
 *   cr-grants summary FILE [--json]        who may do what on which namespace
 *   cr-grants diff    OLD NEW [--json]     what a change widens or narrows
 *   cr-grants explain FILE --grantee K:N --action A --resource ARN [--json]
 *
 * FILE is a ROS template (JSON or YAML, top-level `Resources`) or a grants file (top-level
 * `grants`), which is synthesized with RegistryAccess first. `main` takes its arguments and
 * output streams as parameters so tests run it in-process; bin/cr-grants.ts only calls it.
 */
import * as path from 'path';
import { diffExitCode, diffTemplates } from '../analysis/diff';
import { ExplainError, checkRequest, explainExitCode, explainTemplate } from '../analysis/explain';
import { summarizeTemplate } from '../analysis/summary';
import { checkPolicyDocument, checkTemplate, exitCodeFor } from '../check/engine';
import { formatFindings } from '../check/format';
import { GrantValidationError } from '../model/errors';
import { formatDiffJson, formatDiffMarkdown } from './format-diff';
import { formatExplanation, formatExplanationJson } from './format-explain';
import { formatSummaryJson, formatSummaryMarkdown } from './format-summary';
import { InputError, loadTemplate, readInput, templateOf } from './input';
import { TemplateShapeError, readPrincipals } from '../template/principals';

export interface Output {
  write(text: string): unknown;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
}

/** Exit codes shared by every command; `diff` and `explain` add their own above 1. */
export const EXIT = {
  OK: 0,
  /** Bad arguments, or a file that cannot be read, parsed or synthesized. */
  INPUT_ERROR: 1,
} as const;

const FILE_TEXT = 'FILE is a ROS template (.json/.yaml/.yml with top-level Resources) or a grants file (top-level grants).';

const HELP: { readonly [command: string]: string } = {
  '': `Usage: cr-grants <command> [options]

Review Container Registry EE namespace grants as files.

Commands:
  check FILE              check policies against RAM's rules and this library's rules
  summary FILE            print the access matrix (grantee x namespace x level) as Markdown
  diff OLD NEW            show who gained or lost which access
  explain FILE ...        show whether one request is allowed, and the statement that decided

${FILE_TEXT}
Run "cr-grants <command> --help" for a command's options and exit codes.
`,
  check: `Usage: cr-grants check FILE

Checks every policy document and attachment. FILE may also be a RAM policy document
(top-level Statement). A grants file is loaded first: a bad grant is reported with its
file:line:column. ${FILE_TEXT}

Exit codes: 0 no failing finding; 1 an Error or an unsuppressed Security warning, or FILE
cannot be read.
`,
  summary: `Usage: cr-grants summary FILE [--json]

Prints who may do what on which namespace, as a Markdown table for a pull request.
Levels are computed by evaluating the template's policies, not read from names.
${FILE_TEXT}

Options:
  --json    print JSON instead of Markdown

Exit codes: 0 printed; 1 FILE cannot be read.
`,
  diff: `Usage: cr-grants diff OLD NEW [--parameters Name=value]... [--json]

Decides, for every principal, whether NEW allows any request OLD does not (and the
reverse), over every request the policies can match, and shows one witness request for
each change. Renamed policies or changed logical ids are not access changes. What the
templates do not fix (a parameter, a Condition, a policy defined elsewhere) is read the
way that could hide access: such a change is reported as "cannot prove no new access".
${FILE_TEXT}

Options:
  --parameters Name=value   a value for a template parameter (repeatable); without
                            one, a parameter may take any value
  --json                    print JSON instead of Markdown

Exit codes: 0 no access change; 2 some access widened; 3 access only narrowed;
1 a file cannot be read. A widening that cannot be ruled out counts as widened.
`,
  explain: `Usage: cr-grants explain FILE --grantee KIND:NAME --action ACTION --resource ARN [--parameters Name=value]... [--json]

Evaluates one request under the policies the grantee holds (attached, inline, through its
groups) and prints the decision and the statement that made it. A request that is allowed
only for some values of what the template does not fix is reported as possibly allowed,
with what it depends on. ${FILE_TEXT}

Options:
  --grantee     user:NAME, group:NAME or role:NAME
  --action      for example cr:PushRepository
  --resource    for example acs:cr:cn-hangzhou:*:repository/cri-123456/ns/app
  --parameters  Name=value, a value for a template parameter (repeatable)
  --json        print JSON

Exit codes: 0 allowed; 2 denied (no statement allows it, or a Deny matches); 1 bad
arguments or FILE cannot be read. Possibly allowed counts as allowed.
`,
};

/** Arguments that cannot be run; the hint says how to fix them. */
class UsageError extends Error {
  constructor(message: string, public readonly hint: string) {
    super(message);
  }
}

interface Parsed {
  readonly positionals: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
  /** `--parameters Name=value`, repeatable: values for a template's parameters. */
  readonly parameters: { [name: string]: string };
}

/** ROS parameter names: letters and digits. https://www.alibabacloud.com/help/en/ros/user-guide/parameters */
const PARAMETER = /^([A-Za-z0-9]{1,255})=(.*)$/s;

/** `--name value`, `--name=value`, boolean `--flag`, and `--` to end options. */
function parseArgs(command: string, args: readonly string[], flags: readonly string[], valued: readonly string[]): Parsed {
  const parsed: Parsed = { positionals: [], flags: new Set(), values: new Map(), parameters: {} };
  const help = `see "cr-grants ${command} --help"`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      parsed.flags.add('help');
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1];
    if (name !== undefined && (flags.includes(name) || name === 'help')) {
      if (match![2] !== undefined) throw new UsageError(`--${name} takes no value`, help);
      parsed.flags.add(name);
    } else if (name !== undefined && valued.includes(name)) {
      const value = match![2] ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`, help);
      if (name === 'parameters') {
        const given = PARAMETER.exec(value);
        if (!given) throw new UsageError(`--parameters ${JSON.stringify(value)} is not Name=value`, 'for example --parameters Namespace=web');
        if (given[1] in parsed.parameters) throw new UsageError(`--parameters ${given[1]} is given twice`, 'give each parameter once');
        parsed.parameters[given[1]] = given[2];
        continue;
      }
      if (parsed.values.has(name)) throw new UsageError(`--${name} is given twice`, 'give it once');
      parsed.values.set(name, value);
    } else {
      throw new UsageError(`unknown option ${arg}`, help);
    }
  }
  return parsed;
}

function expectFiles(command: string, parsed: Parsed, names: readonly string[]): string[] {
  if (parsed.positionals.length !== names.length) {
    const got = parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ');
    throw new UsageError(`expects ${names.join(' ')}, got ${got}`, `see "cr-grants ${command} --help"`);
  }
  return parsed.positionals;
}

type Command = (args: readonly string[], io: Io) => number;

const COMMANDS: { readonly [name: string]: Command } = {
  check(args, io) {
    const parsed = parseArgs('check', args, [], []);
    if (parsed.flags.has('help')) return help(io, 'check');
    const [file] = expectFiles('check', parsed, ['FILE']);
    const input = readInput(file, ['template', 'grants', 'policy']);
    let findings;
    if (input.kind === 'policy') {
      findings = checkPolicyDocument(input.data, path.basename(file).replace(/\.(json|ya?ml)$/i, ''));
    } else {
      // A grants file is loaded once, to synthesize it; a bad grant is reported at its line and column.
      findings = checkTemplate(templateOf(input));
    }
    io.stdout.write(formatFindings(findings) + '\n');
    return exitCodeFor(findings);
  },

  summary(args, io) {
    const parsed = parseArgs('summary', args, ['json'], []);
    if (parsed.flags.has('help')) return help(io, 'summary');
    const [file] = expectFiles('summary', parsed, ['FILE']);
    const matrix = summarizeTemplate(loadTemplate(file));
    io.stdout.write(parsed.flags.has('json') ? formatSummaryJson(matrix) : formatSummaryMarkdown(matrix));
    return EXIT.OK;
  },

  diff(args, io) {
    const parsed = parseArgs('diff', args, ['json'], ['parameters']);
    if (parsed.flags.has('help')) return help(io, 'diff');
    const [oldFile, newFile] = expectFiles('diff', parsed, ['OLD', 'NEW']);
    const diff = diffTemplates(readable(oldFile), readable(newFile), parsed.parameters);
    io.stdout.write(parsed.flags.has('json') ? formatDiffJson(diff) : formatDiffMarkdown(diff));
    return diffExitCode(diff);
  },

  explain(args, io) {
    const parsed = parseArgs('explain', args, ['json'], ['grantee', 'action', 'resource', 'parameters']);
    if (parsed.flags.has('help')) return help(io, 'explain');
    const [file] = expectFiles('explain', parsed, ['FILE']);
    const missing = ['grantee', 'action', 'resource'].filter((name) => !parsed.values.has(name));
    if (missing.length > 0) {
      throw new UsageError(`needs ${missing.map((m) => `--${m}`).join(', ')}`, 'see "cr-grants explain --help"');
    }
    const [grantee, action, resource] = ['grantee', 'action', 'resource'].map((name) => parsed.values.get(name)!);
    checkRequest(grantee, action, resource);
    const template = readable(file);
    let explanation;
    try {
      explanation = explainTemplate(template, grantee, action, resource, parsed.parameters);
    } catch (e) {
      // What is left is about the file's content (an unknown grantee), so the file is named.
      if (e instanceof ExplainError) throw new InputError(file, e.message, e.hint);
      throw e;
    }
    io.stdout.write(parsed.flags.has('json') ? formatExplanationJson(explanation) : formatExplanation(explanation));
    return explainExitCode(explanation);
  },
};

/** A template whose principals can be read, or an input error naming the file. */
function readable(file: string): unknown {
  const template = loadTemplate(file);
  try {
    readPrincipals(template);
  } catch (e) {
    if (e instanceof TemplateShapeError) throw new InputError(file, e.message, 'a ROS template has an object of resources under Resources');
    throw e;
  }
  return template;
}

function help(io: Io, command: string): number {
  io.stdout.write(HELP[command]);
  return EXIT.OK;
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): number {
  const [command, ...args] = argv;
  if (command === undefined) {
    io.stderr.write(HELP['']);
    return EXIT.INPUT_ERROR;
  }
  if (command === '--help' || command === '-h' || command === 'help') return help(io, '');
  const run = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr.write(`cr-grants: unknown command ${JSON.stringify(command)} (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT.INPUT_ERROR;
  }
  try {
    return run(args, io);
  } catch (e) {
    io.stderr.write(`cr-grants ${command}: ${errorLine(e)}\n`);
    return EXIT.INPUT_ERROR;
  }
}

/** One line: the message of a known error (which names the file), with its hint. */
function errorLine(e: unknown): string {
  if (e instanceof UsageError || e instanceof ExplainError) return `${e.message}${e.hint ? ` (${e.hint})` : ''}`;
  if (e instanceof InputError || e instanceof GrantValidationError) return oneLine(e.message);
  // Synthesis reports construct validation as several indented lines.
  return oneLine(e instanceof Error ? e.message : String(e));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
