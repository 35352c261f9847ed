/**
 * The documentation's reference data comes from the code: docs/rules.md from the checker's
 * registry, the tables between `generated` markers from the data they describe. Every relative
 * link between the pages resolves. `npm run docs` regenerates what these tests find stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_TABLES, RULES_PAGE, generatedRegions, regionText, rulesPage } from '../../scripts/docs/generated';
import { Page, ROOT, page, pages } from '../../scripts/docs/pages';

const PAGES = pages();

test(`${RULES_PAGE} is the checker's registry as it is now`, () => {
  expect(page(RULES_PAGE).text).toBe(rulesPage());
});

test(`${RULES_PAGE} lists every rule file`, () => {
  const files = fs.readdirSync(path.join(ROOT, 'lib', 'check', 'rules')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
  const linked = [...page(RULES_PAGE).text.matchAll(/\]\(\.\.\/lib\/check\/rules\/([\w-]+\.ts)\)/g)].map((m) => m[1]).sort();
  expect(linked).toEqual(files);
});

const REGIONS = PAGES.flatMap((p) => generatedRegions(p.text).map((r) => [`${p.file}:${r.line} ${r.name}`, r] as const));

test.each(REGIONS)('%s is current', (_where, region) => {
  expect(Object.keys(GENERATED_TABLES)).toContain(region.name);
  expect(region.text).toBe(regionText(GENERATED_TABLES[region.name]));
});

test.each(Object.keys(GENERATED_TABLES))('the %s table is shown on a page', (name) => {
  expect(REGIONS.map(([, r]) => r.name)).toContain(name);
});

/** GitHub's heading anchors: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function anchors(p: Page): string[] {
  return [...p.text.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#+ (.+)$/gm)]
    .map((m) => m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
}

const LINKS = PAGES.flatMap((p) => [...p.text.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/\]\(([^)\s]+)\)/g)]
  .map((m) => m[1])
  .filter((target) => !/^[a-z]+:/.test(target))
  .map((target) => [`${p.file} -> ${target}`, p.file, target] as const));

test.each(LINKS)('%s resolves', (_name, from, target) => {
  const [file, anchor] = target.split('#');
  const resolved = file === '' ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
  expect(fs.existsSync(path.join(ROOT, resolved))).toBe(true);
  if (anchor !== undefined) expect(anchors(page(resolved))).toContain(anchor);
});
