/**
 * `npm run synth`: what `ros-cdk synth --json` does, for those without the ROS CDK CLI.
 * Runs the app from cdk.json with CDK_OUTDIR and CDK_CONTEXT_JSON, as the CLI does, then
 * prints each stack's template from cdk.out. Context is passed as `-- -c key=value`.
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'));
const outdir = path.join(root, cdkJson.output ?? 'cdk.out');

const context: { [key: string]: string } = { ...cdkJson.context };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '-c' && args[i] !== '--context') throw new Error(`unknown argument ${args[i]}: use -c key=value`);
  const [key, ...value] = (args[++i] ?? '').split('=');
  if (!key || value.length === 0) throw new Error(`-c needs key=value, got ${JSON.stringify(args[i])}`);
  context[key] = value.join('=');
}

fs.rmSync(outdir, { recursive: true, force: true });
execSync(cdkJson.app, {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
});

const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
for (const artifact of Object.values<any>(manifest.artifacts ?? {})) {
  if (artifact.type !== 'aliyun:ros:stack') continue;
  const template = fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8');
  process.stdout.write(JSON.stringify(JSON.parse(template), undefined, 2) + '\n');
}
