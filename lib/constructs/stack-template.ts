import * as ros from '@alicloud/ros-cdk-core';
import { AssemblyStack, StackSet } from '../template/stack-set';

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

/** Whether a stack is deployed inside another, its template part of its parent's. */
export function isNestedStack(stack: ros.Stack): boolean {
  return ros.NestedStack.isNestedStack(stack) || stack.nested;
}

/**
 * Top-level stacks as a cloud assembly holds them, to be read as one account: by artifact id,
 * each with its template as synthesis writes it, nested stacks inside. `source` names the set in
 * messages.
 */
export function stackSetOf(stacks: readonly ros.Stack[], source: string): StackSet {
  const all = [...new Set(stacks.flatMap((stack) => [stack, ...stack.node.findAll()].filter((c): c is ros.Stack => ros.Stack.isStack(c))))];
  // A nested stack's template reaches its parent's TemplateBody once it is built; build them first, innermost first.
  for (const nested of all.filter(isNestedStack).sort((a, b) => b.node.scopes.length - a.node.scopes.length)) stackTemplate(nested);
  return new StackSet(all.filter((s) => !isNestedStack(s)).map(assemblyStack), source);
}

function assemblyStack(stack: ros.Stack): AssemblyStack {
  const template = stackTemplate(stack);
  // ROS CDK leaves Resources out of a stack without resources, as loadAssembly reads it.
  return { name: stack.artifactId, template: { ...template, Resources: template.Resources ?? {} }, file: stack.node.path };
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
