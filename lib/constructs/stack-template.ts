import * as ros from '@alicloud/ros-cdk-core';

/**
 * A stack's ROS template as synthesis will write it, for checks made while the app validates:
 * ROS CDK writes templates only after validation (`Stack.synthesize`, which writes the file), and
 * the method that builds one is internal to it, so this is the one place that calls it.
 */
export function stackTemplate(stack: ros.Stack): any {
  return (stack as unknown as { _toRosTemplate(): any })._toRosTemplate();
}
