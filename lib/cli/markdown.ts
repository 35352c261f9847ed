/** Small helpers for Markdown that pastes cleanly into a pull request. */

/** A table; cells are escaped so a `|` in a name cannot split a column. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code; backticks in the text would end the span, so they are replaced. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** A list of values as inline code, `*` read as "every". */
export function codeList(values: readonly string[]): string {
  return values.map(code).join(', ');
}

export const NONE = '—';
