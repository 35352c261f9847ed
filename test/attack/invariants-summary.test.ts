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

  test('a managed policy name defined twice: the wide definition is not dropped', () => {
    const def = (statement: unknown, users: string[]) => ({ Type: 'ALIYUN::RAM::ManagedPolicy', Properties: { PolicyName: 'p', Users: users, PolicyDocument: { Version: '1', Statement: [statement] } } });
    const t = template({
      A: def({ Effect: 'Allow', Action: 'cr:*', Resource: '*' }, []),
      B: def({ Effect: 'Allow', Action: 'cr:PullRepository', Resource: '*' }, []),
      // Attaches whichever "p" RAM holds: A's when A is created first (the checker's own CRG-E014 says the second fails).
      Attach: { Type: 'ALIYUN::RAM::AttachPolicyToUser', DependsOn: 'A', Properties: { PolicyName: 'p', PolicyType: 'Custom', UserName: 'bob' } },
    });
    expect([2, 3]).toContain(check(t).code);
  });
});
