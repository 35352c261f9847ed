/**
 * Conditions on grants: a sourceIps value must be refused unless it is written as RAM compares it
 * and restricts something; a value accepted must never widen what the grant allows.
 */
import { NamespaceAccess, NamespaceGrant } from '../../lib';
import { newStack } from '../synth';

const BASE = { instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, users: ['alice'] };
const make = (sourceIps: string[]) => () => new NamespaceGrant(newStack(), 'Grant', { ...BASE, sourceIps });

describe('sourceIps values that must be refused', () => {
  test.each([
    ['IPv4-mapped IPv6 of a private address', '::ffff:10.0.0.0/104'],
    ['IPv4-mapped IPv6 of a private address, hex form', '::ffff:a00:0/104'],
    ['IPv4-mapped IPv6, dotted, full length', '::ffff:1.2.3.4/128'],
    ['uppercase hex', '2001:DB8::/32'],
    ['leading zeros IPv4', '203.000.113.0/24'],
    ['leading zero prefix', '203.0.113.0/024'],
    ['whitespace', ' 203.0.113.0/24'],
    ['trailing newline', '203.0.113.0/24\n'],
    ['zone index', 'fe80::1%eth0'],
    ['unspecified address', '::'],
    ['0.0.0.0', '0.0.0.0'],
    // Every IPv4 address, should RAM read IPv4 sources in their mapped form: restricts no more than /0.
    ['all of IPv4 as mapped IPv6', '::ffff:0:0/96'],
  ])('%s: %s', (_name, value) => {
    expect(make([value])).toThrow(/sourceIps/);
  });
});
