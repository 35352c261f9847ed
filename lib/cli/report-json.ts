/**
 * The JSON report of `check` and `diff` (`--format json`): the results of ./report.ts with their
 * places in the files under review. Its shape is versioned and described by
 * schema/report.schema.json; a change that could break a reader raises REPORT_FORMAT_VERSION.
 */
import { Report, ReportResult, ResultClass } from './report';

/** The report format version; readers check it before reading the rest. */
export const REPORT_FORMAT_VERSION = 1;

const CLASSES: readonly ResultClass[] = ['Error', 'SecurityWarning', 'Warning', 'Suggestion', 'InvariantViolation', 'Widening', 'Narrowing'];

/** The report as JSON text, two-space indented, ending in a newline; absent values are null. */
export function formatReportJson(report: Report): string {
  const used = new Set(report.results.map((r) => r.ruleId));
  const count = (keep: (r: ReportResult) => boolean) => report.results.filter(keep).length;
  const json = {
    format: 'cr-grants-report',
    version: REPORT_FORMAT_VERSION,
    command: report.command,
    inputs: report.inputs,
    exitCode: report.exitCode,
    summary: {
      results: report.results.length,
      fail: count((r) => r.gate === 'fail'),
      approve: count((r) => r.gate === 'approve'),
      suppressed: count((r) => r.suppressedBecause !== undefined),
      byClass: Object.fromEntries(CLASSES.map((c) => [c, count((r) => r.resultClass === c)])),
    },
    rules: report.rules.filter((r) => used.has(r.id)),
    results: report.results.map((r) => ({
      ruleId: r.ruleId,
      resultClass: r.resultClass,
      id: r.id,
      message: r.message,
      gate: r.gate,
      suppressedBecause: r.suppressedBecause ?? null,
      subject: {
        policyName: r.subject.policyName ?? null,
        statementIndex: r.subject.statementIndex ?? null,
        principal: r.subject.principal ?? null,
        logicalId: r.subject.logicalId ?? null,
      },
      request: r.request ?? null,
      // Added within version 1: present on changes in who may assume a role only.
      ...(r.trust ? { trust: r.trust } : {}),
      locations: r.locations,
      relatedLocations: r.relatedLocations,
    })),
  };
  return JSON.stringify(json, undefined, 2) + '\n';
}
