/** `cr-grants --help` and each command's help: usage, options and exit codes. */

const FILE_TEXT = `FILE is a ROS template (.json/.yaml/.yml with top-level Resources), a grants file (top-level grants),
or a cloud assembly (the cdk.out directory "ros-cdk synth" writes, or its manifest.json), whose
stacks are read as one account.`;

export const HELP: { readonly [command: string]: string } = {
  '': `Usage: cr-grants <command> [options]

Review Container Registry EE namespace grants as files.

Commands:
  check FILE              check policies against RAM's rules and this library's rules,
                          and access invariants (--invariants)
  summary FILE            print the access matrix (grantee x namespace x level) as Markdown
  diff OLD NEW            show who gained or lost which access
  explain FILE ...        show whether one request is allowed, and the statement that decided

${FILE_TEXT}
Run "cr-grants <command> --help" for a command's options and exit codes.
`,
  check: `Usage: cr-grants check FILE [--invariants INVARIANTS] [--parameters Name=value]... [--format FORMAT]

Checks every policy document and attachment. FILE may also be a RAM policy document
(top-level Statement). A grants file is loaded first: a bad grant is reported with its
file:line:column. ${FILE_TEXT}

With --invariants, or when FILE is a grants file with an invariants section, decides for
every principal whether it may be allowed a request an invariant forbids, and shows a
witness request and the statement that allows it. A violation that needs a value the
template does not fix is reported as not proven.

Options:
  --invariants FILE         a YAML or JSON file with an invariants list (or a grants file,
                            for its invariants section)
  --parameters Name=value   a value for a template parameter (repeatable), checked as
                            literal text; without one, a parameter may take any value
                            its AllowedPattern or AllowedValues allow
  --format FORMAT           text (default) one line per finding; markdown a section for a
                            pull request comment; json the versioned report
                            (schema/report.schema.json); sarif SARIF 2.1.0 for code
                            scanning. markdown, json and sarif give each finding's line
                            in FILE (in a grants file, the grant's)

Exit codes: 0 no failing finding and every invariant holds; 1 an Error or an unsuppressed
Security warning, or a file cannot be read; 2 an invariant is broken; 3 no invariant is
broken but one cannot be proven to hold. 2 and 3 take precedence over 1.
`,
  summary: `Usage: cr-grants summary FILE [--parameters Name=value]... [--json]

Prints who may do what on which namespace, as a Markdown table for a pull request.
Levels are computed by evaluating the template's policies, not read from names.
${FILE_TEXT}

Options:
  --parameters Name=value   a value for a template parameter (repeatable); without
                            one, a parameter is shown as \${Name}
  --json                    print JSON instead of Markdown

Exit codes: 0 printed; 1 FILE cannot be read.
`,
  diff: `Usage: cr-grants diff OLD NEW [--parameters Name=value]... [--json | --format FORMAT]

Decides, for every principal, whether NEW allows any request OLD does not (and the
reverse), over every request the policies can match, and shows one witness request for
each change. Renamed policies or changed logical ids are not access changes. What the
templates do not fix (a parameter, a Condition, a policy defined elsewhere) is read the
way that could hide access: such a change is reported as "cannot prove no new access".
${FILE_TEXT}

Options:
  --parameters Name=value   a value for a template parameter (repeatable); without
                            one, a parameter may take any value
  --json                    print JSON instead of Markdown: the data Review.diff returns
  --format FORMAT           markdown (default); json the versioned report
                            (schema/report.schema.json); sarif SARIF 2.1.0 for code
                            scanning. json and sarif give each change's line: a widening
                            in NEW, a narrowing in OLD

Exit codes: 0 no access change; 2 some access widened; 3 access only narrowed;
1 a file cannot be read. A widening that cannot be ruled out counts as widened.
`,
  explain: `Usage: cr-grants explain FILE --grantee KIND:NAME --action ACTION --resource ARN [--parameters Name=value]... [--json]

Evaluates one request under the policies the grantee holds (attached, inline, through its
groups) and prints the decision and the statement that made it. A request that is allowed
only for some values of what the template does not fix is reported as possibly allowed,
with what it depends on. ${FILE_TEXT}

Options:
  --grantee     user:NAME, group:NAME or role:NAME
  --action      for example cr:PushRepository
  --resource    for example acs:cr:cn-hangzhou:*:repository/cri-123456/ns/app
  --parameters  Name=value, a value for a template parameter (repeatable)
  --json        print JSON

Exit codes: 0 allowed; 2 denied (no statement allows it, or a Deny matches); 1 bad
arguments or FILE cannot be read. Possibly allowed counts as allowed.
`,
};
