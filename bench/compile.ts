/**
 * Transpiles lib/ and bench/ from their TypeScript sources into a temporary directory, so
 * each measured child runs on plain `node`: loading ts-node and the TypeScript compiler in
 * every child would add about 100 MB to its peak memory and seconds of start-up. The `.js`
 * beside the sources in lib/ may be stale, so they are never used.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative } from 'path';
import * as ts from 'typescript';

export const ROOT = join(__dirname, '..');
const SOURCE_DIRS = ['lib', 'bench'];

/** Returns the output directory; `<out>/bench/scenario.js` is the child's entry point. */
export function compileForBench(): string {
  const out = mkdtempSync(join(tmpdir(), 'cr-grants-bench-'));
  const options = compilerOptions();
  for (const dir of SOURCE_DIRS) {
    for (const file of tsSources(join(ROOT, dir))) {
      const rel = relative(ROOT, file);
      const target = join(out, rel.replace(/\.ts$/, '.js'));
      const { outputText, sourceMapText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, outputText);
      // Kept beside the output so CPU profiles can be mapped back to TypeScript lines.
      if (sourceMapText) writeFileSync(`${target}.map`, sourceMapText);
    }
  }
  return out;
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions ?? {}, ROOT, configFile);
  return { ...options, inlineSourceMap: false, inlineSources: false, sourceMap: true, declaration: false, noEmitOnError: false };
}

function tsSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...tsSources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}
