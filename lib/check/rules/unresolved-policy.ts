/**
 * CRG-S005: policy content only known at deployment — a whole document, its `Statement` list or a
 * statement given by an intrinsic function or a parameter (`{"Ref": "Doc"}`, `Fn::If`, ...), or an
 * `Effect`, `Action`, `NotAction` or `Resource` value that is one. ROS fills such values in at
 * deployment (https://www.alibabacloud.com/help/en/ros/user-guide/functions), so no rule can judge
 * them now, and a parameter may take any value, `*` on `*` included. Read the way that could hide
 * access, they may allow anything; RAM's own check reports overly broad grants as security
 * warnings (https://www.alibabacloud.com/help/en/ram/permission-policy-check).
 *
 * A Deny statement with such an Action, NotAction or Resource is not reported: it can only take
 * access away, and no rule counts on a Deny. An unknown Effect may be Allow, so it is.
 *
 * A Resource entry built from ROS parameters is not reported when the template's `Parameters`
 * section bounds every value it can take to the rules of the ARN segments it fills (region,
 * account, instance id, namespace), as a grant's constrained parameters are: ROS refuses any other
 * value (https://www.alibabacloud.com/help/en/ros/user-guide/overview-10). The other rules judge
 * such an entry by its shape (../parameters.ts). An unconstrained parameter may be `*`, so it is.
 */
import { isObject, isUnresolvedValue, unresolvedEntries } from '../document';
import { DOCS, DocumentRule, RuleHit, show } from '../rule';

const HINT = 'Write the policy content into the template as literal JSON (a value ROS CDK resolves at synth is fine), or suppress CRG-S005 with the reason the value is safe whatever it turns out to be.';
const RESOURCE_HINT = 'Write the resource as literal text, or build its region, account, instance id or namespace from a String parameter whose AllowedPattern or AllowedValues keep it inside the field\'s rule (NamespaceGrant.NAMESPACE_PATTERN, ...), or suppress CRG-S005 with the reason the value is safe whatever it turns out to be.';

export const unresolvedPolicy: DocumentRule = {
  id: 'CRG-S005',
  name: 'unresolved-policy',
  findingClass: 'SecurityWarning',
  scope: 'document',
  catches: 'Policy content only known at deployment: a document, `Statement` list or statement given by an intrinsic function or parameter (`{"Ref": "Doc"}`), or an `Effect`, `Action`, `NotAction` or `Resource` that is one. It cannot be checked before deployment; it may allow anything. A Resource whose region, account, instance id or namespace comes from a parameter constrained to the field\'s rule passes.',
  fix: 'Write the document, its statements and their Effect, Action and Resource as literal values, or suppress with the reason the value is safe.',
  docs: DOCS.policyCheck,
  check(doc) {
    if (doc.unresolved) {
      return [{ target: 'PolicyDocument', message: 'The policy document is only known at deployment; it cannot be checked before deployment and may allow anything.', hint: HINT }];
    }
    if (!doc.document) return [];
    const list = doc.document.Statement;
    if (isUnresolvedValue(list)) {
      return [{ target: 'Statement', message: `The Statement list is ${show(list)}, only known at deployment; it cannot be checked before deployment and may allow anything.`, hint: HINT }];
    }
    if (!Array.isArray(list)) return [];
    const hits: RuleHit[] = [];
    list.forEach((raw, index) => {
      if (isUnresolvedValue(raw) && typeof raw !== 'string') {
        hits.push({ statementIndex: index, target: `#${index}`, message: `Statement ${index} is ${show(raw)}, only known at deployment; it cannot be checked before deployment and may allow anything.`, hint: HINT });
        return;
      }
      if (!isObject(raw)) return;
      const effect = raw.Effect;
      if (isUnresolvedValue(effect)) {
        hits.push({ statementIndex: index, target: 'Effect', message: `Statement ${index}: Effect is ${show(effect)}, only known at deployment; it may be Allow, and the statement cannot be checked before deployment.`, hint: HINT });
      } else if (effect !== 'Allow') {
        return;
      }
      const statement = doc.statements.find((s) => s.index === index);
      for (const key of ['Action', 'NotAction', 'Resource'] as const) {
        if (raw[key] === undefined) continue;
        // A Resource entry whose parameters keep it inside the fields' rules is judged by the other rules.
        const open = key === 'Resource' ? statement?.openResources ?? [] : unresolvedEntries(raw[key]).map((e) => ({ label: show(e), why: undefined }));
        if (open.length === 0) continue;
        const shown = isUnresolvedValue(raw[key]) ? show(open[0].label) : show(open.map((e) => e.label));
        const why = open.filter((e) => e.why !== undefined).map((e) => ` (${e.why})`).join('');
        hits.push({
          statementIndex: index,
          target: key,
          message: `Statement ${index}: ${key} ${shown} is only known at deployment${why}; it cannot be checked before deployment and may ${key === 'NotAction' ? 'exclude nothing' : `stand for any ${key === 'Action' ? 'action' : 'resource'}`}.`,
          hint: key === 'Resource' ? RESOURCE_HINT : HINT,
        });
      }
    });
    return hits;
  },
};
