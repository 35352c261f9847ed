import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';

/** What one `cr-grants` run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line in-process, as `cr-grants ...argv` would. */
export function run(...argv: string[]): CliResult {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

/** `cr-grants diff` of two versions, each written into `dir` (an object as JSON, or raw text) as a file with `extension`. */
export function runDiff(dir: string, before: unknown, after: unknown, extension = 'json'): CliResult {
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, `${name}.${extension}`);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  };
  return run('diff', write('old', before), write('new', after));
}
