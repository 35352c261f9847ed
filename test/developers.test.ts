/**
 * DEVELOPERS.md's error format is the one the command line writes. (The exit codes are
 * generated into docs/cli.md from each command's --help; test/docs/ holds them.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { run } from './cli/run-cli';

const TEXT = fs.readFileSync(path.join(__dirname, '..', 'DEVELOPERS.md'), 'utf8');

describe('DEVELOPERS.md', () => {
  test('a bad grants file is reported as "cr-grants <command>: <file>:<line>:<column>: <field> <value> <rule> (<hint>)"', () => {
    const file = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'crg-')), 'bad.yaml');
    fs.writeFileSync(file, 'version: 1\ngrants:\n  - instanceId: cri-abc\n    namespace: "a/b"\n    access: PULL\n    users: [x]\n');
    expect(TEXT).toContain('`cr-grants`: `cr-grants <command>: <one of the above, or a usage message> (<hint>)`');
    expect(TEXT).toContain('grants files: `<file>:<line>:<column>: <field path> <value> <rule> (<hint>)`');
    const result = run('check', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^cr-grants check: ${file.replace(/[.\\/]/g, '\\$&')}:4:16: grants\\[0\\]\\.namespace "a/b" must .+ \\(.+\\)\\n$`));
  });
});
