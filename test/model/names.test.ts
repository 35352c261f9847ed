import { derivePolicyName, derivePrefixedPolicyName } from '../../lib/model/names';

describe('derivePrefixedPolicyName', () => {
  const long = 'cr-platform-'.repeat(10);

  test('prefixes that differ only past the readable cut still give different names', () => {
    const a = derivePrefixedPolicyName(`${long}east`, 'group-devs', '|group:devs');
    const b = derivePrefixedPolicyName(`${long}west`, 'group-devs', '|group:devs');
    expect(a).not.toBe(b);
    // Both readable parts stop inside the prefix, so only the hash tells them apart.
    expect(a.replace(/-[0-9a-f]{10}$/, '')).toBe(b.replace(/-[0-9a-f]{10}$/, ''));
    expect(a.length).toBeLessThanOrEqual(128);
  });

  test('is stable, and reads as the prefix followed by the words', () => {
    const name = derivePrefixedPolicyName('cr-platform', 'group-devs', '|group:devs');
    expect(name).toMatch(/^cr-platform-group-devs-[0-9a-f]{10}$/);
    expect(derivePrefixedPolicyName('cr-platform', 'group-devs', '|group:devs')).toBe(name);
  });

  test('the same words under another prefix hash differently, unlike a hash of the key alone', () => {
    const key = '|group:devs';
    const hashOf = (name: string) => name.slice(-10);
    expect(hashOf(derivePrefixedPolicyName('one', 'group-devs', key))).not.toBe(hashOf(derivePrefixedPolicyName('two', 'group-devs', key)));
    expect(hashOf(derivePolicyName('one-group-devs', key))).toBe(hashOf(derivePolicyName('two-group-devs', key)));
  });

  test('respects a shorter maximum length', () => {
    expect(derivePrefixedPolicyName(long, 'group-devs', '|group:devs', 40).length).toBeLessThanOrEqual(40);
  });
});
