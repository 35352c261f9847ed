import { crResourceOf, crResourceSegments, parseArn, parseRepositoryPath } from '../../lib/model/arn';

describe('ARNs', () => {
  test('parseArn: five parts at least, the resource keeps its colons', () => {
    expect(parseArn('acs:cr:cn-hangzhou:123:repository/cri-1/ns')).toEqual(
      { service: 'cr', region: 'cn-hangzhou', accountId: '123', resource: 'repository/cri-1/ns' });
    expect(parseArn('acs:oss:*:*:bucket:a:b')?.resource).toBe('bucket:a:b');
    expect(parseArn('acs:cr:*:*')).toBeUndefined();
    expect(parseArn('arn:cr:*:*:x')).toBeUndefined();
    expect(parseArn('*')).toBeUndefined();
  });

  test('Container Registry resources and their segments', () => {
    expect(crResourceOf('acs:cr:*:*:repository/cri-1/ns')).toBe('repository/cri-1/ns');
    expect(crResourceOf('acs:CR:*:*:instance/cri-1')).toBe('instance/cri-1');
    expect(crResourceOf('acs:ecs:*:*:instance/i-1')).toBeUndefined();
    expect(crResourceOf('*')).toBeUndefined();
    expect(crResourceSegments('repository/cri-1/ns/*')).toEqual({ type: 'repository', segments: ['cri-1', 'ns', '*'] });
    expect(crResourceSegments('chart/cri-1/ns')).toEqual({ type: 'chart', segments: ['cri-1', 'ns'] });
    expect(crResourceSegments('namespace/ns')).toBeUndefined();
    expect(crResourceSegments('*')).toBeUndefined();
    expect(parseRepositoryPath('repository/cri-1/ns/app')).toEqual({ instanceId: 'cri-1', namespace: 'ns', repository: 'app' });
    expect(parseRepositoryPath('repository/cri-1/ns/app/x')).toBeUndefined();
  });
});
