import * as fc from 'fast-check';
import { LEVEL_STATEMENTS, NamespaceAccess, statementTemplates } from '../../lib/model/access';
import { DecisionEffect, evaluate } from '../../lib/model/evaluator';
import { Grant, grantStatements } from '../../lib/model/grant';
import { NamedPolicy } from '../../lib/model/policy';
import { principalLabel } from '../../lib/model/principal';
import { PRINCIPALS, PROBE_ACTIONS, PROBE_RESOURCES, PROPERTY_RUNS, grantsArb } from './arbitraries';

describe('access levels', () => {
  // Pinned: changing a level's actions must be a deliberate, reviewed change.
  test('PULL: the registry login, and pull from the namespace\'s repositories', () => {
    expect(LEVEL_STATEMENTS[NamespaceAccess.PULL]).toEqual([
      { actions: ['cr:GetAuthorizationToken'], scopes: ['ANY'] },
      { actions: ['cr:PullRepository'], scopes: ['NAMESPACE_REPOSITORIES'] },
    ]);
  });

  test('PUSH_PULL: PULL plus push, and creating repositories on push', () => {
    expect(LEVEL_STATEMENTS[NamespaceAccess.PUSH_PULL]).toEqual([
      { actions: ['cr:GetAuthorizationToken'], scopes: ['ANY'] },
      { actions: ['cr:CreateRepository', 'cr:PullRepository', 'cr:PushRepository'], scopes: ['NAMESPACE_REPOSITORIES'] },
    ]);
  });

  test('FULL: cr:* on the namespace and its repositories', () => {
    expect(LEVEL_STATEMENTS[NamespaceAccess.FULL]).toEqual([
      { actions: ['cr:*'], scopes: ['NAMESPACE_REPOSITORIES', 'NAMESPACE'] },
    ]);
  });

  test('console access adds the listing statements around the level\'s own', () => {
    const withConsole = statementTemplates(NamespaceAccess.PULL, true).map((t) => t.actions);
    expect(withConsole).toEqual([
      ['cr:ListInstance*', 'cr:GetInstance*', 'cr:ListSignature*'],
      ['cr:GetAuthorizationToken'],
      ['cr:PullRepository'],
      ['cr:List*'],
    ]);
    expect(statementTemplates(NamespaceAccess.PULL, false).map((t) => t.actions))
      .toEqual([['cr:GetAuthorizationToken'], ['cr:PullRepository']]);
  });

  test('FULL without the console still gets the registry login', () => {
    expect(statementTemplates(NamespaceAccess.FULL, false).map((t) => t.actions))
      .toEqual([['cr:GetAuthorizationToken'], ['cr:*']]);
  });
});

/**
 * What a set of grants should allow, stated independently of access.ts: the oracle the
 * evaluator's answers are held to.
 */
function mayAllow(grants: readonly Grant[], action: string, resource: string): boolean {
  return grants.some((g) => {
    const console = g.consoleAccess;
    // Authorized on `*` by design, so allowed whatever the resource.
    if (action === 'cr:GetAuthorizationToken' && (g.access !== NamespaceAccess.FULL || !console)) return true;
    if (console && /^cr:(ListInstance|GetInstance|ListSignature)/.test(action)) return true;
    const m = /^acs:cr:([^:]+):([^:]+):repository\/([^/]+)\/([^/]+)(\/[^/]+)?$/.exec(resource);
    if (!m) return false;
    const [, region, account, instance, namespace, repository] = m;
    if (instance !== g.instanceId) return false;
    if (!g.regions.includes('*') && !g.regions.includes(region)) return false;
    if (g.accountId !== '*' && g.accountId !== account) return false;
    if (console && action.startsWith('cr:List')) return true;
    if (namespace !== g.namespace) return false;
    switch (g.access) {
      case NamespaceAccess.FULL: return action.startsWith('cr:');
      case NamespaceAccess.PUSH_PULL: return repository !== undefined && ['cr:PullRepository', 'cr:PushRepository', 'cr:CreateRepository'].includes(action);
      case NamespaceAccess.PULL: return repository !== undefined && action === 'cr:PullRepository';
    }
  });
}

describe('no grant leaks (properties)', () => {
  test('everything a principal is allowed lies inside its grants, at their levels', () => {
    fc.assert(fc.property(grantsArb, (grants) => {
      const leaks: string[] = [];
      for (const principal of PRINCIPALS) {
        const own = grants.filter((g) => g.principals.some((p) => principalLabel(p) === principalLabel(principal)));
        const policies: NamedPolicy[] = own.map((g, i) => ({ policyName: `p${i}`, document: { Version: '1', Statement: grantStatements(g) } }));
        for (const action of PROBE_ACTIONS) {
          for (const resource of PROBE_RESOURCES) {
            const allowed = evaluate(policies, action, resource).effect === DecisionEffect.ALLOW;
            if (allowed !== mayAllow(own, action, resource)) leaks.push(`${principalLabel(principal)} ${action} ${resource} allowed=${allowed}`);
          }
        }
      }
      expect(leaks).toEqual([]);
    }), PROPERTY_RUNS);
  });

  test.each([
    ['ns2'], ['ns-x'], ['nsx'],
  ])('namespace "ns" never reaches "%s", nor "ns" of another instance', (other) => {
    fc.assert(fc.property(
      fc.constantFrom(NamespaceAccess.PULL, NamespaceAccess.PUSH_PULL, NamespaceAccess.FULL),
      fc.boolean(),
      (access, consoleAccess) => {
        const grant: Grant = { instanceId: 'cri-a1', namespace: 'ns', access, consoleAccess, principals: [PRINCIPALS[0]], regions: ['*'], accountId: '*', systemPolicies: [], suppressions: [] };
        const policies = [{ policyName: 'p', document: { Version: '1', Statement: grantStatements(grant) } }];
        const namespaceScoped = PROBE_ACTIONS.filter((a) => !/^cr:(List|GetInstance|GetAuthorizationToken)/.test(a));
        for (const action of namespaceScoped) {
          for (const target of [`repository/cri-a1/${other}`, `repository/cri-a1/${other}/web`, 'repository/cri-b2/ns', 'repository/cri-b2/ns/web']) {
            expect([action, target, evaluate(policies, action, `acs:cr:cn-hangzhou:123:${target}`).effect])
              .toEqual([action, target, DecisionEffect.IMPLICIT_DENY]);
          }
        }
      }), PROPERTY_RUNS);
  });

  test('PULL never allows a push, a repository creation or a delete', () => {
    fc.assert(fc.property(grantsArb, (grants) => {
      const pullOnly = grants.map((g) => ({ ...g, access: NamespaceAccess.PULL }));
      const policies = [{ policyName: 'p', document: { Version: '1', Statement: pullOnly.flatMap(grantStatements) } }];
      for (const action of ['cr:PushRepository', 'cr:CreateRepository', 'cr:DeleteRepository', 'cr:DeleteNamespace']) {
        for (const resource of PROBE_RESOURCES) {
          expect([action, resource, evaluate(policies, action, resource).effect]).toEqual([action, resource, DecisionEffect.IMPLICIT_DENY]);
        }
      }
    }), PROPERTY_RUNS);
  });
});
