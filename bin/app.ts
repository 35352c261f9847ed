#!/usr/bin/env node
/**
 * The ROS CDK app that `cdk.json` runs (`ros-cdk synth`, `ros-cdk deploy`, `npm run synth`):
 * one stack with the grants of a grants file. The file comes from the context value
 * `grants` (`-c grants=path`), relative to the working directory; default
 * `examples/grants.yaml`.
 */
import * as ros from '@alicloud/ros-cdk-core';
import { RegistryAccess } from '../lib';

export const DEFAULT_GRANTS_FILE = 'examples/grants.yaml';

const app = new ros.App();
const grantsFile = app.node.tryGetContext('grants') ?? DEFAULT_GRANTS_FILE;
const stack = new ros.Stack(app, 'CrGrants', {
  description: `Container Registry grants from ${grantsFile}`,
});
RegistryAccess.fromFile(stack, 'Grants', grantsFile);
app.synth();
