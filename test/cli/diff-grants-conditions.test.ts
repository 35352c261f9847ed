/**
 * `diff` on grants files: a condition dropped or widened is a widening (exit 2).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliResult, runDiff } from './run-cli';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-grants-conditions-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `cr-grants diff` of two versions, written to this suite's directory. */
function diff(before: unknown, after: unknown, extension = 'json'): CliResult {
  return runDiff(tmp, before, after, extension);
}

const grants = (extra: string) => `version: 1
grants:
  - instanceId: cri-123456
    namespace: team-a
    access: PULL
    users: [alice]
    consoleAccess: false
${extra}`;

describe('grants file conditions', () => {
  test.each([
    ['sourceIps dropped', '    sourceIps: [203.0.113.0/24]\n', ''],
    ['sourceIps widened /24 -> /23', '    sourceIps: [203.0.113.0/24]\n', '    sourceIps: [203.0.112.0/23]\n'],
    ['sourceIps IPv4 replaced by IPv6', '    sourceIps: [203.0.113.0/24]\n', '    sourceIps: ["2001:db8:1::/48"]\n'],
    ['sourceVpcs swapped', '    sourceVpcs: [vpc-aaa]\n', '    sourceVpcs: [vpc-bbb]\n'],
    ['mfa dropped', '    mfa: true\n', ''],
    ['secureTransport dropped beside sourceIps', '    sourceIps: [203.0.113.0/24]\n    secureTransport: true\n', '    sourceIps: [203.0.113.0/24]\n'],
    ['sourceIps moved to sourceVpcs', '    sourceIps: [203.0.113.0/24]\n', '    sourceVpcs: [vpc-aaa]\n'],
  ])('%s', (_name, before, after) => {
    expect(diff(grants(before), grants(after), 'yaml').code).toBe(2);
  });

  test.each([
    ['sourceIps split into halves', '    sourceIps: [203.0.112.0/23]\n', '    sourceIps: [203.0.112.0/24, 203.0.113.0/24]\n'],
  ])('no change: %s', (_name, before, after) => {
    expect(diff(grants(before), grants(after), 'yaml').code).toBe(0);
  });
});
