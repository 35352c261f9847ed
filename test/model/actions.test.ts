import { ACCESS_LEVELS, LEVEL_STATEMENTS } from '../../lib/model/access';
import { CR, CR_PATTERNS, CR_WRITE_ACTIONS, writeActionsCoveredBy } from '../../lib/model/actions';

describe('the action catalogue', () => {
  test('names single actions as service:Action, each once', () => {
    const single = [...Object.values(CR), ...CR_WRITE_ACTIONS];
    expect(single.every((a) => /^cr:[A-Z][A-Za-z]+$/.test(a))).toBe(true);
    expect(new Set(Object.values(CR)).size).toBe(Object.values(CR).length);
    expect(new Set(CR_WRITE_ACTIONS).size).toBe(CR_WRITE_ACTIONS.length);
  });

  test('access levels grant only actions and patterns of the catalogue', () => {
    const known = new Set<string>([...Object.values(CR), CR_PATTERNS.ALL, CR_PATTERNS.LIST, ...CR_PATTERNS.CONSOLE_INSTANCES]);
    const used = ACCESS_LEVELS.flatMap((level) => LEVEL_STATEMENTS[level].flatMap((s) => s.actions));
    expect(used.filter((a) => !known.has(a))).toEqual([]);
  });

  test('writeActionsCoveredBy: the write actions a pattern covers, without case', () => {
    expect(writeActionsCoveredBy('cr:*Repository')).toEqual(['cr:CreateRepository', 'cr:UpdateRepository', 'cr:DeleteRepository', 'cr:PushRepository', 'cr:CancelBuildRepository']);
    expect(writeActionsCoveredBy('cr:PullRepository')).toEqual([]);
    expect(writeActionsCoveredBy('CR:pushrepository')).toEqual(['cr:PushRepository']);
    expect(writeActionsCoveredBy(CR_PATTERNS.ALL)).toEqual(CR_WRITE_ACTIONS);
  });
});
