/**
 * DEVELOPERS.md's exit-code table says what each `cr-grants --help` says, and its error
 * format is the one the command line writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { run } from './cli/run-cli';

const TEXT = fs.readFileSync(path.join(__dirname, '..', 'DEVELOPERS.md'), 'utf8');

/** The exit codes a text mentions as `<digit> <words>`, sorted. */
function codesIn(text: string): number[] {
  return [...new Set([...text.matchAll(/(?:^|[;:] *)(\d) [A-Za-z]/gm)].map((m) => Number(m[1])))].sort();
}

describe('DEVELOPERS.md', () => {
  const rows = TEXT.split('\n').filter((l) => /^\| `(check|summary|diff|explain)` \|/.test(l));

  test('lists every command', () => {
    expect(rows.map((r) => /`(\w+)`/.exec(r)![1]).sort()).toEqual(['check', 'diff', 'explain', 'summary']);
  });

  test.each(['check', 'summary', 'diff', 'explain'])('the exit codes of %s match its --help', (command) => {
    const row = rows.find((r) => r.startsWith(`| \`${command}\` |`))!;
    const help = run(command, '--help').stdout;
    const helpCodes = codesIn(help.slice(help.indexOf('Exit codes:') + 'Exit codes:'.length).replace(/\n/g, ' '));
    expect(codesIn(row.split('|')[2])).toEqual(helpCodes);
  });

  test('a bad grants file is reported as "cr-grants <command>: <file>:<line>:<column>: <field> <value> <rule> (<hint>)"', () => {
    const file = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'crg-')), 'bad.yaml');
    fs.writeFileSync(file, 'version: 1\ngrants:\n  - instanceId: cri-abc\n    namespace: "a/b"\n    access: PULL\n    users: [x]\n');
    const result = run('check', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^cr-grants check: ${file.replace(/[.\\/]/g, '\\$&')}:4:16: grants\\[0\\]\\.namespace "a/b" must .+ \\(.+\\)\\n$`));
  });
});
