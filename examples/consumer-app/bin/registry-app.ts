#!/usr/bin/env node
import * as ros from '@alicloud/ros-cdk-core';
import { RegistryAppStack } from '../lib/registry-app-stack';

const app = new ros.App();
new RegistryAppStack(app, 'RegistryAppStack');
app.synth();
