/**
 * Access invariants: what must never be allowed. An invariant names Container Registry action
 * patterns (`never`), a namespace of an instance or every namespace of it (`on`), optionally
 * narrowed to regions and an account, and the principals that are exempt (`except`). It holds
 * when no other principal may be allowed any request with such an action on the namespace's
 * own ARN or any repository under it:
 * `acs:cr:<region>:<account>:repository/<instance>/<namespace>` and `.../<namespace>/*`
 * (https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information).
 *
 * Validated like a grant, with the same field rules, so a typo cannot make an invariant
 * vacuous: an action pattern must match an action of the catalogue, and every value is plain
 * text (a value known only later could weaken the guardrail unseen).
 */
import { CR_ACTION_CATALOGUE } from './actions';
import { crArn } from './arn';
import { GrantValidationError } from './errors';
import { actionMatches } from './evaluator';
import { FIELD_RULES, FieldRule } from './field-rules';
import { compareText } from './principal';
import { isUnresolved } from './token';
import { checkField, checkOptionalList } from './validate';

/** An invariant as written, before validation. */
export interface InvariantInput {
  readonly never: readonly string[];
  /** `<instanceId>/<namespace>`, or `<instanceId>/*` for every namespace of the instance. */
  readonly on: string;
  /** `user:NAME`, `group:NAME`, `role:NAME`. */
  readonly except?: readonly string[];
  readonly regions?: readonly string[];
  readonly accountId?: string;
}

/** A validated invariant. */
export interface Invariant {
  /** Action patterns, as written, without duplicates. */
  readonly never: readonly string[];
  readonly instanceId: string;
  /** `*` for every namespace of the instance. */
  readonly namespace: string;
  /** Exempt principals as reviews write them (`group:owners`), sorted. */
  readonly except: readonly string[];
  /** `['*']` when every region is meant. */
  readonly regions: readonly string[];
  /** `'*'` when every account is meant. */
  readonly accountId: string;
}

/** An invariant and where it was written (`file:line:column`, or a construct path with `invariants[i]`). */
export interface LocatedInvariant {
  readonly invariant: Invariant;
  readonly where: string;
}

/** Bounds on what one invariant may list. */
export const MAX_INVARIANT_ACTIONS = 64;
export const MAX_INVARIANT_EXCEPTIONS = 100;
/** Invariants one file or construct may state. */
export const MAX_INVARIANTS = 200;

const EXCEPTION_RULES: { readonly [kind: string]: FieldRule } = {
  user: FIELD_RULES.userName,
  group: FIELD_RULES.groupName,
  role: FIELD_RULES.roleName,
};

/** The body of an anchored rule pattern, to build a larger pattern from it. */
const inner = (rule: FieldRule) => rule.pattern.source.replace(/^\^/, '').replace(/\$$/, '');

/**
 * What each invariant field must look like, for the grants file schema; validation above
 * applies the same rules, and the catalogue check beyond them.
 */
export const INVARIANT_FIELD_RULES = {
  // `cr:` and letters, `*` as the wildcard; `?` has two readings in RAM, so it is refused.
  never: { field: 'never', pattern: /^[cC][rR]:[A-Za-z*]{1,128}$/, rule: 'must be a Container Registry action pattern: "cr:" then letters, "*" as the wildcard', example: 'cr:DeleteNamespace' },
  on: {
    field: 'on',
    pattern: new RegExp(`^${inner(FIELD_RULES.instanceId)}/(?:\\*|${inner(FIELD_RULES.namespace)})$`),
    rule: 'must be "<instanceId>/<namespace>" or "<instanceId>/*"',
    example: 'cri-123456/prod',
  },
  except: {
    field: 'except',
    pattern: new RegExp(`^(?:${Object.entries(EXCEPTION_RULES).map(([kind, rule]) => `${kind}:${inner(rule)}`).join('|')})$`),
    rule: 'must be user:NAME, group:NAME or role:NAME',
    example: 'group:registry-owners',
  },
} as const;

const ACTION_PATTERN = INVARIANT_FIELD_RULES.never.pattern;

/**
 * Validates an invariant; `where` names the construct path or file:line:column. With
 * `allProblems`, every field is checked and the refusals are thrown together.
 */
export function normalizeInvariant(input: InvariantInput, where: string, allProblems = false): Invariant {
  const problems: GrantValidationError[] = [];
  const passes = (check: () => void): boolean => {
    try {
      check();
      return true;
    } catch (e) {
      if (!(e instanceof GrantValidationError) || !allProblems) throw e;
      problems.push(...e.refusals);
      return false;
    }
  };
  const never = input.never as unknown;
  if (passes(() => checkList(where, 'never', never, 'action patterns', 1, MAX_INVARIANT_ACTIONS))) {
    (never as unknown[]).forEach((p, i) => passes(() => checkActionPattern(where, `never[${i}]`, p)));
  }
  let instanceId = '';
  let namespace = '';
  passes(() => {
    [instanceId, namespace] = parseOn(where, input.on);
  });
  const except = input.except as unknown;
  if (except !== undefined && passes(() => checkList(where, 'except', except, 'principals', 0, MAX_INVARIANT_EXCEPTIONS))) {
    (except as unknown[]).forEach((p, i) => passes(() => checkException(where, `except[${i}]`, p)));
  }
  const regions = input.regions as unknown;
  if (regions !== undefined && passes(() => checkList(where, 'regions', regions, 'region ids', 1, 64))) {
    (regions as unknown[]).forEach((r, i) => passes(() => checkPlain(where, FIELD_RULES.region, r, `regions[${i}]`)));
  }
  if (input.accountId !== undefined) passes(() => checkPlain(where, FIELD_RULES.accountId, input.accountId, 'accountId'));
  if (problems.length > 0) throw GrantValidationError.together(problems);
  return {
    never: [...new Set(input.never)],
    instanceId,
    namespace,
    except: [...new Set(input.except ?? [])].sort(compareText),
    regions: input.regions === undefined ? ['*'] : [...new Set(input.regions)].sort(compareText),
    accountId: input.accountId ?? '*',
  };
}

/** The resource patterns an invariant protects: the namespace's ARN and everything under it, per region. */
export function protectedResources(invariant: Invariant): string[] {
  return invariant.regions.flatMap((region) => {
    const scope = { region, accountId: invariant.accountId };
    const base = `repository/${invariant.instanceId}/${invariant.namespace}`;
    // `<instance>/*` already covers every namespace and what is under it (`*` matches `/`).
    return invariant.namespace === '*' ? [crArn(scope, base)] : [crArn(scope, base), crArn(scope, `${base}/*`)];
  });
}

/** `cri-1/prod` or `cri-1/*`: how invariants name what they protect. */
export function invariantTarget(invariant: Invariant): string {
  return `${invariant.instanceId}/${invariant.namespace}`;
}

/** One line for reports: `never cr:DeleteNamespace on cri-1/prod except group:owners`. */
export function describeInvariant(invariant: Invariant): string {
  const scope = [
    ...(invariant.regions[0] === '*' ? [] : [`in ${invariant.regions.join(', ')}`]),
    ...(invariant.accountId === '*' ? [] : [`of account ${invariant.accountId}`]),
  ];
  const except = invariant.except.length > 0 ? ` except ${invariant.except.join(', ')}` : '';
  return `never ${invariant.never.join(', ')} on ${invariantTarget(invariant)}${scope.length > 0 ? ` ${scope.join(' ')}` : ''}${except}`;
}

function checkList(where: string, field: string, value: unknown, what: string, min: number, max: number): void {
  checkOptionalList(where, field, value, what);
  const list = value as unknown[] | undefined;
  if (list === undefined || list.length < min) {
    throw new GrantValidationError(where, field, value ?? [], `must list at least ${min} ${what}`,
      field === 'never' ? 'for example [cr:DeleteNamespace, cr:DeleteRepository]' : 'remove the key');
  }
  if (list.length > max) {
    throw new GrantValidationError(where, field, `${list.length} entries`, `must list at most ${max} ${what}`,
      'split the invariant in two');
  }
}

/** Plain text that follows the field's rule: a token would leave the invariant to a value decided later. */
function checkPlain(where: string, rule: FieldRule, value: unknown, field: string): void {
  if (typeof value === 'string' && isUnresolved(value)) {
    throw new GrantValidationError(where, field, value, 'must be plain text: an invariant is checked against values written out',
      'write the value out');
  }
  checkField(where, rule, value, field);
}

function checkActionPattern(where: string, field: string, value: unknown): void {
  if (typeof value !== 'string') throw new GrantValidationError(where, field, value, 'must be a string', 'for example "cr:DeleteNamespace"');
  if (!ACTION_PATTERN.test(value)) {
    throw new GrantValidationError(where, field, value, 'must be a Container Registry action pattern: "cr:" then letters, "*" as the wildcard',
      'for example "cr:DeleteNamespace" or "cr:Delete*"');
  }
  if (!CR_ACTION_CATALOGUE.some((action) => actionMatches(value, action))) {
    // A pattern that names no known action would make the invariant hold vacuously.
    throw new GrantValidationError(where, field, value, 'matches no Container Registry action',
      `check the spelling; for example ${suggestionsFor(value)}`);
  }
}

/** Catalogue actions that share the longest start with the pattern: a typo's likely meaning. */
function suggestionsFor(pattern: string): string {
  const literal = pattern.split('*')[0].toLowerCase();
  let best: string[] = [];
  for (let n = literal.length; n >= 3 && best.length === 0; n--) {
    best = CR_ACTION_CATALOGUE.filter((a) => a.toLowerCase().startsWith(literal.slice(0, n)));
  }
  return (best.length > 0 ? best.slice(0, 3) : ['cr:DeleteNamespace', 'cr:Delete*']).map((a) => JSON.stringify(a)).join(' or ');
}

function parseOn(where: string, value: unknown): [string, string] {
  if (typeof value !== 'string') throw new GrantValidationError(where, 'on', value, 'must be a string', 'for example "cri-123456/prod"');
  if (isUnresolved(value)) {
    throw new GrantValidationError(where, 'on', value, 'must be plain text: an invariant is checked against values written out',
      'write the value out');
  }
  const parts = value.split('/');
  if (parts.length !== 2) {
    throw new GrantValidationError(where, 'on', value, 'must be "<instanceId>/<namespace>" or "<instanceId>/*"',
      'for example "cri-123456/prod", or "cri-123456/*" for every namespace of the instance');
  }
  const [instanceId, namespace] = parts;
  // Each part by its field's rule, the refusal naming the whole value and the part.
  const part = (rule: FieldRule, text: string, what: string) => {
    if (!rule.pattern.test(text)) {
      throw new GrantValidationError(where, 'on', value, `has the ${what} ${JSON.stringify(text)}, which ${rule.rule}`,
        `for example "${FIELD_RULES.instanceId.example}/prod", or "${FIELD_RULES.instanceId.example}/*" for every namespace of the instance`);
    }
  };
  part(FIELD_RULES.instanceId, instanceId, 'instance id');
  if (namespace !== '*') part(FIELD_RULES.namespace, namespace, 'namespace');
  return [instanceId, namespace];
}

function checkException(where: string, field: string, value: unknown): void {
  if (typeof value !== 'string') throw new GrantValidationError(where, field, value, 'must be a string', 'for example "group:registry-owners"');
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? '' : value.slice(0, colon);
  const kind = Object.prototype.hasOwnProperty.call(EXCEPTION_RULES, prefix) ? EXCEPTION_RULES[prefix] : undefined;
  if (kind === undefined) {
    throw new GrantValidationError(where, field, value, 'must be user:NAME, group:NAME or role:NAME',
      'for example "group:registry-owners" or "role:ci-deployer"');
  }
  checkPlain(where, kind, value.slice(colon + 1), field);
}
