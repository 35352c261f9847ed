export { NamespaceAccess } from './model/access';
export { GranteeKind } from './model/principal';
export { Grantee } from './constructs/grantee';
export { CheckSuppression, GrantSpec } from './constructs/grant-spec';
export { NamespaceGrant, NamespaceGrantProps } from './constructs/namespace-grant';
export { RegistryAccess, RegistryAccessProps } from './constructs/registry-access';
export {
  RegistryAccessStacks, RegistryAccessStacksFileOptions, RegistryAccessStacksOptions, RegistryAccessStacksProps,
} from './constructs/registry-access-stacks';
export { AccessInvariant } from './constructs/access-invariant';
export { PolicyCheck, PolicyCheckProps } from './constructs/policy-check';
export { CrGrantsError } from './model/errors';
export { PolicyDocument, PolicyStatement } from './constructs/policy-document';
export { ChangeKind } from './analysis/diff';
export { ExplainEffect } from './analysis/explain';
export { PrincipalStar, QuestionMark } from './model/wildcard';
export {
  AccessDiff, AccessDiffChange, AccessExplanation, AccessRequest, AccessSummary, AccessSummaryRow, CheckFinding, CheckReport,
  DenyingStatement, FindingClass, Review, ReviewOptions, ReviewTemplate, StatementSource, SummaryCondition, UndecidedPrincipal,
} from './cli/review';
