#!/usr/bin/env node
/**
 * The ROS CDK app that `cdk.json` runs (`ros-cdk synth`, `ros-cdk deploy`, `npm run synth`):
 * one stack with the grants of a grants file, relative to the working directory. The file is
 * the context value `grants`, default `examples/grants.yaml`. The ros-cdk CLI has no working
 * `-c` option; it passes the context of cdk.json and cdk.context.json (cdk.json wins), and
 * `npm run synth -- -c grants=FILE` adds `-c` values over both.
 */
import * as ros from '@alicloud/ros-cdk-core';
import { RegistryAccess } from '../lib';

export const DEFAULT_GRANTS_FILE = 'examples/grants.yaml';

const app = new ros.App();
const grantsFile = grantsFileOf(app.node.tryGetContext('grants'));
const stack = new ros.Stack(app, 'CrGrants', {
  description: `Container Registry grants from ${grantsFile}`,
});
RegistryAccess.fromFile(stack, 'Grants', grantsFile);
app.synth();

/** cdk.json may hold any JSON value; only a non-empty string names a file. */
function grantsFileOf(value: unknown): string {
  if (value === undefined) return DEFAULT_GRANTS_FILE;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`context grants ${JSON.stringify(value)} must be the path of a grants file ` +
      `(for example "grants": "${DEFAULT_GRANTS_FILE}" in the "context" of cdk.json or in cdk.context.json)`);
  }
  return value;
}
