/** `cr-grants --help` and each command's help: usage, options and exit codes. */

const FILE_TEXT = 'FILE is a ROS template (.json/.yaml/.yml with top-level Resources) or a grants file (top-level grants).';

export const HELP: { readonly [command: string]: string } = {
  '': `Usage: cr-grants <command> [options]

Review Container Registry EE namespace grants as files.

Commands:
  check FILE              check policies against RAM's rules and this library's rules
  summary FILE            print the access matrix (grantee x namespace x level) as Markdown
  diff OLD NEW            show who gained or lost which access
  explain FILE ...        show whether one request is allowed, and the statement that decided

${FILE_TEXT}
Run "cr-grants <command> --help" for a command's options and exit codes.
`,
  check: `Usage: cr-grants check FILE

Checks every policy document and attachment. FILE may also be a RAM policy document
(top-level Statement). A grants file is loaded first: a bad grant is reported with its
file:line:column. ${FILE_TEXT}

Exit codes: 0 no failing finding; 1 an Error or an unsuppressed Security warning, or FILE
cannot be read.
`,
  summary: `Usage: cr-grants summary FILE [--json]

Prints who may do what on which namespace, as a Markdown table for a pull request.
Levels are computed by evaluating the template's policies, not read from names.
${FILE_TEXT}

Options:
  --json    print JSON instead of Markdown

Exit codes: 0 printed; 1 FILE cannot be read.
`,
  diff: `Usage: cr-grants diff OLD NEW [--json]

Shows who gained or lost which access on which namespace between two versions.
Renamed policies or changed logical ids are not access changes. ${FILE_TEXT}

Options:
  --json    print JSON instead of Markdown

Exit codes: 0 no access change; 2 some access widened; 3 access only narrowed;
1 a file cannot be read.
`,
  explain: `Usage: cr-grants explain FILE --grantee KIND:NAME --action ACTION --resource ARN [--json]

Evaluates one request under the policies attached to the grantee and prints the
decision and the statement that made it. ${FILE_TEXT}

Options:
  --grantee   user:NAME, group:NAME or role:NAME
  --action    for example cr:PushRepository
  --resource  for example acs:cr:cn-hangzhou:*:repository/cri-123456/ns/app
  --json      print JSON

Exit codes: 0 allowed; 2 denied (no statement allows it, or a Deny matches); 1 bad
arguments or FILE cannot be read.
`,
};
