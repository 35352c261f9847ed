/** `cr-grants diff` output: a headline, then one line per change with its witness, as Markdown or JSON. */
import { AccessChange, ChangeKind, RESOURCE_CASE, TemplateComparison } from '../analysis/diff';
import { StatementOrigin } from '../analysis/statements';
import { QuestionMark, principalStarWords } from '../model/wildcard';
import { trustedRoleOf } from '../template/principals';
import { code } from './markdown';
import { StatementSource, diffOf } from './review';

/** One sentence: how many principals gained or lost access. */
export function diffHeadline(diff: TemplateComparison): string {
  const widened = diff.changes.filter((c) => c.kind === ChangeKind.WIDENED).length;
  const narrowed = diff.changes.length - widened;
  const undecided = diff.undecided.length > 0 ? `, ${diff.undecided.length} undecided (read as widened)` : '';
  if (diff.changes.length === 0 && diff.undecided.length === 0) return 'No access change.';
  return `${widened} widened, ${narrowed} narrowed${undecided}.`;
}

/** `statement 1 of policy team`, or the policy alone for a stand-in of a whole policy; a role's trust policy as such. */
export function originText(origin: StatementOrigin): string {
  const role = trustedRoleOf(origin.policyName);
  const policy = role !== undefined ? `the trust policy of ${code(role)}` : `policy ${code(origin.policyName)}`;
  const where = origin.statementIndex === undefined ? policy : `statement ${origin.statementIndex} of ${policy}`;
  return origin.reading ? `${where} (${origin.reading})` : where;
}

function changeLine(c: AccessChange): string {
  const request = c.trust ? `${code(c.request.resource)} may assume ${code(c.principal)} (${code(c.request.action)})`
    : `${code(c.request.action)} on ${code(c.request.resource)} for ${code(c.principal)}`;
  const widened = c.kind === ChangeKind.WIDENED;
  const [allowed, allows] = c.trust ? ['trusted', 'trusts'] : ['allowed', 'allows'];
  const head = widened
    ? (c.unproven ? `**cannot prove no new access**: may now be ${allowed}` : `**widened**: now ${allowed}`)
    : `narrowed: no longer ${allowed}`;
  const other = c.deniedBy ? `was denied by ${originText(c.deniedBy)}`
    : c.condition ? (widened ? `before, only statements with a Condition it does not meet ${allowed === 'trusted' ? 'trusted' : 'allowed'} it` : `now only statements with a Condition it does not meet ${allows === 'trusts' ? 'trust' : 'allow'} it`)
      : widened ? `no statement ${allowed} it before` : `no statement ${allows} it now`;
  const now = widened ? `allowed by ${originText(c.allowedBy)}` : `was allowed by ${originText(c.allowedBy)}`;
  const notes = [
    ...(c.unproven ? [c.unproven] : []),
    ...(c.condition ? [c.condition] : []),
    ...(!c.condition && c.assuming.filter((a) => a.startsWith('Condition ')).length > 0 ? [`assuming ${c.assuming.filter((a) => a.startsWith('Condition ')).join(', ')}`] : []),
    ...(c.questionMark ? [`only if RAM reads \`?\` as ${c.questionMark === QuestionMark.ONE_CHARACTER ? 'a one-character wildcard' : 'an ordinary character'}`] : []),
    ...(c.principalStar ? [`only if RAM reads \`*\` inside a Principal entry as ${principalStarWords(c.principalStar)}`] : []),
    ...(c.ignoringResourceCase ? [RESOURCE_CASE] : []),
  ];
  return `- ${head}: ${request} (${now}; ${widened ? other : c.deniedBy ? `now denied by ${originText(c.deniedBy)}` : other})${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
}

export function formatDiffMarkdown(diff: TemplateComparison, title = 'Container Registry access changes'): string {
  const out = [`### ${title}`, '', diffHeadline(diff)];
  if (diff.changes.length > 0 || diff.undecided.length > 0) {
    out.push('', ...diff.changes.map(changeLine));
    out.push(...diff.undecided.map((u) => `- **cannot prove no new access** for ${code(u.principal)}: ${u.reason}`));
    out.push('', 'Each line is one request, decided over every request the policies can match; a principal may have more changes of the same kind.');
  }
  return out.join('\n') + '\n';
}

/** The comparison as JSON, from the data `Review.diff` returns; statements as objects, absent values as null. */
export function formatDiffJson(comparison: TemplateComparison): string {
  const diff = diffOf(comparison);
  const changes = diff.changes.map((c) => ({
    kind: c.kind,
    principal: c.principal,
    action: c.action,
    resource: c.resource,
    allowedBy: originJson(c.allowedBy),
    deniedBy: c.deniedBy ? originJson(c.deniedBy) : null,
    assuming: c.assuming,
    unproven: c.unproven ?? null,
    questionMark: c.questionMark ?? null,
    ...(c.condition ? { condition: c.condition } : {}),
    ...(c.ignoringResourceCase ? { ignoringResourceCase: true } : {}),
    ...(c.trust ? { trust: true } : {}),
    ...(c.principalStar ? { principalStar: c.principalStar } : {}),
  }));
  return JSON.stringify({ widened: diff.widened, changes, undecided: diff.undecided }, undefined, 2) + '\n';
}

/** A statement's source in the order reports give it, the statement as an object. */
function originJson(source: StatementSource): object {
  return {
    policyName: source.policyName,
    ...(source.statementIndex !== undefined ? { statementIndex: source.statementIndex } : {}),
    ...(source.statementJson !== undefined ? { statement: JSON.parse(source.statementJson) } : {}),
    ...(source.reading !== undefined ? { reading: source.reading } : {}),
  };
}
