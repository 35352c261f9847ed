/**
 * What the rules ask of action and resource patterns: whether a pattern spans a whole service or
 * more than one resource, and whether an instance segment can still match an Enterprise Edition
 * instance id (`FIELD_RULES.instanceId`).
 * Wildcards: https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
 */
import { parseArn } from '../model/arn';
import { FIELD_RULES } from '../model/field-rules';

/** The literal text before the first `*` of a pattern. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern : pattern.slice(0, star);
}

/** `*`, `cr:*`, `cr:**`, `c*`: patterns that cover every action of at least one whole service. */
export function isServiceWide(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon < 0) return action.includes('*');
  return /^\*+$/.test(action.slice(colon + 1));
}

/** `*`, or an ARN whose resource part has a wildcard (region and account wildcards alone do not count). */
export function isBroadResource(resource: string): boolean {
  if (resource === '*') return true;
  return (parseArn(resource)?.resource ?? resource).includes('*');
}

/** A valid instance id, or a wildcard pattern that can still match one. */
export function instanceSegmentOk(segment: string): boolean {
  if (segment.includes('*')) {
    const prefix = literalPrefix(segment);
    return 'cri-'.startsWith(prefix) || prefix.startsWith('cri-');
  }
  return FIELD_RULES.instanceId.pattern.test(segment);
}
