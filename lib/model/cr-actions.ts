/**
 * Container Registry Enterprise Edition actions by name, as the API reference's "Authorization
 * information" sections and the authorization rules name them:
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 *
 * Reviews use the list to show real action names in witness requests; nothing decides access
 * from it (the analysis reads the documents' own patterns).
 */
export const CR_ACTION_CATALOGUE: readonly string[] = [
  // Images: the everyday requests first, so witnesses prefer them.
  'cr:PullRepository', 'cr:PushRepository', 'cr:GetAuthorizationToken',
  // Repositories and their images.
  'cr:CreateRepository', 'cr:GetRepository', 'cr:ListRepository', 'cr:UpdateRepository', 'cr:DeleteRepository',
  'cr:ListRepoTag', 'cr:GetRepoTag', 'cr:DeleteRepoTag', 'cr:ListRepoTagScanResult', 'cr:GetRepoTagScanSummary',
  'cr:CreateRepoTagScanTask', 'cr:GetRepoTagManifest',
  // Namespaces.
  'cr:CreateNamespace', 'cr:GetNamespace', 'cr:ListNamespace', 'cr:UpdateNamespace', 'cr:DeleteNamespace',
  // Builds, triggers, synchronization and lifecycle of repositories.
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
];
