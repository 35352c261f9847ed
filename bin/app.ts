#!/usr/bin/env node
/**
 * The ROS CDK app that `cdk.json` runs (`ros-cdk synth`, `ros-cdk deploy`, `npm run synth`).
 */
import * as ros from '@alicloud/ros-cdk-core';
import { SeedGrantStack } from '../examples/seed-grant';

const app = new ros.App();
new SeedGrantStack(app, 'CrGrantsExample');
app.synth();
