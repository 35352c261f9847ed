/**
 * The construct decides as brute force does: random grants with random invariants on a
 * RegistryAccess synthesize exactly when brute force finds no forbidden request in the plan the
 * construct renders (read back from the same construct without invariants, which the
 * invariants never change).
 */
import * as fc from 'fast-check';
import { RegistryAccess } from '../../lib';
import { GrantSpec } from '../../lib/constructs/grant-spec';
import { Grant } from '../../lib/model/grant';
import { Invariant } from '../../lib/model/invariant';
import { PolicyDocument } from '../../lib/model/policy';
import { GranteeKind } from '../../lib/model/principal';
import { systemPolicyDocument } from '../../lib/template/system-policy-documents';
import { Holding, bruteForce, grantArb, invariantArb } from '../analysis/invariant-oracle';
import { newStack, synthTemplate } from '../synth';

const LIST_FIELD = { [GranteeKind.USER]: 'users', [GranteeKind.GROUP]: 'groups', [GranteeKind.ROLE]: 'roles' } as const;

function specOf(grant: Grant): GrantSpec {
  const names: { users?: string[]; groups?: string[]; roles?: string[] } = {};
  for (const p of grant.principals) (names[LIST_FIELD[p.kind]] ??= []).push(p.name);
  return {
    instanceId: grant.instanceId, namespace: grant.namespace, access: grant.access, ...names,
    ...(grant.regions[0] === '*' ? {} : { regions: [...grant.regions] }),
    ...(grant.accountId === '*' ? {} : { accountId: grant.accountId }),
    consoleAccess: grant.consoleAccess,
    systemPolicies: [...grant.systemPolicies],
    ...(grant.highRiskReason ? { highRiskReason: grant.highRiskReason } : {}),
  };
}

function inputOf(invariant: Invariant) {
  return {
    never: [...invariant.never], on: `${invariant.instanceId}/${invariant.namespace}`, except: [...invariant.except],
    ...(invariant.regions[0] === '*' ? {} : { regions: [...invariant.regions] }),
    ...(invariant.accountId === '*' ? {} : { accountId: invariant.accountId }),
  };
}

/** Each principal's documents, read from a rendered template's managed policies and attachments. */
function holdingsOf(template: any): Map<string, Holding[]> {
  const resources = Object.values<any>(template.Resources);
  // By logical id: attachments name their policy with Fn::GetAtt.
  const documents = new Map<string, PolicyDocument>(Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'ALIYUN::RAM::ManagedPolicy')
    .map(([id, r]) => [id, r.Properties.PolicyDocumentUnchecked ?? r.Properties.PolicyDocument]));
  const held = new Map<string, Holding[]>();
  for (const r of resources) {
    const kind = /^ALIYUN::RAM::AttachPolicyTo(User|Group|Role)$/.exec(r.Type)?.[1];
    if (!kind) continue;
    const p = r.Properties;
    const label = `${kind.toLowerCase()}:${p[`${kind}Name`]}`;
    const document = p.PolicyType === 'System' ? systemPolicyDocument(p.PolicyName)! : documents.get(p.PolicyName['Fn::GetAtt'][0])!;
    held.set(label, [...(held.get(label) ?? []), { document }]);
  }
  return held;
}

test('a RegistryAccess synthesizes exactly when brute force finds no forbidden request', () => {
  let passing = 0;
  let failing = 0;
  fc.assert(fc.property(fc.array(grantArb, { minLength: 1, maxLength: 3 }), fc.array(invariantArb, { minLength: 1, maxLength: 2 }), (grants, invariants) => {
    const plain = newStack();
    new RegistryAccess(plain, 'Access', { grants: grants.map(specOf) });
    const expected = bruteForce(holdingsOf(synthTemplate(plain)), invariants);
    const guarded = newStack();
    new RegistryAccess(guarded, 'Access', { grants: grants.map(specOf), invariants: invariants.map(inputOf) });
    let error = '';
    try {
      synthTemplate(guarded);
    } catch (e) {
      error = (e as Error).message;
    }
    // One error line per broken invariant and principal, in the check's order.
    const broken = [...error.matchAll(/invariants\[(\d+)\]: invariant "[^"]*" is broken: (\S+) may be allowed/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(broken).toEqual(expected);
    if (expected.length === 0) passing++; else failing++;
  }), { seed: 20261202, numRuns: 30 });
  expect(Math.min(passing, failing)).toBeGreaterThan(4);
});
