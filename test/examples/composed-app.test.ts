import * as ros from '@alicloud/ros-cdk-core';
import { buildComposedApp } from '../../examples/composed-app';
import { resourcesOfType } from '../synth';

describe('examples/composed-app.ts', () => {
  test('synthesizes both stacks; the deployer is granted through a reference', () => {
    const app = new ros.App({ stackTraces: false });
    const [platform, checkout] = buildComposedApp(app);
    const assembly = app.synth();
    const platformTemplate = assembly.getStackByName(platform.stackName).template;
    const checkoutTemplate = assembly.getStackByName(checkout.stackName).template;
    expect(Object.keys(resourcesOfType(platformTemplate, 'ALIYUN::RAM::ManagedPolicy')).length).toBeGreaterThan(0);
    const [attach] = Object.values(resourcesOfType(checkoutTemplate, 'ALIYUN::RAM::AttachPolicyToUser'));
    expect(attach.Properties.UserName).toEqual({ 'Fn::GetAtt': ['Deployer', 'UserName'] });
    expect(checkoutTemplate).toMatchSnapshot();
  });
});
