/**
 * The Container Registry action catalogue: the `cr:` actions and action patterns this library
 * grants, probes and judges, named once. Access levels (access.ts), the analysis and the checker's
 * rules take their actions from here.
 *
 * Actions, the resources they are authorized on, and which of them change things:
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
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

/**
 * Container Registry Enterprise Edition actions that change something, by what they change, as
 * the authorization rules and the API reference's "Authorization information" (access level
 * create / update / delete / write) name them.
 */
export const CR_WRITE_ACTIONS: readonly string[] = [
  // Namespaces (chart namespaces are authorized with the same actions on chart/ ARNs).
  CR.CREATE_NAMESPACE, CR.UPDATE_NAMESPACE, CR.DELETE_NAMESPACE,
  // Repositories and images.
  CR.CREATE_REPOSITORY, CR.UPDATE_REPOSITORY, CR.DELETE_REPOSITORY,
  CR.PUSH_REPOSITORY, CR.DELETE_REPOSITORY_TAG,
  // Builds and replication of repositories.
  'cr:BuildRepositoryByRule', 'cr:BuildRepositoryByRecord', 'cr:CancelBuildRepository',
  'cr:CancelArtifactBuildTask', 'cr:CreateRepoSyncRule', 'cr:DeleteSyncRule', 'cr:CancelRepoSyncTask',
  // Instance settings.
  'cr:ChangeResourceGroup', 'cr:CreateAccessVpcLink',
];

/** The write actions of {@link CR_WRITE_ACTIONS} an Action pattern covers (`cr:Delete*`, `cr:*Repository`). */
export function writeActionsCoveredBy(pattern: string): string[] {
  return CR_WRITE_ACTIONS.filter((action) => actionMatches(pattern, action));
}
