/**
 * Holds lib/ to the layer table in DEVELOPERS.md: each folder imports only what its row allows.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** Rows of the DEVELOPERS.md table: folder -> folders it may import. */
function allowedImports(): Map<string, string[]> {
  const text = fs.readFileSync(path.join(ROOT, 'DEVELOPERS.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const folder = /^`(lib\/[a-z]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!folder) continue;
    rows.set(folder, [...(cells[3] ?? '').matchAll(/`(lib\/[a-z]+)`/g)].map((m) => m[1]));
  }
  return rows;
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The lib folders a source file imports from, by its relative imports. */
function importedFolders(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import|require\()\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((s) => {
    const target = path.relative(ROOT, path.resolve(path.dirname(file), s)).split(path.sep);
    return target[0] === 'lib' && target.length > 2 ? `lib/${target[1]}` : target.slice(0, 2).join('/');
  });
}

describe('layers', () => {
  const allowed = allowedImports();

  test('the table names every folder of lib/', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
      .filter((e) => e.isDirectory()).map((e) => `lib/${e.name}`).sort();
    expect([...allowed.keys()].sort()).toEqual(folders);
  });

  test('lib/model imports no constructs, ROS CDK or I/O module', () => {
    for (const file of sourcesUnder(path.join(ROOT, 'lib/model'))) {
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(/from '(@alicloud\/[^']*|constructs|fs|path|child_process)'/);
    }
  });

  test.each([...allowedImports().keys()])('%s imports only what DEVELOPERS.md allows', (folder) => {
    const offending = sourcesUnder(path.join(ROOT, folder)).flatMap((file) => importedFolders(file)
      .filter((target) => !allowed.get(folder)!.includes(target))
      .map((target) => `${path.relative(ROOT, file)} -> ${target}`));
    expect(offending).toEqual([]);
  });
});
