/** Command-line arguments: options, values and the files a command expects, refused in words when they cannot be run. */

/** Arguments that cannot be run; the hint says how to fix them. */
export class UsageError extends Error {
  constructor(message: string, public readonly hint: string) {
    super(message);
  }
}

export interface Parsed {
  readonly positionals: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
  /** `--parameters Name=value`, repeatable: values for a template's parameters. */
  readonly parameters: { [name: string]: string };
}

/** ROS parameter names: letters and digits. https://www.alibabacloud.com/help/en/ros/user-guide/parameters */
const PARAMETER = /^([A-Za-z0-9]{1,255})=(.*)$/s;

/** `--name value`, `--name=value`, boolean `--flag`, and `--` to end options. */
export function parseArgs(command: string, args: readonly string[], flags: readonly string[], valued: readonly string[]): Parsed {
  const parsed: Parsed = { positionals: [], flags: new Set(), values: new Map(), parameters: {} };
  const help = `see "cr-grants ${command} --help"`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      parsed.flags.add('help');
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1];
    if (name !== undefined && (flags.includes(name) || name === 'help')) {
      if (match![2] !== undefined) throw new UsageError(`--${name} takes no value`, help);
      parsed.flags.add(name);
    } else if (name !== undefined && valued.includes(name)) {
      const value = match![2] ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`, help);
      if (name === 'parameters') {
        const given = PARAMETER.exec(value);
        if (!given) throw new UsageError(`--parameters ${JSON.stringify(value)} is not Name=value`, 'for example --parameters Namespace=web');
        if (Object.prototype.hasOwnProperty.call(parsed.parameters, given[1])) {
          throw new UsageError(`--parameters ${given[1]} is given twice`, 'give each parameter once');
        }
        parsed.parameters[given[1]] = given[2];
        continue;
      }
      if (parsed.values.has(name)) throw new UsageError(`--${name} is given twice`, 'give it once');
      parsed.values.set(name, value);
    } else {
      throw new UsageError(`unknown option ${arg}`, help);
    }
  }
  return parsed;
}

export function expectFiles(command: string, parsed: Parsed, names: readonly string[]): string[] {
  if (parsed.positionals.length !== names.length) {
    const got = parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ');
    throw new UsageError(`expects ${names.join(' ')}, got ${got}`, `see "cr-grants ${command} --help"`);
  }
  return parsed.positionals;
}

/**
 * `--format NAME` among `formats` (the first is the default); refused together with `--json`,
 * which prints the data `Review` returns.
 */
export function formatOf(command: string, parsed: Parsed, formats: readonly string[]): string {
  const given = parsed.values.get('format');
  if (given === undefined) return formats[0];
  if (parsed.flags.has('json')) throw new UsageError('--json and --format cannot be given together', 'give one of them');
  if (!formats.includes(given)) {
    throw new UsageError(`--format ${JSON.stringify(given)} is not one of ${formats.join(', ')}`, `see "cr-grants ${command} --help"`);
  }
  return given;
}
