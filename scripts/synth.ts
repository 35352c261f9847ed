/**
 * `npm run synth`: what `ros-cdk synth --json` does, for those without the ROS CDK CLI, and
 * without its `.md5` cache: the app always runs. Runs the app from cdk.json with CDK_OUTDIR and
 * CDK_CONTEXT_JSON, as the CLI does, then prints each stack's template from cdk.out.
 *
 * Context comes from where the CLI takes it, cdk.json's `context` over cdk.context.json, and
 * for previews from `-- -c key=value` over both (the CLI itself has no working `-c`).
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export type Context = { [key: string]: unknown };

/** The context the app gets: `-c` arguments over cdk.json's `context` over cdk.context.json. */
export function contextFor(projectDir: string, args: readonly string[]): Context {
  const cdkJson = readJson(path.join(projectDir, 'cdk.json')) ?? {};
  const projectContext = readJson(path.join(projectDir, 'cdk.context.json')) ?? {};
  return { ...projectContext, ...(cdkJson.context ?? {}), ...parseContextArgs(args) };
}

/** `-c key=value` (or `--context key=value`) pairs; anything else is refused. */
export function parseContextArgs(args: readonly string[]): { [key: string]: string } {
  const context: { [key: string]: string } = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '-c' && args[i] !== '--context') {
      throw new Error(`synth: unknown argument ${JSON.stringify(args[i])} (pass context as -c key=value)`);
    }
    const [key, ...value] = (args[++i] ?? '').split('=');
    if (!key || value.length === 0) {
      throw new Error(`synth: ${args[i - 1]} needs key=value, got ${JSON.stringify(args[i] ?? '')} (for example -c grants=examples/grants.yaml)`);
    }
    context[key] = value.join('=');
  }
  return context;
}

function readJson(file: string): any {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const cdkJson = readJson(path.join(root, 'cdk.json'));
  const outdir = path.join(root, cdkJson.output ?? 'cdk.out');
  const context = contextFor(root, process.argv.slice(2));

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
}

if (require.main === module) {
  try {
    main();
  } catch (e: any) {
    // The app has already printed its own error; a failed child needs no second stack trace.
    if (e.status === undefined) process.stderr.write(`${e.message}\n`);
    process.exit(typeof e.status === 'number' && e.status > 0 ? e.status : 1);
  }
}
