import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parseGrantsFile } from '../../lib/config/grants-file';
import { GRANT_FIELDS, renderGrantsSchema } from '../../lib/config/grants-schema';
import { INVARIANT_FIELD_RULES } from '../../lib/model/invariant';
import { ACCESS_LEVELS } from '../../lib/model/access';
import { GrantValidationError } from '../../lib/model/errors';
import { FieldRule, FIELD_RULES } from '../../lib/model/field-rules';
import { CHECK_RULES, CHECKER_SUPPRESSION_ID } from '../../lib/check/registry';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_PATH = path.join(ROOT, 'schema', 'grants.schema.json');
const SCHEMA = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));

type Json = any;

/**
 * The subset of JSON Schema the grants schema uses. Any other keyword fails the test, so
 * the schema cannot say something this checker (and so the comparison below) ignores.
 */
const KEYWORDS = new Set(['$schema', '$defs', '$ref', 'title', 'description', 'type', 'required', 'properties',
  'additionalProperties', 'items', 'minItems', 'uniqueItems', 'enum', 'const', 'pattern', 'anyOf']);

function valid(schema: Json, value: Json, root: Json = schema): boolean {
  for (const keyword of Object.keys(schema)) {
    if (!KEYWORDS.has(keyword)) throw new Error(`the checker does not know "${keyword}"`);
  }
  if (schema.$ref) return valid(root.$defs[schema.$ref.replace('#/$defs/', '')], value, root);
  if (schema.type && !hasType(schema.type, value)) return false;
  if ('const' in schema && value !== schema.const) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) return false;
    if (schema.items && !value.every((v) => valid(schema.items, v, root))) return false;
  }
  if (isObject(value)) {
    if (schema.required && !schema.required.every((k: string) => k in value)) return false;
    for (const [key, v] of Object.entries(value)) {
      const property = schema.properties?.[key];
      if (property ? !valid(property, v, root) : schema.additionalProperties === false) return false;
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s: Json) => valid(s, value, root))) return false;
  return true;
}

function hasType(type: string, value: Json): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value);
    default: throw new Error(`the checker does not know type "${type}"`);
  }
}

function isObject(value: Json): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object schema, with its place in the schema, for the structural checks. */
function objectSchemas(schema: Json, at = '#'): [string, Json][] {
  if (!isObject(schema)) return [];
  const own: [string, Json][] = schema.type === 'object' ? [[at, schema]] : [];
  return own.concat(...Object.entries(schema).map(([k, v]) => objectSchemas(v, `${at}/${k}`)));
}

describe('schema/grants.schema.json', () => {
  test('is generated from the loader\'s field table', () => {
    const regenerate = 'npx ts-node -e "process.stdout.write(require(\'./lib/config/grants-schema\').renderGrantsSchema())" '
      + '> schema/grants.schema.json';
    expect({ upToDate: fs.readFileSync(SCHEMA_PATH, 'utf8') === renderGrantsSchema(), regenerate })
      .toEqual({ upToDate: true, regenerate });
  });

  test('every pattern is the FIELD_RULES pattern of its field', () => {
    const grant = SCHEMA.$defs.grant.properties;
    const expected: [Json, FieldRule][] = [
      [SCHEMA.properties.policyNamePrefix, FIELD_RULES.policyName],
      [grant.instanceId, FIELD_RULES.instanceId],
      [grant.namespace, FIELD_RULES.namespace],
      [grant.users.items, FIELD_RULES.userName],
      [grant.groups.items, FIELD_RULES.groupName],
      [grant.roles.items, FIELD_RULES.roleName],
      [grant.regions.items, FIELD_RULES.region],
      [grant.accountId, FIELD_RULES.accountId],
      [grant.systemPolicies.items, FIELD_RULES.systemPolicy],
      [grant.highRiskReason, FIELD_RULES.highRiskReason],
      [grant.resourceGroupId, FIELD_RULES.resourceGroupId],
      [grant.suppressions.items.properties.id, CHECKER_SUPPRESSION_ID],
      [grant.suppressions.items.properties.reason, FIELD_RULES.suppressionReason],
      [SCHEMA.$defs.invariant.properties.never.items, INVARIANT_FIELD_RULES.never],
      [SCHEMA.$defs.invariant.properties.on, INVARIANT_FIELD_RULES.on],
      [SCHEMA.$defs.invariant.properties.except.items, INVARIANT_FIELD_RULES.except],
      [SCHEMA.$defs.invariant.properties.regions.items, FIELD_RULES.region],
      [SCHEMA.$defs.invariant.properties.accountId, FIELD_RULES.accountId],
      [grant.sourceIps.items, FIELD_RULES.sourceIp],
      [grant.sourceVpcs.items, FIELD_RULES.sourceVpc],
    ];
    for (const [schema, rule] of expected) expect(schema.pattern).toBe(rule.pattern.source);
    // No pattern in the schema is left out of the list above.
    expect(JSON.stringify(SCHEMA).match(/"pattern":/g)).toHaveLength(expected.length);
  });

  test('a suppression id names one of the checker\'s rules that are not Errors, alone or with a finding', () => {
    const id = new RegExp(SCHEMA.$defs.grant.properties.suppressions.items.properties.id.pattern, 'u');
    for (const rule of CHECK_RULES) {
      const accepted = rule.findingClass !== 'Error';
      expect([rule.id, id.test(rule.id), id.test(`${rule.id}[cr:*]`)]).toEqual([rule.id, accepted, accepted]);
      // The narrowed pattern never accepts what the model's own format refuses.
      if (accepted) expect(FIELD_RULES.suppressionId.pattern.test(`${rule.id}[cr:*]`)).toBe(true);
    }
    expect(id.test('CRG-S999')).toBe(false);
  });

  test('access levels are the model\'s', () => {
    expect(SCHEMA.$defs.grant.properties.access.enum).toEqual([...ACCESS_LEVELS]);
  });

  test('every object refuses unknown keys', () => {
    const objects = objectSchemas(SCHEMA);
    expect(objects.map(([at]) => at)).toEqual(['#', '#/$defs/invariant', '#/$defs/grant', '#/$defs/grant/properties/suppressions/items']);
    for (const [, schema] of objects) expect(schema.additionalProperties).toBe(false);
  });

  test('a grant\'s keys are GrantSpec\'s fields except grantees', () => {
    const source = ts.createSourceFile('grant-spec.ts',
      fs.readFileSync(path.join(ROOT, 'lib', 'constructs', 'grant-spec.ts'), 'utf8'), ts.ScriptTarget.ES2020);
    const spec = source.statements.find((s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === 'GrantSpec')!;
    const fields = spec.members.map((m) => (m.name as ts.Identifier).text).filter((name) => name !== 'grantees');
    expect(Object.keys(SCHEMA.$defs.grant.properties).sort()).toEqual(fields.sort());
    expect(Object.keys(GRANT_FIELDS).sort()).toEqual(fields.sort());
  });
});

const GRANT = { instanceId: 'cri-123456', namespace: 'team-a', access: 'PULL', users: ['alice'] };
const file = (...grants: Json[]) => ({ version: 1, grants });
const grant = (change: Json) => file({ ...GRANT, ...change });
const without = (key: string) => file(Object.fromEntries(Object.entries(GRANT).filter(([k]) => k !== key)));

/** Documents as data; each is written as JSON (which is YAML) for the loader. */
const DOCUMENTS: [string, Json][] = [
  ['minimal', file(GRANT)],
  ['every field', {
    $schema: '../schema/grants.schema.json',
    version: 1,
    policyNamePrefix: 'cr-team-a',
    grants: [{
      ...GRANT, groups: ['team-a-devs'], roles: ['ci-deployer'], regions: ['cn-hangzhou'], accountId: '1234567890123456',
      consoleAccess: false, systemPolicies: ['AliyunContainerRegistryReadOnlyAccess', 'AliyunRAMFullAccess'],
      highRiskReason: 'Identity team rotates RAM users for auditors', resourceGroupId: 'rg-acfmzabc123',
      suppressions: [{ id: 'CRG-I002', reason: 'Kept for the grant this one replaces next week' }],
    }],
  }],
  ['only roles', grant({ users: undefined, roles: ['ci'] })],
  ['an empty list beside a full one', grant({ groups: [] })],
  ['two grants', file(GRANT, { ...GRANT, access: 'FULL' })],
  ['not an object', [GRANT]],
  ['no version', { grants: [GRANT] }],
  ['version 2', { version: 2, grants: [GRANT] }],
  ['version as text', { version: '1', grants: [GRANT] }],
  ['no grants', { version: 1 }],
  ['empty grants', file()],
  ['grants as an object', { version: 1, grants: GRANT }],
  ['an unknown top-level key', { ...file(GRANT), owner: 'platform' }],
  ['a bad prefix', { ...file(GRANT), policyNamePrefix: 'cr_grants' }],
  ['an unknown grant key', grant({ acess: 'PULL' })],
  ['grantees', grant({ grantees: ['alice'] })],
  ['no instance id', without('instanceId')],
  ['no namespace', without('namespace')],
  ['no access', without('access')],
  ['no grantee', without('users')],
  ['only empty grantee lists', grant({ users: [], groups: [] })],
  ['a bad instance id', grant({ instanceId: 'cri-*' })],
  ['a personal-edition namespace in the instance slot', grant({ instanceId: 'team-a' })],
  ['a wildcard namespace', grant({ namespace: 'team-*' })],
  ['a namespace with a slash', grant({ namespace: 'team/a' })],
  ['a one-letter namespace', grant({ namespace: 'a' })],
  ['a lowercase access level', grant({ access: 'pull' })],
  ['an unknown access level', grant({ access: 'READ' })],
  ['a user as text', grant({ users: 'alice' })],
  ['a bad user name', grant({ users: ['bob smith'] })],
  ['a user twice', grant({ users: ['alice', 'alice'] })],
  ['a group with a dot', grant({ groups: ['team.a'] })],
  ['a role with an underscore', grant({ roles: ['ci_deployer'] })],
  ['empty regions', grant({ regions: [] })],
  ['a wildcard region', grant({ regions: ['*'] })],
  ['an account id as a number', grant({ accountId: 1234567890123456 })],
  ['an account id with letters', grant({ accountId: '12ab' })],
  ['console access as text', grant({ consoleAccess: 'yes' })],
  ['console access true', grant({ consoleAccess: true })],
  ['a bad system policy', grant({ systemPolicies: ['Aliyun*'] })],
  ['a short reason', grant({ highRiskReason: 'because' })],
  ['a bad resource group', grant({ resourceGroupId: 'acfmzabc123' })],
  ['a number as a namespace', grant({ namespace: 42 })],
  ['null for a list', grant({ regions: null })],
  ['a suppression', grant({ access: 'FULL', suppressions: [{ id: 'CRG-S001', reason: 'Owners manage it outright' }] })],
  ['a suppression of one finding', grant({ suppressions: [{ reason: 'Owners manage it outright', id: 'CRG-S001[cr:*]' }] })],
  ['no suppressions', grant({ suppressions: [] })],
  ['a reason with inner spaces only', grant({ suppressions: [{ id: 'CRG-S001', reason: 'a        b' }] })],
  ['a suppression of an Error', grant({ suppressions: [{ id: 'CRG-E015', reason: 'Owners manage it outright' }] })],
  ['a suppression of an unknown rule', grant({ suppressions: [{ id: 'CRG-S999', reason: 'Owners manage it outright' }] })],
  ['a lowercase suppression id', grant({ suppressions: [{ id: 'crg-s001', reason: 'Owners manage it outright' }] })],
  ['a short suppression reason', grant({ suppressions: [{ id: 'CRG-S001', reason: 'because' }] })],
  ['a short reason padded with spaces', grant({ suppressions: [{ id: 'CRG-S001', reason: '   because   ' }] })],
  ['a suppression without a reason', grant({ suppressions: [{ id: 'CRG-S001' }] })],
  ['a suppression with an unknown key', grant({ suppressions: [{ id: 'CRG-S001', reason: 'Owners manage it outright', by: 'carol' }] })],
  ['a suppression as text', grant({ suppressions: ['CRG-S001'] })],
  ['suppressions as one object', grant({ suppressions: { id: 'CRG-S001', reason: 'Owners manage it outright' } })],
  ['a reason as a number', grant({ suppressions: [{ id: 'CRG-S001', reason: 1234567890123 }] })],
];

describe('the schema and the loader agree', () => {
  test.each(DOCUMENTS)('%s', (_name, document) => {
    const text = JSON.stringify(document);
    let loader: boolean;
    try {
      parseGrantsFile(text, 'grants.json');
      loader = true;
    } catch (e) {
      if (!(e instanceof GrantValidationError)) throw e;
      loader = false;
    }
    expect(valid(SCHEMA, JSON.parse(text))).toBe(loader);
  });

  test('both accept and refuse: the set is not one-sided', () => {
    const verdicts = DOCUMENTS.map(([, d]) => valid(SCHEMA, JSON.parse(JSON.stringify(d))));
    expect(verdicts.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThanOrEqual(30);
  });

  test.each(['grants.yaml', 'grants-v2.yaml', 'grants.json'])('examples/%s is valid under the schema', (name) => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
    expect(valid(SCHEMA, require('yaml').parse(text))).toBe(true);
  });
});
