/**
 * The report of `check` and `diff` as SARIF 2.1.0 (`--format sarif`), for code scanning
 * (GitHub's upload-sarif action, and other SARIF readers). Typed with @types/sarif; a test
 * validates the output against the SARIF 2.1.0 JSON schema.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 *
 * Levels follow the result classes: Errors, Security warnings and invariant violations are
 * `error` (each fails `check`), Warnings and widenings `warning`, Suggestions and narrowings
 * `note`. Security warnings, invariant violations and widenings carry the `security` tag and a
 * `security-severity`, which GitHub code scanning reads as the alert's severity. A suppressed
 * finding is a result with an `inSource` suppression and its reason; every other result of
 * `check` has an empty list, as SARIF wants suppressions on all of a run's results or none.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import type * as sarif from 'sarif';
import { Report, ReportResult, ReportRule, ResultClass } from './report';
import { SourceLocation } from './locate';

/** Where SARIF readers find the schema of the output. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: { readonly [c in ResultClass]: sarif.ReportingConfiguration.level } = {
  Error: 'error',
  SecurityWarning: 'error',
  InvariantViolation: 'error',
  Warning: 'warning',
  Widening: 'warning',
  Suggestion: 'note',
  Narrowing: 'note',
};

/** GitHub's security severity (0.1-10): critical for an invariant violation, high for a Security warning, medium for a widening. */
const SECURITY_SEVERITY: { readonly [c in ResultClass]?: string } = {
  InvariantViolation: '9.0',
  SecurityWarning: '7.0',
  Widening: '5.0',
};

/** The name of the partial fingerprint: a result's identity that survives edits moving it to other lines. */
const FINGERPRINT = 'crGrantsResult/v1';

/** The report as SARIF JSON text, two-space indented, ending in a newline. */
export function formatReportSarif(report: Report, toolVersion: string): string {
  // Every rule the command can report, not only those with results: a reader can then tell a
  // rule that found nothing (and close its alerts) from one that did not run.
  const index = new Map(report.rules.map((rule, i) => [rule.id, i]));
  // SARIF: a run's results carry suppressions all or none; check decides them for every finding.
  const suppressible = report.command === 'check';
  const log: sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'cr-grants', semanticVersion: toolVersion, rules: report.rules.map(descriptor) } },
      automationDetails: { id: `cr-grants/${report.command}/` },
      invocations: [{ executionSuccessful: true, exitCode: report.exitCode }],
      results: report.results.map((r) => result(r, index.get(r.ruleId), suppressible)),
    }],
  };
  return JSON.stringify(log, undefined, 2) + '\n';
}

function descriptor(rule: ReportRule): sarif.ReportingDescriptor {
  const severity = SECURITY_SEVERITY[rule.resultClass];
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.description },
    help: { text: rule.help },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: LEVELS[rule.resultClass] },
    properties: {
      resultClass: rule.resultClass,
      tags: severity !== undefined ? ['security', 'container-registry', 'ram'] : ['container-registry', 'ram'],
      ...(severity !== undefined ? { 'security-severity': severity } : {}),
    },
  };
}

function result(r: ReportResult, ruleIndex: number | undefined, suppressible: boolean): sarif.Result {
  return {
    ruleId: r.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVELS[r.resultClass],
    message: { text: r.message },
    locations: r.locations.map((l) => location(l)),
    ...(r.relatedLocations.length > 0 ? { relatedLocations: r.relatedLocations.map((l, i) => ({ id: i + 1, ...location(l) })) } : {}),
    partialFingerprints: { [FINGERPRINT]: fingerprint(r) },
    ...(suppressible ? { suppressions: r.suppressedBecause === undefined ? [] : [{ kind: 'inSource', justification: r.suppressedBecause }] } : {}),
    properties: {
      resultClass: r.resultClass,
      gate: r.gate,
      findingId: r.id,
      ...(r.request !== undefined ? { request: { ...r.request } } : {}),
    },
  };
}

function location(l: SourceLocation): sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(l.file) },
      region: { startLine: l.line, startColumn: l.column },
    },
  };
}

/**
 * A file as a URI reference: relative paths as given (code scanning resolves them from the
 * repository root, where CI runs the command), absolute ones as `file:` URIs.
 */
export function artifactUri(file: string): string {
  const posix = file.split(path.sep).join('/');
  const encoded = posix.split('/').map(encodeURIComponent).join('/');
  if (path.isAbsolute(file)) return `file://${encoded.startsWith('/') ? '' : '/'}${encoded}`;
  return encoded.replace(/^\.\//, '');
}

/** The result's identity (rule, finding id, what it is about), hashed; not its line. */
function fingerprint(r: ReportResult): string {
  const s = r.subject;
  const key = [r.ruleId, r.id, s.policyName ?? '', s.statementIndex ?? '', s.principal ?? '', s.logicalId ?? ''].join('\n');
  return createHash('sha256').update(key).digest('hex');
}
