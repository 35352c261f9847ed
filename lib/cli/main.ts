/**
 * cr-grants: review Container Registry grants as files.
 *
 *   cr-grants check   FILE [--parameters N=V]... [--format text|markdown|json|sarif]   findings of the policy checker
 *   cr-grants summary FILE [--parameters N=V]... [--json]        who may do what on which namespace
 *   cr-grants diff    OLD NEW [--parameters N=V]... [--json | --format markdown|json|sarif]   what a change widens or narrows
 *   cr-grants explain FILE --grantee K:N --action A --resource ARN [--parameters N=V]... [--json]
 *
 * FILE is a ROS template (JSON or YAML, top-level `Resources`) or a grants file (top-level
 * `grants`), which is synthesized with RegistryAccess first. `main` takes its arguments and
 * output streams as parameters so tests run it in-process; bin/cr-grants.ts only calls it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { accessMatrix } from '../analysis/access-matrix';
import { compareReadings, diffExitCode } from '../analysis/diff';
import { ExplainError, checkRequest, explainExitCode, explainTemplate } from '../analysis/explain';
import { InvariantViolation, checkTemplateInvariants, invariantExitCode } from '../analysis/invariants';
import { checkPolicyDocument, checkTemplate, exitCodeFor, oneLine } from '../check/engine';
import { formatFindings } from '../check/format';
import { loadInvariantsFile, parseInvariantsFile } from '../config/grants-file';
import { GrantValidationError, problemLines } from '../model/errors';
import { LocatedInvariant } from '../model/invariant';
import { expectFiles, formatOf, parseArgs, UsageError } from './args';
import { formatCheckMarkdown } from './format-check';
import { formatDiffJson, formatDiffMarkdown } from './format-diff';
import { formatExplanation, formatExplanationJson } from './format-explain';
import { formatInvariants } from './format-invariants';
import { formatSummaryJson, formatSummaryMarkdown } from './format-summary';
import { HELP } from './help';
import { InputError, loadTemplate, readInput, templateOf } from './input';
import { locatorFor } from './locate';
import { Report, checkReport, diffReport, invariantResults } from './report';
import { formatReportJson } from './report-json';
import { readableTemplate, readingOf } from './review';
import { formatReportSarif } from './sarif';

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

type Command = (args: readonly string[], io: Io) => number;

const COMMANDS: { readonly [name: string]: Command } = {
  check(args, io) {
    const parsed = parseArgs('check', args, [], ['parameters', 'format', 'invariants']);
    if (parsed.flags.has('help')) return help(io, 'check');
    const format = formatOf('check', parsed, ['text', 'markdown', 'json', 'sarif']);
    const [file] = expectFiles('check', parsed, ['FILE']);
    const input = readInput(file, ['template', 'grants', 'policy']);
    const invariantsFile = parsed.values.get('invariants');
    let findings;
    let template: unknown;
    let invariants: readonly LocatedInvariant[] = [];
    let violations: readonly InvariantViolation[] | undefined;
    if (input.kind === 'policy') {
      if (invariantsFile !== undefined) {
        throw new UsageError('--invariants needs a template or grants file', 'a policy document attaches to no one, so nothing can break an invariant');
      }
      findings = checkPolicyDocument(input.data, path.basename(file).replace(/\.(json|ya?ml)$/i, ''), undefined, parsed.parameters);
    } else {
      // A grants file's own invariants are checked here, with witnesses, not at its synthesis.
      invariants = [
        ...(input.kind === 'grants' ? parseInvariantsFile(input.text, file) : []),
        ...(invariantsFile !== undefined ? loadInvariantsFile(invariantsFile) : []),
      ];
      // A grants file is loaded once more, to synthesize it; a bad grant is reported at its line and column.
      template = templateOf(input);
      findings = checkTemplate(template, undefined, parsed.parameters);
      if (invariants.length > 0 || invariantsFile !== undefined) {
        violations = checkTemplateInvariants(readableTemplate(template, file), invariants, parsed.parameters);
      }
    }
    const exitCode = (violations === undefined ? undefined : invariantExitCode(violations)) ?? exitCodeFor(findings);
    if (format === 'text') {
      io.stdout.write(`${formatFindings(findings)}\n${violations === undefined ? '' : `${formatInvariants(violations, invariants.length)}\n`}`);
    } else {
      const locator = locatorFor(input, template);
      const report = { ...checkReport(file, findings, locator, invariantResults(violations ?? [], locator)), exitCode };
      io.stdout.write(format === 'markdown' ? formatCheckMarkdown(report, findings) : formatReport(report, format));
    }
    return exitCode;
  },

  summary(args, io) {
    const parsed = parseArgs('summary', args, ['json'], ['parameters']);
    if (parsed.flags.has('help')) return help(io, 'summary');
    const [file] = expectFiles('summary', parsed, ['FILE']);
    const matrix = accessMatrix(readingOf(loadTemplate(file), file, parsed.parameters));
    io.stdout.write(parsed.flags.has('json') ? formatSummaryJson(matrix) : formatSummaryMarkdown(matrix));
    return EXIT.OK;
  },

  diff(args, io) {
    const parsed = parseArgs('diff', args, ['json'], ['parameters', 'format']);
    if (parsed.flags.has('help')) return help(io, 'diff');
    const format = formatOf('diff', parsed, ['markdown', 'json', 'sarif']);
    const [oldFile, newFile] = expectFiles('diff', parsed, ['OLD', 'NEW']);
    const [before, after] = [readInput(oldFile), readInput(newFile)];
    const [oldTemplate, newTemplate] = [templateOf(before), templateOf(after)];
    // Each file is read once, into who holds what.
    const diff = compareReadings(readingOf(oldTemplate, oldFile, parsed.parameters), readingOf(newTemplate, newFile, parsed.parameters));
    if (parsed.flags.has('json')) {
      io.stdout.write(formatDiffJson(diff));
    } else if (format === 'markdown') {
      io.stdout.write(formatDiffMarkdown(diff));
    } else {
      const locators = { old: locatorFor(before, oldTemplate), new: locatorFor(after, newTemplate) };
      io.stdout.write(formatReport(diffReport({ old: oldFile, new: newFile }, diff, locators), format));
    }
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
  return readableTemplate(loadTemplate(file), file);
}

/** The report in a machine format: the versioned JSON report or SARIF. */
function formatReport(report: Report, format: string): string {
  return format === 'sarif' ? formatReportSarif(report, toolVersion()) : formatReportJson(report);
}

/** This package's version, for SARIF's tool description. */
function toolVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
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
    io.stderr.write(errorLines(e).map((line) => `cr-grants ${command}: ${line}\n`).join(''));
    return EXIT.INPUT_ERROR;
  }
}

/**
 * One line per refusal: the message of a known error (which names the file), with its hint; a
 * grants file with several mistakes gives one line for each (at most 20, then how many more).
 */
function errorLines(e: unknown): string[] {
  if (e instanceof UsageError || e instanceof ExplainError) return [`${e.message}${e.hint ? ` (${e.hint})` : ''}`];
  if (e instanceof GrantValidationError) return problemLines(e.problems).map((line) => oneLine(line).trim());
  if (e instanceof InputError) return [oneLine(e.message).trim()];
  // Synthesis reports construct validation as several indented lines.
  return [oneLine(e instanceof Error ? e.message : String(e)).trim()];
}
