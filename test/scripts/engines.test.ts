/**
 * package.json's engines states the Node versions the project is tested on, and none that its
 * toolchain refuses. scripts/engines.js reads it for scripts/node-versions.js and scripts/package.js.
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { satisfiesEngines } = require('../../scripts/engines');

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('satisfiesEngines', () => {
  const range = '^20.16.0 || ^22.0.0 || >=24.0.0 <24.20.0';
  test.each([
    ['20.16.0', true], ['20.15.9', false], ['21.7.3', false], ['22.0.0', true], ['22.23.5', true],
    ['23.11.1', false], ['24.0.0', true], ['24.19.0', true], ['24.20.0', false], ['26.1.0', false], ['v22.1.0', true],
  ])('%s in "^20.16.0 || ^22.0.0 || >=24.0.0 <24.20.0": %s', (version, expected) => {
    expect(satisfiesEngines(version, range)).toBe(expected);
  });

  test('reads ">= x.y.z" with a space, as npm packages write it', () => {
    expect(satisfiesEngines('20.16.0', '>= 20.16.0')).toBe(true);
    expect(satisfiesEngines('20.15.0', '>= 20.16.0')).toBe(false);
  });

  test('refuses forms it does not read instead of guessing', () => {
    expect(() => satisfiesEngines('22.0.0', '~22.0.0')).toThrow('engines comparator "~22.0.0" is not one of ^x.y.z, >=x.y.z, <x.y.z');
    expect(() => satisfiesEngines('22', '^22.0.0')).toThrow('"22" is not a version x.y.z');
  });
});

describe('package.json engines', () => {
  /** The lowest version of each alternative: its ^ or >= bound. */
  const floors: string[] = String(pkg.engines.node).split('||').map((alternative: string) => {
    const m = /(?:\^|>=)\s*(\d+\.\d+\.\d+)/.exec(alternative);
    if (!m) throw new Error(`engines alternative "${alternative}" has no lower bound`);
    return m[1];
  });

  test.each(['jsii', 'jsii-rosetta', 'jest'])('every stated version is one %s supports', (tool) => {
    const toolRange = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', tool, 'package.json'), 'utf8')).engines.node;
    for (const floor of floors) expect({ floor, supported: satisfiesEngines(floor, toolRange) }).toEqual({ floor, supported: true });
  });

  test('stops before Node 24.20, where ROS CDK 1.x cannot synthesize', () => {
    // @alicloud/ros-cdk-assembly-schema bundles jsonschema 1.5.0, whose `new URL(ref, 'thismessage::/')`
    // Node 24.20's URL parser rejects: every synth fails with "TypeError: Invalid URL".
    expect(satisfiesEngines('24.19.0', pkg.engines.node)).toBe(true);
    expect(satisfiesEngines('24.20.0', pkg.engines.node)).toBe(false);
  });
});
