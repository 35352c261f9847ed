/**
 * Deterministic names: policy names and logical ids come from content or construct paths,
 * never from position, so adding a grant never renames another grant's resources.
 */
import { createHash } from 'crypto';
import { DEFAULT_LIMITS } from './limits';

/** The first `length` hex digits of the SHA-256 of `text`. */
export function shortHash(text: string, length = 10): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

/** Letters, digits and single hyphens only: what RAM policy names allow. */
export function toPolicyNameText(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * A policy name made of readable words and a hash of the whole source text, so two
 * sources that read alike after cleaning still get different names.
 */
export function derivePolicyName(words: string, hashSource: string, maxLength = DEFAULT_LIMITS.maxPolicyNameLength): string {
  const hash = shortHash(hashSource);
  const readable = toPolicyNameText(words).slice(0, maxLength - hash.length - 1).replace(/-+$/, '');
  return readable ? `${readable}-${hash}` : hash;
}

/**
 * The name of a policy planned under `prefix`. The whole prefix goes into the hash beside `key`:
 * the readable words are cut to fit RAM's 128 characters, so two prefixes that differ only past
 * the cut would otherwise give the same name.
 */
export function derivePrefixedPolicyName(prefix: string, words: string, key: string, maxLength = DEFAULT_LIMITS.maxPolicyNameLength): string {
  return derivePolicyName(`${prefix}-${words}`, `${prefix}\n${key}`, maxLength);
}

/**
 * A ROS logical id: a prefix, readable letters and digits, and a hash of `key`.
 * Put every immutable property of the resource into `key`: ROS cannot update those in
 * place, so a change must produce a new resource under a new id.
 */
export function deriveLogicalId(prefix: string, words: string, key: string): string {
  const readable = words.replace(/[^A-Za-z0-9]/g, '').slice(0, 48);
  return `${prefix}${readable}${shortHash(key, 8)}`;
}
