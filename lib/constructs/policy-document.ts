/**
 * The public, typed view of a RAM policy document that a construct rendered. The template holds
 * the document as planned (lib/model/policy.ts); this view gives every Action and Resource as a
 * list, which RAM reads the same way as a single string.
 * Grammar: https://www.alibabacloud.com/help/en/ram/user-guide/policy-structure-and-syntax
 */
import { PolicyDocument as PlannedDocument, PolicyStatement as PlannedStatement, asList } from '../model/policy';

/** A RAM policy document, as rendered into the template. */
export interface PolicyDocument {
  /** The policy language version: `"1"`. */
  readonly version: string;
  /** The statements, in the template's order. */
  readonly statement: PolicyStatement[];
}

/** One statement of a rendered policy document. */
export interface PolicyStatement {
  /** `Allow` or `Deny`, as RAM spells them. */
  readonly effect: string;
  /** The actions, e.g. `cr:PullRepository`; a single action in the template is a list of one here. */
  readonly action: string[];
  /** The resources (ARNs or `*`); values given as tokens stay tokens. */
  readonly resource: string[];
  /**
   * The statement's Condition block, operator -> condition key -> values (`{ IpAddress:
   * { 'acs:SourceIp': ['203.0.113.0/24'] } }`); a single value in the template is a list of one here.
   * @default - no condition
   */
  readonly condition?: { [operator: string]: { [key: string]: string[] } };
}

/** The typed view of a planned document. */
export function typedDocument(document: PlannedDocument): PolicyDocument {
  return {
    version: document.Version,
    statement: document.Statement.map((s): PolicyStatement => {
      // The planner never writes it; a view without it would hide what the template grants.
      if (s.NotAction !== undefined || s.Action === undefined) {
        throw new Error(`internal error: a planned statement has NotAction: ${JSON.stringify(s)}`);
      }
      const statement: PolicyStatement = { effect: s.Effect, action: asList(s.Action), resource: asList(s.Resource) };
      return s.Condition === undefined ? statement : { ...statement, condition: typedCondition(s.Condition) };
    }),
  };
}

function typedCondition(condition: NonNullable<PlannedStatement['Condition']>): { [operator: string]: { [key: string]: string[] } } {
  const typed: { [operator: string]: { [key: string]: string[] } } = {};
  for (const [operator, keys] of Object.entries(condition)) {
    typed[operator] = {};
    for (const [key, values] of Object.entries(keys)) typed[operator][key] = (Array.isArray(values) ? values : [values]).map(String);
  }
  return typed;
}
