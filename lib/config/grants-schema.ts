/**
 * The grants file's fields, as one table. The loader checks files against it and
 * `schema/grants.schema.json` is generated from it, so the published schema and the loader
 * cannot drift apart; both take their patterns from `FIELD_RULES`, like the constructs do.
 */
import { ACCESS_LEVELS } from '../model/access';
import { MAX_CONDITION_VALUES } from '../model/conditions';
import { FieldRule, FIELD_RULES } from '../model/field-rules';
import { INVARIANT_FIELD_RULES, InvariantInput } from '../model/invariant';
import { GRANTEE_KINDS, GRANTEE_LIST_FIELD } from '../model/principal';
import { Suppression } from '../model/suppressions';
import { CHECKER_SUPPRESSION_ID } from '../check/registry';

/** The shape a field's value must have. */
export type FieldShape =
  | { readonly type: 'text'; readonly rule?: FieldRule }
  | { readonly type: 'names'; readonly rule: FieldRule; readonly minItems?: number; readonly maxItems?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'access' }
  | { readonly type: 'version' }
  | { readonly type: 'grants' }
  | { readonly type: 'invariants' }
  /** A list of mappings, each with the given keys and no others. */
  | { readonly type: 'records'; readonly fields: { readonly [name: string]: FileField } };

export interface FileField {
  readonly shape: FieldShape;
  readonly required?: boolean;
  readonly description: string;
  /** What leaving the key out means, for hints. */
  readonly whenOmitted?: string;
}

/** The format version this library reads. */
export const GRANTS_FILE_VERSION = 1;

/** Top-level keys, in the order the README and the example use. */
export const FILE_FIELDS: { readonly [name: string]: FileField } = {
  $schema: {
    shape: { type: 'text' },
    description: 'Where editors find this schema (JSON files); the loader ignores it.',
  },
  version: {
    shape: { type: 'version' },
    required: true,
    description: `The file format version: ${GRANTS_FILE_VERSION}.`,
  },
  policyNamePrefix: {
    shape: { type: 'text', rule: FIELD_RULES.policyName },
    description: 'Prefix of the generated RAM policy names.',
  },
  grants: {
    shape: { type: 'grants' },
    required: true,
    description: 'The namespace grants; at least one.',
  },
  invariants: {
    shape: { type: 'invariants' },
    description: 'What must never be allowed, whatever the grants say: synthesis fails when the plan breaks one.',
  },
};

/** The keys of one invariant. */
export const INVARIANT_FIELDS: { readonly [name in keyof InvariantInput]-?: FileField } = {
  never: {
    shape: { type: 'names', rule: INVARIANT_FIELD_RULES.never, minItems: 1 },
    required: true,
    description: 'Container Registry action patterns no principal but the exempt ones may be allowed; each must match a known action.',
  },
  on: {
    shape: { type: 'text', rule: INVARIANT_FIELD_RULES.on },
    required: true,
    description: 'The namespace they are forbidden on, with its repositories; `<instanceId>/*` for every namespace of the instance.',
  },
  except: {
    shape: { type: 'names', rule: INVARIANT_FIELD_RULES.except },
    description: 'Principals the invariant exempts; members of an exempt group are exempt for what they hold through it.',
  },
  regions: {
    shape: { type: 'names', rule: FIELD_RULES.region, minItems: 1 },
    description: 'Region ids the invariant is limited to.',
    whenOmitted: 'every region',
  },
  accountId: {
    shape: { type: 'text', rule: FIELD_RULES.accountId },
    description: 'The account the invariant is limited to, in quotes.',
  },
};

/** Top-level keys of an invariants file (`cr-grants check --invariants FILE`). */
export const INVARIANTS_FILE_FIELDS: { readonly [name: string]: FileField } = {
  $schema: FILE_FIELDS.$schema,
  version: { ...FILE_FIELDS.version, required: false },
  invariants: { ...FILE_FIELDS.invariants, required: true, description: 'What must never be allowed; at least one.' },
};

/** The keys of one entry of a grant's `suppressions`. */
export const SUPPRESSION_FIELDS: { readonly [name in keyof Suppression]: FileField } = {
  id: {
    shape: { type: 'text', rule: CHECKER_SUPPRESSION_ID },
    required: true,
    description: 'The finding to accept, as `cr-grants check` reports it.',
  },
  reason: {
    shape: { type: 'text', rule: FIELD_RULES.suppressionReason },
    required: true,
    description: 'Kept in the template, where reviewers read it.',
  },
};

/**
 * A grant's keys in a file: every `GrantSpec` field except `grantees`, which are objects
 * (test/config/grants-schema.test.ts holds the two lists together).
 */
export type FileGrantKey =
  | 'instanceId' | 'namespace' | 'access' | 'users' | 'groups' | 'roles' | 'regions' | 'accountId'
  | 'consoleAccess' | 'systemPolicies' | 'highRiskReason' | 'resourceGroupId' | 'suppressions'
  | 'sourceIps' | 'sourceVpcs' | 'secureTransport' | 'mfa';

// Keyed by FileGrantKey so the compiler refuses a field missing here.
export const GRANT_FIELDS: { readonly [name in FileGrantKey]: FileField } = {
  instanceId: {
    shape: { type: 'text', rule: FIELD_RULES.instanceId },
    required: true,
    description: 'The Container Registry Enterprise Edition instance id.',
  },
  namespace: {
    shape: { type: 'text', rule: FIELD_RULES.namespace },
    required: true,
    description: 'The namespace in that instance.',
  },
  access: {
    shape: { type: 'access' },
    required: true,
    description: 'What the grantees may do in the namespace.',
  },
  users: {
    shape: { type: 'names', rule: FIELD_RULES.userName },
    description: 'RAM user names.',
  },
  groups: {
    shape: { type: 'names', rule: FIELD_RULES.groupName },
    description: 'RAM group names.',
  },
  roles: {
    shape: { type: 'names', rule: FIELD_RULES.roleName },
    description: 'RAM role names.',
  },
  regions: {
    shape: { type: 'names', rule: FIELD_RULES.region, minItems: 1 },
    description: 'Region ids the grant is limited to.',
    whenOmitted: 'every region',
  },
  accountId: {
    shape: { type: 'text', rule: FIELD_RULES.accountId },
    description: 'The account that owns the instance, in quotes.',
  },
  consoleAccess: {
    shape: { type: 'boolean' },
    description: 'Add the console\'s listing statements; default true.',
  },
  systemPolicies: {
    shape: { type: 'names', rule: FIELD_RULES.systemPolicy },
    description: 'System policies attached beside the custom policy.',
  },
  highRiskReason: {
    shape: { type: 'text', rule: FIELD_RULES.highRiskReason },
    description: 'Why a high-risk system policy is needed; kept in the template\'s Metadata.',
  },
  resourceGroupId: {
    shape: { type: 'text', rule: FIELD_RULES.resourceGroupId },
    description: 'Attach within this resource group instead of the whole account.',
  },
  suppressions: {
    shape: { type: 'records', fields: SUPPRESSION_FIELDS },
    description: 'Accepted policy checker findings for the policy that carries this grant; kept in the template\'s Metadata.',
  },
  sourceIps: {
    shape: { type: 'names', rule: FIELD_RULES.sourceIp, minItems: 1, maxItems: MAX_CONDITION_VALUES },
    description: 'Allow only requests from these public addresses or CIDR blocks (acs:SourceIp); not with sourceVpcs.',
    whenOmitted: 'requests from any address',
  },
  sourceVpcs: {
    shape: { type: 'names', rule: FIELD_RULES.sourceVpc, minItems: 1, maxItems: MAX_CONDITION_VALUES },
    description: 'Allow only requests from these VPCs (acs:SourceVpc); not with sourceIps.',
    whenOmitted: 'requests from any network',
  },
  secureTransport: {
    shape: { type: 'boolean' },
    description: 'true: allow only requests over HTTPS (acs:SecureTransport); default false.',
  },
  mfa: {
    shape: { type: 'boolean' },
    description: 'true: allow only requests from a multi-factor sign-in (acs:MFAPresent); default false.',
  },
};

/** The keys that name grantees; a grant needs at least one non-empty list among them. */
export const GRANTEE_FIELDS: readonly FileGrantKey[] = GRANTEE_KINDS.map((kind) => GRANTEE_LIST_FIELD[kind]);

/** The JSON Schema (draft 2020-12) of a grants file. */
export function grantsFileSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'ros-cdk-cr-grants grants file',
    description: 'Container Registry Enterprise Edition namespace grants, rendered as RAM policies.',
    type: 'object',
    ...objectSchema(FILE_FIELDS),
    $defs: {
      invariant: {
        description: 'What no principal but the exempt ones may ever be allowed on a namespace.',
        type: 'object',
        ...objectSchema(INVARIANT_FIELDS),
      },
      grant: {
        description: 'Who may do what on one namespace.',
        type: 'object',
        ...objectSchema(GRANT_FIELDS),
        // A grantee list only counts when it is not empty, as the loader and the model require.
        anyOf: GRANTEE_FIELDS.map((name) => ({ required: [name], properties: { [name]: { minItems: 1 } } })),
      },
    },
  };
}

/** The exact text of `schema/grants.schema.json`. */
export function renderGrantsSchema(): string {
  return `${JSON.stringify(grantsFileSchema(), null, 2)}\n`;
}

function objectSchema(fields: { readonly [name: string]: FileField }): Record<string, unknown> {
  const names = Object.keys(fields);
  return {
    required: names.filter((name) => fields[name].required),
    properties: Object.fromEntries(names.map((name) => [name, valueSchema(fields[name])])),
    additionalProperties: false,
  };
}

function valueSchema(field: FileField): Record<string, unknown> {
  const shape = field.shape;
  const rule = 'rule' in shape ? shape.rule : undefined;
  const description = rule
    ? `${field.description} ${shape.type === 'names' ? 'Each value' : 'The value'} ${rule.rule}.`
    : field.description;
  switch (shape.type) {
    case 'text':
      return rule ? { description, type: 'string', pattern: rule.pattern.source } : { description, type: 'string' };
    case 'names':
      return {
        description,
        type: 'array',
        items: { type: 'string', pattern: shape.rule.pattern.source },
        uniqueItems: true,
        ...(shape.minItems ? { minItems: shape.minItems } : {}),
        ...(shape.maxItems ? { maxItems: shape.maxItems } : {}),
      };
    case 'boolean':
      return { description, type: 'boolean' };
    case 'access':
      return { description, type: 'string', enum: [...ACCESS_LEVELS] };
    case 'version':
      return { description, type: 'integer', const: GRANTS_FILE_VERSION };
    case 'grants':
      return { description, type: 'array', minItems: 1, items: { $ref: '#/$defs/grant' } };
    case 'invariants':
      return { description, type: 'array', minItems: 1, items: { $ref: '#/$defs/invariant' } };
    case 'records':
      return { description, type: 'array', items: { type: 'object', ...objectSchema(shape.fields) } };
  }
}
