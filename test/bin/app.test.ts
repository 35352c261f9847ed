/**
 * bin/app.ts as the ROS CDK CLI runs it: a child process with CDK_OUTDIR and CDK_CONTEXT_JSON.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

function runApp(context: object): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-'));
  try {
    execFileSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', '--prefer-ts-exts', 'bin/app.ts'], {
      cwd: ROOT,
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
      stdio: 'pipe',
    });
    return JSON.parse(fs.readFileSync(path.join(outdir, 'CrGrants.template.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('bin/app.ts', () => {
  test('synthesizes examples/grants.yaml by default', () => {
    const template = runApp({});
    expect(template.Description).toBe('Container Registry grants from examples/grants.yaml');
    expect(template).toMatchSnapshot();
  });

  test('the context value grants picks another grants file', () => {
    const template = runApp({ grants: 'examples/grants-v2.yaml' });
    expect(template.Description).toBe('Container Registry grants from examples/grants-v2.yaml');
  });

  test.each([[42], [''], [['examples/grants.yaml']]])('a context value grants of %j is refused with a hint', (value) => {
    expect(() => runApp({ grants: value })).toThrow(
      /context grants .* must be the path of a grants file \(for example "grants": "examples\/grants\.yaml" in the "context" of cdk\.json or in cdk\.context\.json\)/);
  });

  test('a bad grants file fails with its position and synthesizes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grants-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'version: 1\ngrants:\n  - instanceId: cri-123456\n    namespace: "*"\n    access: PULL\n    users: [alice]\n');
    expect(() => runApp({ grants: file })).toThrow(/bad\.yaml:4:16: grants\[0\]\.namespace "\*" must be 2-120 lowercase letters/);
  });
});
