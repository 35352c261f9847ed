/** Findings and rules as text for people: one line per finding, the rules as a Markdown table. */
import { compareFindings, oneLine } from './engine';
import { CHECK_RULES } from './registry';
import { Finding, FindingClass } from './rule';

/** How each class is written for people. */
export const FINDING_CLASS_LABELS: { readonly [c in FindingClass]: string } = {
  Error: 'Error',
  SecurityWarning: 'Security warning',
  Warning: 'Warning',
  Suggestion: 'Suggestion',
};

/**
 * Findings as text, one per line, most serious first and unsuppressed before suppressed, in an
 * order that does not depend on the input order; a last line counts them. Suppressed findings say so, with their reason.
 */
export function formatFindings(findings: readonly Finding[]): string {
  const lines = [...findings].sort(compareFindings).map((f) => {
    const where = f.principal !== undefined
      ? `principal ${f.principal}`
      : `policy ${f.policyName || '(unnamed)'}${f.statementIndex === undefined ? '' : `, statement ${f.statementIndex}`}`;
    const label = FINDING_CLASS_LABELS[f.findingClass] + (f.suppressedBecause === undefined ? '' : ', suppressed');
    const suffix = f.suppressedBecause === undefined ? '' : ` (suppressed: ${oneLine(f.suppressedBecause)})`;
    return `[${label}] ${oneLine(f.findingId)} ${oneLine(where)}: ${oneLine(f.message)}${suffix}`;
  });
  lines.push(findingsSummary(findings));
  return lines.join('\n');
}

/** The checker's rules as a Markdown table: rule id, class, what it catches, fix. */
export function rulesMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| rule | class | what it catches | fix |',
    '| --- | --- | --- | --- |',
    ...CHECK_RULES.map((r) => `| ${r.id} | ${FINDING_CLASS_LABELS[r.findingClass]} | ${cell(r.catches)} | ${cell(r.fix)} |`),
  ].join('\n');
}

/** One sentence: how many findings of each class, and how many are suppressed. */
export function findingsSummary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const count = (c: FindingClass) => findings.filter((f) => f.findingClass === c).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const suppressed = findings.filter((f) => f.suppressedBecause !== undefined).length;
  return `${plural(findings.length, 'finding')}: ${plural(count('Error'), 'error')}, `
    + `${plural(count('SecurityWarning'), 'security warning')}, ${plural(count('Warning'), 'warning')}, `
    + `${plural(count('Suggestion'), 'suggestion')}; ${suppressed} suppressed.`;
}
