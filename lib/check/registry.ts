/**
 * Which rules the checker runs, in which order, and which of them a suppression may name.
 * One rule per file in ./rules; a rule is listed here and nowhere else.
 */
import { FieldRule } from '../model/field-rules';
import { compareText } from '../model/principal';
import { suppressionIdRule } from '../model/suppressions';
import { DocumentRule, FindingClass, RuleInfo, TemplateRule } from './rule';
import { actionElement } from './rules/action-element';
import { actionFormat } from './rules/action-format';
import { allowNotAction } from './rules/allow-not-action';
import { arnPrefix } from './rules/arn-prefix';
import { authorizationTokenResource } from './rules/authorization-token-resource';
import { conditionShape } from './rules/condition-shape';
import { crResourceType } from './rules/cr-resource-type';
import { documentShape } from './rules/document-shape';
import { documentSizeRule } from './rules/document-size';
import { eeInstanceSegment } from './rules/ee-instance-segment';
import { effect } from './rules/effect';
import { highRiskSystemPolicy } from './rules/high-risk-system-policy';
import { namespaceName } from './rules/namespace-name';
import { notResource } from './rules/not-resource';
import { policiesPerPrincipal } from './rules/policies-per-principal';
import { policyName as policyNameRule } from './rules/policy-name';
import { privilegeEscalation } from './rules/privilege-escalation';
import { redundantStatement } from './rules/redundant-statement';
import { registryFullAccess } from './rules/registry-full-access';
import { resourceElement } from './rules/resource-element';
import { resourcesSection } from './rules/resources-section';
import { suppressionReason } from './rules/suppression-reason';
import { unknownElement } from './rules/unknown-element';
import { unresolvedPolicy } from './rules/unresolved-policy';
import { unresolvedSystemPolicy } from './rules/unresolved-system-policy';
import { unusedSuppression } from './rules/unused-suppression';
import { version } from './rules/version';
import { wildcardAction } from './rules/wildcard-action';
import { wildcardWrite } from './rules/wildcard-write';

/** Rules that judge one document on its own. */
export const DOCUMENT_RULES: readonly DocumentRule[] = [
  documentShape, version, unknownElement, effect, actionElement, resourceElement, notResource,
  conditionShape, actionFormat, arnPrefix, crResourceType, documentSizeRule,
  unresolvedPolicy, wildcardAction, wildcardWrite, allowNotAction, privilegeEscalation,
  authorizationTokenResource, eeInstanceSegment, namespaceName,
  redundantStatement,
];

/**
 * Rules that need a whole template. CRG-E016 is a `shape` rule: when it finds the template
 * unreadable, the engine reports that alone.
 */
export const TEMPLATE_RULES: readonly TemplateRule[] = [
  resourcesSection, policiesPerPrincipal, policyNameRule, highRiskSystemPolicy, unresolvedSystemPolicy,
  registryFullAccess, suppressionReason, unusedSuppression,
];

/** The finding classes, most serious first. */
export const CLASS_ORDER: readonly FindingClass[] = ['Error', 'SecurityWarning', 'Warning', 'Suggestion'];

/** Every rule, most serious class first, then by id: the order of the README's table. */
export const CHECK_RULES: readonly RuleInfo[] = [...DOCUMENT_RULES, ...TEMPLATE_RULES]
  .map(({ id, name, findingClass, catches, fix, docs }): RuleInfo => ({ id, name, findingClass, catches, fix, docs }))
  .sort((a, b) => CLASS_ORDER.indexOf(a.findingClass) - CLASS_ORDER.indexOf(b.findingClass) || compareText(a.id, b.id));

/** The ids of the rules whose findings can be suppressed: every class but Error. */
export function suppressibleRuleIds(): string[] {
  return CHECK_RULES.filter((r) => r.findingClass !== 'Error').map((r) => r.id);
}

/**
 * The suppression id rule narrowed to the rules the checker has, so grants files, their schema
 * (and editors with it) and constructs refuse a misspelt rule with the same words.
 */
export const CHECKER_SUPPRESSION_ID: FieldRule = suppressionIdRule(suppressibleRuleIds());
