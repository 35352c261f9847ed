/**
 * What the tokens in an input stand for. Only ROS CDK knows which `${Token[...]}` texts belong
 * to tokens it created and what each resolves to, so values are read here and handed to the
 * model as it should check them:
 * - a token that resolves before deployment (`Lazy`, `Fn.join` / `Fn.sub` of text, any nesting)
 *   is replaced by the text it resolves to, and the model checks that text as a literal: what is
 *   deployed is the text that was checked, whatever the token would produce later;
 * - a token that cannot be resolved yet is checked each time ROS CDK resolves it at synth, and
 *   by the owning construct's validation, with the same rule and message;
 * - only what ROS fills in at deployment stays a token: a String parameter whose AllowedPattern
 *   or AllowedValues (and Default) keep every value inside the field's rule — checked when the
 *   grant is made and again at synth on the declaration the template carries, since the
 *   parameter's props or a `Lazy` in them can change in between —, the `Fn::GetAtt`
 *   name of a RAM user, group or role construct for a grantee name, and the pseudo parameters
 *   `ALIYUN::AccountId` and `ALIYUN::Region` for `accountId` and `regions`, which ROS fills with
 *   the stack's own account id and region. Everything else is refused.
 */
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { GrantValidationError } from '../model/errors';
import { FieldRule, FIELD_RULES } from '../model/field-rules';
import { ValuePart, findValueOutsideRule, parameterValuePart } from '../model/parameter-values';
import { TokenDescriber, isUnresolved } from '../model/token';
import { checkField } from '../model/validate';
import { deployedParameterDeclaration, parameterDeclaration } from './stack-template';

/** Whether `value` has text in ROS CDK's token shape, real or typed by hand. */
export function looksLikeToken(value: string): boolean {
  return ros.Token.isUnresolved(value);
}

/** Whether every token-shaped text in `value` belongs to a token ROS CDK created. */
export function isRegisteredToken(value: string): boolean {
  if (!looksLikeToken(value)) return false;
  try {
    ros.Tokenization.reverseString(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * `value` with each token replaced by its template form as JSON (`{"Ref":"UserName"}`):
 * the same whatever the app created before it. Undefined when a token is not ROS CDK's or
 * cannot be resolved outside a template.
 */
export function resolvedText(value: string): string | undefined {
  if (!isRegisteredToken(value)) return undefined;
  try {
    return ros.Tokenization.reverseString(value)
      .mapTokens({ mapToken: (token) => JSON.stringify(resolveAlone(token).value) })
      .join(new ros.StringConcat());
  } catch {
    return undefined;
  }
}

/**
 * A describer for the model's ordering and naming. It remembers what it read, since sorting asks
 * for the same markers many times; each construct makes its own.
 */
export function newTokenDescriber(): TokenDescriber {
  const described = new Map<string, string | undefined>();
  return (marker) => {
    if (!described.has(marker)) described.set(marker, resolvedText(marker));
    return described.get(marker);
  };
}

/**
 * Text beside a token joins as a template does (`Fn::Join` with ""), so the reading keeps each
 * part apart; `piecesOf` flattens nested joins.
 */
const TEMPLATE_CONCAT: ros.IFragmentConcatenator = {
  join(left: any, right: any): any {
    if (left === undefined) return right;
    if (right === undefined) return left;
    return typeof left === 'string' && typeof right === 'string' ? left + right : { 'Fn::Join': ['', [left, right]] };
  },
};

/**
 * A reference resolves as seen from its own stack: `{"Ref": id}` or `{"Fn::GetAtt": [id, name]}`.
 * Each one met is kept by its template form, so that form can be traced back to its construct.
 */
class StandaloneResolver extends ros.DefaultTokenResolver {
  public readonly references = new Map<string, ros.Reference>();

  constructor() {
    super(TEMPLATE_CONCAT);
  }

  public resolveToken(token: ros.IResolvable, context: ros.IResolveContext, postProcessor: ros.IPostProcessor): any {
    if (!ros.Reference.isReference(token)) return super.resolveToken(token, context, postProcessor);
    const scope = token.target;
    const resolved = super.resolveToken(token, { ...context, scope, resolve: (x: any) => this.resolve(x, scope) }, postProcessor);
    this.references.set(JSON.stringify(resolved), token);
    return resolved;
  }

  public resolve(value: unknown, scope?: ros.IConstruct): unknown {
    // Without a scope, a token that needs one throws: it cannot be resolved outside a template.
    return ros.Tokenization.resolve(value, { scope: scope as ros.IConstruct, resolver: this, preparing: false });
  }
}

function resolveAlone(value: unknown): { value: unknown; references: ReadonlyMap<string, ros.Reference> } {
  const resolver = new StandaloneResolver();
  return { value: resolver.resolve(value), references: resolver.references };
}

/** How one field may be given as a token. */
export interface TokenField {
  readonly rule: FieldRule;
  /** The field as errors name it (`users`, `grantees[0]`). */
  readonly field: string;
  /** The RAM resource type whose `Fn::GetAtt` name this field may hold, with the attribute. */
  readonly principal?: { readonly type: string; readonly attribute: string };
  /** Names or decisions are derived from it when the grant is made, so it must be known then. */
  readonly knownAtConstruction?: boolean;
  /** Why only text may be given, when a value ROS fills in at deployment is refused too. */
  readonly textOnly?: { readonly rule: string; readonly hint: string };
}

/** Grantee name fields: the RAM resource whose `Fn::GetAtt` name each may hold. */
export const PRINCIPAL_NAME = {
  user: { type: 'ALIYUN::RAM::User', attribute: 'UserName' },
  group: { type: 'ALIYUN::RAM::Group', attribute: 'GroupName' },
  role: { type: 'ALIYUN::RAM::Role', attribute: 'RoleName' },
} as const;

/**
 * The name under which `NamespaceGrant` exports each rule as an AllowedPattern, for hints.
 * Kept beside the statics in namespace-grant.ts by a test.
 */
export const EXPORTED_PATTERNS: ReadonlyArray<readonly [FieldRule, string]> = [
  [FIELD_RULES.instanceId, 'INSTANCE_ID_PATTERN'],
  [FIELD_RULES.namespace, 'NAMESPACE_PATTERN'],
  [FIELD_RULES.region, 'REGION_PATTERN'],
  [FIELD_RULES.accountId, 'ACCOUNT_ID_PATTERN'],
  [FIELD_RULES.userName, 'USER_NAME_PATTERN'],
  [FIELD_RULES.groupName, 'GROUP_NAME_PATTERN'],
  [FIELD_RULES.roleName, 'ROLE_NAME_PATTERN'],
  [FIELD_RULES.resourceGroupId, 'RESOURCE_GROUP_ID_PATTERN'],
  [FIELD_RULES.policyName, 'POLICY_NAME_PATTERN'],
];

/**
 * Reads the token values of one construct's inputs. Text a token resolves to when the grant is
 * made is handed on unchecked: the model checks it once, as a literal, and `validated` points a
 * refusal of it back at the field as given. Values it cannot resolve then are kept, and
 * `checkDeferred` checks them at synth (the construct's validation calls it), as it checks again
 * every parameter a value was accepted on.
 */
export class TokenReader {
  /** What this construct's tokens stand for, for the model's ordering and naming. */
  public readonly describe: TokenDescriber = newTokenDescriber();
  private readonly deferred: Array<() => void> = [];
  /** During `validated`: the field as given of each text a token resolved to, by how the model names it. */
  private readonly resolvedTexts = new Map<string, string>();

  /**
   * Runs `validate`, which reads values with this reader and has the model check them. A refusal
   * of text a token resolved to names the field as given and says where the value came from.
   */
  public validated<T>(validate: () => T): T {
    this.resolvedTexts.clear();
    try {
      return validate();
    } catch (error) {
      const given = error instanceof GrantValidationError && typeof error.given === 'string'
        ? this.resolvedTexts.get(textKey(error.field, error.given)) : undefined;
      throw given === undefined ? error : fromToken(error as GrantValidationError, given);
    } finally {
      this.resolvedTexts.clear();
    }
  }

  /** The value the model gets for `value`: text, text with deployment-time references, or a checked token. */
  public read(where: string, value: unknown, field: TokenField): unknown {
    const text = ros.Tokenization.isResolvable(value) ? ros.Token.asString(value) : value;
    if (typeof text !== 'string' || !isRegisteredToken(text)) return value;
    let resolved: ReturnType<typeof resolveAlone> | undefined;
    try {
      resolved = resolveAlone(text);
    } catch {
      resolved = undefined;
    }
    const known = resolved !== undefined && resolved.value !== undefined && resolved.value !== null;
    if (field.textOnly && !(known && typeof resolved!.value === 'string')) {
      throw new GrantValidationError(where, field.field, text, field.textOnly.rule, field.textOnly.hint);
    }
    if (!known) return this.defer(where, text, field);
    const checked = checkResolved(where, resolved!.value, resolved!.references, field, (text) => this.resolvedText(text, field), declaredNow);
    if (checked.recheck !== undefined) this.deferred.push(checked.recheck);
    return checked.value;
  }

  /**
   * A list field: a token standing for the whole list must resolve to a list of texts when the
   * grant is made, since its entries are counted, ordered and named then.
   */
  public readList(where: string, values: unknown, field: TokenField): unknown {
    if (!Array.isArray(values)) return values;
    // A list token is written as a one-entry list of `#{Token[...]}`; ROS CDK cannot add entries to it.
    if (!values.some((v) => typeof v === 'string' && isUnresolved(v) && !looksLikeToken(v))) {
      return values.map((v) => this.read(where, v, field));
    }
    let resolved: unknown;
    try {
      resolved = resolveAlone(values).value;
    } catch {
      resolved = undefined;
    }
    if (!Array.isArray(resolved) || !resolved.every((v) => typeof v === 'string')) {
      throw new GrantValidationError(where, field.field, resolved ?? values,
        `${field.rule.rule}; this list is a token ROS only fills in at deployment (or cannot resolve yet), so its entries cannot be checked`,
        'list the values, each written out or given as a constrained parameter\'s valueAsString');
    }
    return resolved.map((v: string) => this.resolvedText(v, field));
  }

  /**
   * Checks the values that could not be resolved when the grant was made, and the parameters
   * values were accepted on, as the template declares them now; throws the first refusal.
   */
  public checkDeferred(): void {
    for (const check of this.deferred) check();
  }

  /** Text a token resolved to, remembered under the field names the model and the caller give it. */
  private resolvedText(text: string, field: TokenField): string {
    for (const name of [field.rule.field, field.field]) this.resolvedTexts.set(textKey(name, text), field.field);
    return text;
  }

  private defer(where: string, text: string, field: TokenField): string {
    if (field.knownAtConstruction) {
      throw new GrantValidationError(where, field.field, text,
        `${field.rule.rule}; it is a token that cannot be resolved yet, and this field must be known when the grant is made`,
        'write the value out, or use a token that resolves now');
    }
    const checked = new CheckedAtSynth(where, text, field);
    this.deferred.push(() => checked.check(undefined));
    return ros.Token.asString(checked);
  }
}

/**
 * A value resolved at synth and checked each time it is: ROS CDK resolves it in the template, and
 * what it resolves to there is what is checked and deployed.
 */
class CheckedAtSynth implements ros.IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly where: string, private readonly text: string, private readonly field: TokenField) {}

  public resolve(context: ros.IResolveContext): any {
    // Preparation looks for references across stacks: give it the token as written.
    return context.preparing ? this.text : this.check(context.scope);
  }

  /** The checked value; throws with the field's rule when it breaks it. */
  public check(scope: ros.IConstruct | undefined): string {
    const resolver = new StandaloneResolver();
    let value: unknown;
    try {
      value = resolver.resolve(this.text, scope);
    } catch (error) {
      throw new GrantValidationError(this.where, this.field.field, this.text,
        `${this.field.rule.rule}; it is a token that could not be resolved at synth (${(error as Error).message})`,
        'use a value or token that resolves at synth');
    }
    return checkResolved(this.where, value, resolver.references, this.field, (text) => checkText(this.where, text, this.field), declaredInTemplate).value;
  }

  public toString(): string {
    return ros.Token.asString(this);
  }
}

/** One piece of a resolved value. */
type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'parameter'; readonly parameter: ros.RosParameter; readonly reference: ros.Reference }
  | { readonly kind: 'reference'; readonly reference: ros.Reference }
  | { readonly kind: 'pseudo'; readonly name: string };

const PSEUDO_PARAMETERS = ['ALIYUN::AccountId', 'ALIYUN::Region'];

/** A parameter's declaration, resolved; throws when it cannot be. */
type DeclarationReader = (parameter: ros.RosParameter) => unknown;

/** When the grant is made: the declaration as the parameter's props give it now. */
const declaredNow: DeclarationReader = (parameter) => resolveAlone(parameterDeclaration(parameter)).value;
/** At synth: the declaration the stack's template carries, which ROS deploys. */
const declaredInTemplate: DeclarationReader = deployedParameterDeclaration;

/**
 * Checks what a token resolved to and returns the value to hand on: its text, through `onText`,
 * when it is text, else the same value rebuilt from its text and its deployment-time references
 * only; and, when that value stands on parameters, `recheck`, which checks it again at synth on
 * their declarations in the template.
 */
function checkResolved(where: string, value: unknown, references: ReadonlyMap<string, ros.Reference>, field: TokenField,
  onText: (text: string) => string, declarationOf: DeclarationReader): { readonly value: string; readonly recheck?: () => void } {
  const refuse = (why: string, hint: string) => new GrantValidationError(where, field.field, value, `${field.rule.rule}; ${why}`, hint);
  const pieces = piecesOf(value, references, refuse);
  if (pieces.every((p) => p.kind === 'text')) return { value: onText(pieces.map((p) => (p as { text: string }).text).join('')) };
  const whole = pieces.length === 1 ? pieces[0] : undefined;
  if (whole?.kind === 'pseudo' && whole.name === field.rule.pseudoParameter) return { value: ros.Token.asString({ Ref: whole.name }) };
  if (whole?.kind === 'reference' && isPrincipalName(whole.reference, field)) return { value: ros.Token.asString(whole.reference) };
  const reference = pieces.find((p): p is Extract<Piece, { kind: 'reference' }> => p.kind === 'reference');
  if (reference !== undefined && field.principal !== undefined) throw refusePrincipalReference(reference.reference, field, refuse);
  checkParameterPieces(pieces, field, refuse, declarationOf);
  const handedOn = pieces.map((p) => (p.kind === 'text' ? p.text : ros.Token.asString((p as { reference: ros.Reference }).reference))).join('');
  // The text pieces are handed on as checked; the parameters' declarations can still change.
  const recheck = () => {
    try {
      checkParameterPieces(pieces, field, refuse, declaredInTemplate);
    } catch (error) {
      if (!(error instanceof GrantValidationError)) throw error;
      throw new GrantValidationError(error.where, error.field, error.given, error.rule,
        [error.hint, 'checked again at synth: the parameter was accepted when the grant was made and has changed since'].filter((h) => h).join('; '));
    }
  };
  return { value: handedOn, recheck };
}

/**
 * Checks that every value `pieces` can make at deployment is inside the field's rule, reading each
 * parameter's declaration with `declarationOf`; every other kind of piece is refused.
 */
function checkParameterPieces(pieces: readonly Piece[], field: TokenField, refuse: (why: string, hint: string) => Error,
  declarationOf: DeclarationReader): void {
  const parts: ValuePart[] = pieces.map((piece): ValuePart => {
    if (piece.kind === 'text') return piece;
    if (piece.kind === 'parameter') return parameterPart(piece.parameter, refuse, field, declarationOf);
    throw refuse(`${describePiece(piece)} is only known at deployment, and only a constrained String parameter may stand there`,
      fixHint(field));
  });
  checkDefaults(pieces, parts, refuse, field);
  const outside = findValueOutsideRule(parts, field.rule);
  if (outside !== undefined) {
    const names = pieces.filter((p) => p.kind === 'parameter').map((p) => parameterName(p as { parameter: ros.RosParameter }));
    throw 'unreadable' in outside
      ? refuse(`parameter ${names.join(', ')}: ${outside.unreadable}, so any value could be deployed`, fixHint(field))
      : refuse(`parameter ${names.join(', ')} admits values outside it, such as ${JSON.stringify(outside.example)}`, fixHint(field));
  }
}

/** A Default outside the rule is named as such: it is what deploys when nobody gives a value. */
function checkDefaults(pieces: readonly Piece[], parts: readonly ValuePart[], refuse: (why: string, hint: string) => Error, field: TokenField): void {
  parts.forEach((part, i) => {
    if (part.kind !== 'parameter' || part.default === undefined) return;
    const withDefault = parts.map((p, j): ValuePart => (j === i ? { kind: 'text', text: part.default! } : p.kind === 'text' ? p : { ...p, default: undefined }));
    const outside = findValueOutsideRule(withDefault, field.rule);
    if (outside !== undefined && !('unreadable' in outside && pieces.length > 1)) {
      throw refuse(`parameter ${parameterName(pieces[i] as { parameter: ros.RosParameter })}'s Default ${JSON.stringify(part.default)} is outside it`,
        'give the parameter a Default that follows the rule, or none');
    }
  });
}

/**
 * Text a token resolved to at synth, after the model's validation ran: the model's rule and
 * message, saying where the value came from.
 */
function checkText(where: string, text: string, field: TokenField): string {
  try {
    checkField(where, field.rule, text, field.field);
  } catch (error) {
    throw error instanceof GrantValidationError ? fromToken(error, error.field) : error;
  }
  return text;
}

/** A refusal of text a token resolved to, naming the field as given. */
function fromToken(error: GrantValidationError, field: string): GrantValidationError {
  return new GrantValidationError(error.where, field, error.given, error.rule,
    [error.hint, 'the value comes from a token resolved at synth'].filter((h) => h).join('; '));
}

function textKey(field: string, text: string): string {
  return `${field}\n${text}`;
}

function piecesOf(value: unknown, references: ReadonlyMap<string, ros.Reference>, refuse: (why: string, hint: string) => Error): Piece[] {
  if (typeof value === 'string') return [{ kind: 'text', text: value }];
  if (typeof value === 'number' || typeof value === 'boolean') return [{ kind: 'text', text: String(value) }];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse('it resolves to something other than text', 'pass text, or a token that resolves to text');
  }
  const keys = Object.keys(value);
  const fn = keys.length === 1 ? keys[0] : '';
  const arg = (value as { [key: string]: unknown })[fn];
  const reference = references.get(JSON.stringify(value));
  if (fn === 'Ref' && typeof arg === 'string') {
    if (reference !== undefined && reference.target instanceof ros.RosParameter) return [{ kind: 'parameter', parameter: reference.target, reference }];
    if (PSEUDO_PARAMETERS.includes(arg)) return [{ kind: 'pseudo', name: arg }];
  }
  if (reference !== undefined) return [{ kind: 'reference', reference }];
  if (fn === 'Fn::Join' && Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
    const separator: Piece = { kind: 'text', text: arg[0] };
    return (arg[1] as unknown[]).flatMap((entry, i) => [...(i > 0 ? [separator] : []), ...piecesOf(entry, references, refuse)]);
  }
  if (fn === 'Fn::Sub' && typeof arg === 'string' && !/\$\{(?!!)/.test(arg)) {
    // Without variables, Fn::Sub is its text, with `${!x}` written as `${x}`.
    return [{ kind: 'text', text: arg.replace(/\$\{!/g, '${') }];
  }
  throw refuse(`${JSON.stringify(value)} is only known at deployment, and only a constrained String parameter may stand there`,
    'use a String parameter\'s valueAsString, text, or a token that resolves to text at synth');
}

/**
 * A deployment-time reference where a grantee name belongs that is not the name attribute of a
 * RAM construct of the field's kind: a grantee construct is given through `Grantee.fromPrincipal`.
 */
function refusePrincipalReference(reference: ros.Reference, field: TokenField, refuse: (why: string, hint: string) => Error): Error {
  const principal = field.principal!;
  const target = reference.target;
  const type = ros.RosResource.isRosResource(target) ? target.rosResourceType : undefined;
  const kind = (Object.keys(PRINCIPAL_NAME) as Array<keyof typeof PRINCIPAL_NAME>).find((k) => PRINCIPAL_NAME[k].type === type);
  const why = `${describePiece({ kind: 'reference', reference })} is only known at deployment, and only the ${principal.attribute} of an ${principal.type} may stand here`;
  if (kind === undefined) {
    return refuse(why, 'pass a ram.User, ram.Group or ram.Role as grantees: [Grantee.fromPrincipal(construct)], or write the name as text');
  }
  // ram.User, ram.Group and ram.Role hold their ROS resource as a child.
  const owner = target.node.scope as Partial<ram.IPrincipal> & ros.IConstruct | undefined;
  if (owner !== undefined && typeof owner.principalType === 'string') {
    return refuse(why, `${owner.node.path} is a RAM ${kind}: pass it as grantees: [Grantee.fromPrincipal(${kind})]`);
  }
  const attribute = PRINCIPAL_NAME[kind].attribute;
  return refuse(why, `${target.node.path} is a RAM ${kind}: give its attr${attribute} in ${kind}s`);
}

function isPrincipalName(reference: ros.Reference, field: TokenField): boolean {
  const target = reference.target;
  return field.principal !== undefined && ros.RosResource.isRosResource(target)
    && target.rosResourceType === field.principal.type && reference.displayName === field.principal.attribute;
}

/** What a parameter can be at deployment, read from its declaration; refused when nothing bounds it. */
function parameterPart(parameter: ros.RosParameter, refuse: (why: string, hint: string) => Error, field: TokenField,
  declarationOf: DeclarationReader): ValuePart {
  const name = parameterName({ parameter });
  let declared: unknown;
  try {
    declared = declarationOf(parameter);
  } catch (error) {
    throw refuse(`parameter ${name} cannot be read (${(error as Error).message})`, fixHint(field));
  }
  const reading = parameterValuePart(name, declared);
  if ('refused' in reading) {
    throw refuse(reading.refused, reading.aboutDefault ? 'give the parameter a Default that follows the rule, or none' : fixHint(field));
  }
  return reading.part;
}

function parameterName(piece: { readonly parameter: ros.RosParameter }): string {
  return piece.parameter.node.id;
}

function describePiece(piece: Piece): string {
  if (piece.kind === 'pseudo') return `pseudo parameter ${piece.name}`;
  if (piece.kind === 'reference') return `${piece.reference.target.node.path} (${piece.reference.displayName})`;
  return 'the value';
}

function fixHint(field: TokenField): string {
  const exported = EXPORTED_PATTERNS.find(([rule]) => rule === field.rule)?.[1];
  const pattern = exported ? `NamespaceGrant.${exported}` : JSON.stringify(field.rule.pattern.source);
  return `give the parameter allowedPattern: ${pattern}, or allowedValues that follow the rule`;
}
