/**
 * The Container Registry action catalogue: the `cr:` actions and action patterns this library
 * grants, probes and judges, named once. Access levels (access.ts), the analysis (witness
 * requests name real actions) and the checker's rules (which patterns hand out writes) take their
 * actions from here.
 *
 * Sources (each API reference page has an "Authorization information" table giving the RAM action,
 * its access level — create, update, delete, get, list — and its resource type):
 * - https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information (ARN formats,
 *   and the API-to-action table: chart namespaces and repositories use the namespace and repository
 *   actions on `chart/` ARNs)
 * - https://www.alibabacloud.com/help/en/acr/developer-reference/api-overview and the pages it lists,
 *   https://www.alibabacloud.com/help/en/acr/developer-reference/api-cr-2018-12-01-<api name>:
 *   triggers are authorized as `cr:CreateWebHook` / `cr:UpdateWebHook` / `cr:DeleteWebHook`,
 *   build rules as `cr:*RepositoryBuildRule`, builds as `cr:BuildRepositoryByRule|ByRecord` and
 *   `cr:CancelBuildRepository`, source code bindings as `cr:*SourceRepository`, sync rules and tasks
 *   as `cr:CreateSyncRule`, `cr:DeleteSyncRule`, `cr:CreateRepositorySync`, `cr:CancelRepoSyncTask`,
 *   tag deletion as `cr:DeleteRepositoryTag`, chart namespace and repository deletion as
 *   `cr:DeleteNamespace` / `cr:DeleteRepository`; lifecycle, artifact build, subscription, event
 *   centre, scan, delivery chain, storage domain routing, endpoint ACL and VPC link actions carry
 *   their API's name and are authorized on `instance/<id>` ARNs.
 * - https://www.alibabacloud.com/help/en/acr/user-guide/grant-ram-user-system-policy and the RAM
 *   system policy pages that name Container Registry actions (`cr:CreateArtifactBuildTask`,
 *   `cr:TagResources`, `cr:UntagResources`, ...).
 * Where a page discloses no authorization (`cr:ResetLoginPassword`) or an older page names the API
 * itself, the API's name is listed too: an extra name costs nothing, a missing one hides a write.
 *
 * The console's patterns are those of the custom policy of
 * https://www.alibabacloud.com/help/en/acr/user-guide/attach-a-custom-policy-to-a-ram-user
 */
import { actionMatches } from './evaluator';

/** Single Container Registry Enterprise Edition actions. */
export const CR = {
  /** The registry login (`docker login`); authorized on `*` only. */
  GET_AUTHORIZATION_TOKEN: 'cr:GetAuthorizationToken',
  PULL_REPOSITORY: 'cr:PullRepository',
  PUSH_REPOSITORY: 'cr:PushRepository',
  CREATE_REPOSITORY: 'cr:CreateRepository',
  GET_REPOSITORY: 'cr:GetRepository',
  UPDATE_REPOSITORY: 'cr:UpdateRepository',
  DELETE_REPOSITORY: 'cr:DeleteRepository',
  DELETE_REPOSITORY_TAG: 'cr:DeleteRepositoryTag',
  CREATE_NAMESPACE: 'cr:CreateNamespace',
  GET_NAMESPACE: 'cr:GetNamespace',
  UPDATE_NAMESPACE: 'cr:UpdateNamespace',
  DELETE_NAMESPACE: 'cr:DeleteNamespace',
  LIST_INSTANCE: 'cr:ListInstance',
  LIST_NAMESPACE: 'cr:ListNamespace',
  LIST_REPOSITORY: 'cr:ListRepository',
} as const;

/** Action patterns the library writes into policies. */
export const CR_PATTERNS = {
  /** Every Container Registry action. */
  ALL: 'cr:*',
  /** Listing, as the console does it. */
  LIST: 'cr:List*',
  /** What the console reads about instances and their signatures. */
  CONSOLE_INSTANCES: ['cr:ListInstance*', 'cr:GetInstance*', 'cr:ListSignature*'],
} as const;

/** Every known action, the everyday image requests first so witnesses prefer them. */
export const CR_ACTION_CATALOGUE: readonly string[] = [
  CR.PULL_REPOSITORY, CR.PUSH_REPOSITORY, CR.GET_AUTHORIZATION_TOKEN,
  // Repositories and their images.
  'cr:CreateRepository', 'cr:GetRepository', 'cr:ListRepository', 'cr:UpdateRepository', 'cr:DeleteRepository',
  'cr:ListRepoTag', 'cr:GetRepoTag', 'cr:DeleteRepoTag', 'cr:ListRepoTagScanResult', 'cr:GetRepoTagScanSummary',
  'cr:CreateRepoTagScanTask', 'cr:GetRepoTagManifest',
  // Namespaces.
  'cr:CreateNamespace', 'cr:GetNamespace', 'cr:ListNamespace', 'cr:UpdateNamespace', 'cr:DeleteNamespace',
  // Builds, triggers, synchronization and lifecycle of repositories, by API name.
  'cr:CreateRepoBuildRule', 'cr:ListRepoBuildRule', 'cr:DeleteRepoBuildRule', 'cr:CreateBuildRecordByRule',
  'cr:ListRepoBuildRecord', 'cr:GetRepoBuildRecord', 'cr:CancelRepoBuildRecord',
  'cr:CreateRepoTrigger', 'cr:ListRepoTrigger', 'cr:UpdateRepoTrigger', 'cr:DeleteRepoTrigger',
  'cr:CreateRepoSyncRule', 'cr:ListRepoSyncRule', 'cr:DeleteRepoSyncRule', 'cr:CreateRepoSyncTask',
  'cr:CreateRepoSyncTaskByRule', 'cr:ListRepoSyncTask', 'cr:GetRepoSyncTask', 'cr:CancelRepoSyncTask',
  'cr:CreateArtifactLifecycleRule', 'cr:ListArtifactLifecycleRule', 'cr:GetArtifactLifecycleRule',
  'cr:UpdateArtifactLifecycleRule', 'cr:DeleteArtifactLifecycleRule',
  'cr:CreateArtifactBuildRule', 'cr:GetArtifactBuildRule', 'cr:GetArtifactBuildTask', 'cr:CancelArtifactBuildTask',
  // Instances and their endpoints.
  'cr:ListInstance', 'cr:GetInstance', 'cr:GetInstanceCount', 'cr:GetInstanceUsage', 'cr:GetInstanceEndpoint',
  'cr:ListInstanceEndpoint', 'cr:UpdateInstanceEndpointStatus', 'cr:CreateInstanceEndpointAclPolicy',
  'cr:DeleteInstanceEndpointAclPolicy', 'cr:ListInstanceEndpointAclPolicy', 'cr:GetInstanceVpcEndpoint',
  'cr:CreateInstanceVpcEndpointLinkedVpc', 'cr:DeleteInstanceVpcEndpointLinkedVpc', 'cr:ListInstanceRegion',
  'cr:ChangeResourceGroup', 'cr:ResetLoginPassword', 'cr:DeleteInstance',
  // Charts.
  'cr:CreateChartNamespace', 'cr:GetChartNamespace', 'cr:ListChartNamespace', 'cr:UpdateChartNamespace',
  'cr:DeleteChartNamespace', 'cr:CreateChartRepository', 'cr:GetChartRepository', 'cr:ListChartRepository',
  'cr:UpdateChartRepository', 'cr:DeleteChartRepository', 'cr:ListChart', 'cr:DeleteChartRelease',
  // Signatures and scanning.
  'cr:ListSignatures',
  // The names the authorization tables give where they differ from the API's name.
  'cr:CreateRepoTag', 'cr:DeleteRepositoryTag', 'cr:ListRepositoryTag',
  'cr:CreateWebHook', 'cr:UpdateWebHook', 'cr:DeleteWebHook', 'cr:ListWebHook', 'cr:GetWebHookLog',
  'cr:CreateRepositoryBuildRule', 'cr:UpdateRepositoryBuildRule', 'cr:DeleteRepositoryBuildRule',
  'cr:ListRepositoryBuildRule', 'cr:BuildRepositoryByRule', 'cr:BuildRepositoryByRecord', 'cr:CancelBuildRepository',
  'cr:GetRepositoryBuildLog', 'cr:CreateSourceRepository', 'cr:UpdateSourceRepository', 'cr:GetSourceRepository',
  'cr:CreateSyncRule', 'cr:DeleteSyncRule', 'cr:ListSyncRule', 'cr:CreateRepositorySync', 'cr:GetRepositorySync',
  'cr:CreateArtifactBuildTask', 'cr:ListArtifactBuildTaskLog',
  'cr:CreateArtifactSubscriptionRule', 'cr:UpdateArtifactSubscriptionRule', 'cr:DeleteArtifactSubscriptionRule',
  'cr:GetArtifactSubscriptionRule', 'cr:ListArtifactSubscriptionRule', 'cr:CreateArtifactSubscriptionTask',
  'cr:CreateEventCenterRule', 'cr:UpdateEventCenterRule', 'cr:DeleteEventCenterRule',
  'cr:CreateScanRule', 'cr:UpdateScanRule', 'cr:DeleteScanRule', 'cr:GetScanRule',
  'cr:CreateChain', 'cr:UpdateChain', 'cr:DeleteChain',
  'cr:CreateStorageDomainRoutingRule', 'cr:UpdateStorageDomainRoutingRule', 'cr:DeleteStorageDomainRoutingRule',
  'cr:GetStorageDomainRoutingRule',
  'cr:CreateAccessVpcLink', 'cr:TagResources', 'cr:UntagResources',
];

/**
 * Whether an action only reads: its access level is get or list, which every Container Registry
 * action names with `Get`, `List` or `Pull` (`cr:GetAuthorizationToken` included: the login
 * token lets the holder pull and push only as far as its other actions allow). Actions compare
 * without regard to case, as RAM compares them.
 */
export function isCrReadAction(action: string): boolean {
  return /^cr:(?:get|list|pull)/i.test(action);
}

/**
 * The actions that create, update, delete, push, build, sync or otherwise change something: every
 * catalogued action that does not only read.
 */
export const CR_WRITE_ACTIONS: readonly string[] = CR_ACTION_CATALOGUE.filter((action) => !isCrReadAction(action));

/**
 * The write actions of {@link CR_WRITE_ACTIONS} an Action pattern covers (`cr:Delete*`,
 * `cr:*Repository`). A `cr:` action named outright that the catalogue does not know and that does
 * not read (`Get`, `List`, `Pull`) counts as a write of its own: a new action is not a safe one.
 */
export function writeActionsCoveredBy(pattern: string): string[] {
  const writes = CR_WRITE_ACTIONS.filter((action) => actionMatches(pattern, action));
  const unknown = !pattern.includes('*') && /^cr:/i.test(pattern) && !isCrReadAction(pattern)
    && !CR_ACTION_CATALOGUE.some((action) => actionMatches(pattern, action));
  return unknown ? [pattern] : writes;
}
