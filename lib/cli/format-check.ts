/** `cr-grants check --format markdown`: the findings as a Markdown section for a pull request comment. */
import { Finding } from '../check/engine';
import { findingsSummary } from '../check/format';
import { SourceLocation } from './locate';
import { code } from './markdown';
import { RESULT_CLASS_LABELS, Report, ReportResult } from './report';

/** `file:line`, the way editors and CI logs link to a line. */
export function locationText(l: SourceLocation): string {
  return `${l.file}:${l.line}`;
}

function resultLine(r: ReportResult): string {
  const label = RESULT_CLASS_LABELS[r.resultClass];
  const head = r.suppressedBecause === undefined ? `**${label}**` : `${label}, suppressed`;
  const where = r.locations.map((l) => code(locationText(l))).join(', ');
  const reason = r.suppressedBecause === undefined ? '' : ` Suppressed: ${r.suppressedBecause}`;
  return `- ${head} ${code(r.id)} at ${where}: ${r.message}${reason}`;
}

/** A heading, the count of findings by class, then one line per finding with where it is, most serious first. */
export function formatCheckMarkdown(report: Report, findings: readonly Finding[], title = 'Container Registry policy check'): string {
  const out = [`### ${title}`, '', findingsSummary(findings)];
  if (report.results.length > 0) out.push('', ...report.results.map(resultLine));
  return out.join('\n') + '\n';
}
