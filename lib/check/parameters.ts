/**
 * Whether a value built from parameters stays inside the rules of the fields it fills,
 * whatever values ROS deploys. ROS takes a parameter's value at stack creation, its Default when
 * none is given, and refuses a value outside its AllowedValues or AllowedPattern
 * (https://www.alibabacloud.com/help/en/ros/user-guide/overview-10); the pseudo parameters
 * `ALIYUN::Region` and `ALIYUN::AccountId` are the stack's own region and account
 * (https://www.alibabacloud.com/help/en/ros/user-guide/pseudo-parameters). The template's
 * `Parameters` section is read and decided by the model's parameter-values code, the same that
 * lets a constrained parameter into a grant (lib/constructs/tokens.ts), so what a grant accepts
 * at synth the checker accepts in the template.
 *
 * A system policy name built from parameters is read the same way: it passes when no value it can
 * take names a system policy that needs a reason (CRG-S003, CRG-S007).
 *
 * Only the segments of a Container Registry ARN that a grant fills have a rule: region, account,
 * instance id and namespace (`acs:cr:<region>:<account>:repository/<instance>/<namespace>/...`).
 * Every rule there excludes `:`, `/`, `*` and `?`, so an entry whose parameters are inside their
 * rules has the ARN's shape and wildcards of its literal text, for every value deployed.
 */
import { FieldRule, FIELD_RULES } from '../model/field-rules';
import { OutsideRule, ValuePart, findValueAmong, findValueOutsideRule, parameterValuePart } from '../model/parameter-values';
import { Hole, PartialText, labelOf } from '../template/values';

/** A template's `Parameters` section: declarations by name. */
export type ParameterDeclarations = { readonly [name: string]: unknown };

/**
 * An entry with holes, read: `standIn` when every value it can take keeps each hole inside its
 * field's rule (the entry with each such segment written as the rule's example, which every rule
 * of the checker judges as it judges any deployed value), else `open` with the reason.
 */
export type EntryReading = { readonly standIn: string } | { readonly open: string };

type Part = string | Hole;

/** Reads an entry with holes against the template's parameter declarations. */
export function readResourceEntry(entry: PartialText, declarations: ParameterDeclarations): EntryReading {
  const segments = arnSegments(entry.parts);
  const out: string[] = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    const text = segment.filter((p): p is string => typeof p === 'string').join('');
    if (segment.every((p) => typeof p === 'string')) {
      out.push(text);
      continue;
    }
    const rule = ruleAt(segments, index);
    if (rule === undefined) return { open: `${labelOf({ parts: segment })} is not a region, account, instance id or namespace of a Container Registry ARN, where a parameter is read` };
    const why = outsideRule(segment, rule, declarations);
    if (why !== undefined) return { open: why };
    out.push(rule.example);
  }
  return { standIn: out.slice(0, 4).join(':') + (out.length > 4 ? `:${out.slice(4).join('/')}` : '') };
}

/**
 * The parts cut into ARN segments: at the first four `:`, then at each `/`. A hole never cuts,
 * which holds for the values that pass: no field rule admits `:` or `/`.
 */
function arnSegments(parts: readonly Part[]): Part[][] {
  const segments: Part[][] = [[]];
  let colons = 0;
  for (const part of parts) {
    if (typeof part !== 'string') {
      segments[segments.length - 1].push(part);
      continue;
    }
    let text = '';
    for (const character of part) {
      if (colons < 4 ? character === ':' : character === '/') {
        if (text !== '') segments[segments.length - 1].push(text);
        text = '';
        segments.push([]);
        if (colons < 4) colons++;
      } else {
        text += character;
      }
    }
    if (text !== '') segments[segments.length - 1].push(text);
  }
  return segments;
}

/** The field rule of segment `index`, when the segments before it are the literal text of a CR ARN. */
function ruleAt(segments: readonly Part[][], index: number): FieldRule | undefined {
  const literal = (i: number) => (segments[i]?.every((p) => typeof p === 'string') ? (segments[i] as string[]).join('') : undefined);
  if (literal(0) !== 'acs' || literal(1)?.toLowerCase() !== 'cr' || segments.length < 5) return undefined;
  if (index === 2) return FIELD_RULES.region;
  if (index === 3) return FIELD_RULES.accountId;
  const type = literal(4);
  if (index === 5 && (type === 'repository' || type === 'chart' || type === 'instance')) return FIELD_RULES.instanceId;
  if (index === 6 && (type === 'repository' || type === 'chart')) return FIELD_RULES.namespace;
  return undefined;
}

/** Why a segment may deploy a value outside `rule`; undefined when it cannot. */
function outsideRule(segment: readonly Part[], rule: FieldRule, declarations: ParameterDeclarations): string | undefined {
  const whole = segment.length === 1 ? segment[0] : undefined;
  if (typeof whole === 'object' && whole.ref !== undefined && whole.ref === rule.pseudoParameter) return undefined;
  const parts = valueParts(segment, declarations);
  if (!Array.isArray(parts)) return parts.why;
  const outside = findValueOutsideRule(parts, rule);
  return outside && whyNot(segment, outside, `outside the ${rule.field} rule (${rule.rule})`);
}

/**
 * Why a system policy name with holes may name one of `risky` (compared without regard to case,
 * as RAM compares policy names); undefined when no value it can take does.
 */
export function riskySystemPolicyName(name: PartialText, risky: readonly string[], declarations: ParameterDeclarations): string | undefined {
  const parts = valueParts(name.parts, declarations);
  if (!Array.isArray(parts)) return parts.why;
  const found = findValueAmong(parts, risky);
  return found && whyNot(name.parts, found, 'a system policy that needs a reason');
}

/** What each part can be: text, or a parameter of the template as its declaration bounds it. */
function valueParts(parts: readonly Part[], declarations: ParameterDeclarations): ValuePart[] | { why: string } {
  const out: ValuePart[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      out.push({ kind: 'text', text: part });
      continue;
    }
    if (part.ref === undefined || !Object.prototype.hasOwnProperty.call(declarations, part.ref)) {
      return { why: `${part.hole} in ${labelOf({ parts })} is not a parameter of the template, so its value is not known` };
    }
    const reading = parameterValuePart(part.ref, declarations[part.ref]);
    if ('refused' in reading) return { why: reading.refused };
    out.push(reading.part);
  }
  return out;
}

/** Says which value the parameters of `parts` may take, and what it is. */
function whyNot(parts: readonly Part[], found: OutsideRule, what: string): string {
  const names = parts.filter((p): p is Hole => typeof p !== 'string').map((p) => p.ref).join(', ');
  return 'unreadable' in found
    ? `parameter ${names}: ${found.unreadable}, so any value could be deployed`
    : `${labelOf({ parts })} may be ${JSON.stringify(found.example)}, ${what}`;
}
