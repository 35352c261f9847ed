/**
 * `check --invariants` must report (exit 2 or 3) every principal that may be allowed a forbidden
 * request, and `summary` must show every request a principal may be allowed.
 */
import { file, template } from './helpers';
import { run } from '../cli/run-cli';

const INVARIANTS = `invariants:
  - never: [cr:DeleteRepository]
    on: cri-123456/prod
    except: [group:owners]
`;
const check = (t: unknown, ext = 'json') => run('check', file(`t.${ext}`, t), '--invariants', file('inv.yaml', INVARIANTS));

describe('check --invariants', () => {
  test('a statement with lowercase element names is not dropped', () => {
    const t = template({ P: { Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', Users: ['bob'], PolicyDocument: { Version: '1', Statement: [{ effect: 'Allow', action: 'cr:*', resource: '*' }] } } } });
    expect([2, 3]).toContain(check(t).code);
  });
});
