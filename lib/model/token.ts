/**
 * ROS CDK encodes an unresolved value inside a string as `${Token[<hint>.<number>]}` (a list as
 * `#{Token[...]}`): the hint uses only letters, digits, `:`, `.`, `_` and `-`, and the number
 * counts tokens in creation order; see @alicloud/ros-cdk-core `private/encoding`
 * (`VALID_KEY_CHARS`) and `private/token-map` (`registerStringKey`). Only that exact shape is a
 * token here: text such as `${Token[*]}` is plain text and is validated as such. The model stays
 * free of constructs, so it recognises the markers itself; whether a marker belongs to a real
 * token only the construct layer can tell.
 */
import { PolicyDocument } from './policy';
import { compareText } from './principal';

const KEY = '[A-Za-z0-9:._-]+\\.[0-9]+';
const TOKEN_MARKER = new RegExp(`[$#]\\{Token\\[${KEY}\\]\\}`);
const TOKEN_MARKERS = new RegExp(TOKEN_MARKER.source, 'g');

export function isUnresolved(value: string): boolean {
  return TOKEN_MARKER.test(value);
}

/** The value cut at its token markers, in order: literal text, and markers (`token`). */
export function splitAtTokens(value: string): { readonly text: string; readonly token: boolean }[] {
  const pieces: { text: string; token: boolean }[] = [];
  let last = 0;
  for (const match of value.matchAll(TOKEN_MARKERS)) {
    if (match.index! > last) pieces.push({ text: value.slice(last, match.index), token: false });
    pieces.push({ text: match[0], token: true });
    last = match.index! + match[0].length;
  }
  if (last < value.length || pieces.length === 0) pieces.push({ text: value.slice(last), token: false });
  return pieces;
}

/** The literal text around a value's tokens: what is known before deployment. */
export function literalFragments(value: string): string[] {
  return value.split(TOKEN_MARKERS).filter((fragment) => fragment.length > 0);
}

/**
 * What a token marker stands for as stable text (`{"Ref":"Namespace"}`), or undefined when
 * unknown. Only the construct layer can resolve tokens, so it passes one in; plain model use
 * (values from files, which hold no tokens) passes none, and markers sort as written.
 */
export type TokenDescriber = (marker: string) => string | undefined;

/** Describes no token: markers stand for themselves. */
export const DESCRIBE_NO_TOKEN: TokenDescriber = () => undefined;

/**
 * `value` with each token written as what it stands for. A token's number depends on how many
 * tokens the app created before it, so sorting or naming by marker text would let an unrelated
 * change elsewhere reorder output; this text does not.
 */
export function stableText(value: string, describe: TokenDescriber = DESCRIBE_NO_TOKEN): string {
  // Most values hold no token; skipping the pattern for them keeps sorting large plans cheap.
  if (!value.includes('{Token[')) return value;
  return value.replace(TOKEN_MARKERS, (marker) => {
    const described = describe(marker);
    return described === undefined ? marker : `${marker[0]}{${described}}`;
  });
}

/** Order by what values stand for; equal ones (two tokens for one value) render alike anyway. */
export function compareStableText(a: string, b: string, describe: TokenDescriber = DESCRIBE_NO_TOKEN): number {
  return compareText(stableText(a, describe), stableText(b, describe)) || compareText(a, b);
}

/**
 * Characters counted for each token when sizing a document before deployment, where ROS puts
 * the token's value in its place. In a policy document a token stands for an ARN segment; the
 * longest is a namespace, at most 120 characters (`RULES.namespace`), and 128 leaves room. RAM
 * refuses documents over 6,144 characters:
 * https://www.alibabacloud.com/help/en/ram/product-overview/limits
 */
export const TOKEN_VALUE_ALLOWANCE = 128;

/** The length `text` can reach once deployed: each token counted at `TOKEN_VALUE_ALLOWANCE`. */
export function deployedLength(text: string): number {
  let length = text.length;
  if (!text.includes('{Token[')) return length;
  text.replace(TOKEN_MARKERS, (marker) => {
    length += TOKEN_VALUE_ALLOWANCE - marker.length;
    return marker;
  });
  return length;
}

/** A document's size as RAM will count it once ROS has put the tokens' values in. */
export function deployedDocumentSize(document: PolicyDocument): number {
  return deployedLength(JSON.stringify(document));
}
