/**
 * Props mutated after a construct checked them must not reach the template unchecked.
 */
import { NamespaceAccess, NamespaceGrant, RegistryAccess } from '../../lib';
import { newStack, synthTemplate } from '../synth';

const documents = (template: any) => JSON.stringify(Object.values<any>(template.Resources)
  .filter((r) => r.Type === 'ALIYUN::RAM::ManagedPolicy').map((r) => r.Properties));

function outcome(build: (stack: any) => void): string | undefined {
  const stack = newStack();
  try {
    build(stack);
    return documents(synthTemplate(stack));
  } catch {
    return undefined;
  }
}

describe('props mutated after construction', () => {
  test('RegistryAccess: a grant spec object changed after it was added', () => {
    const text = outcome((stack) => {
      const spec: any = { instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, users: ['alice'], regions: ['cn-hangzhou'] };
      new RegistryAccess(stack, 'Access', { grants: [spec] });
      spec.namespace = '*';
      spec.access = NamespaceAccess.FULL;
      spec.users.push('*');
      spec.regions.push('*');
    });
    expect(text === undefined || (text.includes('team-a/*') && !text.includes('"cr:*"') && !text.includes('acs:cr:*:'))).toBe(true);
  });

  test('NamespaceGrant: arrays changed after construction', () => {
    const text = outcome((stack) => {
      const users = ['alice'];
      const regions = ['cn-hangzhou'];
      const sourceIps = ['203.0.113.0/24'];
      new NamespaceGrant(stack, 'Grant', { instanceId: 'cri-123456', namespace: 'team-a', access: NamespaceAccess.PULL, users, regions, sourceIps });
      regions.push('*');
      sourceIps.splice(0, 1, '0.0.0.0/0');
    });
    expect(text === undefined || (!text.includes('acs:cr:*:') && !text.includes('0.0.0.0/0'))).toBe(true);
  });
});
