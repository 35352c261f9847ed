/**
 * Container Registry Enterprise Edition actions by name: what RAM authorizes a Container Registry
 * request against. Reviews name real actions in witness requests; the checker decides from
 * {@link CR_WRITE_ACTIONS} which patterns hand out writes.
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
 */

/** Every known action, the everyday image requests first so witnesses prefer them. */
export const CR_ACTION_CATALOGUE: readonly string[] = [
  'cr:PullRepository', 'cr:PushRepository', 'cr:GetAuthorizationToken',
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

/** The actions that create, update or delete something: every catalogued action that does not only read. */
export const CR_WRITE_ACTIONS: readonly string[] = CR_ACTION_CATALOGUE.filter((action) => !isCrReadAction(action));
