/**
 * Access levels as data: which `cr:` actions each level grants, and on what.
 *
 * Actions and resources follow the Container Registry authorization rules:
 * https://www.alibabacloud.com/help/en/acr/user-guide/ram-authorization-information
 * (EE resource ARNs, `cr:GetAuthorizationToken` authorized on `*`, `cr:PullRepository`,
 * `cr:PushRepository` and `cr:CreateRepository` authorized on a repository ARN).
 * The console statements and `FULL` are the custom policy of
 * https://www.alibabacloud.com/help/en/acr/user-guide/attach-a-custom-policy-to-a-ram-user
 * The actions are named in the catalogue, actions.ts.
 */
import { CR, CR_PATTERNS } from './actions';

/** What a grantee may do in a namespace. */
export enum NamespaceAccess {
  /** `docker pull` from the namespace's repositories, and nothing else. */
  PULL = 'PULL',
  /** `PULL`, plus `docker push` into existing repositories and ones the namespace auto-creates on push. */
  PUSH_PULL = 'PUSH_PULL',
  /** Every Container Registry action on the namespace and its repositories (`cr:*`). */
  FULL = 'FULL',
}

/** Where a statement applies, relative to the granted instance and namespace. */
export enum Scope {
  /** `*`: actions RAM authorizes on no particular resource. */
  ANY = 'ANY',
  /** `repository/<instance>/<namespace>`: the namespace itself. */
  NAMESPACE = 'NAMESPACE',
  /** `repository/<instance>/<namespace>/*`: every repository in the namespace. */
  NAMESPACE_REPOSITORIES = 'NAMESPACE_REPOSITORIES',
  /** `repository/<instance>/*`: every namespace of the instance (console listing). */
  INSTANCE_NAMESPACES = 'INSTANCE_NAMESPACES',
  /** `repository/<instance>/*\/*`: every repository of the instance (console listing). */
  INSTANCE_REPOSITORIES = 'INSTANCE_REPOSITORIES',
}

/** Actions granted together on the same scopes; one statement when rendered. */
export interface StatementTemplate {
  readonly actions: readonly string[];
  readonly scopes: readonly Scope[];
}

/** The registry login: authorized on `*`, so it can never be narrowed to a namespace. */
export const AUTHORIZATION_TOKEN: StatementTemplate = {
  actions: [CR.GET_AUTHORIZATION_TOKEN],
  scopes: [Scope.ANY],
};

/** The console procedure's first statement: see instances and their signatures. */
export const CONSOLE_INSTANCES: StatementTemplate = {
  actions: [...CR_PATTERNS.CONSOLE_INSTANCES],
  scopes: [Scope.ANY],
};

/** The console procedure's last statement: list the instance's namespaces and repositories. */
export const CONSOLE_LISTING: StatementTemplate = {
  actions: [CR_PATTERNS.LIST],
  scopes: [Scope.INSTANCE_NAMESPACES, Scope.INSTANCE_REPOSITORIES],
};

/** Each level's own statements, before console access is added. */
export const LEVEL_STATEMENTS: { readonly [level in NamespaceAccess]: readonly StatementTemplate[] } = {
  [NamespaceAccess.PULL]: [
    AUTHORIZATION_TOKEN,
    { actions: [CR.PULL_REPOSITORY], scopes: [Scope.NAMESPACE_REPOSITORIES] },
  ],
  [NamespaceAccess.PUSH_PULL]: [
    AUTHORIZATION_TOKEN,
    {
      // CreateRepository lets a push create the repository when the namespace auto-creates them.
      actions: [CR.CREATE_REPOSITORY, CR.PULL_REPOSITORY, CR.PUSH_REPOSITORY],
      scopes: [Scope.NAMESPACE_REPOSITORIES],
    },
  ],
  [NamespaceAccess.FULL]: [
    { actions: [CR_PATTERNS.ALL], scopes: [Scope.NAMESPACE_REPOSITORIES, Scope.NAMESPACE] },
  ],
};

/**
 * The statements one grant needs, in the console procedure's order: instance listing,
 * the level's statements, namespace listing. `FULL` with the console is exactly the
 * procedure's policy; `FULL` without it adds the login token, which is then the only way
 * for the grantee to log in to the registry.
 */
export function statementTemplates(level: NamespaceAccess, consoleAccess: boolean): StatementTemplate[] {
  const own = [...LEVEL_STATEMENTS[level]];
  if (!consoleAccess) {
    return own.includes(AUTHORIZATION_TOKEN) ? own : [AUTHORIZATION_TOKEN, ...own];
  }
  return [CONSOLE_INSTANCES, ...own, CONSOLE_LISTING];
}

/** Every level, weakest first: the order used in reports. */
export const ACCESS_LEVELS: readonly NamespaceAccess[] = [
  NamespaceAccess.PULL,
  NamespaceAccess.PUSH_PULL,
  NamespaceAccess.FULL,
];

export function parseAccess(value: string): NamespaceAccess | undefined {
  return ACCESS_LEVELS.find((level) => level === value);
}
