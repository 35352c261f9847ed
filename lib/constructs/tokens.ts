/**
 * What a token in an input really is. Only ROS CDK knows which `${Token[...]}` texts belong to
 * tokens it created, and what each stands for; the model asks through `setTokenDescriber`.
 */
import * as ros from '@alicloud/ros-cdk-core';
import { setTokenDescriber } from '../model/token';

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
      .mapTokens({ mapToken: (token) => JSON.stringify(resolveAlone(token)) })
      .join(new ros.StringConcat());
  } catch {
    return undefined;
  }
}

/**
 * A reference resolves as seen from its own stack: `{"Ref": id}` or `{"Fn::GetAtt": [id, name]}`.
 * Other tokens (`ros.Fn.ref`, `ros.Fn.join`, pseudo parameters) need no scope.
 */
class StandaloneResolver extends ros.DefaultTokenResolver {
  constructor() {
    super(new ros.StringConcat());
  }

  public resolveToken(token: ros.IResolvable, context: ros.IResolveContext, postProcessor: ros.IPostProcessor): any {
    if (!ros.Reference.isReference(token)) return super.resolveToken(token, context, postProcessor);
    const scope = token.target;
    return super.resolveToken(token, { ...context, scope, resolve: (x: any) => resolveAlone(x, scope) }, postProcessor);
  }
}

function resolveAlone(value: unknown, scope?: ros.IConstruct): unknown {
  // Without a scope, a token that needs one throws, and `resolvedText` reports it as unknown.
  return ros.Tokenization.resolve(value, { scope: scope as ros.IConstruct, resolver: new StandaloneResolver(), preparing: false });
}

// Sorting asks for the same markers many times; a marker always names the same token.
const described = new Map<string, string | undefined>();
setTokenDescriber((marker) => {
  if (!described.has(marker)) described.set(marker, resolvedText(marker));
  return described.get(marker);
});
