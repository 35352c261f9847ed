import { ACCESS_LEVELS, LEVEL_STATEMENTS } from '../../lib/model/access';
import { CR, CR_ACTION_CATALOGUE, CR_PATTERNS, CR_WRITE_ACTIONS, isCrReadAction, writeActionsCoveredBy } from '../../lib/model/actions';

describe('the action catalogue', () => {
  test('names single actions as service:Action, each once', () => {
    const single = [...Object.values(CR), ...CR_ACTION_CATALOGUE];
    expect(single.every((a) => /^cr:[A-Z][A-Za-z]+$/.test(a))).toBe(true);
    expect(new Set(Object.values(CR)).size).toBe(Object.values(CR).length);
    expect(new Set(CR_ACTION_CATALOGUE.map((a) => a.toLowerCase())).size).toBe(CR_ACTION_CATALOGUE.length);
  });

  test('catalogues every named action, the everyday image requests first', () => {
    expect(CR_ACTION_CATALOGUE.slice(0, 3)).toEqual(['cr:PullRepository', 'cr:PushRepository', 'cr:GetAuthorizationToken']);
    expect(Object.values(CR).filter((a) => !CR_ACTION_CATALOGUE.includes(a))).toEqual([]);
  });

  test('access levels grant only actions and patterns of the catalogue', () => {
    const known = new Set<string>([...Object.values(CR), CR_PATTERNS.ALL, CR_PATTERNS.LIST, ...CR_PATTERNS.CONSOLE_INSTANCES]);
    const used = ACCESS_LEVELS.flatMap((level) => LEVEL_STATEMENTS[level].flatMap((s) => s.actions));
    expect(used.filter((a) => !known.has(a))).toEqual([]);
  });

  test('writes are every catalogued action that does not only read', () => {
    // What the checker missed before: triggers, lifecycle, ACLs, instance endpoints, DeleteInstance.
    for (const write of ['cr:CreateRepoTrigger', 'cr:CreateWebHook', 'cr:DeleteWebHook', 'cr:UpdateArtifactLifecycleRule',
      'cr:DeleteArtifactLifecycleRule', 'cr:CreateInstanceEndpointAclPolicy', 'cr:DeleteInstanceEndpointAclPolicy',
      'cr:UpdateInstanceEndpointStatus', 'cr:CreateInstanceVpcEndpointLinkedVpc', 'cr:DeleteInstance', 'cr:ResetLoginPassword']) {
      expect(CR_WRITE_ACTIONS).toContain(write);
    }
    // Every write the list named before it was derived from the catalogue is still a write.
    for (const write of [CR.CREATE_NAMESPACE, CR.UPDATE_NAMESPACE, CR.DELETE_NAMESPACE, CR.CREATE_REPOSITORY, CR.UPDATE_REPOSITORY,
      CR.DELETE_REPOSITORY, CR.PUSH_REPOSITORY, CR.DELETE_REPOSITORY_TAG, 'cr:BuildRepositoryByRule', 'cr:BuildRepositoryByRecord',
      'cr:CancelBuildRepository', 'cr:CancelArtifactBuildTask', 'cr:CreateRepoSyncRule', 'cr:DeleteSyncRule', 'cr:CancelRepoSyncTask',
      'cr:ChangeResourceGroup', 'cr:CreateAccessVpcLink']) {
      expect(CR_WRITE_ACTIONS).toContain(write);
    }
    expect(CR_WRITE_ACTIONS.filter(isCrReadAction)).toEqual([]);
    expect(CR_ACTION_CATALOGUE.filter((a) => !CR_WRITE_ACTIONS.includes(a)).every((a) => /^cr:(Get|List|Pull)/.test(a))).toBe(true);
    expect(CR_WRITE_ACTIONS).not.toContain(CR.GET_AUTHORIZATION_TOKEN);
    expect(CR_WRITE_ACTIONS).not.toContain(CR.PULL_REPOSITORY);
  });

  test('writeActionsCoveredBy: the write actions a pattern covers, without case; an unknown cr: action that does not read is a write', () => {
    expect(writeActionsCoveredBy('cr:*Repository')).toEqual([
      'cr:PushRepository', 'cr:CreateRepository', 'cr:UpdateRepository', 'cr:DeleteRepository', 'cr:CreateChartRepository',
      'cr:UpdateChartRepository', 'cr:DeleteChartRepository', 'cr:CancelBuildRepository', 'cr:CreateSourceRepository', 'cr:UpdateSourceRepository',
    ]);
    expect(writeActionsCoveredBy('cr:PullRepository')).toEqual([]);
    expect(writeActionsCoveredBy('cr:ListInstance*')).toEqual([]);
    expect(writeActionsCoveredBy('CR:pushrepository')).toEqual(['cr:PushRepository']);
    expect(writeActionsCoveredBy('cr:GetSomethingNew')).toEqual([]);
    expect(writeActionsCoveredBy('cr:PurgeRepository')).toEqual(['cr:PurgeRepository']);
    expect(writeActionsCoveredBy('ecs:DeleteInstance')).toEqual([]);
    expect(writeActionsCoveredBy(CR_PATTERNS.ALL)).toEqual(CR_WRITE_ACTIONS);
  });
});
