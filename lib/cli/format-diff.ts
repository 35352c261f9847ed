/** `cr-grants diff` output: a headline, then a Markdown table for a pull request, or JSON. */
import { AccessDiff, ChangeKind, DIFF_EXIT, NO_TARGET, diffExitCode } from '../analysis/diff';
import { NONE, code, codeList, markdownTable } from './markdown';

/** One sentence: how many changes of each kind. */
export function diffHeadline(diff: AccessDiff): string {
  if (diff.changes.length === 0) return 'No access change.';
  const widened = diff.changes.filter((c) => c.kind === ChangeKind.WIDENED).length;
  const narrowed = diff.changes.length - widened;
  return `${widened} widened, ${narrowed} narrowed.`;
}

export function formatDiffMarkdown(diff: AccessDiff, title = 'Container Registry access changes'): string {
  const out = [`### ${title}`, '', diffHeadline(diff)];
  if (diff.changes.length > 0) {
    out.push('', markdownTable(
      ['Change', 'Grantee', 'Namespace', 'Before', 'After', 'Actions', 'Regions', 'Account'],
      diff.changes.map((c) => [
        c.kind === ChangeKind.WIDENED ? '**+ WIDENED**' : '- narrowed',
        code(c.grantee),
        c.target === NO_TARGET ? NONE : code(c.target),
        c.before ?? NONE,
        c.after ?? NONE,
        codeList([...c.gained.map((x) => `+${x}`), ...c.lost.map((x) => `-${x}`)]),
        codeList(c.regions),
        code(c.accountId),
      ]),
    ));
    out.push('', 'Levels and actions are computed by evaluating each grantee\'s policies in both versions; `*` means every.');
  }
  return out.join('\n') + '\n';
}

export function formatDiffJson(diff: AccessDiff): string {
  const changes = diff.changes.map((c) => ({
    kind: c.kind,
    grantee: c.grantee,
    target: c.target,
    regions: c.regions,
    accountId: c.accountId,
    before: c.before ?? null,
    after: c.after ?? null,
    gained: c.gained,
    lost: c.lost,
  }));
  return JSON.stringify({ widened: diffExitCode(diff) === DIFF_EXIT.WIDENED, changes }, undefined, 2) + '\n';
}
