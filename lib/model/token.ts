/**
 * ROS CDK encodes an unresolved value inside a string as `${Token[...]}` (and a list as
 * `#{Token[...]}`); see @alicloud/ros-cdk-core `private/encoding`. The model stays free of
 * constructs, so it recognises the markers itself: static checks skip such values and the
 * construct layer lets ROS CDK turn the strings into `Fn::Join` at synth.
 */
const TOKEN_MARKER = /[$#]\{Token\[[^\]]+\]\}/;
const TOKEN_MARKERS = /[$#]\{Token\[[^\]]+\]\}/g;

export function isUnresolved(value: string): boolean {
  return TOKEN_MARKER.test(value);
}

/** The literal text around a value's tokens: what is known before deployment. */
export function literalFragments(value: string): string[] {
  return value.split(TOKEN_MARKERS).filter((fragment) => fragment.length > 0);
}
