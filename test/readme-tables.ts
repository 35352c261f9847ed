/** The README's reference tables, generated from the data they describe, so they cannot drift. */
import { ACCESS_LEVELS, Scope, StatementTemplate, statementTemplates } from '../lib/model/access';
import { scopePath } from '../lib/model/arn';
import { FIELD_RULES } from '../lib/model/field-rules';

function describeStatement(t: StatementTemplate): string {
  const resources = t.scopes.map((s) => (s === Scope.ANY ? '`*`' : `\`${scopePath(s, '<instance>', '<namespace>')}\``));
  return `${t.actions.map((a) => `\`${a}\``).join(', ')} on ${resources.join(', ')}`;
}

export function accessLevelTable(): string {
  const rows = ACCESS_LEVELS.map((level) => {
    const own = statementTemplates(level, false);
    const withConsole = statementTemplates(level, true);
    const added = withConsole.filter((t) => !own.includes(t));
    const dropped = own.filter((t) => !withConsole.includes(t));
    const console = [...added.map((t) => `+ ${describeStatement(t)}`), ...dropped.map((t) => `− ${describeStatement(t)}`)];
    return `| \`${level}\` | ${own.map(describeStatement).join('<br>')} | ${console.join('<br>')} |`;
  });
  return ['| level | `consoleAccess: false` | with `consoleAccess: true` (the default) |', '| --- | --- | --- |', ...rows].join('\n');
}

export function validationTable(): string {
  const rows = Object.values(FIELD_RULES).map((r) => `| \`${r.field}\` | ${r.rule} | \`${r.example}\` |`);
  return ['| field | rule | example |', '| --- | --- | --- |', ...rows].join('\n');
}
