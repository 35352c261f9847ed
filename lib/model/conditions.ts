/**
 * Conditions on a grant: where requests may come from (public source addresses or VPCs), and
 * whether they must use HTTPS or a multi-factor sign-in. Rendered as one RAM `Condition` block
 * on every statement of the grant.
 *
 * RAM's policy language and operators:
 * - elements: https://www.alibabacloud.com/help/en/ram/policy-elements
 * - operators (`IpAddress` takes addresses and CIDR blocks, `StringEquals` is exact and
 *   case-sensitive, `Bool` takes "true" / "false"; within one operator the values of a key are
 *   alternatives, and every operator and key of a block must hold):
 *   https://www.alibabacloud.com/help/en/ram/conditional-operator
 * - `acs:SourceIp` is the client's public address, IPv4 or IPv6; `acs:SourceVpc` the VPC a
 *   request comes from, set only for requests from a VPC:
 *   https://www.alibabacloud.com/help/en/kms/key-management-service/security-and-compliance/condition-key
 * - `acs:SecureTransport` (HTTPS): https://www.alibabacloud.com/help/en/ram/access-alibaba-cloud-by-using-a-specified-method
 * - `acs:MFAPresent` (signed in with MFA): https://www.alibabacloud.com/help/en/ram/restart-ecs-instances
 *
 * Container Registry's authorization page lists its actions and ARNs and no condition keys of
 * its own: https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 * The registry login (`cr:GetAuthorizationToken`) returns a temporary password that carries
 * "the same permissions as the RAM user" for an hour:
 * https://www.alibabacloud.com/help/en/doc-detail/145324.htm
 * So a condition on the login statement limits where the password is fetched, not where it is
 * used; whether `docker pull` and `docker push` with that password are checked against these
 * keys is not documented. docs/constructs.md says so to users.
 */
import { GrantValidationError } from './errors';
import { FIELD_RULES } from './field-rules';
import { PolicyStatement } from './policy';
import { isUnresolved } from './token';
import { checkField } from './validate';

/** A grant's conditions as given, before validation (the `GrantSpec` and grants file fields). */
export interface ConditionsInput {
  readonly sourceIps?: readonly string[];
  readonly sourceVpcs?: readonly string[];
  readonly secureTransport?: boolean;
  readonly mfa?: boolean;
}

/** Validated conditions: lists canonical, sorted and without duplicates; flags only when required. */
export interface GrantConditions {
  readonly sourceIps?: readonly string[];
  readonly sourceVpcs?: readonly string[];
  readonly secureTransport?: true;
  readonly mfa?: true;
}

/** The condition keys, as RAM names them. */
export const CONDITION_KEYS = {
  sourceIp: 'acs:SourceIp',
  sourceVpc: 'acs:SourceVpc',
  secureTransport: 'acs:SecureTransport',
  mfa: 'acs:MFAPresent',
} as const;

/** Entries per list: enough for an office and its CI runners; a longer list is a network to name otherwise. */
export const MAX_CONDITION_VALUES = 20;

/** The `GrantInput` and `GrantSpec` fields that carry conditions. */
export const CONDITION_FIELDS = ['sourceIps', 'sourceVpcs', 'secureTransport', 'mfa'] as const;

/**
 * Validates a grant's conditions. `passes` runs one check and records its refusal (see
 * `normalizeGrant`); it returns whether the check passed. Undefined when no condition is set.
 */
export function normalizeConditions(where: string, input: ConditionsInput, passes: (check: () => void) => boolean): GrantConditions | undefined {
  const sourceIps = normalizeList(where, 'sourceIps', input.sourceIps, (value) => checkSourceIp(where, value), passes,
    'public IPv4 or IPv6 addresses or CIDR blocks');
  const sourceVpcs = normalizeList(where, 'sourceVpcs', input.sourceVpcs,
    (value) => { checkField(where, FIELD_RULES.sourceVpc, value); return value; }, passes, 'VPC ids');
  const secureTransport = flag(where, 'secureTransport', input.secureTransport, passes);
  const mfa = flag(where, 'mfa', input.mfa, passes);
  if (sourceIps !== undefined && sourceVpcs !== undefined) {
    passes(() => {
      // RAM requires every key of a block to hold, and acs:SourceIp is a public address while
      // acs:SourceVpc is set only inside a VPC: together they would rarely both hold.
      throw new GrantValidationError(where, 'sourceVpcs', input.sourceVpcs,
        'cannot be combined with sourceIps in one grant: RAM would require a request to match both',
        'make two grants with the same access, one with sourceIps and one with sourceVpcs; a request from either is then allowed');
    });
  }
  const conditions: GrantConditions = {
    ...(sourceIps ? { sourceIps } : {}),
    ...(sourceVpcs ? { sourceVpcs } : {}),
    ...(secureTransport ? { secureTransport: true as const } : {}),
    ...(mfa ? { mfa: true as const } : {}),
  };
  return Object.keys(conditions).length > 0 ? conditions : undefined;
}

function flag(where: string, field: string, value: unknown, passes: (check: () => void) => boolean): boolean {
  let ok = true;
  passes(() => {
    if (value !== undefined && typeof value !== 'boolean') {
      ok = false;
      throw new GrantValidationError(where, field, value, 'must be a boolean',
        'write true without quotes to require it, or omit the field');
    }
  });
  return ok && value === true;
}

function normalizeList(
  where: string,
  field: string,
  values: readonly unknown[] | undefined,
  canonical: (value: string) => string,
  passes: (check: () => void) => boolean,
  what: string,
): string[] | undefined {
  if (values === undefined) return undefined;
  const shaped = passes(() => {
    if (!Array.isArray(values)) {
      throw new GrantValidationError(where, field, values, `must be a list of ${what}`,
        typeof values === 'string' ? `write [${JSON.stringify(values)}]` : 'omit the field for no such condition');
    }
    if (values.length === 0) {
      throw new GrantValidationError(where, field, [], 'must not be empty: an empty list would allow no request at all',
        'omit the field for no such condition');
    }
    if (values.length > MAX_CONDITION_VALUES) {
      throw new GrantValidationError(where, field, values, `must have at most ${MAX_CONDITION_VALUES} entries`,
        'name a wider block that holds them, or split the grantees');
    }
  });
  if (!shaped) return undefined;
  const out: string[] = [];
  let all = true;
  values.forEach((value) => {
    all = passes(() => {
      if (typeof value === 'string' && isUnresolved(value)) {
        throw new GrantValidationError(where, field, value,
          'must be written out: conditions are compared and merged when the grant is made', 'write the value as text');
      }
      if (typeof value !== 'string') throw new GrantValidationError(where, field, value, 'must be a string');
      out.push(canonical(value));
    }) && all;
  });
  return all ? [...new Set(out)].sort() : undefined;
}

const IPV4 = /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;
const IPV6_CHARACTERS = /^[0-9a-f:.]{2,45}$/;
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * A source address or CIDR block, checked to be written as RAM will compare it:
 * - IPv4 dotted decimal without leading zeros; IPv6 in its canonical text form (RFC 5952:
 *   lowercase, zeros compressed), as the WHATWG URL parser writes it;
 * - a prefix of 1-32 (IPv4) or 1-128 (IPv6), no host bits set: `10.0.0.1/8` reads like a
 *   narrower block than the `10.0.0.0/8` it stands for;
 * - `/0` refused: it matches every address and restricts nothing; `/32` and `/128` are written
 *   as the address alone.
 * - an IPv4-mapped IPv6 form (inside ::ffff:0:0/96) refused, with the IPv4 form to write
 *   (`refuseIpv4Mapped`);
 * - the unspecified address, and a block inside a range no public address comes from, refused
 *   (`checkPublic`).
 * Each refusal comes before those whose hint could name a value refused in turn.
 */
export function checkSourceIp(where: string, value: string): string {
  const refuse = (rule: string, hint: string): never => {
    throw new GrantValidationError(where, 'sourceIps', value, rule, hint);
  };
  const rule = 'must be a public IPv4 or IPv6 address, or a CIDR block of one ("203.0.113.0/24")';
  const [address, prefixText, extra] = value.split('/');
  if (extra !== undefined || (prefixText !== undefined && !PREFIX.test(prefixText))) refuse(rule, 'for example "203.0.113.0/24"');
  const v4 = IPV4.test(address);
  const canonicalV6 = v4 ? undefined : canonicalIpv6(address);
  if (!v4 && canonicalV6 === undefined) refuse(rule, 'for example "203.0.113.0/24" or "2001:db8::/32"');
  if (canonicalV6 !== undefined) refuseIpv4Mapped(where, value, canonicalV6, prefixText);
  if (canonicalV6 !== undefined && canonicalV6 !== address) {
    refuse('must be written in canonical form (lowercase, zeros compressed as RFC 5952 writes them)', `write ${JSON.stringify(canonicalV6 + (prefixText !== undefined ? `/${prefixText}` : ''))}`);
  }
  if (prefixText === undefined) {
    checkPublic(where, value);
    return value;
  }
  const bits = v4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix === 0) refuse('matches every address, so the condition would restrict nothing', 'omit sourceIps for requests from anywhere');
  if (prefix > bits) refuse(`has a prefix longer than ${bits} bits`, `use a prefix of 1-${bits}`);
  // Before the full-length prefix and host bits, so that the hint never names a value refused in turn.
  checkPublic(where, value);
  if (prefix === bits) refuse('names one address with a full-length prefix', `write ${JSON.stringify(address)}`);
  const number = v4 ? ipv4Number(address) : ipv6Number(canonicalV6!);
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((number & hostMask) !== 0n) {
    const network = v4 ? ipv4Text(number & ~hostMask) : canonicalIpv6(ipv6Text(number & ~hostMask))!;
    refuse('has host bits set, so it reads like a narrower block than it is', `write ${JSON.stringify(`${network}/${prefix}`)} for the whole block`);
  }
  return value;
}

/**
 * Ranges no public address comes from (RFC 1918, RFC 6598 shared, loopback, link-local, RFC 4193
 * unique local, and IPv6's ::/8, which RFC 4291 section 2.4 and IANA's registry reserve for the
 * unspecified, loopback and IPv4-embedding forms): acs:SourceIp holds the client's public
 * address, so a block inside one of them would never be met. The first range that holds a block
 * is the one named, so the narrower ones come first.
 */
const NON_PUBLIC_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16',
  'fc00::/7', 'fe80::/10', '::1', '::/8'];

/**
 * The unspecified addresses (RFC 4291 section 2.5.2; for IPv4, "this network" 0.0.0.0/8 of RFC
 * 1122 section 3.2.1.3, used only by a host that does not know its address yet): no request
 * reaches RAM from them, and written alone they are often meant as "any address", which they are not.
 */
const UNSPECIFIED_RANGES = ['0.0.0.0/8', '::'];

/** Refuses a source block that lies inside a range no public address comes from. */
function checkPublic(where: string, value: string): void {
  const block = parseBlock(value)!;
  const unspecified = UNSPECIFIED_RANGES.find((r) => blockContains(parseBlock(r)!, block));
  if (unspecified !== undefined) {
    throw new GrantValidationError(where, 'sourceIps', value,
      `${unspecified === '::' ? 'is the unspecified address ::' : 'is inside 0.0.0.0/8, "this network" of the unspecified address'}, which no request comes from, so it would never match`,
      'omit sourceIps for requests from any address; otherwise list the public addresses the requests leave from');
  }
  const range = NON_PUBLIC_RANGES.find((r) => blockContains(parseBlock(r)!, block));
  if (range !== undefined) {
    throw new GrantValidationError(where, 'sourceIps', value,
      `is inside the non-public range ${range}, and acs:SourceIp holds the public address a request comes from, so it would never match`,
      'for requests from a VPC use sourceVpcs; otherwise list the public addresses the requests leave from (e.g. the NAT gateway\'s EIPs)');
  }
}

/** IPv4-mapped IPv6 addresses (RFC 4291 section 2.5.5.2): `::ffff:` and the IPv4 address in the last 32 bits. */
const IPV4_MAPPED = parseBlock('::ffff:0:0/96')!;

/**
 * Refuses an IPv4-mapped IPv6 address or block. RAM's documentation gives IPv4 sources in IPv4
 * form and does not say it compares them with mapped forms, so such a block either never matches
 * or matches IPv4 addresses it does not show (`::ffff:0:0/96` is every one of them). The hint
 * gives the IPv4 form, or, when that is refused too, why.
 */
function refuseIpv4Mapped(where: string, value: string, canonicalV6: string, prefixText: string | undefined): void {
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  const block = parseBlock(`${canonicalV6}/${prefix}`);
  if (block === undefined || !blockContains(IPV4_MAPPED, block)) return;
  const v4Prefix = prefix - 96;
  const address = ipv4Text(ipv6Number(canonicalV6) & 0xffffffffn);
  const ipv4Form = v4Prefix === 32 ? address : `${address}/${v4Prefix}`;
  let hint = `write its IPv4 form ${JSON.stringify(ipv4Form)}`;
  try {
    checkSourceIp(where, ipv4Form);
  } catch (error) {
    if (!(error instanceof GrantValidationError)) throw error;
    hint = `its IPv4 form ${JSON.stringify(ipv4Form)} is refused too: it ${error.rule}`;
  }
  throw new GrantValidationError(where, 'sourceIps', value,
    'is an IPv4-mapped IPv6 address (inside ::ffff:0:0/96), which RAM is not documented to compare with IPv4 sources: it would never match, or match IPv4 addresses it does not show',
    hint);
}

/** The canonical text of an IPv6 address, or undefined when it is not one. */
function canonicalIpv6(address: string): string | undefined {
  if (!IPV6_CHARACTERS.test(address.toLowerCase()) || !address.includes(':')) return undefined;
  try {
    const host = new URL(`http://[${address}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return undefined;
  }
}

function ipv4Number(address: string): bigint {
  return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function ipv4Text(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 255n)).join('.');
}

/** The number of a canonical IPv6 address (the URL parser writes embedded IPv4 as hex groups). */
function ipv6Number(address: string): bigint {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function ipv6Text(n: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

/**
 * The RAM `Condition` block of a grant's conditions, or undefined without any. Operators and
 * keys in code-unit order and every value a list, so the block's JSON is its canonical text
 * (`canonicalCondition`) and equal conditions render byte for byte alike.
 */
export function conditionBlock(conditions: GrantConditions | undefined): PolicyStatement['Condition'] {
  if (conditions === undefined) return undefined;
  const bool: { [key: string]: string } = {};
  if (conditions.mfa) bool[CONDITION_KEYS.mfa] = 'true';
  if (conditions.secureTransport) bool[CONDITION_KEYS.secureTransport] = 'true';
  const block: { [operator: string]: { [key: string]: unknown } } = {};
  if (Object.keys(bool).length > 0) block.Bool = bool;
  if (conditions.sourceIps) block.IpAddress = { [CONDITION_KEYS.sourceIp]: [...conditions.sourceIps] };
  if (conditions.sourceVpcs) block.StringEquals = { [CONDITION_KEYS.sourceVpc]: [...conditions.sourceVpcs] };
  return block;
}

/**
 * A Condition's canonical JSON (object keys sorted at every level), so that two blocks that
 * differ only in key order are one condition; '' for none.
 */
export function canonicalCondition(condition: unknown): string {
  return condition === undefined ? '' : canonicalText(condition);
}

function canonicalText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalText((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The conditions in words, for descriptions and reports: `from 203.0.113.0/24; over HTTPS; with MFA`. */
export function describeConditions(conditions: GrantConditions | undefined): string | undefined {
  if (conditions === undefined) return undefined;
  return [
    ...(conditions.sourceIps ? [`from ${conditions.sourceIps.join(', ')}`] : []),
    ...(conditions.sourceVpcs ? [`from ${conditions.sourceVpcs.join(', ')}`] : []),
    ...(conditions.secureTransport ? ['over HTTPS'] : []),
    ...(conditions.mfa ? ['with MFA'] : []),
  ].join('; ');
}

/** An address block: family, network number (host bits cleared), prefix length. */
interface Block {
  readonly bits: 32 | 128;
  readonly network: bigint;
  readonly prefix: number;
}

/** One key of a Condition block: the values any of which it accepts. */
type Clause =
  | { readonly kind: 'ip'; readonly blocks: readonly Block[] }
  | { readonly kind: 'text'; readonly values: ReadonlySet<string> };

/** The operator each key is read under; a block using any other operator or key is not decided. */
const CLAUSE_OPERATORS: { readonly [key: string]: string } = {
  [CONDITION_KEYS.sourceIp]: 'IpAddress',
  [CONDITION_KEYS.sourceVpc]: 'StringEquals',
  [CONDITION_KEYS.secureTransport]: 'Bool',
  [CONDITION_KEYS.mfa]: 'Bool',
};

/** Most entries a block may hold and still be decided; beyond it, implication is not claimed. */
const MAX_DECIDED_VALUES = 256;

/**
 * Whether every request that meets `narrower` also meets `wider`, decided exactly for blocks of
 * the four keys this library writes (under the operators it writes them with), as RAM evaluates
 * them: every key of a block must hold; a key holds when the request carries it with one of the
 * listed values (an address inside one of the listed blocks); a request may lack a key.
 * Anything else (other operators or keys, values that are not plain text, unparseable addresses)
 * is not decided, and false is returned unless the two blocks are the same text: callers read
 * false as "may be wider", which fails closed.
 */
export function conditionImplies(narrower: unknown, wider: unknown): boolean {
  if (canonicalCondition(narrower) === canonicalCondition(wider)) return true;
  const a = clausesOf(narrower);
  const b = clausesOf(wider);
  if (a === undefined || b === undefined) return false;
  for (const [key, clause] of b) {
    const given = a.get(key);
    if (given === undefined) return false;
    if (given.kind === 'ip' && clause.kind === 'ip') {
      if (!given.blocks.every((block) => coveredByBlocks(block, clause.blocks))) return false;
    } else if (given.kind === 'text' && clause.kind === 'text') {
      if (![...given.values].every((v) => clause.values.has(v))) return false;
    } else {
      return false;
    }
  }
  return true;
}

function clausesOf(condition: unknown): Map<string, Clause> | undefined {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  const clauses = new Map<string, Clause>();
  let count = 0;
  for (const [operator, keys] of Object.entries(condition)) {
    // An operator without keys, or a key without values: RAM does not document whether it is
    // met by no request, by every request or refused, so it is not decided (read as wider).
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys) || Object.keys(keys).length === 0) return undefined;
    for (const [key, raw] of Object.entries(keys)) {
      if (CLAUSE_OPERATORS[key] !== operator) return undefined;
      const values: unknown[] = Array.isArray(raw) ? raw : [raw];
      if (values.length === 0) return undefined;
      count += values.length;
      if (count > MAX_DECIDED_VALUES) return undefined;
      if (operator === 'IpAddress') {
        const blocks = values.map(parseBlock);
        if (blocks.some((b) => b === undefined)) return undefined;
        clauses.set(key, { kind: 'ip', blocks: blocks as Block[] });
      } else if (operator === 'Bool') {
        const flags = values.map((v) => (v === true || v === 'true' ? 'true' : v === false || v === 'false' ? 'false' : undefined));
        if (flags.some((f) => f === undefined)) return undefined;
        clauses.set(key, { kind: 'text', values: new Set(flags as string[]) });
      } else {
        if (!values.every((v) => typeof v === 'string')) return undefined;
        clauses.set(key, { kind: 'text', values: new Set(values as string[]) });
      }
    }
  }
  return clauses;
}

/** An address or CIDR block as a template may write it (host bits allowed, and cleared). */
function parseBlock(value: unknown): Block | undefined {
  if (typeof value !== 'string') return undefined;
  const [address, prefixText, extra] = value.split('/');
  if (extra !== undefined || (prefixText !== undefined && !PREFIX.test(prefixText))) return undefined;
  const v4 = IPV4.test(address);
  const v6 = v4 ? undefined : canonicalIpv6(address);
  if (!v4 && v6 === undefined) return undefined;
  const bits = v4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const number = v4 ? ipv4Number(address) : ipv6Number(v6!);
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  return { bits, network: number & ~hostMask, prefix };
}

function blockContains(outer: Block, inner: Block): boolean {
  if (outer.bits !== inner.bits || outer.prefix > inner.prefix) return false;
  const shift = BigInt(outer.bits - outer.prefix);
  return (outer.network >> shift) === (inner.network >> shift);
}

/** Whether the union of `blocks` holds every address of `block`: by halves where a listed block lies strictly inside. */
function coveredByBlocks(block: Block, blocks: readonly Block[]): boolean {
  if (blocks.some((b) => blockContains(b, block))) return true;
  if (!blocks.some((b) => blockContains(block, b)) || block.prefix === block.bits) return false;
  const prefix = block.prefix + 1;
  const high = 1n << BigInt(block.bits - prefix);
  return coveredByBlocks({ ...block, prefix }, blocks) && coveredByBlocks({ ...block, prefix, network: block.network | high }, blocks);
}

/** Whether `conditionImplies` decides blocks like this one, rather than comparing their text. */
export function isDecidedCondition(condition: unknown): boolean {
  return clausesOf(condition) !== undefined;
}
