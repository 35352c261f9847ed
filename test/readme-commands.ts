/** The `cr-grants` commands the README shows, run the way the README shows them. */
import { main } from '../lib/cli/main';

export const README_COMMANDS: readonly string[][] = [
  ['summary', 'examples/grants.yaml'],
  ['summary', 'examples/hand-written.template.json'],
  ['diff', 'examples/grants.yaml', 'examples/grants-v2.yaml'],
  ['diff', 'examples/review/team.template.json', 'examples/review/team-deny-removed.template.json'],
  ['diff', 'examples/review/team.template.json', 'examples/review/team-document-parameter.template.json'],
  ['explain', 'examples/grants.yaml', '--grantee', 'group:payments-devs', '--action', 'cr:PushRepository',
    '--resource', 'acs:cr:cn-hangzhou:1234567890123456:repository/cri-5jx0k2m8q4w7r1t9/payments/api'],
  ['check', 'examples/grants.yaml'],
  ['check', 'examples/hand-written.template.json'],
];

/** A README console block: the command, its output and its exit code. */
export function consoleBlock(argv: readonly string[]): string {
  let output = '';
  const sink = { write: (text: string) => { output += text; return true; } };
  const code = main(argv, { stdout: sink, stderr: sink } as any);
  return `$ npx cr-grants ${argv.map((a) => (/^[\w:./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}\n${output}${output.endsWith('\n') ? '' : '\n'}(exit ${code})`;
}
