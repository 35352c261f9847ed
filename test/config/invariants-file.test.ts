import * as path from 'path';
import { loadInvariantsFile, parseGrantsFile, parseInvariantsFile } from '../../lib/config/grants-file';
import { GrantValidationError } from '../../lib/model/errors';

const FIXTURE = path.relative(process.cwd(), path.join(__dirname, '..', '..', 'examples', 'invariants', 'invariants.yaml'));

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    if (e instanceof GrantValidationError) return e.message;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('invariants files', () => {
  test('each invariant is validated and keeps its file:line:column', () => {
    const invariants = loadInvariantsFile(FIXTURE);
    expect(invariants.map((i) => i.where)).toEqual([`${FIXTURE}:2:5`, `${FIXTURE}:5:5`]);
    expect(invariants[1].invariant).toEqual({
      never: ['cr:PushRepository'], instanceId: 'cri-123456', namespace: '*',
      except: ['group:platform', 'group:registry-owners', 'role:ci-deployer'], regions: ['*'], accountId: '*',
    });
  });

  test('every mistake is reported at its value, one line each, in file order', () => {
    const text = [
      'invariants:',
      '  - never: [cr:DeleteNamspace, ram:*]',
      '    on: cri-123456/pr*d',
      '    except: [owners, owners]',
      '  - never: [cr:Delete*]',
      '    onn: cri-123456/prod',
    ].join('\n');
    // The misspelt key is reported once, not again as the missing "on" it meant.
    expect(refusal(() => parseInvariantsFile(text, 'inv.yaml')).split('\n')).toEqual([
      'inv.yaml:2:13: invariants[0].never[0] "cr:DeleteNamspace" matches no Container Registry action (check the spelling; for example "cr:DeleteNamespace")',
      'inv.yaml:2:32: invariants[0].never[1] "ram:*" must be a Container Registry action pattern: "cr:" then letters, "*" as the wildcard (for example "cr:DeleteNamespace" or "cr:Delete*")',
      'inv.yaml:3:9: invariants[0].on "cri-123456/pr*d" has the namespace "pr*d", which must be 2-120 lowercase letters, digits, "_", "-" or ".", starting and ending with a letter or digit (for example "cri-123456/prod", or "cri-123456/*" for every namespace of the instance)',
      'inv.yaml:4:14: invariants[0].except[0] "owners" must be user:NAME, group:NAME or role:NAME (for example "group:registry-owners" or "role:ci-deployer")',
      'inv.yaml:4:22: invariants[0].except[1] "owners" is listed twice (first at line 4, column 14)',
      'inv.yaml:6:5: invariants[1] "onn" is not a known key (did you mean "on"? allowed keys: never, on, except, regions, accountId)',
    ]);
  });

  test('the file needs an invariants list, and refuses other keys', () => {
    expect(refusal(() => parseInvariantsFile('version: 1\n', 'inv.yaml'))).toBe('inv.yaml:1:1: invariants file "invariants" is required (an invariants file needs invariants)');
    expect(refusal(() => parseInvariantsFile('invariants: []\n', 'inv.yaml'))).toMatch(/^inv\.yaml:1:13: invariants \[\] must list at least one invariant/);
    expect(refusal(() => parseInvariantsFile('invariants:\n  - never: &a [cr:Delete*]\n    on: cri-1/prod\n  - never: *a\n    on: cri-1/dev\n', 'inv.yaml'))).toMatch(/is a YAML alias/);
    expect(refusal(() => parseInvariantsFile('invariants:\n  - never: [cr:Delete*]\n    on: cri-1/prod\n    except: group:x\n', 'inv.yaml')))
      .toBe('inv.yaml:4:13: invariants[0].except "group:x" must be a list (write [group:x])');
  });

  test('a grants file is read for its invariants section', () => {
    const text = [
      'version: 1',
      'grants:',
      '  - instanceId: cri-123456',
      '    namespace: prod',
      '    access: PULL',
      '    users: [alice]',
      'invariants:',
      '  - never: [cr:Delete*]',
      '    on: cri-123456/prod',
    ].join('\n');
    expect(parseInvariantsFile(text, 'g.yaml').map((i) => [i.where, i.invariant.never])).toEqual([['g.yaml:8:5', ['cr:Delete*']]]);
    expect(parseGrantsFile(text, 'g.yaml').invariants).toHaveLength(1);
    expect(refusal(() => parseGrantsFile(text.replace('cri-123456/prod', 'prod'), 'g.yaml')))
      .toMatch(/^g\.yaml:9:9: invariants\[0\]\.on "prod" must be "<instanceId>\/<namespace>"/);
  });
});
