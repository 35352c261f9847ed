/**
 * Reads a V8 CPU profile (`.cpuprofile`) of a scenario and names where the time went:
 * by area (lib/, ROS CDK core, ...) and by function, with self and total share of the
 * sampled time. Positions in lib/ are mapped back to the TypeScript sources.
 */
import { existsSync, readFileSync } from 'fs';
import { SourceMap } from 'module';
import { fileURLToPath } from 'url';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface HotFunction {
  readonly name: string;
  /** `lib/model/merge.ts:42`, `@alicloud/ros-cdk-core/lib/stack.js:120`, or a V8 label. */
  readonly location: string;
  readonly area: string;
  readonly selfShare: number;
  readonly totalShare: number;
}

export interface ProfileSummary {
  readonly sampledMs: number;
  readonly areas: { area: string; selfShare: number }[];
  readonly functions: HotFunction[];
}

/** `compiledRoot` is the directory bench/compile.ts wrote; its files stand for the sources. */
export function summarizeProfile(file: string, compiledRoot: string): ProfileSummary {
  const profile: CpuProfile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);

  const sourceMaps = new Map<string, SourceMap | undefined>();
  const keyOf = new Map<number, { key: string; name: string; location: string; area: string }>();
  const describe = (node: ProfileNode) => {
    let d = keyOf.get(node.id);
    if (!d) {
      const { functionName, url } = node.callFrame;
      const location = locate(node.callFrame, compiledRoot, sourceMaps);
      const name = functionName || '(anonymous)';
      d = { key: `${name} ${location}`, name, location, area: areaOf(url, location, name) };
      keyOf.set(node.id, d);
    }
    return d;
  };

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const areas = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the previous one; the first has none worth counting.
    const delta = i === 0 ? 0 : Math.max(0, profile.timeDeltas[i]);
    sampled += delta;
    const leaf = describe(byId.get(id)!);
    self.set(leaf.key, (self.get(leaf.key) ?? 0) + delta);
    areas.set(leaf.area, (areas.get(leaf.area) ?? 0) + delta);
    // Total time: every function on the stack once, however often it recurses.
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parentOf.get(n)) {
      const d = describe(byId.get(n)!);
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      total.set(d.key, (total.get(d.key) ?? 0) + delta);
    }
  });

  const info = new Map([...keyOf.values()].map((d) => [d.key, d]));
  const share = (us: number) => (sampled === 0 ? 0 : us / sampled);
  const functions = [...total.keys()]
    .filter((k) => !info.get(k)!.name.startsWith('(root)'))
    .map((k) => {
      const d = info.get(k)!;
      return { name: d.name, location: d.location, area: d.area, selfShare: share(self.get(k) ?? 0), totalShare: share(total.get(k) ?? 0) };
    });
  return {
    sampledMs: sampled / 1000,
    areas: [...areas.entries()].map(([area, us]) => ({ area, selfShare: share(us) })).sort((a, b) => b.selfShare - a.selfShare),
    functions,
  };
}

/** Markdown: time by area, the top functions by self time, and lib/'s functions by total time. */
export function formatProfile(summary: ProfileSummary, top = 15): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const lines: string[] = [];
  lines.push(`Sampled ${summary.sampledMs.toFixed(0)} ms.`, '');
  lines.push('| area | self time |', '| --- | ---: |');
  for (const a of summary.areas) lines.push(`| ${a.area} | ${pct(a.selfShare)} |`);
  lines.push('', `Top ${top} functions by self time:`, '');
  lines.push('| function | where | self | total |', '| --- | --- | ---: | ---: |');
  for (const f of [...summary.functions].sort((a, b) => b.selfShare - a.selfShare).slice(0, top)) {
    lines.push(`| ${f.name} | ${f.location} | ${pct(f.selfShare)} | ${pct(f.totalShare)} |`);
  }
  lines.push('', `lib/ functions by total time (self + callees), top ${top}:`, '');
  lines.push('| function | where | self | total |', '| --- | --- | ---: | ---: |');
  for (const f of summary.functions.filter((x) => x.area === 'lib/').sort((a, b) => b.totalShare - a.totalShare).slice(0, top)) {
    lines.push(`| ${f.name} | ${f.location} | ${pct(f.selfShare)} | ${pct(f.totalShare)} |`);
  }
  return lines.join('\n');
}

function locate(frame: CallFrame, compiledRoot: string, sourceMaps: Map<string, SourceMap | undefined>): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? 'V8' : 'native';
  let path = frame.url;
  try {
    if (path.startsWith('file://')) path = fileURLToPath(path);
  } catch {
    // not a file URL: keep it as it is
  }
  const line = frame.lineNumber + 1;
  if (path.startsWith(compiledRoot)) {
    const rel = path.slice(compiledRoot.length + 1);
    if (!sourceMaps.has(path)) {
      const mapFile = `${path}.map`;
      sourceMaps.set(path, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
    }
    const entry: any = sourceMaps.get(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    const originalLine = entry && typeof entry.originalLine === 'number' ? entry.originalLine + 1 : undefined;
    return originalLine === undefined ? `${rel}:${line}` : `${rel.replace(/\.js$/, '.ts')}:${originalLine}`;
  }
  const nm = path.lastIndexOf('node_modules/');
  return `${nm >= 0 ? path.slice(nm + 'node_modules/'.length) : path}:${line}`;
}

function areaOf(url: string, location: string, name: string): string {
  if (location.startsWith('lib/')) return 'lib/';
  if (location.startsWith('bench/')) return 'bench/ (grant set)';
  if (name === '(garbage collector)') return 'garbage collector';
  if (location === 'V8') return `V8 ${name}`;
  if (url.startsWith('node:') || location === 'native') return 'Node.js built-ins';
  // Other code is named by its npm package: `@scope/name` or `name`.
  const parts = location.split('/');
  return parts[0].startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0].split(':')[0];
}
