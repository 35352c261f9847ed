import * as ros from '@alicloud/ros-cdk-core';
import { RegistryAppStack } from '../lib/registry-app-stack';

test('the stack synthesizes the reviewed template', () => {
  const app = new ros.App();
  const stack = new RegistryAppStack(app, 'MyTestStack');
  expect(app.synth().getStackByName(stack.stackName).template).toMatchSnapshot();
});
