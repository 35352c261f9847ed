import { NamespaceAccess } from '../../lib/model/access';
import { normalizeGrant } from '../../lib/model/grant';
import { GranteeKind } from '../../lib/model/principal';
import { isUnresolved, literalFragments } from '../../lib/model/token';

const TOKEN = '${Token[TOKEN.42]}';
const grant = (namespace: string, instanceId = 'cri-123456') => normalizeGrant({
  instanceId, namespace, access: NamespaceAccess.PULL,
  principals: [{ kind: GranteeKind.USER, name: 'alice', identity: 'alice' }],
}, 'Stack/Grant');

describe('tokens', () => {
  test('are recognised in string and list form', () => {
    expect(isUnresolved(`team-${TOKEN}`)).toBe(true);
    expect(isUnresolved('#{Token[TOKEN.7]}')).toBe(true);
    expect(isUnresolved('team-a')).toBe(false);
  });

  test('literalFragments is the text around the tokens', () => {
    expect(literalFragments(`a${TOKEN}b${TOKEN}`)).toEqual(['a', 'b']);
    expect(literalFragments(TOKEN)).toEqual([]);
  });

  test('a whole token passes: ROS checks its value', () => {
    expect(grant(TOKEN).namespace).toBe(TOKEN);
  });

  test('plain text beside a token passes', () => {
    expect(grant(`team-${TOKEN}`).namespace).toBe(`team-${TOKEN}`);
  });

  test.each([
    [`${TOKEN}/*`, '/*'],
    [`${TOKEN}*`, '*'],
    [`a:${TOKEN}`, 'a:'],
    [`${TOKEN} x`, ' x'],
  ])('text that could widen or split an ARN beside a token is refused: %s', (namespace, unsafe) => {
    expect(() => grant(namespace)).toThrow(
      `Stack/Grant: namespace ${JSON.stringify(namespace)} has the text ${JSON.stringify(unsafe)} beside a token`);
  });

  test('the instance id too', () => {
    expect(() => grant('ns', `cri-${TOKEN}/*`)).toThrow(/instanceId .* has the text "\/\*" beside a token/);
  });
});
