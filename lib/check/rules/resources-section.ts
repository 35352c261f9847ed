/**
 * CRG-E016: a ROS template's `Resources` is an object mapping logical ids to resources; ROS refuses
 * a template whose `Resources` is a list, text, a number or null
 * (https://www.alibabacloud.com/help/en/ros/user-guide/template-structure). Nothing in such a
 * template can be read as resources, so the checker reports this alone and judges nothing else:
 * what it would say about the rest would be a guess.
 */
import { isObject, isUnresolvedValue } from '../document';
import { show, TemplateHit, TemplateRule } from '../rule';

export const resourcesSection: TemplateRule = {
  id: 'CRG-E016',
  name: 'resources-section',
  findingClass: 'Error',
  scope: 'template',
  phase: 'shape',
  catches: 'A template that is not an object, or whose `Resources` is not an object of resources (a list, text, a number, null, an intrinsic function); nothing else of it is checked.',
  fix: 'Write `"Resources": { "<LogicalId>": { "Type": "...", "Properties": { ... } } }`.',
  docs: 'https://www.alibabacloud.com/help/en/ros/user-guide/template-structure',
  check(t) {
    if (t.template === undefined) return [];
    const hit = (target: string, message: string): TemplateHit[] => [{
      policyName: '',
      target,
      message,
      hint: 'A ROS template is an object whose "Resources" maps logical ids to {"Type": ..., "Properties": ...} objects.',
      suppressibleFrom: [],
    }];
    if (!isObject(t.template)) return hit('template', `The template is ${describe(t.template)}, not an object; nothing in it was checked.`);
    const resources = t.template.Resources;
    if (resources === undefined || (isObject(resources) && !isUnresolvedValue(resources))) return [];
    return hit('Resources', `Resources is ${describe(resources)}, not an object of resources; nothing in the template was checked.`);
  },
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isUnresolvedValue(value)) return `${show(value).slice(0, 80)}, an intrinsic function`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 60))}`;
  return `the ${typeof value} ${show(value).slice(0, 60)}`;
}
