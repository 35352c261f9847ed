import * as ros from '@alicloud/ros-cdk-core';

/** A stack in a fresh app, without construct stack traces (they only slow synth down). */
export function newStack(id = 'TestStack'): ros.Stack {
  const app = new ros.App({ stackTraces: false });
  return new ros.Stack(app, id);
}

/** The template ROS CDK writes for `stack`. */
export function synthTemplate(stack: ros.Stack): any {
  const app = stack.node.root as ros.App;
  return app.synth().getStackByName(stack.stackName).template;
}

/** The template's resources of one ROS type, by logical id. */
export function resourcesOfType(template: any, type: string): { [id: string]: any } {
  const out: { [id: string]: any } = {};
  for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
    if (resource.Type === type) out[id] = resource;
  }
  return out;
}
