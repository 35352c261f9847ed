/**
 * Holds lib/ to the layer order in DEVELOPERS.md: each folder imports only the folders listed
 * before it (and itself), with no exceptions; bin/ only calls into lib/.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** The folders of the DEVELOPERS.md layer table, bottom layer first. */
function layerOrder(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'DEVELOPERS.md'), 'utf8');
  const section = text.slice(text.indexOf('## Layers'), text.indexOf('\n## ', text.indexOf('## Layers') + 1));
  return section.split('\n').flatMap((line) => {
    const folder = /^\| `(lib\/[a-z]+)` \|/.exec(line)?.[1];
    return folder ? [folder] : [];
  });
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** What a source file imports by relative path: `lib/<folder>`, `lib/index`, or another top-level path. */
function importedFolders(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import|require\()\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((s) => {
    const target = path.relative(ROOT, path.resolve(path.dirname(file), s)).split(path.sep);
    if (target[0] === 'lib' && target.length === 1) return 'lib/index';
    return target[0] === 'lib' && target.length > 2 ? `lib/${target[1]}` : target.slice(0, 2).join('/');
  });
}

describe('layers', () => {
  const order = layerOrder();

  test('the table names every folder of lib/, each once', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
      .filter((e) => e.isDirectory()).map((e) => `lib/${e.name}`).sort();
    expect([...order].sort()).toEqual(folders);
    expect(new Set(order).size).toBe(order.length);
  });

  test('lib/model imports no constructs, ROS CDK or I/O module', () => {
    for (const file of sourcesUnder(path.join(ROOT, 'lib/model'))) {
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(/from '(@alicloud\/[^']*|constructs|fs|path|child_process)'/);
    }
  });

  test.each(layerOrder())('%s imports only itself and the layers below it', (folder) => {
    const allowed = order.slice(0, order.indexOf(folder) + 1);
    const offending = sourcesUnder(path.join(ROOT, folder)).flatMap((file) => importedFolders(file)
      .filter((target) => !allowed.includes(target))
      .map((target) => `${path.relative(ROOT, file)} -> ${target}`));
    expect(offending).toEqual([]);
  });

  test('bin/ imports lib/cli or the public API only', () => {
    const offending = sourcesUnder(path.join(ROOT, 'bin')).flatMap((file) => importedFolders(file)
      .filter((target) => target !== 'lib/cli' && target !== 'lib/index')
      .map((target) => `${path.relative(ROOT, file)} -> ${target}`));
    expect(offending).toEqual([]);
  });
});
