/**
 * A bigger ROS CDK app that composes the constructs: the platform team's grants come from
 * the reviewed file, and an application stack adds its own deployer user with PUSH_PULL on
 * its namespace, referencing the user it creates.
 */
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { Grantee, NamespaceAccess, NamespaceGrant, RegistryAccess } from '../lib';

export function buildComposedApp(app: ros.App): ros.Stack[] {
  const platform = new ros.Stack(app, 'PlatformRegistryAccess');
  RegistryAccess.fromFile(platform, 'Grants', path.join(__dirname, 'grants.yaml'));

  const checkout = new ros.Stack(app, 'CheckoutService');
  const deployer = new ram.User(checkout, 'Deployer', { userName: 'checkout-deployer' });
  new NamespaceGrant(checkout, 'DeployerPush', {
    instanceId: 'cri-5jx0k2m8q4w7r1t9',
    namespace: 'checkout',
    access: NamespaceAccess.PUSH_PULL,
    regions: ['cn-shanghai'],
    consoleAccess: false,
    grantees: [Grantee.fromPrincipal(deployer)],
  });
  return [platform, checkout];
}

if (require.main === module) {
  const app = new ros.App();
  buildComposedApp(app);
  app.synth();
}
