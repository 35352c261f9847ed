#!/usr/bin/env node
// Provides the jsii assemblies (`.jsii`) of the installed ROS CDK npm packages.
//
// Why: `@alicloud/ros-cdk-*` are jsii modules, but their npm tarballs ship
// without `.jsii`, and the jsii compiler refuses to compile against a
// dependency without one. The official Python wheel of the same version
// carries `<module>/_jsii/<name>@<version>.jsii.tgz`, an npm-pack tarball that
// does include `package/.jsii`. This script downloads that wheel with pip,
// takes `.jsii` out of it and puts it into the npm package folder, after
// checking that the assembly describes exactly the installed name and version.
//
// Idempotent: a package whose `.jsii` already matches is left alone, and
// wheels are cached under node_modules/.cache/ros-cdk-jsii/.
//
// Plain CommonJS with Node built-ins only, so it runs before anything is built.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const CACHE = path.join(NODE_MODULES, '.cache', 'ros-cdk-jsii');
const PYTHON = process.env.PYTHON || 'python3';
const SCOPE = '@alicloud';
const PREFIX = 'ros-cdk-';

class Failure extends Error {}

function main() {
  const packages = findPackages();
  if (packages.length === 0) {
    throw new Failure(`no ${SCOPE}/${PREFIX}* package found under ${NODE_MODULES}: run \`npm ci\` first.`);
  }
  const problems = [];
  let fetched = 0;
  for (const pkg of packages) {
    try {
      if (hasMatchingAssembly(pkg)) continue;
      provide(pkg);
      fetched++;
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length > 0) {
    throw new Failure(problems.join('\n\n'));
  }
  console.log(`jsii-assemblies: ${packages.length} ROS CDK package(s) have their .jsii` +
    (fetched > 0 ? ` (${fetched} taken from the PyPI wheels)` : ''));
}

// Every installed copy counts, including nested ones (npm nests a package when
// two versions are needed), because jsii loads whichever copy resolves.
function findPackages() {
  const found = [];
  const seen = new Set();
  const walk = (nmDir) => {
    let entries;
    try {
      entries = fs.readdirSync(nmDir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const dirs = [];
      if (entry.name.startsWith('@')) {
        for (const sub of safeReaddir(path.join(nmDir, entry.name))) {
          dirs.push({ dir: path.join(nmDir, entry.name, sub), name: `${entry.name}/${sub}` });
        }
      } else {
        dirs.push({ dir: path.join(nmDir, entry.name), name: entry.name });
      }
      for (const { dir, name } of dirs) {
        let real;
        try {
          real = fs.realpathSync(dir);
        } catch {
          continue;
        }
        if (seen.has(real)) continue;
        seen.add(real);
        if (name.startsWith(`${SCOPE}/${PREFIX}`)) {
          const manifest = readJson(path.join(real, 'package.json'));
          if (manifest && manifest.jsii) {
            found.push({ dir: real, name: manifest.name, version: manifest.version, manifest });
          }
        }
        walk(path.join(real, 'node_modules'));
      }
    }
  };
  walk(NODE_MODULES);
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

function hasMatchingAssembly(pkg) {
  const assembly = readAssembly(pkg.dir);
  return assembly !== undefined && assembly.name === pkg.name && assembly.version === pkg.version;
}

// Reads `.jsii`, following a compressed-assembly redirect if there is one.
function readAssembly(dir) {
  const file = path.join(dir, '.jsii');
  if (!fs.existsSync(file)) return undefined;
  const assembly = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (assembly.schema === 'jsii/file-redirect') {
    const target = path.join(dir, assembly.filename);
    const data = fs.readFileSync(target);
    return JSON.parse((assembly.compression === 'gzip' ? zlib.gunzipSync(data) : data).toString('utf8'));
  }
  return assembly;
}

function provide(pkg) {
  const python = (pkg.manifest.jsii.targets || {}).python || {};
  const dist = python.distName || pkg.name.replace(/^@[^/]+\//, '');
  const pyVersion = toPythonVersion(pkg.version);
  const wheel = downloadWheel(pkg, dist, pyVersion);

  const tarballs = listZip(wheel).filter((e) => /\/_jsii\/[^/]+\.jsii\.tgz$/.test(e.name));
  if (tarballs.length !== 1) {
    throw new Failure(`${pkg.name}@${pkg.version}: expected one _jsii/*.jsii.tgz in ${wheel}, found ${tarballs.length}.\n` +
      '  The wheel layout is not the one this script knows; take `package/.jsii` from the same version\'s\n' +
      `  Maven jar or Go module by hand and put it at ${path.join(pkg.dir, '.jsii')}.`);
  }
  const tar = zlib.gunzipSync(readZipEntry(wheel, tarballs[0]));
  const files = extractTar(tar, (name) => /^package\/\.jsii(\.gz)?$/.test(name));
  if (!files['package/.jsii']) {
    throw new Failure(`${pkg.name}@${pkg.version}: ${tarballs[0].name} in ${wheel} has no package/.jsii.`);
  }

  // Verify before writing anything, so a mismatch leaves the package untouched.
  let assembly = JSON.parse(files['package/.jsii'].toString('utf8'));
  if (assembly.schema === 'jsii/file-redirect') {
    const inner = files[`package/${assembly.filename}`];
    if (!inner) throw new Failure(`${pkg.name}@${pkg.version}: the assembly redirects to ${assembly.filename}, which the tarball lacks.`);
    assembly = JSON.parse(zlib.gunzipSync(inner).toString('utf8'));
  }
  if (assembly.name !== pkg.name || assembly.version !== pkg.version) {
    throw new Failure(`${pkg.name}: the assembly in its PyPI wheel is not the installed version.\n` +
      `  expected (installed npm package): ${pkg.name}@${pkg.version} (${pkg.dir})\n` +
      `  found (assembly in the wheel ${dist}==${pyVersion}): ${assembly.name}@${assembly.version}\n` +
      `  Install an npm version whose PyPI wheel has the same version (package.json pins them),\n` +
      `  or remove ${path.dirname(wheel)} if the cached wheel is stale, then run \`npm run build\` again.`);
  }

  for (const [name, data] of Object.entries(files)) {
    writeAtomically(path.join(pkg.dir, name.slice('package/'.length)), data);
  }
  console.log(`jsii-assemblies: ${pkg.name}@${pkg.version}: .jsii taken from ${path.basename(wheel)}`);
}

// One cache folder per package version, so whatever wheel is in it is the right one.
function downloadWheel(pkg, dist, pyVersion) {
  const dir = path.join(CACHE, `${dist}-${pyVersion}`);
  const cached = safeReaddir(dir).filter((f) => f.endsWith('.whl'));
  if (cached.length === 1) return path.join(dir, cached[0]);

  fs.mkdirSync(dir, { recursive: true });
  const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check',
    '--quiet', `${dist}==${pyVersion}`, '-d', dir];
  const result = spawnSync(PYTHON, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wheels = safeReaddir(dir).filter((f) => f.endsWith('.whl'));
  if (result.error || result.status !== 0 || wheels.length !== 1) {
    const why = result.error
      ? `${PYTHON} could not be started (${result.error.code || result.error.message}); set PYTHON to a Python 3 with pip`
      : result.status !== 0
        ? `pip exited with ${result.status}:\n${indent(tail(result.stderr || result.stdout, 12))}`
        : `expected one wheel in ${dir}, found ${wheels.length}`;
    throw new Failure(`${pkg.name}@${pkg.version} has no .jsii, and its Python wheel could not be fetched from PyPI.\n` +
      `  command: ${PYTHON} ${args.join(' ')}\n` +
      `  reason: ${why}\n` +
      `  Check that PyPI is reachable (pip honours PIP_INDEX_URL and proxy settings) and that ${dist}==${pyVersion}\n` +
      `  exists there, or put its wheel into ${dir} by hand, then run \`npm run build\` again.`);
  }
  return path.join(dir, wheels[0]);
}

// npm prerelease versions become PEP 440 ones on PyPI (1.2.3-beta.4 -> 1.2.3b4),
// as jsii-pacmak publishes them.
function toPythonVersion(version) {
  const m = /^(\d+\.\d+\.\d+)(?:-([a-z]+)\.?(\d+))?$/.exec(version);
  if (!m || !m[2]) return version;
  const tag = { alpha: 'a', beta: 'b', rc: 'rc', dev: '.dev', pre: '.dev' }[m[2]];
  return tag ? `${m[1]}${tag}${m[3]}` : version;
}

// --- zip (wheels): central directory, stored or deflated entries ----------

function listZip(file) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Failure(`${file} is not a zip file: remove it and run again.`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Failure(`${file}: damaged zip central directory.`);
    const nameLen = buf.readUInt16LE(p + 28);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

function readZipEntry(file, entry) {
  const buf = fs.readFileSync(file);
  const p = entry.localOffset;
  if (buf.readUInt32LE(p) !== 0x04034b50) throw new Failure(`${file}: damaged zip entry ${entry.name}.`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return zlib.inflateRawSync(data);
  throw new Failure(`${file}: entry ${entry.name} uses zip method ${entry.method}, which this script does not read.`);
}

// --- tar (npm pack output): ustar, with pax and GNU long names ------------

function extractTar(buf, wanted) {
  const out = {};
  let p = 0;
  let longName;
  while (p + 512 <= buf.length) {
    const header = buf.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) => {
      const s = header.toString('utf8', start, start + len);
      const nul = s.indexOf('\0');
      return nul < 0 ? s : s.slice(0, nul);
    };
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
    const name = longName || (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const body = buf.subarray(p + 512, p + 512 + size);
    longName = undefined;
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
    } else if ((type === '0' || type === '') && wanted(name)) {
      out[name] = Buffer.from(body);
    }
    p += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

// --- small helpers ---------------------------------------------------------

function writeAtomically(file, data) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function safeReaddir(dir) {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function tail(text, lines) {
  return String(text || '').trim().split('\n').slice(-lines).join('\n');
}

function indent(text) {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

try {
  main();
} catch (e) {
  if (!(e instanceof Failure)) throw e;
  console.error(`jsii-assemblies: ${e.message}`);
  process.exit(1);
}
