/** `cr-grants summary` output: the access matrix as a Markdown table with its legends, or as JSON. */
import { AccessMatrix, AccessRow, DeniedBy } from '../analysis/access-matrix';
import { NONE, code, codeList, markdownTable } from './markdown';
import { summaryOf } from './review';

export const SUMMARY_LEGEND = [
  'Levels are computed by evaluating each grantee\'s policies on the namespace:',
  'PULL = `cr:PullRepository`; PUSH_PULL = also `cr:PushRepository`;',
  'FULL = also getting, updating and deleting the namespace and its repositories (`cr:*`).',
  '`*` means every instance, namespace, region or account. Console = may list instances, namespaces',
  'and repositories; Login = `cr:GetAuthorizationToken`; Other actions = allowed beyond the level.',
].join('\n');

/** Shown only when a row lists access that the documents' own patterns found. */
export const PATTERN_LEGEND = [
  'A Namespace written as a resource pattern (`acs:...`, `*`) lists, under Other actions, the',
  'Action patterns its statements allow there that no namespace row shows.',
].join('\n');

/** Shown only with the Denied by column. */
export const DENIED_LEGEND = [
  'Denied by = the Deny statements that take probed actions away on the namespace; the level and',
  'actions shown are what is left (— when nothing is).',
].join('\n');

/** Shown only with the Conditions column. */
export const CONDITIONS_LEGEND = [
  'Conditions = the Condition blocks the row\'s access depends on: its actions (or those listed after',
  '"for") are allowed only in requests that meet one of them.',
].join('\n');

/**
 * The matrix as Markdown: a title, one table, a legend and the notes. The Denied by and
 * Conditions columns are there only when some row needs them, so other templates read as before.
 */
export function formatSummaryMarkdown(matrix: AccessMatrix, title = 'Container Registry access'): string {
  const out = [`### ${title}`, ''];
  if (matrix.rows.length === 0) {
    out.push('No grantee has Container Registry access in this template.');
  } else {
    const withDenied = matrix.rows.some((r) => r.denied.length > 0);
    const withConditions = matrix.rows.some((r) => r.conditions !== undefined);
    const header = ['Grantee', 'Namespace', 'Level', 'Other actions', 'Console', 'Login', 'Regions', 'Account'];
    if (withDenied) header.splice(4, 0, 'Denied by');
    if (withConditions) header.push('Conditions');
    out.push(markdownTable(header, matrix.rows.map((row) => {
      const cells = summaryCells(row);
      if (withDenied) cells.splice(4, 0, row.denied.length > 0 ? row.denied.map(deniedText).join(', ') : NONE);
      if (withConditions) cells.push(conditionsText(row));
      return cells;
    })));
    out.push('', SUMMARY_LEGEND);
    if (matrix.rows.some((r) => r.instanceId === undefined)) out.push(PATTERN_LEGEND);
    if (withDenied) out.push(DENIED_LEGEND);
    if (withConditions) out.push(CONDITIONS_LEGEND);
  }
  if (matrix.notes.length > 0) {
    out.push('', '**Notes**', '', ...matrix.notes.map((n) => `- ${n}`));
  }
  return out.join('\n') + '\n';
}

/** Each Condition as JSON, with the actions it holds back when they are not all of the row's. */
function conditionsText(row: AccessRow): string {
  if (row.conditions === undefined) return NONE;
  return row.conditions.map((c) => {
    const all = c.actions.length === row.allowed.length && c.actions.every((a) => row.allowed.includes(a));
    return all ? code(c.condition) : `${code(c.condition)} for ${codeList(c.actions)}`;
  }).join('; ');
}

function deniedText(d: DeniedBy): string {
  return `${code(d.policyName)} Statement[${d.statementIndex}]`;
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

/**
 * The matrix as JSON, from the data `Review.summary` returns: stable key order, `level` null when
 * not even PULL is allowed, instance, namespace and repository null on a resource-pattern row,
 * `deniedBy` the Deny statements that decide probes on the row's namespace.
 */
export function formatSummaryJson(matrix: AccessMatrix): string {
  const summary = summaryOf(matrix);
  const rows = summary.rows.map((r) => ({
    grantee: r.grantee,
    target: r.target,
    instanceId: r.instanceId ?? null,
    namespace: r.namespace ?? null,
    repository: r.repository ?? null,
    regions: r.regions,
    accountId: r.accountId,
    level: r.level ?? null,
    otherActions: r.otherActions,
    console: r.console,
    login: r.login,
    allowedActions: r.allowedActions,
    deniedBy: r.deniedBy,
    ...(r.conditions ? { conditions: r.conditions } : {}),
  }));
  return JSON.stringify({ grantees: summary.grantees, rows, notes: summary.notes }, undefined, 2) + '\n';
}
