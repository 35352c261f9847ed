/**
 * The public, typed view of a RAM policy document that a construct rendered. The template holds
 * the document as planned (lib/model/policy.ts); this view gives every Action and Resource as a
 * list, which RAM reads the same way as a single string.
 * Grammar: https://www.alibabacloud.com/help/en/ram/user-guide/policy-structure-and-syntax
 */
import { PolicyDocument as PlannedDocument, asList } from '../model/policy';

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
}

/** The typed view of a planned document. */
export function typedDocument(document: PlannedDocument): PolicyDocument {
  return {
    version: document.Version,
    statement: document.Statement.map((s): PolicyStatement => {
      // The planner writes neither; a view without them would hide what the template grants.
      if (s.NotAction !== undefined || s.Condition !== undefined || s.Action === undefined) {
        throw new Error(`internal error: a planned statement has NotAction or Condition: ${JSON.stringify(s)}`);
      }
      return { effect: s.Effect, action: asList(s.Action), resource: asList(s.Resource) };
    }),
  };
}
