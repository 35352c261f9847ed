/**
 * An app of two stacks that share principals, in three versions, synthesized into the cloud
 * assemblies beside this file (`v1/`, `moved/`, `widened/`) that docs/review.md reviews:
 *
 * - v1: `Platform` creates the group `developers` and the user `alice` (a member) and grants the
 *   group PULL on `web`; `Checkout` grants alice, by name, PUSH_PULL on `checkout`, and the group
 *   PULL on it.
 * - moved: alice's grant moves from `Checkout` to `Platform`, unchanged.
 * - widened: the same move, with FULL instead of PUSH_PULL.
 *
 * `npx ts-node examples/assembly/app.ts` writes the three folders again; a test holds them to
 * what this file synthesizes.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { Grantee, NamespaceAccess, NamespaceGrant } from '../../lib';

export const ASSEMBLY_VERSIONS = ['v1', 'moved', 'widened'] as const;
export type AssemblyVersion = typeof ASSEMBLY_VERSIONS[number];

const INSTANCE = 'cri-5jx0k2m8q4w7r1t9';

export function buildAssemblyApp(app: ros.App, version: AssemblyVersion): ros.Stack[] {
  const platform = new ros.Stack(app, 'Platform');
  const developers = new ram.Group(platform, 'Developers', { groupName: 'developers' });
  new ram.User(platform, 'Alice', { userName: 'alice', groups: [developers.attrGroupName] });
  new NamespaceGrant(platform, 'WebPull', {
    instanceId: INSTANCE, namespace: 'web', access: NamespaceAccess.PULL, grantees: [Grantee.fromPrincipal(developers)],
  });

  const checkout = new ros.Stack(app, 'Checkout');
  checkout.addDependency(platform);
  new NamespaceGrant(checkout, 'DevelopersPull', {
    instanceId: INSTANCE, namespace: 'checkout', access: NamespaceAccess.PULL, groups: ['developers'],
  });
  const alicePush = {
    instanceId: INSTANCE,
    namespace: 'checkout',
    access: version === 'widened' ? NamespaceAccess.FULL : NamespaceAccess.PUSH_PULL,
    users: ['alice'],
  };
  new NamespaceGrant(version === 'v1' ? checkout : platform, 'AlicePush', alicePush);
  return [platform, checkout];
}

/** Synthesizes one version into `outdir`, as `ros-cdk synth` would (without construct stack traces). */
export function synthesizeAssembly(version: AssemblyVersion, outdir: string): void {
  const app = new ros.App({ outdir, stackTraces: false });
  buildAssemblyApp(app, version);
  app.synth();
}

if (require.main === module) {
  for (const version of ASSEMBLY_VERSIONS) {
    const outdir = path.join(__dirname, version);
    fs.rmSync(outdir, { recursive: true, force: true });
    synthesizeAssembly(version, outdir);
  }
}
