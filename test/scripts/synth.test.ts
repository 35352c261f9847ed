/**
 * `npm run synth` gives the app the context the ros-cdk CLI gives it (cdk.json's `context` over
 * cdk.context.json), with `-c key=value` over both for previews.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contextFor, parseContextArgs } from '../../scripts/synth';

function project(files: { [name: string]: object }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-context-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
  return dir;
}

describe('contextFor', () => {
  const dirs: string[] = [];
  const make = (files: { [name: string]: object }) => { const d = project(files); dirs.push(d); return d; };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('cdk.context.json reaches the app', () => {
    const dir = make({ 'cdk.json': { app: 'x', context: { flag: 'true' } }, 'cdk.context.json': { grants: 'a.yaml' } });
    expect(contextFor(dir, [])).toEqual({ flag: 'true', grants: 'a.yaml' });
  });

  test('cdk.json wins over cdk.context.json, as in the CLI', () => {
    const dir = make({ 'cdk.json': { app: 'x', context: { grants: 'from-cdk-json.yaml' } }, 'cdk.context.json': { grants: 'b.yaml' } });
    expect(contextFor(dir, [])).toEqual({ grants: 'from-cdk-json.yaml' });
  });

  test('-c wins over both', () => {
    const dir = make({ 'cdk.json': { app: 'x', context: { grants: 'a.yaml' } }, 'cdk.context.json': { grants: 'b.yaml' } });
    expect(contextFor(dir, ['-c', 'grants=c.yaml'])).toEqual({ grants: 'c.yaml' });
  });

  test('no cdk.context.json is no context from it', () => {
    const dir = make({ 'cdk.json': { app: 'x' } });
    expect(contextFor(dir, [])).toEqual({});
  });
});

describe('parseContextArgs', () => {
  test('keeps "=" inside values', () => {
    expect(parseContextArgs(['-c', 'a=b=c', '--context', 'd=e'])).toEqual({ a: 'b=c', d: 'e' });
  });

  test('refuses anything but -c key=value, with an example', () => {
    expect(() => parseContextArgs(['grants=x'])).toThrow('synth: unknown argument "grants=x" (pass context as -c key=value)');
    expect(() => parseContextArgs(['-c', 'grants'])).toThrow('synth: -c needs key=value, got "grants" (for example -c grants=examples/grants.yaml)');
    expect(() => parseContextArgs(['-c'])).toThrow('synth: -c needs key=value, got ""');
  });
});
