/**
 * `cr-grants summary`: the access a template grants, as a Markdown table for a pull request
 * or as JSON for machines. Levels are computed by the evaluator (see access-matrix.ts).
 */
import { AccessMatrix, AccessRow, accessMatrix } from './access-matrix';
import { NONE, code, codeList, markdownTable } from './markdown';
import { readTemplate } from './template';

export function summarizeTemplate(template: any): AccessMatrix {
  return accessMatrix(readTemplate(template));
}

export const SUMMARY_LEGEND = [
  'Levels are computed by evaluating each grantee\'s policies on the namespace:',
  'PULL = `cr:PullRepository`; PUSH_PULL = also `cr:PushRepository`;',
  'FULL = also getting, updating and deleting the namespace and its repositories (`cr:*`).',
  '`*` means every instance, namespace, region or account. Console = may list instances, namespaces',
  'and repositories; Login = `cr:GetAuthorizationToken`; Other actions = allowed beyond the level.',
].join('\n');

/** The matrix as Markdown: a title, one table, a legend and the notes. */
export function formatSummaryMarkdown(matrix: AccessMatrix, title = 'Container Registry access'): string {
  const out = [`### ${title}`, ''];
  if (matrix.rows.length === 0) {
    out.push('No grantee has Container Registry access in this template.');
  } else {
    out.push(markdownTable(
      ['Grantee', 'Namespace', 'Level', 'Other actions', 'Console', 'Login', 'Regions', 'Account'],
      matrix.rows.map(summaryCells),
    ));
    out.push('', SUMMARY_LEGEND);
  }
  if (matrix.notes.length > 0) {
    out.push('', '**Notes**', '', ...matrix.notes.map((n) => `- ${n}`));
  }
  return out.join('\n') + '\n';
}

function summaryCells(row: AccessRow): string[] {
  return [
    code(row.grantee),
    code(row.target),
    row.level ?? NONE,
    row.otherActions.length > 0 ? codeList(row.otherActions) : NONE,
    row.console,
    row.login ? 'yes' : 'no',
    codeList(row.regions),
    code(row.accountId),
  ];
}

/** The matrix as JSON: stable key order, `level` null when not even PULL is allowed. */
export function formatSummaryJson(matrix: AccessMatrix): string {
  const rows = matrix.rows.map((r) => ({
    grantee: r.grantee,
    target: r.target,
    instanceId: r.instanceId,
    namespace: r.namespace,
    repository: r.repository,
    regions: r.regions,
    accountId: r.accountId,
    level: r.level ?? null,
    otherActions: r.otherActions,
    console: r.console,
    login: r.login,
    allowedActions: r.allowed,
  }));
  return JSON.stringify({ grantees: matrix.grantees, rows, notes: matrix.notes }, undefined, 2) + '\n';
}
