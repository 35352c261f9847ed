// Whether a Node version is one that package.json's `engines.node` states. Built-ins only, as
// the scripts that use it. Reads the forms that range uses: alternatives joined by `||`, each
// made of `^x.y.z`, `>=x.y.z` and `<x.y.z` comparators; anything else is refused.
'use strict';

function parse(version) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(String(version).trim());
  if (!m) throw new Error(`"${version}" is not a version x.y.z`);
  return m.slice(1).map(Number);
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function comparatorHolds(comparator, v) {
  const m = /^(\^|>=|<)(\d+\.\d+\.\d+)$/.exec(comparator);
  if (!m) throw new Error(`engines comparator "${comparator}" is not one of ^x.y.z, >=x.y.z, <x.y.z`);
  const bound = parse(m[2]);
  if (m[1] === '>=') return compare(v, bound) >= 0;
  if (m[1] === '<') return compare(v, bound) < 0;
  return v[0] === bound[0] && compare(v, bound) >= 0; // ^x.y.z with x >= 1
}

/** True when `version` satisfies `range` (for example "^22.0.0 || >=24.0.0 <24.20.0"). */
function satisfiesEngines(version, range) {
  const v = parse(version);
  return String(range).split('||').some((alternative) =>
    alternative.trim().replace(/(>=|<|\^)\s+/g, '$1').split(/\s+/).every((comparator) => comparatorHolds(comparator, v)));
}

module.exports = { satisfiesEngines };
