import * as ros from '@alicloud/ros-cdk-core';

/**
 * The template form ROS CDK builds for a stack or one of its elements. The method that builds it
 * is internal to ROS CDK, and this is the one place that calls it: checks made while the app
 * validates need a stack's template before ROS CDK writes it (`Stack.synthesize` writes the file
 * only after validation), and a parameter's constraints are private to `ros.RosParameter`.
 */
function rosTemplateOf(element: ros.Stack | ros.RosElement): any {
  return (element as unknown as { _toRosTemplate(): any })._toRosTemplate();
}

/** A stack's ROS template as synthesis will write it. */
export function stackTemplate(stack: ros.Stack): any {
  return rosTemplateOf(stack);
}

/**
 * What the template declares for a parameter (Type, AllowedPattern, AllowedValues, Default), as
 * ROS CDK writes it, tokens unresolved; ROS CDK offers no other view of a parameter's constraints.
 */
export function parameterDeclaration(parameter: ros.RosParameter): unknown {
  const template = rosTemplateOf(parameter) as { Parameters: { [id: string]: unknown } };
  return Object.values(template.Parameters)[0];
}

/**
 * The declaration as the stack's template will carry it: resolved in its stack, as
 * `Stack._toRosTemplate` resolves each element's fragment. Its props are read as they are now,
 * so what changed since a value was checked shows here.
 */
export function deployedParameterDeclaration(parameter: ros.RosParameter): unknown {
  return ros.Stack.of(parameter).resolve(parameterDeclaration(parameter));
}
