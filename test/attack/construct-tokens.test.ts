/**
 * Construct-side attacks: a value checked when the grant is made must be the value deployed.
 * Each test asserts the safe outcome (refused at construction or synth, or a rendered template
 * whose parameter still keeps the namespace inside the rule).
 */
import * as ros from '@alicloud/ros-cdk-core';
import { NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { newStack, synthTemplate } from '../synth';

const BASE = { instanceId: 'cri-123456', access: NamespaceAccess.FULL, users: ['alice'] };

/** Whether the synthesized parameter Namespace may be "*" (its AllowedPattern admits it). */
function admitsStar(template: any): boolean {
  const declared = template.Parameters?.Namespace;
  if (declared?.AllowedValues) return declared.AllowedValues.includes('*');
  return new RegExp(declared?.AllowedPattern ?? '').test('*');
}

function synthOrRefuse(build: (stack: ros.Stack) => void): any {
  const stack = newStack();
  try {
    build(stack);
    return synthTemplate(stack);
  } catch {
    return undefined; // refused: safe
  }
}

describe('a parameter checked at construction stays checked', () => {
  test('props of a parameter mutated after the grant is made', () => {
    const template = synthOrRefuse((stack) => {
      const props = { type: ros.RosParameterType.STRING, allowedPattern: NamespaceGrant.NAMESPACE_PATTERN };
      const p = new ros.RosParameter(stack, 'Namespace', props);
      new NamespaceGrant(stack, 'Grant', { ...BASE, namespace: p.valueAsString });
      props.allowedPattern = '.*';
    });
    expect(template === undefined || !admitsStar(template)).toBe(true);
  });

  test('a Lazy AllowedPattern that changes after the grant is made', () => {
    let pattern = NamespaceGrant.NAMESPACE_PATTERN;
    const template = synthOrRefuse((stack) => {
      const p = new ros.RosParameter(stack, 'Namespace', { type: ros.RosParameterType.STRING, allowedPattern: ros.Lazy.stringValue({ produce: () => pattern }) });
      new NamespaceGrant(stack, 'Grant', { ...BASE, namespace: p.valueAsString });
      pattern = '.*';
    });
    expect(template === undefined || !admitsStar(template)).toBe(true);
  });

  test('RegistryAccess: props of a parameter mutated after the grant is added', () => {
    const template = synthOrRefuse((stack) => {
      const props = { type: ros.RosParameterType.STRING, allowedValues: ['team-a'] };
      const p = new ros.RosParameter(stack, 'Namespace', props);
      new RegistryAccess(stack, 'Access', { grants: [{ ...BASE, namespace: p.valueAsString }] });
      props.allowedValues.push('*');
    });
    expect(template === undefined || !admitsStar(template)).toBe(true);
  });
});
