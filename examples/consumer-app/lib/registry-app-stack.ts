import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { Grantee, NamespaceAccess, NamespaceGrant, RegistryAccess } from 'ros-cdk-cr-grants';

export class RegistryAppStack extends ros.Stack {
  constructor(scope: ros.Construct, id: string, props?: ros.StackProps) {
    super(scope, id, props);
    // The platform team's reviewed grants file, relative to the folder the app runs in.
    RegistryAccess.fromFile(this, 'Grants', 'grants.yaml');
    // This app's deployer may push to its own namespace.
    const deployer = new ram.User(this, 'Deployer', { userName: 'registry-app-deployer' });
    new NamespaceGrant(this, 'DeployerPush', {
      instanceId: 'cri-123456',
      namespace: 'registry-app',
      access: NamespaceAccess.PUSH_PULL,
      consoleAccess: false,
      grantees: [Grantee.fromPrincipal(deployer)],
    });
  }
}
